/// An IP address with an optional IPv6 zone (Go's `net.IPAddr`), the endpoint of a raw IP socket.
/// Stored inline.
///
/// ```swift
/// let a = try IPAddr(parsing: "fe80::1%eth0")
/// let b = IPAddr(ip: .v4(.loopback))
/// ```
///
/// Equality and hashing compare ``ip`` as ``IPAddress`` does, so `::ffff:127.0.0.1` equals
/// `127.0.0.1`, and the zone: a zone on a mapped address makes it differ from the IPv4 address.
@frozen
public struct IPAddr: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible {
    /// `"ip"`.
    public static var network: String { "ip" }
    /// The IP address.
    public var ip: IPAddress
    /// The IPv6 zone, or nil. Only valid with an IPv6 address.
    public var zone: IPv6Zone?

    /// Creates an endpoint for `ip`, with a zone for a scoped IPv6 address.
    @inlinable
    public init(ip: IPAddress, zone: IPv6Zone? = nil) {
        self.ip = ip
        self.zone = zone
    }

    /// Copies the address and zone of a TCP or UDP endpoint (Go's `IPAddrFromTCPAddr`).
    @inlinable
    public init(_ endpoint: some IPEndpoint) {
        self.init(ip: endpoint.ip, zone: endpoint.zone)
    }

    /// Parses `192.0.2.1`, `2001:db8::1` or `fe80::1%eth0`, or returns nil.
    @inlinable
    public init?(_ text: some StringProtocol) {
        guard case .success(let parts) = withUTF8Bytes(of: text, IPAddr.parse) else { return nil }
        self = parts
    }

    /// Parses `192.0.2.1`, `2001:db8::1`, `fe80::1%eth0` or `fe80::1%3`.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.malformedIPv4`, `.malformedIPv6`,
    ///   `.malformedZone` (also for a zone on IPv4) or `.hostNotLiteral`.
    @inlinable
    public init(parsing text: some StringProtocol) throws(SocketError) {
        self = try withUTF8Bytes(of: text, IPAddr.parse).get()
    }

    /// Parses from UTF-8 bytes, without allocating; see `init(parsing:)`.
    ///
    /// - Throws: `SocketError` `.invalidArgument`, with the details listed there.
    public init(parsing utf8: UnsafeRawBufferPointer) throws(SocketError) {
        self = try IPAddr.parse(utf8).get()
    }

    @usableFromInline
    static func parse(_ text: UnsafeRawBufferPointer) -> Result<IPAddr, SocketError> {
        EndpointText.parseHost(text).map { IPAddr(ip: $0.0, zone: $0.1) }
    }

    /// Encodes the address with port 0, e.g. for a raw socket's `sendto`; a named zone is resolved
    /// with `if_nametoindex`.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.unknownInterface` or
    ///   `.malformedZone` (a zone on IPv4).
    @inlinable
    public func sockaddr() throws(SocketError) -> InetSockaddr {
        try TCPAddr(ip: ip, port: 0, zone: zone).sockaddr()
    }

    /// `192.0.2.1`, `2001:db8::1` or `fe80::1%eth0`.
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
        ip.write(to: &writer)
        if let zone {
            writer.append(ASCII.percent)
            zone.write(to: &writer)
        }
    }
}
