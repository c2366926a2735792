/// A listening Unix socket (`unix` or `unixpacket`).
///
/// Sock never removes an existing path: binding over a stale socket file throws `.addressInUse`
/// (remove it yourself if you know it is stale). `close()` leaves the file too.
@frozen
public struct UnixListener: Listener, UnixSocket, Hashable {
    /// The socket underneath.
    public let netSocket: NetSocket
    /// The bound address.
    public let address: UnixAddr

    /// Binds `address` and listens.
    /// - Throws: `.invalidArgument` with `.unknownNetwork` for `.unixgram` (use
    ///   `UnixDatagramConn/listen(_:)`), `.addressInUse`, `.permissionDenied`, ...
    public init(_ address: UnixAddr, backlog: CInt = defaultBacklog) throws(SocketError) {
        guard address.network != .unixgram else { throw .invalid(.unknownNetwork, .listenSocket) }
        let local = address.address
        self.address = address
        netSocket = try NetSocket.listening(
            family: .unix,
            type: address.network.socketType,
            protocol: .default,
            options: ListenOptions(backlog: backlog)
        ) { (socket) throws(SocketError) in try socket.bind(local) }
    }

    /// Binds the name `path` (a filesystem path, or `@name` for a Linux abstract name) on `network`
    /// and listens. See `init(_:backlog:)`.
    public init(_ path: String, network: UnixNetwork = .unix, backlog: CInt = defaultBacklog) throws(SocketError) {
        try self.init(try UnixAddr(name: path, network: network), backlog: backlog)
    }

    /// The network (`.unix` or `.unixpacket`).
    @inlinable
    public var network: UnixNetwork { address.network }

    /// Accepts one pending connection (non-blocking; `.wouldBlock` when none is pending unless a
    /// read deadline is set).
    /// - Throws: `.wouldBlock`, `.timedOut`, `.closed`, `.tooManyOpenFiles`, ...
    @inlinable
    public func accept() throws(SocketError) -> UnixConn {
        UnixConn(unchecked: try netSocket.acceptSocket())
    }
}
