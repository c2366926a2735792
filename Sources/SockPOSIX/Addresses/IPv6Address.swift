#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv6 address: sixteen bytes stored inline, no heap. It carries no zone; endpoints
/// (``TCPAddr``, ``UDPAddr``, ``IPAddr``) hold the zone next to it as an ``IPv6Zone``.
///
/// ```swift
/// let a = IPv6Address(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1)
/// let b = try IPv6Address(parsing: "2001:db8::1")
/// a == b  // true
/// ```
///
/// Text parsing accepts every RFC 4291 §2.2 form; formatting produces the RFC 5952 canonical form.
///
/// The predicates (``isLoopback``, ``isPrivate``, ...) answer for an IPv4-mapped address
/// (`::ffff:a.b.c.d`, ``isV4Mapped``) as for its IPv4 address. Equality is of the 16 bytes: an
/// `IPv6Address` never equals an ``IPv4Address`` (another type); ``IPAddress`` compares across
/// the families. Convert with ``init(v4Mapped:)`` and ``unmappedV4``.
@frozen
public struct IPv6Address: Sendable, Hashable, Comparable {
    /// The first eight bytes as a big-endian integer (`2001:db8::` has `0x2001_0db8_0000_0000`).
    public var highBits: UInt64
    /// The last eight bytes as a big-endian integer (`::1` has `1`).
    public var lowBits: UInt64

    /// Creates an address from its two halves, each read as a big-endian integer.
    @inlinable
    public init(highBits: UInt64, lowBits: UInt64) {
        self.highBits = highBits
        self.lowBits = lowBits
    }

    /// Creates an address from its eight 16-bit groups, as written in text:
    /// `IPv6Address(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1)` is `2001:db8::1`.
    @inlinable
    public init(
        _ g0: UInt16,
        _ g1: UInt16,
        _ g2: UInt16,
        _ g3: UInt16,
        _ g4: UInt16,
        _ g5: UInt16,
        _ g6: UInt16,
        _ g7: UInt16
    ) {
        self.highBits = UInt64(g0) << 48 | UInt64(g1) << 32 | UInt64(g2) << 16 | UInt64(g3)
        self.lowBits = UInt64(g4) << 48 | UInt64(g5) << 32 | UInt64(g6) << 16 | UInt64(g7)
    }

    /// Creates an address from 16 bytes in network order, or returns nil when `bytes` does not
    /// hold exactly 16 bytes.
    @inlinable
    public init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 16 else { return nil }
        self.highBits = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        self.lowBits = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
    }

    /// Creates an address from a C `in6_addr` (16 bytes in network order).
    @inlinable
    public init(_ address: in6_addr) {
        self = Swift.withUnsafeBytes(of: address) { IPv6Address(bytes: $0)! }
    }

    /// The address as a C `in6_addr`.
    @inlinable
    public var in6Addr: in6_addr {
        var address = in6_addr()
        withUnsafeMutableBytes(of: &address) { raw in
            raw.storeBytes(of: highBits.bigEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: lowBits.bigEndian, toByteOffset: 8, as: UInt64.self)
        }
        return address
    }

    /// Calls `body` with the 16 bytes in network order.
    @inlinable
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let bytes = (highBits.bigEndian, lowBits.bigEndian)
        return try Swift.withUnsafeBytes(of: bytes) { raw throws(E) -> R in try body(raw) }
    }

    /// The 16-bit group at `index` (0...7), as written in text.
    @inlinable
    public subscript(group index: Int) -> UInt16 {
        precondition(index >= 0 && index < 8, "IPv6 group index out of range")
        let half = index < 4 ? highBits : lowBits
        return UInt16(truncatingIfNeeded: half >> UInt64(48 - 16 * (index & 3)))
    }

    /// Orders addresses numerically.
    @inlinable
    public static func < (lhs: IPv6Address, rhs: IPv6Address) -> Bool {
        (lhs.highBits, lhs.lowBits) < (rhs.highBits, rhs.lowBits)
    }
}

