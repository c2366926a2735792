import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP connection (`SOCK_STREAM`, `IPPROTO_TCP`), from ``TCPListener/accept()``,
/// ``TCPConn/dial(_:from:)`` or ``TCPDialer``.
///
/// Reads and writes are non-blocking (see ``NetSocket``); a read returns 0 at end of stream.
/// Everything ``NetSocket`` offers (deadlines, options, shutdown, the descriptor) applies.
public final class TCPConn: NetSocket, @unchecked Sendable {
    /// The peer address, as the kernel reported it at accept or as given to dial.
    public let peer: SocketAddress

    init(fd: CInt, domain: CInt, peer: SocketAddress) {
        self.peer = peer
        super.init(owning: fd, domain: domain, type: SC.SOCK_STREAM, protocol: SC.IPPROTO_TCP)
    }

    /// The remote endpoint.
    public var remoteEndpoint: TCPAddr? { try? TCPAddr(peer) }

    /// The local endpoint (`getsockname`).
    public func localEndpoint() throws(SocketError) -> TCPAddr { try TCPAddr(try localAddress()) }

    /// Starts a non-blocking connection to `address` and returns at once.
    ///
    /// The handshake may still be running when this returns (loopback included): a write then
    /// throws `.wouldBlock` until it completes. Learn the outcome with
    /// ``NetSocket/finishConnect(until:)`` (or just read/write with deadlines). An immediate failure
    /// (e.g. `.connectionRefused` on a local port, `.networkUnreachable`) is thrown here.
    ///
    /// - Parameters:
    ///   - address: the peer.
    ///   - local: an optional local address to bind first.
    /// - Throws: `.invalidArgument` (bad address, zone), `.connectionRefused`, `.networkUnreachable`,
    ///   `.addressNotAvailable`, `.tooManyOpenFiles`, ...
    public static func dial(_ address: TCPAddr, from local: TCPAddr? = nil) throws(SocketError) -> TCPConn {
        try TCPDialer().start(address, from: local)
    }
}

/// Connects TCP sockets, optionally waiting for the handshake (the Go seed's `TCPDialer`).
///
/// With a `timeout`, ``dial(_:from:)`` waits on readiness until the connection is established or
/// the timeout passes (`.timedOut`; the socket is closed). With no timeout (or `.zero`), it returns
/// a connection whose handshake may still be in progress: unlike the Go seed, a zero timeout never
/// closes the socket and fails.
@frozen
public struct TCPDialer: Sendable {
    /// How long ``dial(_:from:)`` waits for the handshake. `nil` or `.zero`: don't wait.
    public var timeout: Duration?

    @inlinable
    public init(timeout: Duration? = nil) {
        self.timeout = timeout
    }

    /// Connects to `address`, waiting at most ``timeout`` for the handshake.
    /// - Throws: `.timedOut`, `.connectionRefused`, `.hostUnreachable`, `.networkUnreachable`,
    ///   `.invalidArgument` (`.negativeTimeout`, bad address), ...
    public func dial(_ address: TCPAddr, from local: TCPAddr? = nil) throws(SocketError) -> TCPConn {
        try NetSocket.dial(timeout: timeout) { () throws(SocketError) in try start(address, from: local) }
    }

    func start(_ address: TCPAddr, from local: TCPAddr?) throws(SocketError) -> TCPConn {
        let remote = try address.sockaddr()
        let conn = try TCPConn(
            fd: NetSocket.newDescriptor(domain: remote.family, type: SC.SOCK_STREAM, proto: SC.IPPROTO_TCP),
            domain: CInt(remote.family),
            peer: SocketAddress(remote)
        )
        try conn.startConnecting { () throws(SocketError) in
            if let local { try conn.bind(try local.sockaddr(matching: remote.family)) }
            try conn.connect(to: remote)
        }
        return conn
    }
}

/// A listening TCP socket.
///
/// `SO_REUSEADDR` is on (so a restarted server can bind at once); `SO_REUSEPORT` only when asked.
/// ``accept()`` is non-blocking: `.wouldBlock` when nothing is pending, unless a read deadline is set
/// (``NetSocket/setReadDeadline(_:)``, or `setDeadline(_:)`).
public final class TCPListener: NetSocket, @unchecked Sendable {
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
        super.init(
            owning: try NetSocket.newDescriptor(domain: local.family, type: SC.SOCK_STREAM, proto: SC.IPPROTO_TCP),
            domain: CInt(local.family),
            type: SC.SOCK_STREAM,
            protocol: SC.IPPROTO_TCP
        )
        do throws(SocketError) {
            try setReuseAddress(true)
            if reusePort { try setReusePort(true) }
            if let ipv6Only, domain == SC.AF_INET6 { try setIPv6Only(ipv6Only) }
            try bind(local)
            try listen(backlog: backlog)
        } catch {
            close()
            throw error
        }
    }

    /// Parses `address` (`"127.0.0.1:0"`, `"[::1]:8080"`, `":80"`) and listens on it.
    public convenience init(_ address: String, reusePort: Bool = false) throws(SocketError) {
        try self.init(try TCPAddr(parsing: address), reusePort: reusePort)
    }

    /// Accepts one pending connection (non-blocking; see the class documentation).
    /// - Throws: `.wouldBlock`, `.timedOut`, `.closed`, `.tooManyOpenFiles` (the connection stays
    ///   queued), ...
    public func accept() throws(SocketError) -> TCPConn {
        var peer = SocketAddress()
        let fd = try acceptRaw(&peer)
        return TCPConn(fd: fd, domain: domain, peer: peer)
    }

    /// The bound endpoint, with the real port when bound to port 0.
    public func endpoint() throws(SocketError) -> TCPAddr {
        try TCPAddr(try localAddress())
    }
}

extension NetSocket {
    /// A fresh non-blocking, close-on-exec descriptor.
    @usableFromInline
    package static func newDescriptor(domain: sa_family_t, type: CInt, proto: CInt) throws(SocketError) -> CInt {
        try InertDescriptor.ensure(.socket)
        let r = Sys.socket(CInt(domain), type | SC.SOCK_NONBLOCK | SC.SOCK_CLOEXEC, proto)
        guard r >= 0 else { throw SocketError(errno: CInt(truncatingIfNeeded: -r), operation: .socket) }
        #if !os(Linux) && !os(FreeBSD)
        try applyDescriptorFlags(CInt(r))
        #endif
        return CInt(r)
    }
}
