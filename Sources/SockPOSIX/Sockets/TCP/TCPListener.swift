#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A listening TCP socket (the Go seed's `TCPListener`).
///
/// `SO_REUSEADDR` is on (so a restarted server can bind at once); `SO_REUSEPORT` only when asked.
/// ``accept()`` is non-blocking: `.wouldBlock` when nothing is pending, unless a read deadline is
/// set (``Socket/setReadDeadline(_:)``). A ``TCPSocket``: TCP options set here are inherited by the
/// connections it accepts; SockLinux adds the listener-only `setDeferAccept` and `setFastOpen`.
/// A listener has no read or write.
@frozen
public struct TCPListener: Listener, TCPSocket, Hashable {
    /// The socket underneath.
    public let netSocket: NetSocket

    /// Binds `address` and listens.
    ///
    /// - Parameters:
    ///   - address: where to listen; port 0 picks a free port (read it back with ``endpoint()``).
    ///     An unspecified IPv6 address (`[::]`) also accepts IPv4 (as `::ffff:a.b.c.d` peers) unless
    ///     `ipv6Only` is set.
    ///   - reusePort: sets `SO_REUSEPORT` before binding.
    ///   - ipv6Only: sets `IPV6_V6ONLY` on IPv6 sockets.
    ///   - backlog: the `listen(2)` backlog.
    /// - Throws: `.addressInUse`, `.addressNotAvailable`, `.permissionDenied`, `.invalidArgument`, ...
    public init(
        _ address: TCPAddr,
        reusePort: Bool = false,
        ipv6Only: Bool? = nil,
        backlog: CInt = defaultBacklog
    ) throws(SocketError) {
        let local = try address.sockaddr()
        netSocket = try NetSocket.listening(
            family: AddressFamily(rawValue: CInt(local.family)),
            type: .stream,
            protocol: .tcp,
            options: ListenOptions(reusePort: reusePort, ipv6Only: ipv6Only, backlog: backlog)
        ) { (socket) throws(SocketError) in try socket.bind(local) }
    }

    /// Parses `address` (`"127.0.0.1:0"`, `"[::1]:8080"`, `":80"`) and listens on it. See
    /// `init(_:reusePort:ipv6Only:backlog:)`.
    public init(
        _ address: String,
        reusePort: Bool = false,
        ipv6Only: Bool? = nil,
        backlog: CInt = defaultBacklog
    ) throws(SocketError) {
        try self.init(try TCPAddr(parsing: address), reusePort: reusePort, ipv6Only: ipv6Only, backlog: backlog)
    }

    /// Uses an existing listening TCP ``NetSocket`` as a `TCPListener`.
    /// - Throws: `.invalidArgument` with `.socketKindMismatch` when it is not an IPv4 or IPv6 TCP
    ///   socket, `.closed`.
    public init(_ socket: NetSocket) throws(SocketError) {
        try socket.expect(family: [.inet, .inet6], type: .stream, protocol: .tcp)
        self.netSocket = socket
    }

    /// Takes ownership of an open descriptor (inherited, from another library, or received with
    /// SCM_RIGHTS) after checking that it is a listening TCP socket (IPv4 or IPv6): the kernel's `SO_TYPE`, `SO_DOMAIN`,
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
            listening: true
        )
    }

    /// Accepts one pending connection (`accept4(2)`; non-blocking: see the type's documentation).
    /// - Throws: `.wouldBlock`, `.timedOut`, `.closed`, `.tooManyOpenFiles` (the connection stays
    ///   queued), ...
    @inlinable
    public func accept() throws(SocketError) -> TCPConn {
        TCPConn(unchecked: try netSocket.acceptSocket())
    }

    /// The bound endpoint, with the real port when bound to port 0.
    /// - Throws: `.closed`.
    public func endpoint() throws(SocketError) -> TCPAddr {
        try TCPAddr(try localAddress())
    }
}
