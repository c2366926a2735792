#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A socket that reads and writes: a connected stream (``StreamConnection``: ``TCPConn``,
/// ``UnixConn``, `SCTPConn`) or a datagram socket (``DatagramSocket``: ``UDPConn``,
/// ``UnixDatagramConn``, ``RawConn``), the counterpart of Go's `net.Conn`. Listeners are not
/// connections: they accept.
///
/// Every operation makes its system call once and is non-blocking: `.wouldBlock` at once when
/// the kernel is not ready, unless a deadline is set (``Socket/setReadDeadline(_:)``,
/// ``Socket/setWriteDeadline(_:)``), in which case it waits for readiness until the deadline and
/// then throws `.timedOut`. Each operation has three buffer forms: raw buffer pointers (the
/// bottom), `[UInt8]`, and `RawSpan`/`MutableRawSpan`; none allocates.
///
/// What a read of 0 bytes means depends on the socket: end of stream on a stream connection (the
/// peer shut down its side, or a 0-byte buffer was passed); an empty datagram on a datagram
/// socket (a 0-byte datagram is a real message there, and never end of stream).
public protocol Connection: Socket {}

extension Connection {
    // MARK: - Reading and writing

    /// Reads up to `buffer.count` bytes with one `read(2)`. Returns 0 at end of stream on a stream
    /// socket (and for a 0-byte buffer), or the length of an empty datagram on a datagram socket.
    ///
    /// On a datagram socket a datagram longer than the buffer is cut without notice (as `read(2)`
    /// does): use `DatagramSocket/receive(into:flags:)`, which
    /// reports truncation, when that matters.
    ///
    /// - Throws: `.wouldBlock`, `.timedOut`, `.closed`, `.connectionReset`, `.notConnected`, ...
    @inlinable
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int {
        try netSocket.read(into: buffer, noWait: false)
    }

    /// Writes up to `buffer.count` bytes with one `send(2)` (`MSG_NOSIGNAL`, so a reset peer gives
    /// `.brokenPipe`/`.connectionReset` instead of SIGPIPE). Returns the number written, which may
    /// be less than `buffer.count` on a stream; `writeAll(_:)` loops.
    ///
    /// - Throws: `.wouldBlock`, `.timedOut`, `.closed`, `.brokenPipe`, `.connectionReset`,
    ///   `.notConnected` (an unconnected datagram socket), `.messageTooLarge`, ...
    @inlinable
    public func write(_ buffer: UnsafeRawBufferPointer) throws(SocketError) -> Int {
        try netSocket.write(buffer, noWait: false)
    }

    /// Writes every byte of `buffer`, looping over short writes. When the socket's buffer is full it
    /// waits for writability until the write deadline, or indefinitely when none is set (this is
    /// the one blocking-style call). On error the bytes already written are gone: use
    /// `write(_:)` to track partial progress yourself.
    ///
    /// - Throws: `.timedOut` (deadline), `.closed`, `.brokenPipe`, `.connectionReset`, ...
    public func writeAll(_ buffer: UnsafeRawBufferPointer) throws(SocketError) {
        var offset = 0
        while offset < buffer.count {
            let rest = UnsafeRawBufferPointer(rebasing: buffer[offset...])
            do throws(SocketError) {
                offset += try write(rest)
            } catch  where error.code == .wouldBlock {
                let d = netSocket.deadlineNanoseconds(for: .write)
                try netSocket.waitReadiness(Int16(SC.POLLOUT), d == 0 ? Int64.max : d, .write)
            }
        }
    }

    /// `recv(2)` with flags (e.g. ``MessageFlags/peek``). Returns the byte count. Sock never adds
    /// `MSG_TRUNC` here: on a stream it would discard the bytes.
    /// - Throws: as `read(into:)`.
    @inlinable
    public func read(into buffer: UnsafeMutableRawBufferPointer, flags: MessageFlags) throws(SocketError) -> Int {
        try netSocket.io(.receive, .read, Word.of(buffer.baseAddress), buffer.count, Int(flags.rawValue)) {
            fd,
            p,
            n,
            f,
            _ in
            Sys.recvfrom(fd, Word.raw(p), n, Word.int32(f), nil, nil)
        }
    }

    /// `send(2)` with flags (`MSG_NOSIGNAL` is always added).
    /// - Throws: as `write(_:)`.
    @inlinable
    public func write(_ buffer: UnsafeRawBufferPointer, flags: MessageFlags) throws(SocketError) -> Int {
        try netSocket.transfer(.send, .write, Word.of(buffer.baseAddress), buffer.count, Int(flags.rawValue)) {
            fd,
            p,
            n,
            f,
            _ in
            Sys.send(fd, Word.raw(p), n, Word.int32(f))
        }
    }

