#if os(Linux)
import SockPOSIX

/// `struct in_pktinfo` (`IP_PKTINFO`): where an IPv4 datagram arrived, or, when sent, which
/// source address and interface to use. Linux-only.
@frozen
public struct PacketInfo4: Sendable, Hashable {
    /// `ipi_ifindex`: the arrival interface (receive) or the outgoing one (send; 0: route lookup).
    public var interfaceIndex: UInt32
    /// `ipi_spec_dst`: the local address (receive: the address the route says is local; send:
    /// the source address to use).
    public var localAddress: IPv4Address
    /// `ipi_addr`: the datagram's destination address as it appeared in the IP header
    /// (receive only; ignored on send).
    public var destination: IPv4Address

    /// Creates a value; for a send, set `interfaceIndex` and/or `localAddress`.
    @inlinable
    public init(interfaceIndex: UInt32 = 0, localAddress: IPv4Address = .any, destination: IPv4Address = .any) {
        self.interfaceIndex = interfaceIndex
        self.localAddress = localAddress
        self.destination = destination
    }

    /// Decodes an `in_pktinfo` at the start of `bytes`; nil when it is shorter than the struct.
    @inlinable
    public init?(decoding bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= LinuxABI.sizeof_in_pktinfo,
            let index = bytes.field(at: LinuxABI.offsetof_in_pktinfo_ipi_ifindex, as: CInt.self),
            let local = bytes.field(at: LinuxABI.offsetof_in_pktinfo_ipi_spec_dst, as: UInt32.self),
            let destination = bytes.field(at: LinuxABI.offsetof_in_pktinfo_ipi_addr, as: UInt32.self)
        else { return nil }
        self.init(
            interfaceIndex: UInt32(bitPattern: index),
            localAddress: IPv4Address(networkOrder: local),
            destination: IPv4Address(networkOrder: destination)
        )
    }

    /// Writes the `in_pktinfo` into `bytes` (at least `sizeof(in_pktinfo)`, 12 bytes).
    @inlinable
    func encode(into bytes: UnsafeMutableRawBufferPointer) {
        bytes.storeBytes(
            of: CInt(bitPattern: interfaceIndex),
            toByteOffset: LinuxABI.offsetof_in_pktinfo_ipi_ifindex,
            as: CInt.self
        )
        bytes.storeBytes(
            of: localAddress.networkOrder,
            toByteOffset: LinuxABI.offsetof_in_pktinfo_ipi_spec_dst,
            as: UInt32.self
        )
        bytes.storeBytes(
            of: destination.networkOrder,
            toByteOffset: LinuxABI.offsetof_in_pktinfo_ipi_addr,
            as: UInt32.self
        )
    }
}

/// `struct in6_pktinfo` (`IPV6_PKTINFO`): where an IPv6 datagram arrived, or, when sent, which
/// source address and interface to use. Linux-only.
@frozen
public struct PacketInfo6: Sendable, Hashable {
    /// `ipi6_addr`: the destination address (receive) or the source address to use (send; `::`
    /// lets the kernel choose).
    public var address: IPv6Address
    /// `ipi6_ifindex`: the arrival interface (receive) or the outgoing one (send; 0: any).
    public var interfaceIndex: UInt32

    /// Creates a value.
    @inlinable
    public init(address: IPv6Address = .any, interfaceIndex: UInt32 = 0) {
        self.address = address
        self.interfaceIndex = interfaceIndex
    }

    /// Decodes an `in6_pktinfo` at the start of `bytes`; nil when it is shorter than the struct.
    @inlinable
    public init?(decoding bytes: UnsafeRawBufferPointer) {
        let addressOffset = LinuxABI.offsetof_in6_pktinfo_ipi6_addr
        guard bytes.count >= LinuxABI.sizeof_in6_pktinfo,
            let address = IPv6Address(
                bytes: UnsafeRawBufferPointer(rebasing: bytes[addressOffset..<(addressOffset + 16)])
            ),
            let index = bytes.field(at: LinuxABI.offsetof_in6_pktinfo_ipi6_ifindex, as: CInt.self)
        else { return nil }
        self.init(address: address, interfaceIndex: UInt32(bitPattern: index))
    }

    /// Writes the `in6_pktinfo` into `bytes` (at least `sizeof(in6_pktinfo)`, 20 bytes).
    @inlinable
    func encode(into bytes: UnsafeMutableRawBufferPointer) {
        let addressOffset = LinuxABI.offsetof_in6_pktinfo_ipi6_addr
        address.withUnsafeBytes { raw in
            UnsafeMutableRawBufferPointer(rebasing: bytes[addressOffset..<(addressOffset + 16)]).copyMemory(from: raw)
        }
        bytes.storeBytes(
            of: CInt(bitPattern: interfaceIndex),
            toByteOffset: LinuxABI.offsetof_in6_pktinfo_ipi6_ifindex,
            as: CInt.self
        )
    }
}

/// A receive timestamp from `SO_TIMESTAMPNS` (`SCM_TIMESTAMPNS`, a `struct timespec` of the
/// realtime clock). Linux-only.
@frozen
public struct SocketTimestamp: Sendable, Hashable, Comparable {
    /// Seconds since the Unix epoch.
    public var seconds: Int64
    /// Nanoseconds, 0..<1_000_000_000.
    public var nanoseconds: Int64

    /// Creates a timestamp.
    @inlinable
    public init(seconds: Int64, nanoseconds: Int64) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// The time since the Unix epoch.
    @inlinable
    public var sinceEpoch: Duration { .seconds(seconds) + .nanoseconds(nanoseconds) }

    /// Orders by time.
    @inlinable
    public static func < (a: SocketTimestamp, b: SocketTimestamp) -> Bool {
        (a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds)
    }
}
#endif
