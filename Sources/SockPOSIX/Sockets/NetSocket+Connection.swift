import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The listen backlog Sock uses unless told otherwise (the Go seed's value; the kernel caps it at
/// `net.core.somaxconn`).
public let defaultBacklog: CInt = 511

/// Which direction(s) ``NetSocket/shutdown(_:)`` closes.
@frozen
public enum ShutdownDirection: Sendable {
    /// `SHUT_RD`: no more receives.
    case read
    /// `SHUT_WR`: no more sends; a TCP peer sees end of stream (half-close).
    case write
    /// `SHUT_RDWR`.
    case both

    @inlinable
    var how: CInt {
        switch self {
        case .read: SC.SHUT_RD
        case .write: SC.SHUT_WR
        case .both: SC.SHUT_RDWR
        }
    }
}

extension NetSocket {
    /// Binds the socket to `address`. The corresponding C function is `bind`.
    /// - Throws: `.addressInUse`, `.addressNotAvailable`, `.permissionDenied`, `.invalidArgument`
    ///   (already bound, or a family mismatch), `.closed`.
    @inlinable
    public final func bind(_ address: some Sockaddr) throws(SocketError) {
        try checkOpen(.bind)
        let r = address.withUnsafeSockaddr { sa, len in Sys.bind(fd, sa, len) }
        if r < 0 { throw failure(r, .bind) }
    }

    /// Marks the socket as accepting connections. The corresponding C function is `listen`.
    /// - Throws: `.addressInUse`, `.notSupported` (datagram sockets), `.closed`.
    @inlinable
    public final func listen(backlog: CInt = defaultBacklog) throws(SocketError) {
        try checkOpen(.listen)
        let r = Sys.listen(fd, backlog)
        if r < 0 { throw failure(r, .listen) }
    }

    /// Accepts one pending connection with `accept4(2)` (`SOCK_NONBLOCK | SOCK_CLOEXEC`, atomically).
    ///
    /// Non-blocking: throws `.wouldBlock` when nothing is pending, unless a read deadline is set.
    /// `ECONNABORTED` (a connection reset while queued) is skipped, as is EINTR.
    /// - Returns: the new socket's descriptor and the peer's address.
    /// - Throws: `.wouldBlock`, `.timedOut`, `.closed`, `.tooManyOpenFiles` (the pending connection
    ///   stays queued and can be accepted once descriptors are free), `.invalidArgument` (not listening).
    @inlinable
    package final func acceptRaw(_ peer: inout SocketAddress) throws(SocketError) -> CInt {
        let flags = SC.SOCK_NONBLOCK | SC.SOCK_CLOEXEC
        let r = try peer.withUnsafeMutableStorage { (sa, len) throws(SocketError) -> Int in
            let capacity = len
            return try io(.accept, .read) {
                while true {
                    len = capacity
                    let r = Sys.accept4($0, sa, &len, flags)
                    if r != -Int(Errno.ECONNABORTED) { return r }
                }
            }
        }
        #if !os(Linux) && !os(FreeBSD)
        try NetSocket.applyDescriptorFlags(CInt(r))
        #endif
        return CInt(r)
    }

    /// Accepts one pending connection as a plain `NetSocket`. See the typed listeners
    /// (``TCPListener/accept()``, ``UnixListener/accept()``) for the usual entry points.
    /// The corresponding C function is `accept4`.
    public final func acceptSocket() throws(SocketError) -> (socket: NetSocket, peer: SocketAddress) {
        var peer = SocketAddress()
        let fd = try acceptRaw(&peer)
        return (NetSocket(owning: fd, domain: domain, type: type, protocol: proto), peer)
    }

    /// Starts connecting to `address` (non-blocking `connect(2)`).
    ///
    /// Returns normally when the connection is established at once (Unix sockets, usually), and
    /// throws `.inProgress` when the handshake continues in the background: learn its outcome with
    /// ``finishConnect(until:)``. EINTR also means "in progress" (the kernel keeps connecting).
    /// - Throws: `.inProgress`, `.connectionRefused`, `.wouldBlock` (a Unix listener's backlog is
    ///   full), `.networkUnreachable`, `.addressNotAvailable`, `.closed`, ...
    @inlinable
    public final func connect(to address: some Sockaddr) throws(SocketError) {
        try checkOpen(.connect)
        let r = address.withUnsafeSockaddr { sa, len in Sys.connect(fd, sa, len) }
        if r >= 0 { return }
        let e = CInt(truncatingIfNeeded: -r)
        if e == Errno.EINTR { throw SocketError(.inProgress, errno: e, operation: .connect) }
        throw failure(r, .connect)
    }

    /// Completes a connect that threw `.inProgress`: waits for writability until `deadline` (or,
    /// when `deadline` is nil, only checks), then reads the outcome from `SO_ERROR`.
    ///
    /// - Throws: `.inProgress` when `deadline` is nil and the handshake is still running;
    ///   `.timedOut` when the deadline passes (the socket stays open: close it or keep waiting);
    ///   the handshake's error (`.connectionRefused`, `.hostUnreachable`, `.timedOut`, ...).
    public final func finishConnect(until deadline: Deadline?) throws(SocketError) {
        let ready = try waitReady(.write, until: deadline)
        if !ready { throw SocketError(.inProgress, operation: .connect) }
        if let pending = try pendingError() {
            throw SocketError(pending.code, errno: pending.errno, operation: .connect)
        }
    }

    /// Reads and clears the socket's pending error (`SO_ERROR`); nil when there is none.
    public final func pendingError() throws(SocketError) -> SocketError? {
        let e: CInt = try getOption(level: SC.SOL_SOCKET, name: SC.SO_ERROR)
        return e == 0 ? nil : SocketError(errno: e, operation: .getsockopt)
    }

    /// Shuts down one or both directions. `.write` half-closes a stream: the peer reads end of
    /// stream, while this side can still read. The corresponding C function is `shutdown`.
    /// - Throws: `.notConnected`, `.closed`.
    @inlinable
    public final func shutdown(_ direction: ShutdownDirection) throws(SocketError) {
        try checkOpen(.shutdown)
        let r = Sys.shutdown(fd, direction.how)
        if r < 0 { throw failure(r, .shutdown) }
    }

    /// The address the socket is bound to (port 0 resolved). The corresponding C function is
    /// `getsockname`.
    @inlinable
    public final func localAddress() throws(SocketError) -> SocketAddress {
        try nameCall(.getsockname) { fd, sa, len in Sys.getsockname(fd, sa, len) }
    }

    /// The connected peer's address. The corresponding C function is `getpeername`.
    /// - Throws: `.notConnected`, `.closed`.
    @inlinable
    public final func remoteAddress() throws(SocketError) -> SocketAddress {
        try nameCall(.getpeername) { fd, sa, len in Sys.getpeername(fd, sa, len) }
    }

    @inlinable
    final func nameCall(
        _ op: SocketOperation,
        _ call: (CInt, UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Int
    ) throws(SocketError) -> SocketAddress {
        try checkOpen(op)
        var address = SocketAddress()
        let r = address.withUnsafeMutableStorage { sa, len in call(fd, sa, &len) }
        if r < 0 { throw failure(r, op) }
        return address
    }

    /// Creates a connected pair of sockets with `socketpair(2)` (non-blocking, close-on-exec).
    /// - Throws: `.protocolNotSupported`, `.tooManyOpenFiles`, ...
    public static func pair(
        domain: CInt = SC.AF_UNIX,
        type: CInt,
        protocol proto: CInt = 0
    ) throws(SocketError) -> (NetSocket, NetSocket) {
        let fds = try rawPair(domain: domain, type: type, protocol: proto)
        return (
            NetSocket(owning: fds.0, domain: domain, type: type, protocol: proto),
            NetSocket(owning: fds.1, domain: domain, type: type, protocol: proto)
        )
    }

    @usableFromInline
    package static func rawPair(domain: CInt, type: CInt, protocol proto: CInt) throws(SocketError) -> (CInt, CInt) {
        try InertDescriptor.ensure(.socketpair)
        var fds: (CInt, CInt) = (-1, -1)
        let r = withUnsafeMutablePointer(to: &fds) {
            $0.withMemoryRebound(to: CInt.self, capacity: 2) {
                Sys.socketpair(domain, type | SC.SOCK_NONBLOCK | SC.SOCK_CLOEXEC, proto, $0)
            }
        }
        if r < 0 { throw SocketError(errno: CInt(truncatingIfNeeded: -r), operation: .socketpair) }
        #if !os(Linux) && !os(FreeBSD)
        try NetSocket.applyDescriptorFlags(fds.0)
        try NetSocket.applyDescriptorFlags(fds.1)
        #endif
        return fds
    }

    // MARK: - Dialing (shared by TCPDialer and SockLinux's SCTPDialer)

    /// A dialer's whole `dial`: rejects a negative `timeout`, runs `start` (which creates the socket
    /// and starts connecting), then, for a positive `timeout`, waits for the handshake with
    /// ``finishConnect(until:)``. On a failed wait the socket is closed and the error is reported
    /// for `.dial`. With no timeout (or `.zero`) the connection is returned as it is, handshake
    /// possibly still running.
    package static func dial<Conn: NetSocket>(
        timeout: Duration?,
        _ start: () throws(SocketError) -> Conn
    ) throws(SocketError) -> Conn {
        if let timeout, timeout < .zero { throw .invalid(.negativeTimeout, .dial) }
        let conn = try start()
        guard let timeout, timeout > .zero else { return conn }
        do throws(SocketError) {
            try conn.finishConnect(until: .after(timeout))
        } catch {
            conn.close()
            throw SocketError(error.code, errno: error.errno, operation: .dial, detail: error.detail)
        }
        return conn
    }

    /// Runs a fresh socket's set-up (`body`: options, bind, connect). `.inProgress` from the
    /// non-blocking connect is success (the handshake continues); any other error closes the
    /// socket and is rethrown.
    package final func startConnecting(_ body: () throws(SocketError) -> Void) throws(SocketError) {
        do throws(SocketError) {
            try body()
        } catch {
            if error.code == .inProgress { return }
            close()
            throw error
        }
    }
}