    /// Scatter read into several buffers with one `readv(2)`.
    /// - Throws: as `read(into:)`; `.invalidArgument` with
    ///   `.batchTooLarge` for more than 1024 buffers (IOV_MAX).
    @inlinable
    public func readv(_ buffers: UnsafeBufferPointer<iovec>) throws(SocketError) -> Int {
        guard buffers.count <= 1024 else { throw .invalid(.batchTooLarge, .readv) }
        let n = try netSocket.io(.readv, .read) { Sys.readv($0, buffers.baseAddress, CInt(buffers.count)) }
        // 0 is end of stream, or (off Linux) the inert descriptor of a socket closed meanwhile.
        if n == 0, netSocket.isClosed { throw netSocket.closedError(.readv) }
        return n
    }

    /// Gather write from several buffers with one `sendmsg(2)` (`MSG_NOSIGNAL`).
    /// - Throws: as `write(_:)`; `.invalidArgument` with
    ///   `.batchTooLarge` for more than 1024 buffers.
    @inlinable
    public func writev(_ buffers: UnsafeBufferPointer<iovec>) throws(SocketError) -> Int {
        guard buffers.count <= 1024 else { throw .invalid(.batchTooLarge, .writev) }
        var msg = msghdr()
        msg.msg_iov = UnsafeMutablePointer(mutating: buffers.baseAddress)
        msg.msg_iovlen = numericCast(buffers.count)
        return try netSocket.io(.writev, .write) { Sys.sendmsg($0, &msg, 0) }
    }

    // MARK: - Connecting

    /// The connected peer's address. The corresponding C function is `getpeername`.
    /// - Throws: `.notConnected`, `.closed`.
    @inlinable
    public func remoteAddress() throws(SocketError) -> SocketAddress {
        try netSocket.nameCall(.getpeername) { fd, sa, len in Sys.getpeername(fd, sa, len) }
    }

    /// Completes a dial whose handshake may still be running (a dialer without a timeout returns
    /// at once): waits for writability until `deadline` (or, when `deadline` is nil, only checks),
    /// then reads the outcome from `SO_ERROR`.
    ///
    /// - Throws: `.inProgress` when `deadline` is nil and the handshake is still running;
    ///   `.timedOut` when the deadline passes (the socket stays open: close it or keep waiting);
    ///   the handshake's error (`.connectionRefused`, `.hostUnreachable`, `.timedOut`, ...).
    public func finishConnect(until deadline: Deadline?) throws(SocketError) {
        try netSocket.finishConnect(until: deadline)
    }
}

/// A connected stream socket (``TCPConn``, ``UnixConn``, `SCTPConn`): a ``Connection`` that can
/// be half-closed.
public protocol StreamConnection: Connection {}

extension StreamConnection {
    /// Shuts down one or both directions. `.write` half-closes: the peer reads end of stream,
    /// while this side can still read. The corresponding C function is `shutdown`.
    /// - Throws: `.notConnected`, `.closed`.
    @inlinable
    public func shutdown(_ direction: ShutdownDirection) throws(SocketError) {
        // On an io_uring event loop, bytes an `async` write queued go first.
        if netSocket.asyncShutdownTakenOver(direction.rawValue) { return }
        _ = try netSocket.call(.shutdown) { Sys.shutdown($0, direction.rawValue) }
    }
}

/// A socket that accepts connections (``TCPListener``, ``UnixListener``, `SCTPListener`).
///
/// ``accept()`` is non-blocking: `.wouldBlock` when nothing is pending, unless a read deadline is
/// set (``Socket/setReadDeadline(_:)``), in which case it waits for a peer until the deadline.
public protocol Listener: Socket {
    /// The type of the accepted connections.
    associatedtype Accepted: StreamConnection

    /// Accepts one pending connection (`accept4(2)`, non-blocking and close-on-exec atomically).
    /// - Throws: `.wouldBlock`, `.timedOut`, `.closed`, `.tooManyOpenFiles` (the connection stays
    ///   queued and can be accepted once descriptors are free), ...
    func accept() throws(SocketError) -> Accepted
}

extension NetSocket {
    /// `Connection.read(into:)`. `noWait`: an `async` read's attempt, which reports EAGAIN instead of
    /// waiting for a deadline (without setting ``Sys/noWait``, two thread-local stores).
    @inlinable @inline(__always)
    package func read(into buffer: UnsafeMutableRawBufferPointer, noWait: Bool) throws(SocketError) -> Int {
        try transfer(.read, .read, Word.of(buffer.baseAddress), buffer.count, noWait: noWait) { fd, p, n, _, _ in
            Sys.read(fd, Word.raw(p), n)
        }
    }

    /// `Connection.write(_:)`, with `noWait` as in ``read(into:noWait:)``.
    @inlinable @inline(__always)
    package func write(_ buffer: UnsafeRawBufferPointer, noWait: Bool) throws(SocketError) -> Int {
        try transfer(.write, .write, Word.of(buffer.baseAddress), buffer.count, noWait: noWait) { fd, p, n, _, _ in
            Sys.send(fd, Word.raw(p), n, 0)
        }
    }
}
