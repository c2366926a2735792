/// A UDP endpoint (Go's `net.UDPAddr`): IP address, port and optional IPv6 zone, stored inline.
///
/// ```swift
/// let a = try UDPAddr(parsing: "127.0.0.1:5353")
/// let b = UDPAddr(ip: .v6(.loopback), port: 5353)
/// ```
///
/// Parsing, formatting and sockaddr conversion come from ``IPEndpoint``.
@frozen
public struct UDPAddr: IPEndpoint {
    /// `"udp"`.
    public static var network: String { "udp" }
    /// The IP address.
    public var ip: IPAddress
    /// The port.
    public var port: UInt16
    /// The IPv6 zone, or nil.
    public var zone: IPv6Zone?

    /// Creates `ip:port`, with a zone for a scoped IPv6 address.
    @inlinable
    public init(ip: IPAddress, port: UInt16, zone: IPv6Zone? = nil) {
        self.ip = ip
        self.port = port
        self.zone = zone
    }
}
