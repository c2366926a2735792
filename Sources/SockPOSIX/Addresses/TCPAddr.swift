/// A TCP endpoint (Go's `net.TCPAddr`): IP address, port and optional IPv6 zone, stored inline.
///
/// ```swift
/// let a = try TCPAddr(parsing: "127.0.0.1:8080")
/// let b = try TCPAddr(parsing: "[fe80::1%eth0]:80")
/// let c = TCPAddr(ip: .v6(.loopback), port: 443)
/// ```
///
/// Parsing, formatting and sockaddr conversion come from ``IPEndpoint``.
@frozen
public struct TCPAddr: IPEndpoint {
    /// `"tcp"`.
    public static var network: String { "tcp" }
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
