#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// An error from the socket's error queue: `struct sock_extended_err` and the offender address
/// that follows it (`SO_EE_OFFENDER`), from an `IP_RECVERR` / `IPV6_RECVERR` control message.
/// Linux-only.
///
/// Read it with `receiveError(into:control:)` after ``IPSocket/setReceiveErrors(_:)``.
@frozen
public struct ExtendedError: Sendable, Hashable {
    /// `ee_errno`: the error, e.g. ECONNREFUSED for an ICMP port unreachable.
    public var errno: CInt
    /// `ee_origin`: where the error came from.
    public var origin: Origin
    /// `ee_type`: the ICMP type (for ICMP origins).
    public var type: UInt8
    /// `ee_code`: the ICMP code (for ICMP origins).
    public var code: UInt8
    /// `ee_info`: e.g. the MTU for EMSGSIZE; for `.zeroCopy`, the first completed send's counter.
    public var info: UInt32
    /// `ee_data`: e.g. for `.zeroCopy`, the last completed send's counter.
    public var data: UInt32
    /// The node that reported the error (`SO_EE_OFFENDER`), e.g. the router or host that sent the
    /// ICMP message; nil when the kernel gave none (`AF_UNSPEC`, e.g. for local errors).
    public var offender: SocketAddress?

    /// `ee_origin` values (`SO_EE_ORIGIN_*`).
    @frozen
    public struct Origin: RawRepresentable, Hashable, Sendable {
        /// The kernel's value.
        public var rawValue: UInt8
        /// Wraps a kernel value.
        @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// `SO_EE_ORIGIN_NONE`.
        public static let none = Origin(rawValue: UInt8(LinuxABI.SO_EE_ORIGIN_NONE))
        /// `SO_EE_ORIGIN_LOCAL`: raised by this host (e.g. EMSGSIZE with the path MTU).
        public static let local = Origin(rawValue: UInt8(LinuxABI.SO_EE_ORIGIN_LOCAL))
        /// `SO_EE_ORIGIN_ICMP`: an ICMPv4 error.
        public static let icmp = Origin(rawValue: UInt8(LinuxABI.SO_EE_ORIGIN_ICMP))
        /// `SO_EE_ORIGIN_ICMP6`: an ICMPv6 error.
        public static let icmp6 = Origin(rawValue: UInt8(LinuxABI.SO_EE_ORIGIN_ICMP6))
        /// `SO_EE_ORIGIN_TIMESTAMPING`: a transmit timestamp.
        public static let timestamping = Origin(rawValue: UInt8(LinuxABI.SO_EE_ORIGIN_TIMESTAMPING))
        /// `SO_EE_ORIGIN_ZEROCOPY`: `MSG_ZEROCOPY` sends completed (``info``...``data``).
        public static let zeroCopy = Origin(rawValue: UInt8(LinuxABI.SO_EE_ORIGIN_ZEROCOPY))
        /// `SO_EE_ORIGIN_TXTIME`: an `SO_TXTIME` packet was dropped.
        public static let txTime = Origin(rawValue: UInt8(LinuxABI.SO_EE_ORIGIN_TXTIME))
    }

    /// Creates a value.
    @inlinable
    public init(
        errno: CInt,
        origin: Origin,
        type: UInt8,
        code: UInt8,
        info: UInt32 = 0,
        data: UInt32 = 0,
        offender: SocketAddress? = nil
    ) {
        self.errno = errno
        self.origin = origin
        self.type = type
        self.code = code
        self.info = info
        self.data = data
        self.offender = offender
    }

    /// Decodes a `sock_extended_err` and its offender address from a control-message payload;
    /// nil when the payload is shorter than `sock_extended_err`. An offender that is truncated or
    /// `AF_UNSPEC` is nil.
    public init?(decoding bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= LinuxABI.sizeof_sock_extended_err,
            let errno = bytes.field(at: LinuxABI.offsetof_sock_extended_err_ee_errno, as: UInt32.self),
            let origin = bytes.field(at: LinuxABI.offsetof_sock_extended_err_ee_origin, as: UInt8.self),
            let type = bytes.field(at: LinuxABI.offsetof_sock_extended_err_ee_type, as: UInt8.self),
            let code = bytes.field(at: LinuxABI.offsetof_sock_extended_err_ee_code, as: UInt8.self),
            let info = bytes.field(at: LinuxABI.offsetof_sock_extended_err_ee_info, as: UInt32.self),
            let data = bytes.field(at: LinuxABI.offsetof_sock_extended_err_ee_data, as: UInt32.self)
        else { return nil }
        self.init(
            errno: CInt(bitPattern: errno),
            origin: Origin(rawValue: origin),
            type: type,
            code: code,
            info: info,
            data: data,
            offender: ExtendedError.offender(
                in: UnsafeRawBufferPointer(rebasing: bytes[LinuxABI.sizeof_sock_extended_err...])
            )
        )
    }

    /// The error as a ``SocketError`` (its code from the one errno mapping), for `operation`.
    @inlinable
    public func socketError(_ operation: SocketOperation = .receiveMessage) -> SocketError {
        SocketError(errno: errno, operation: operation)
    }

    static func offender(in bytes: UnsafeRawBufferPointer) -> SocketAddress? {
        guard let family = bytes.field(at: 0, as: sa_family_t.self), family != sa_family_t(SC.AF_UNSPEC) else {
            return nil
        }
        var storage = sockaddr_storage()
        let count = Swift.min(bytes.count, MemoryLayout<sockaddr_storage>.size)
        withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[..<count])) }
        let length: Int
        switch CInt(family) {
        case SC.AF_INET: length = MemoryLayout<sockaddr_in>.size
        case SC.AF_INET6: length = MemoryLayout<sockaddr_in6>.size
        default: length = count
        }
        guard length <= count else { return nil }
        return try? SocketAddress(storage, length: socklen_t(length))
    }
}
#endif
