/// A TCP connection (`SOCK_STREAM`, `IPPROTO_TCP`), from ``TCPListener/accept()``,
/// `TCPConn/dial(_:from:)` or ``TCPDialer`` (the Go seed's `TCPConn`).
///
/// A ``StreamConnection`` (read, write, `writeAll`, shutdown, messages) and a ``TCPSocket``
/// (`TCP_NODELAY`, keep-alive, and in SockLinux `tcpInfo()` and the Linux TCP options). Reads and
/// writes are non-blocking (see ``NetSocket``); a read returns 0 at end of stream.
@frozen
public struct TCPConn: StreamConnection, TCPSocket, Hashable {
    /// The socket underneath.
    public let netSocket: NetSocket

    @inlinable
    init(unchecked socket: NetSocket) { self.netSocket = socket }

    /// Uses an existing TCP ``NetSocket`` (for instance one created by hand and connected) as a
    /// `TCPConn`.
    /// - Throws: `.invalidArgument` with `.socketKindMismatch` when it is not an IPv4 or IPv6
    ///   `SOCK_STREAM` TCP socket, `.closed`.
    public init(_ socket: NetSocket) throws(SocketError) {
        try socket.expect(family: [.inet, .inet6], type: .stream, protocol: .tcp)
        self.netSocket = socket
    }

    /// Takes ownership of an open descriptor (inherited, from another library, or received with
    /// SCM_RIGHTS) after checking that it is a connected TCP socket (IPv4 or IPv6, not listening): the kernel's `SO_TYPE`, `SO_DOMAIN`,
    /// `SO_PROTOCOL` and `SO_ACCEPTCONN` are read, and nothing is changed on the descriptor before
    /// they match. Then it is made non-blocking. If the init throws, `fd` is untouched and still
    /// the caller's.
    /// - Throws: `.notSupported` (ENOTSOCK) for a descriptor that is not a socket (a pipe, a file),
    ///   `.closed` (EBADF) for a number that is not open, `.invalidArgument` with
    ///   `.socketKindMismatch` for a socket of another kind.
    public init(adopting fd: CInt) throws(SocketError) {
        netSocket = try NetSocket.adopting(
            fd,
            families: [.inet, .inet6],
            types: [.stream],
            protocol: .tcp,
            listening: false
        )
    }

    /// The peer address, as the kernel reported it at accept or as given to dial (the empty
    /// address for a `TCPConn` made from a ``NetSocket``: use ``Connection/remoteAddress()``).
    @inlinable
    public var peer: SocketAddress { netSocket.peer ?? SocketAddress() }

    /// The remote endpoint (``peer`` as a ``TCPAddr``).
    public var remoteEndpoint: TCPAddr? { try? TCPAddr(peer) }

    /// The local endpoint (`getsockname`).
    /// - Throws: `.closed`.
    public func localEndpoint() throws(SocketError) -> TCPAddr { try TCPAddr(try localAddress()) }

    /// Starts a non-blocking connection to `address` and returns at once.
    ///
    /// The handshake may still be running when this returns (loopback included): a write then
    /// throws `.wouldBlock` until it completes. Learn the outcome with
    /// ``Connection/finishConnect(until:)`` (or just read/write with deadlines), or dial with a
    /// ``TCPDialer`` timeout. An immediate failure (e.g. `.connectionRefused` on a local port,
    /// `.networkUnreachable`) is thrown here.
    ///
    /// - Parameters:
    ///   - address: the peer.
    ///   - local: an optional local address to bind first.
    /// - Throws: `.invalidArgument` (bad address, zone), `.connectionRefused`, `.networkUnreachable`,
    ///   `.addressNotAvailable`, `.tooManyOpenFiles`, ...
    public static func dial(_ address: TCPAddr, from local: TCPAddr? = nil) throws(SocketError) -> TCPConn {
        try TCPDialer().dial(address, from: local)
    }

    /// Parses `address` (`"127.0.0.1:8080"`, `"[::1]:80"`; IP literals only) and dials it. See
    /// `dial(_:from:)`.
    /// - Throws: the parse errors of `TCPAddr/init(parsing:)`, then as
    ///   `dial(_:from:)`.
    public static func dial(_ address: String, from local: String? = nil) throws(SocketError) -> TCPConn {
        try TCPDialer().dial(address, from: local)
    }
}

extension Socket where Self: Hashable {
    /// Two socket values are equal when they share the same ``NetSocket``.
    @inlinable
    public static func == (a: Self, b: Self) -> Bool { a.netSocket === b.netSocket }

    /// Hashes the identity of the ``NetSocket``.
    @inlinable
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(netSocket)) }
}
