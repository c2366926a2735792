/// The three kinds of Unix-domain socket, named as in Go's `net`.
@frozen
public enum UnixNetwork: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `"unix"`: `SOCK_STREAM`.
    case unix
    /// `"unixgram"`: `SOCK_DGRAM`.
    case unixgram
    /// `"unixpacket"`: `SOCK_SEQPACKET`.
    case unixpacket

    /// Parses `unix`, `unixgram` or `unixpacket`.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.unknownNetwork`.
    public init(parsing name: some StringProtocol) throws(SocketError) {
        guard let network = UnixNetwork(rawValue: String(name)) else {
            throw SocketError.invalid(.unknownNetwork, .parseAddress)
        }
        self = network
    }

    /// The network name.
    public var description: String { rawValue }
}

/// A Unix-domain endpoint (Go's `net.UnixAddr`): a ``SockaddrUnix`` stored inline and the kind of
/// socket it is for.
///
/// ```swift
/// let a = try UnixAddr(name: "/run/app.sock")
/// let b = try UnixAddr(name: "@app", network: .unixpacket)  // abstract (Linux)
/// ```
@frozen
public struct UnixAddr: Sendable, Hashable, CustomStringConvertible {
    /// The kernel-format address.
    public var address: SockaddrUnix
    /// The kind of socket.
    public var network: UnixNetwork

    /// Wraps a socket address.
    @inlinable
    public init(_ address: SockaddrUnix, network: UnixNetwork = .unix) {
        self.address = address
        self.network = network
    }

    /// Creates an endpoint from its name in text notation: a filesystem path, `@name` for a Linux
    /// abstract name, or the empty string for an unnamed socket (see
    /// `SockaddrUnix/init(parsing:)`).
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.pathTooLong` or `.pathContainsNUL`.
    @inlinable
    public init(name: some StringProtocol, network: UnixNetwork = .unix) throws(SocketError) {
        self.init(try SockaddrUnix(parsing: name), network: network)
    }

    /// The name in text notation: the path, `@name`, or empty for an unnamed socket.
    public var name: String { address.description }

    /// The name (as Go's `UnixAddr.String`).
    public var description: String { address.description }
}
