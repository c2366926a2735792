#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A socket: what every Sock socket type shares (the Go seed's `Socket` interface).
///
/// A conforming type holds a ``NetSocket``, which owns the descriptor; the protocol's extensions
/// give every socket its descriptor, `close`, deadlines, the options valid on any socket and the
/// generic option calls. The capabilities of a kind of socket come from the protocols it also
/// conforms to:
///
/// | protocol | adds | conforming types |
/// |---|---|---|
/// | ``Connection`` | read, write, messages with control data | TCP, UDP, Unix, raw, SCTP connections |
/// | ``StreamConnection`` | shutdown, half-close | ``TCPConn``, ``UnixConn``, `SCTPConn` |
/// | ``DatagramSocket`` | datagrams with addresses | ``UDPConn``, ``UnixDatagramConn``, ``RawConn`` |
/// | ``Listener`` | accept | ``TCPListener``, ``UnixListener``, `SCTPListener` |
/// | ``IPSocket`` | IP options (TTL, TOS, hop limit, ...) | every TCP, UDP, raw and SCTP socket |
/// | ``TCPSocket`` | TCP options | ``TCPConn``, ``TCPListener`` |
/// | ``UnixSocket`` | credentials, descriptor passing (SockLinux) | every Unix socket |
///
/// SockLinux adds `MulticastSocket` (``UDPConn``, ``RawConn``) and `SCTPSocket`, and Linux-only
/// members to these protocols. So `udp.setNoDelay(true)` or `listener.write(...)` do not compile.
/// The types are values holding one reference: copies share the socket, and it is closed when
/// ``close()`` is called or the last copy goes away.
///
/// Conforming types outside Sock are possible (wrap a ``NetSocket``) but rarely useful: the
/// protocols exist to give Sock's own types their capabilities.
public protocol Socket: Sendable {
    /// The socket underneath, which owns the descriptor (the Go seed's embedded `*NetSocket`).
    /// Through it, every generic operation is available for what Sock does not name.
    var netSocket: NetSocket { get }
}

extension NetSocket: Socket {
    /// The socket itself.
    @inlinable
    public var netSocket: NetSocket { self }
}

extension Socket {
    /// The file descriptor, for an event loop or io_uring. See ``NetSocket/fileDescriptor``: the
    /// number stays this socket's (parked after ``close()``) until the last copy goes away.
    @inlinable
    public var fileDescriptor: CInt { netSocket.fd }

    /// Whether ``close()`` has been called.
    @inlinable
    public var isClosed: Bool { netSocket.isClosed }

    /// The address family (`AF_INET`, `AF_INET6`, `AF_UNIX`, ...).
    @inlinable
    public var family: AddressFamily { netSocket.family }

    /// The socket type (`SOCK_STREAM`, `SOCK_DGRAM`, ...).
    @inlinable
    public var type: SocketType { netSocket.type }

    /// The protocol (`IPPROTO_TCP`, ..., or ``SocketProtocol/default``).
    @inlinable
    public var `protocol`: SocketProtocol { netSocket.protocol }

    /// Closes the socket; idempotent. See ``NetSocket/close()``.
    @inlinable
    public func close() { netSocket.close() }

    /// Gives up ownership and returns a duplicate descriptor for the socket. See
    /// ``NetSocket/releaseFileDescriptor()``.
    @inlinable
    public func releaseFileDescriptor() throws(SocketError) -> CInt { try netSocket.releaseFileDescriptor() }

    /// Calls `body` with the descriptor. See ``NetSocket/withFileDescriptor(_:)``.
    @inlinable
    public func withFileDescriptor<R>(_ body: (CInt) throws(SocketError) -> R) throws(SocketError) -> R {
        try netSocket.withFileDescriptor(body)
    }

    /// The address the socket is bound to (port 0 resolved). The corresponding C function is
    /// `getsockname`.
    /// - Throws: `.closed`.
    @inlinable
    public func localAddress() throws(SocketError) -> SocketAddress {
        try netSocket.nameCall(.getsockname) { fd, sa, len in Sys.getsockname(fd, sa, len) }
    }

    /// Reads and clears the socket's pending error (`SO_ERROR`); nil when there is none.
    /// - Throws: `.closed`.
    public func pendingError() throws(SocketError) -> SocketError? {
        let e = try netSocket.intOption(level: .socket, name: SC.SO_ERROR)
        return e == 0 ? nil : SocketError(errno: CInt(e), operation: .getsockopt)
    }

    /// Waits for readiness without performing I/O: until the socket is readable (`.read`) or
    /// writable (`.write`), or `deadline` passes. With `deadline == nil` it only checks, without
    /// waiting. Useful with a non-blocking dial or an external event loop. The corresponding C
    /// function is `ppoll` (`poll` where there is none).
    ///
    /// - Returns: `true` when ready, `false` when not ready and `deadline` was nil.
    /// - Throws: `.timedOut` when the deadline passes, `.closed`.
    public func waitReady(_ direction: IODirection, until deadline: Deadline?) throws(SocketError) -> Bool {
        let events = direction == .read ? Int16(SC.POLLIN) : Int16(SC.POLLOUT)
        guard let deadline else { return try netSocket.pollNow(events) }
        try netSocket.checkOpen(.poll)
        try netSocket.waitReadiness(events, deadline.nanoseconds, .poll)
        return true
    }
}

/// What ``Socket/waitReady(_:until:)`` waits for.
@frozen
public enum IODirection: Sendable {
    /// Readable (data, a pending connection, end of stream, an error).
    case read
    /// Writable (buffer space, a completed connect, an error).
    case write
}

extension NetSocket {
    /// `getsockname`/`getpeername` into a fresh address.
    @inlinable
    package func nameCall(
        _ op: SocketOperation,
        _ body: (CInt, UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Int
    ) throws(SocketError) -> SocketAddress {
        var address = SocketAddress()
        _ = try call(op) { fd in address.withUnsafeMutableStorage { sa, len in body(fd, sa, &len) } }
        return address
    }

    /// Completes a connect that is in progress: waits for writability until `deadline` (or, when
    /// `deadline` is nil, only checks), then reads the outcome from `SO_ERROR`.
    package func finishConnect(until deadline: Deadline?) throws(SocketError) {
        let ready = try waitReady(.write, until: deadline)
        if !ready { throw SocketError(.inProgress, operation: .connect) }
        if let pending = try pendingError() {
            throw SocketError(pending.code, errno: pending.errno, operation: .connect)
        }
    }
}
