#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv6 socket address in kernel format: a C `sockaddr_in6` stored inline (28 bytes, no heap),
/// with port, flow information and scope id.
///
/// ```swift
/// let a = SockaddrInet6(address: .loopback, port: 8080)
/// let b = SockaddrInet6(address: try IPv6Address(parsing: "fe80::1"), port: 80, scopeID: 2)
/// ```
@frozen
public struct SockaddrInet6: Sockaddr, Hashable, CustomStringConvertible {
    @usableFromInline var storage: sockaddr_in6

    /// Creates the address `[address%scopeID]:port`. Port and flow information are stored in
    /// network byte order, the scope id in host byte order (as the kernel expects); on the BSDs
    /// `sin6_len` is set to 28.
    @inlinable
    public init(address: IPv6Address, port: UInt16, flowInfo: UInt32 = 0, scopeID: UInt32 = 0) {
        storage = sockaddr_in6()
        #if canImport(Darwin) || os(FreeBSD) || os(OpenBSD)
        storage.sin6_len = UInt8(MemoryLayout<sockaddr_in6>.size)
        #endif
        storage.sin6_family = AddressLayout.inet6
        storage.sin6_port = port.bigEndian
        storage.sin6_flowinfo = flowInfo.bigEndian
        storage.sin6_addr = address.in6Addr
        storage.sin6_scope_id = scopeID
    }

    /// Creates `[::ffff:a.b.c.d]:port` from an IPv4 socket address: how an IPv4 peer is addressed
    /// through a dual-stack IPv6 socket.
    @inlinable
    public init(v4Mapped address: SockaddrInet4) {
        self.init(address: IPv6Address(v4Mapped: address.address), port: address.port)
    }

    /// Wraps a C `sockaddr_in6`. Address, port, flow information and scope id are kept; the family
    /// (and `sin6_len` on the BSDs) is set to `AF_INET6` whatever it held.
    @inlinable
    public init(_ raw: sockaddr_in6) {
        self.init(
            address: IPv6Address(raw.sin6_addr),
            port: UInt16(bigEndian: raw.sin6_port),
            flowInfo: UInt32(bigEndian: raw.sin6_flowinfo),
            scopeID: raw.sin6_scope_id
        )
    }

    /// The C `sockaddr_in6`.
    @inlinable public var raw: sockaddr_in6 { storage }

    /// The IPv6 address (`sin6_addr`).
    @inlinable
    public var address: IPv6Address {
        get { IPv6Address(storage.sin6_addr) }
        set { storage.sin6_addr = newValue.in6Addr }
    }

    /// The port in host byte order (`sin6_port` holds it in network byte order).
    @inlinable
    public var port: UInt16 {
        get { UInt16(bigEndian: storage.sin6_port) }
        set { storage.sin6_port = newValue.bigEndian }
    }

    /// The flow information in host byte order (`sin6_flowinfo` holds it in network byte order).
    @inlinable
    public var flowInfo: UInt32 {
        get { UInt32(bigEndian: storage.sin6_flowinfo) }
        set { storage.sin6_flowinfo = newValue.bigEndian }
    }

    /// The scope id (`sin6_scope_id`, an interface index for link-local addresses; 0 for none).
    @inlinable
    public var scopeID: UInt32 {
        get { storage.sin6_scope_id }
        set { storage.sin6_scope_id = newValue }
    }

    /// `AF_INET6`.
    @inlinable public var family: sa_family_t { AddressLayout.inet6 }

    /// Calls `body` with a pointer to the `sockaddr_in6` and its length, 28.
    @inlinable
    public func withUnsafeSockaddr<R, E: Error>(
        _ body: (UnsafePointer<sockaddr>, socklen_t) throws(E) -> R
    ) throws(E) -> R {
        try withSockaddrPointer(to: storage, length: AddressLayout.inet6Length, body)
    }

    /// Equal when address, port, flow information and scope id are equal.
    @inlinable
    public static func == (lhs: SockaddrInet6, rhs: SockaddrInet6) -> Bool {
        lhs.address == rhs.address && lhs.port == rhs.port && lhs.flowInfo == rhs.flowInfo
            && lhs.scopeID == rhs.scopeID
    }

    /// Hashes address, port, flow information and scope id.
    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(address)
        hasher.combine(port)
        hasher.combine(flowInfo)
        hasher.combine(scopeID)
    }

    /// `[address]:port`, or `[address%scopeID]:port` when the scope id is not 0.
    public var description: String {
        makeString(capacity: EndpointText.maxLength) { write(to: &$0) }
    }

    /// Writes the ``description`` text into `buffer` without allocating; returns the number of
    /// bytes written.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.bufferTooSmall`.
    public func format(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int {
        try formatText(into: buffer) { write(to: &$0) }
    }

    func write(to writer: inout TextWriter) {
        EndpointText.write(.v6(address), zone: scopeID == 0 ? nil : .scopeID(scopeID), port: port, to: &writer)
    }
}
