#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 address: four bytes stored inline, no heap.
///
/// ```swift
/// let a = IPv4Address(127, 0, 0, 1)
/// let b = try IPv4Address(parsing: "192.0.2.1")
/// ```
///
/// Text parsing and formatting are pure Swift (no `inet_pton`/`inet_ntop`); see
/// `init(parsing:)` and ``format(into:)``.
@frozen
public struct IPv4Address: Sendable, Hashable, Comparable {
    /// The address as an integer in host byte order: `a.b.c.d` is `a << 24 | b << 16 | c << 8 | d`.
    public var hostOrder: UInt32

    /// Creates an address from an integer in host byte order (`0x7F00_0001` is 127.0.0.1).
    @inlinable
    public init(hostOrder: UInt32) {
        self.hostOrder = hostOrder
    }

    /// Creates an address from an integer in network byte order, as stored in `in_addr.s_addr`.
    @inlinable
    public init(networkOrder: UInt32) {
        self.hostOrder = UInt32(bigEndian: networkOrder)
    }

    /// Creates `a.b.c.d`.
    @inlinable
    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        self.hostOrder = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Creates an address from its four bytes in network order (`octets.0` is the first byte).
    @inlinable
    public init(octets: (UInt8, UInt8, UInt8, UInt8)) {
        self.init(octets.0, octets.1, octets.2, octets.3)
    }

    /// Creates an address from a C `in_addr` (whose `s_addr` is in network byte order).
    @inlinable
    public init(_ address: in_addr) {
        self.init(networkOrder: address.s_addr)
    }

    /// The address as an integer in network byte order, as stored in `in_addr.s_addr`.
    @inlinable
    public var networkOrder: UInt32 { hostOrder.bigEndian }

    /// The four bytes in network order (`octets.0` is the first byte).
    @inlinable
    public var octets: (UInt8, UInt8, UInt8, UInt8) {
        (
            UInt8(truncatingIfNeeded: hostOrder >> 24), UInt8(truncatingIfNeeded: hostOrder >> 16),
            UInt8(truncatingIfNeeded: hostOrder >> 8), UInt8(truncatingIfNeeded: hostOrder)
        )
    }

    /// The address as a C `in_addr`.
    @inlinable
    public var inAddr: in_addr { in_addr(s_addr: networkOrder) }

    /// Orders addresses numerically.
    @inlinable
    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool {
        lhs.hostOrder < rhs.hostOrder
    }
}

extension IPv4Address {
    /// 0.0.0.0 (`INADDR_ANY`): bind to every local address.
    @inlinable public static var any: IPv4Address { IPv4Address(hostOrder: 0) }
    /// 127.0.0.1 (`INADDR_LOOPBACK`).
    @inlinable public static var loopback: IPv4Address { IPv4Address(hostOrder: 0x7F00_0001) }
    /// 255.255.255.255 (`INADDR_BROADCAST`), the limited broadcast address.
    @inlinable public static var broadcast: IPv4Address { IPv4Address(hostOrder: 0xFFFF_FFFF) }

    /// True for 0.0.0.0.
    @inlinable public var isUnspecified: Bool { hostOrder == 0 }
    /// True for 127.0.0.0/8.
    @inlinable public var isLoopback: Bool { hostOrder >> 24 == 127 }
    /// True for 224.0.0.0/4.
    @inlinable public var isMulticast: Bool { hostOrder >> 28 == 0xE }
    /// True for 224.0.0.0/24 (link-local multicast, never forwarded).
    @inlinable public var isLinkLocalMulticast: Bool { hostOrder >> 8 == 0xE0_0000 }
    /// True for 255.255.255.255.
    @inlinable public var isBroadcast: Bool { hostOrder == 0xFFFF_FFFF }
    /// True for 169.254.0.0/16 (RFC 3927).
    @inlinable public var isLinkLocal: Bool { hostOrder >> 16 == 0xA9FE }
    /// True for the RFC 1918 private ranges 10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16.
    @inlinable public var isPrivate: Bool {
        hostOrder >> 24 == 10 || hostOrder >> 20 == 0xAC1 || hostOrder >> 16 == 0xC0A8
    }

    /// This address embedded in IPv6 as `::ffff:a.b.c.d` (RFC 4291 §2.5.5.2), the form an IPv4
    /// peer has on a dual-stack IPv6 socket.
    @inlinable public var v4Mapped: IPv6Address { IPv6Address(v4Mapped: self) }
}
