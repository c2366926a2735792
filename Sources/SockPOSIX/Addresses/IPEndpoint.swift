/// An IP endpoint in the Go seed's vocabulary: an address, a port and, for scoped IPv6, a zone.
/// ``TCPAddr`` and ``UDPAddr`` conform; everything they share (text, conversion to and from
/// sockaddrs) is written once, here.
///
/// All of it is zero-allocation except `description` for long texts and ``resolve(host:port:)``.
///
/// ``TCPAddr`` and ``UDPAddr`` are equal (and hash the same) when their ports, zones and ``ip``
/// are, and ``ip`` compares as ``IPAddress`` does: `[::ffff:192.0.2.1]:80`, how a dual-stack
/// listener reports an IPv4 peer, equals `192.0.2.1:80`. ``description`` keeps the form the
/// endpoint has.
public protocol IPEndpoint: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible {
    /// The network name, as in Go (`"tcp"`, `"udp"`).
    static var network: String { get }
    /// The IP address. `.v6(.any)` (`::`) means "every local address" when binding.
    var ip: IPAddress { get set }
    /// The port (0 when binding means "any free port").
    var port: UInt16 { get set }
    /// The IPv6 zone (`%eth0`, `%3`), for link-local addresses; nil otherwise. Only valid with an
    /// IPv6 address.
    var zone: IPv6Zone? { get set }
    /// Creates an endpoint.
    init(ip: IPAddress, port: UInt16, zone: IPv6Zone?)
}

extension IPEndpoint {
    /// Parses `host:port`, or returns nil; see `init(parsing:)`.
    @inlinable
    public init?(_ text: some StringProtocol) {
        guard case .success(let parts) = withUTF8Bytes(of: text, EndpointText.parse) else { return nil }
        self.init(ip: parts.ip, port: parts.port, zone: parts.zone)
    }

    /// Parses `host:port` text: `192.0.2.1:80`, `[2001:db8::1]:80`, `[fe80::1%eth0]:80`,
    /// `[fe80::1%3]:80`, or `:80` (the unspecified host, stored as `::`, which on a dual-stack
    /// Linux socket also covers IPv4, as in Go). The port is decimal, 0...65535.
    ///
    /// Names are not resolved: Sock keeps name lookups off the hot path (see
    /// ``resolve(host:port:)``).
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.missingPort` (no `:port` or an
    ///   empty one), `.portOutOfRange`, `.malformedHostPort` (unbracketed IPv6, a stray bracket,
    ///   a non-numeric port), `.malformedIPv4`, `.malformedIPv6`, `.malformedZone` (also for a
    ///   zone on IPv4) or `.hostNotLiteral` (a host name).
    @inlinable
    public init(parsing text: some StringProtocol) throws(SocketError) {
        let parts = try withUTF8Bytes(of: text, EndpointText.parse).get()
        self.init(ip: parts.ip, port: parts.port, zone: parts.zone)
    }

    /// Parses `host:port` from UTF-8 bytes, without allocating; see
    /// `init(parsing:)`.
    ///
    /// - Throws: `SocketError` `.invalidArgument`, with the details listed there.
    @inlinable
    public init(parsing utf8: UnsafeRawBufferPointer) throws(SocketError) {
        let parts = try EndpointText.parse(utf8).get()
        self.init(ip: parts.ip, port: parts.port, zone: parts.zone)
    }

    /// Creates an endpoint from an IPv4 socket address.
    @inlinable
    public init(_ address: SockaddrInet4) {
        self.init(ip: .v4(address.address), port: address.port, zone: nil)
    }

    /// Creates an endpoint from an IPv6 socket address; a non-zero scope id becomes a numeric
    /// zone (no interface-name lookup). A v4-mapped address stays IPv6 (see ``IPAddress/unmapped``);
    /// it compares equal to its IPv4 address all the same.
    @inlinable
    public init(_ address: SockaddrInet6) {
        self.init(
            ip: .v6(address.address),
            port: address.port,
            zone: address.scopeID == 0 ? nil : .scopeID(address.scopeID)
        )
    }

    /// Creates an endpoint from an IPv4 or IPv6 socket address.
    @inlinable
    public init(_ address: InetSockaddr) {
        switch address {
        case .v4(let v4): self.init(v4)
        case .v6(let v6): self.init(v6)
        }
    }

    /// Creates an endpoint from an address the kernel returned.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.unsupportedFamily` when the
    ///   address is neither `AF_INET` nor `AF_INET6`, or `.truncatedAddress` when it is too short.
    @inlinable
    public init(_ address: SocketAddress) throws(SocketError) {
        try self.init(InetSockaddr(address))
    }

    /// Encodes the endpoint as a kernel socket address. A named zone is resolved to its interface
    /// index with `if_nametoindex` (no heap allocation).
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.unknownInterface` (no interface
    ///   has the zone's name) or `.malformedZone` (a zone on an IPv4 address).
    @inlinable
    public func sockaddr() throws(SocketError) -> InetSockaddr {
        switch ip {
        case .v4(let address):
            if zone != nil { throw SocketError.invalid(.malformedZone, .encodeAddress) }
            return .v4(SockaddrInet4(address: address, port: port))
        case .v6(let address):
            return .v6(SockaddrInet6(address: address, port: port, scopeID: try zone?.resolveScopeID() ?? 0))
        }
    }

    /// `a.b.c.d:port`, `[v6]:port` or `[v6%zone]:port` (Go's `JoinHostPort` form).
    public var description: String {
        makeString(capacity: EndpointText.maxLength) { EndpointText.write(ip, zone: zone, port: port, to: &$0) }
    }

    /// Writes the ``description`` text into `buffer` without allocating; returns the number of
    /// bytes written (at most 63).
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.bufferTooSmall`.
    public func format(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int {
        try formatText(into: buffer) { EndpointText.write(ip, zone: zone, port: port, to: &$0) }
    }
}