extension IPv6Address {
    /// `::` (`in6addr_any`): bind to every local address (on Linux also IPv4, unless
    /// `IPV6_V6ONLY` is set).
    @inlinable public static var any: IPv6Address { IPv6Address(highBits: 0, lowBits: 0) }
    /// `::1` (`in6addr_loopback`).
    @inlinable public static var loopback: IPv6Address { IPv6Address(highBits: 0, lowBits: 1) }

    /// Creates the IPv4-mapped address `::ffff:a.b.c.d` (RFC 4291 §2.5.5.2).
    @inlinable
    public init(v4Mapped address: IPv4Address) {
        self.init(highBits: 0, lowBits: 0xFFFF_0000_0000 | UInt64(address.hostOrder))
    }

    /// True for `::ffff:0:0/96`, the IPv4-mapped addresses: how a dual-stack socket shows an IPv4
    /// peer. Only this form is seen through by the predicates below; the IPv4-compatible
    /// (`::a.b.c.d`), SIIT (`::ffff:0:a.b.c.d`) and NAT64 (`64:ff9b::/96`) forms are IPv6.
    @inlinable public var isV4Mapped: Bool { highBits == 0 && lowBits >> 32 == 0xFFFF }
    /// The embedded IPv4 address when this is `::ffff:a.b.c.d`; nil otherwise.
    @inlinable public var unmappedV4: IPv4Address? {
        isV4Mapped ? IPv4Address(hostOrder: UInt32(truncatingIfNeeded: lowBits)) : nil
    }

    // The predicates answer for an IPv4-mapped address as for its IPv4 address (Go's `net.IP`
    // does the same), so `::ffff:127.0.0.1` is loopback: a dual-stack listener's IPv4 peers are
    // classified as they would be on an IPv4 listener.

    /// True for `::` and, as for IPv4, `::ffff:0.0.0.0`.
    @inlinable public var isUnspecified: Bool {
        if let v4 = unmappedV4 { return v4.isUnspecified }
        return highBits == 0 && lowBits == 0
    }
    /// True for `::1` and, as for IPv4, `::ffff:127.0.0.0/104`.
    @inlinable public var isLoopback: Bool {
        if let v4 = unmappedV4 { return v4.isLoopback }
        return highBits == 0 && lowBits == 1
    }
    /// True for `ff00::/8` and, as for IPv4, `::ffff:224.0.0.0/100`.
    @inlinable public var isMulticast: Bool {
        if let v4 = unmappedV4 { return v4.isMulticast }
        return highBits >> 56 == 0xFF
    }
    /// True for `fe80::/10` (link-local unicast: a zone is needed to use it) and, as for IPv4,
    /// `::ffff:169.254.0.0/112`.
    @inlinable public var isLinkLocal: Bool {
        if let v4 = unmappedV4 { return v4.isLinkLocal }
        return highBits >> 54 == 0x3FA
    }
    /// True for `ff02::/16` (link-local multicast) and, as for IPv4, `::ffff:224.0.0.0/120`.
    @inlinable public var isLinkLocalMulticast: Bool {
        if let v4 = unmappedV4 { return v4.isLinkLocalMulticast }
        return highBits >> 48 == 0xFF02
    }
    /// True for `fc00::/7` (unique local addresses, RFC 4193). An IPv4-mapped address is never one;
    /// see ``isPrivate``.
    @inlinable public var isUniqueLocal: Bool { highBits >> 57 == 0x7E }
    /// True for `fc00::/7` (unique local addresses, RFC 4193) and, as for IPv4, the mapped RFC 1918
    /// ranges (`::ffff:10.0.0.0/104`, `::ffff:172.16.0.0/108`, `::ffff:192.168.0.0/112`): Go's
    /// `IP.IsPrivate`.
    @inlinable public var isPrivate: Bool {
        if let v4 = unmappedV4 { return v4.isPrivate }
        return isUniqueLocal
    }
}
