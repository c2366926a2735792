/// A connected Unix-domain stream (`unix`, `SOCK_STREAM`) or sequenced-packet (`unixpacket`,
/// `SOCK_SEQPACKET`: message boundaries kept) socket, on a path, a Linux abstract name (`@name`),
/// or a ``pair(_:)``. Datagram Unix sockets are ``UnixDatagramConn``.
///
/// A ``StreamConnection``: stream reads return 0 at end of stream; seqpacket reads return one
/// message each (a message longer than the buffer is cut: use
/// `Connection/receiveMessage(into:control:flags:)` and
/// ``MessageResult/isTruncated`` to see it). SockLinux adds descriptor passing and credentials.
@frozen
public struct UnixConn: StreamConnection, UnixSocket, Hashable {
    /// The socket underneath.
    public let netSocket: NetSocket

    @inlinable
    init(unchecked socket: NetSocket) { self.netSocket = socket }

    /// Uses an existing connected `AF_UNIX` stream or seqpacket ``NetSocket`` as a `UnixConn`.
    /// - Throws: `.invalidArgument` with `.socketKindMismatch` for any other socket, `.closed`.
    public init(_ socket: NetSocket) throws(SocketError) {
        try socket.expect(family: [.unix], type: socket.type == .seqPacket ? .seqPacket : .stream, protocol: nil)
        self.netSocket = socket
    }

    /// Takes ownership of an open descriptor (inherited, from another library, or received with
    /// SCM_RIGHTS) after checking that it is a Unix stream or seqpacket socket that does not listen: the kernel's `SO_TYPE`, `SO_DOMAIN`,
    /// `SO_PROTOCOL` and `SO_ACCEPTCONN` are read, and nothing is changed on the descriptor before
    /// they match. Then it is made non-blocking. If the init throws, `fd` is untouched and still
    /// the caller's.
    /// - Throws: `.notSupported` (ENOTSOCK) for a descriptor that is not a socket (a pipe, a file),
    ///   `.closed` (EBADF) for a number that is not open, `.invalidArgument` with
    ///   `.socketKindMismatch` for a socket of another kind.
    public init(adopting fd: CInt) throws(SocketError) {
        netSocket = try NetSocket.adopting(
            fd,
            families: [.unix],
            types: [.stream, .seqPacket],
            protocol: nil,
            listening: false
        )
    }

    /// The network: `.unix` (stream) or `.unixpacket` (seqpacket).
    @inlinable
    public var network: UnixNetwork { netSocket.type == .seqPacket ? .unixpacket : .unix }

    /// The peer address, as reported at accept (usually unnamed) or given to dial; nil for a pair.
    @inlinable
    public var peer: SocketAddress? { netSocket.peer }

    /// Connects to a Unix socket at `address` (non-blocking: a connect to a listening socket
    /// completes at once, or throws `.wouldBlock` when the listener's backlog is full).
    /// - Parameters:
    ///   - address: the listener; its network must be `.unix` or `.unixpacket`.
    ///   - local: an optional address to bind first.
    /// - Throws: `.connectionRefused` (nobody listening, or a stale path), `.notFound` (no such
    ///   path), `.wouldBlock`, `.permissionDenied`, `.invalidArgument` (`.unknownNetwork` for
    ///   `.unixgram`: use ``UnixDatagramConn``), ...
    public static func dial(_ address: UnixAddr, from local: UnixAddr? = nil) throws(SocketError) -> UnixConn {
        guard address.network != .unixgram else { throw .invalid(.unknownNetwork, .dial) }
        let remote = address.address
        let socket = try NetSocket.dialing(
            family: .unix,
            type: address.network.socketType,
            protocol: .default,
            peer: SocketAddress(remote)
        ) { (socket) throws(SocketError) in
            if let local { try socket.bind(local.address) }
            try socket.connect(to: remote)
        }
        return UnixConn(unchecked: socket)
    }

    /// Connects to the Unix socket named `path` (a filesystem path, or `@name` for a Linux abstract
    /// name) on `network`. See `dial(_:from:)`.
    public static func dial(_ path: String, network: UnixNetwork = .unix) throws(SocketError) -> UnixConn {
        try dial(try UnixAddr(name: path, network: network))
    }

    /// A connected pair (`socketpair(2)`), e.g. for a parent and a child, or a test.
    /// - Parameter network: `.unix` (stream) or `.unixpacket` (seqpacket).
    /// - Throws: `.invalidArgument` with `.unknownNetwork` for `.unixgram` (use
    ///   ``UnixDatagramConn/pair()``), `.tooManyOpenFiles`, ...
    public static func pair(_ network: UnixNetwork = .unix) throws(SocketError) -> (UnixConn, UnixConn) {
        guard network != .unixgram else { throw .invalid(.unknownNetwork, .socketpair) }
        let (a, b) = try NetSocket.makePair(family: .unix, type: network.socketType, protocol: .default)
        return (UnixConn(unchecked: a), UnixConn(unchecked: b))
    }
}
