#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address, stored inline (no heap).
///
/// ```swift
/// let a = try IPAddress(parsing: "192.0.2.1")    // .v4
/// let b = try IPAddress(parsing: "2001:db8::1")  // .v6
/// ```
///
/// An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`), the form an IPv4 peer has on a dual-stack
/// IPv6 socket, is treated as its IPv4 address, as Go's `net.IP` does: it is `==` to the `.v4`
/// address and hashes the same (so one `Set` or `Dictionary` key covers both forms), and every
/// predicate (``isLoopback``, ``isPrivate``, ...) answers as for IPv4. An IPv4 deny-list therefore
/// also denies the mapped peer:
///
/// ```swift
/// let denied: Set<IPAddress> = [.v4(.loopback)]
/// let peer = try IPAddress(parsing: "::ffff:127.0.0.1")  // an IPv4 client of [::]:port
/// denied.contains(peer)  // true
/// peer.isLoopback        // true
/// ```
///
/// The value itself is kept: ``description`` still prints `::ffff:127.0.0.1` and ``family`` is
/// `AF_INET6`. Where the form matters, switch on the case or ask ``isV4Mapped``; ``unmapped``
/// gives the `.v4` form and ``ipv6Form`` the mapped one.
@frozen
public enum IPAddress: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible {
    /// An IPv4 address.
    case v4(IPv4Address)
    /// An IPv6 address.
    case v6(IPv6Address)

    /// Parses an IPv4 dotted quad or an IPv6 address (text with a `:` is IPv6), or returns nil.
    /// See ``IPv4Address/init(_:)`` and ``IPv6Address/init(_:)`` for the exact rules. Zones are
    /// not accepted here; ``IPAddr`` carries one.
    @inlinable
    public init?(_ text: some StringProtocol) {
        guard case .success(let address) = withUTF8Bytes(of: text, IPAddress.parse) else { return nil }
        self = address
    }

    /// Parses an IPv4 dotted quad or an IPv6 address; see ``init(_:)``.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.malformedIPv6` (text with a `:`),
    ///   `.malformedIPv4` (digits and dots only) or `.hostNotLiteral` (anything else, such as a
    ///   host name: Sock does not resolve names here).
    @inlinable
    public init(parsing text: some StringProtocol) throws(SocketError) {
        self = try withUTF8Bytes(of: text, IPAddress.parse).get()
    }

    /// Parses an IPv4 or IPv6 address from UTF-8 bytes, without allocating; see
    /// `init(parsing:)`.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.malformedIPv6`, `.malformedIPv4`
    ///   or `.hostNotLiteral`.
    public init(parsing utf8: UnsafeRawBufferPointer) throws(SocketError) {
        self = try IPAddress.parse(utf8).get()
    }

    @usableFromInline
    static func parse(_ text: UnsafeRawBufferPointer) -> Result<IPAddress, SocketError> {
        if let v4 = IPv4Address.parse(text) { return .success(.v4(v4)) }
        if let v6 = IPv6Address.parse(text) { return .success(.v6(v6)) }
        return .failure(.invalid(failureDetail(text), .parseAddress))
    }

    /// Why `text` is not an address: `:` means a malformed IPv6 literal, digits and dots a
    /// malformed IPv4 literal, anything else a host name.
    static func failureDetail(_ text: UnsafeRawBufferPointer) -> SocketError.Detail {
        if ASCII.firstIndex(of: ASCII.colon, in: text) != nil { return .malformedIPv6 }
        let numeric = !text.isEmpty && text.allSatisfy { $0 == ASCII.dot || ASCII.decimalValue($0) != nil }
        return numeric || text.isEmpty ? .malformedIPv4 : .hostNotLiteral
    }

    /// The text form: a dotted quad or the RFC 5952 canonical IPv6 text.
    public var description: String {
        switch self {
        case .v4(let address): address.description
        case .v6(let address): address.description
        }
    }

    /// Writes the text form into `buffer` without allocating; returns the number of bytes written.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.bufferTooSmall`.
    public func format(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int {
        switch self {
        case .v4(let address): try address.format(into: buffer)
        case .v6(let address): try address.format(into: buffer)
        }
    }

    func write(to writer: inout TextWriter) {
        switch self {
        case .v4(let address): address.write(to: &writer)
        case .v6(let address): address.write(to: &writer)
        }
    }
}

extension IPAddress {
    /// `AF_INET` or `AF_INET6`.
    @inlinable
    public var family: sa_family_t {
        switch self {
        case .v4: AddressLayout.inet4
        case .v6: AddressLayout.inet6
        }
    }

    /// True for 0.0.0.0 and `::`, and for `::ffff:0.0.0.0` (as IPv4).
    @inlinable
    public var isUnspecified: Bool {
        switch self {
        case .v4(let address): address.isUnspecified
        case .v6(let address): address.isUnspecified
        }
    }

    /// True for 127.0.0.0/8 and `::1`, and for `::ffff:127.0.0.0/104` (as IPv4).
    @inlinable
    public var isLoopback: Bool {
        switch self {
        case .v4(let address): address.isLoopback
        case .v6(let address): address.isLoopback
        }
    }

    /// True for 224.0.0.0/4 and `ff00::/8`, and for mapped 224.0.0.0/4 (as IPv4).
    @inlinable
    public var isMulticast: Bool {
        switch self {
        case .v4(let address): address.isMulticast
        case .v6(let address): address.isMulticast
        }
    }

    /// True for the link-local unicast ranges 169.254.0.0/16 (RFC 3927) and `fe80::/10`, and for
    /// mapped 169.254.0.0/16 (as IPv4).
    @inlinable
    public var isLinkLocal: Bool {
        switch self {
        case .v4(let address): address.isLinkLocal
        case .v6(let address): address.isLinkLocal
        }
    }

    /// True for the link-local multicast ranges 224.0.0.0/24 and `ff02::/16`, and for mapped
    /// 224.0.0.0/24 (as IPv4).
    @inlinable
    public var isLinkLocalMulticast: Bool {
        switch self {
        case .v4(let address): address.isLinkLocalMulticast
        case .v6(let address): address.isLinkLocalMulticast
        }
    }

    /// True for the private ranges, as Go's `IP.IsPrivate`: RFC 1918 for IPv4 (10.0.0.0/8,
    /// 172.16.0.0/12, 192.168.0.0/16, also when mapped) and the unique local addresses `fc00::/7`
    /// (RFC 4193) for IPv6.
    @inlinable
    public var isPrivate: Bool {
        switch self {
        case .v4(let address): address.isPrivate
        case .v6(let address): address.isPrivate
        }
    }

    /// True for an IPv4-mapped IPv6 address (`.v6(::ffff:a.b.c.d)`): the one way to tell it from
    /// the `.v4` address it equals.
    @inlinable
    public var isV4Mapped: Bool {
        if case .v6(let address) = self { return address.isV4Mapped }
        return false
    }

    /// An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) as `.v4`; any other address unchanged.
    @inlinable
    public var unmapped: IPAddress {
        if case .v6(let address) = self, let v4 = address.unmappedV4 { return .v4(v4) }
        return self
    }

    /// The address in IPv6 form: IPv4 as `::ffff:a.b.c.d`, IPv6 unchanged. This is how an IPv4
    /// peer is addressed through an IPv6 socket.
    @inlinable
    public var ipv6Form: IPv6Address {
        switch self {
        case .v4(let address): IPv6Address(v4Mapped: address)
        case .v6(let address): address
        }
    }
}

extension IPAddress {
    /// Equal when the addresses are, with an IPv4-mapped IPv6 address equal to its IPv4 address:
    /// `.v6(::ffff:192.0.2.1) == .v4(192.0.2.1)` (Go's `IP.Equal`). See the type's documentation.
    @inlinable
    public static func == (lhs: IPAddress, rhs: IPAddress) -> Bool {
        lhs.ipv6Form == rhs.ipv6Form
    }

    /// Hashes the IPv6 form (``ipv6Form``), so an IPv4 address and its mapped form hash the same.
    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(ipv6Form)
    }
}
