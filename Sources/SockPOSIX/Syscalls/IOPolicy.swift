import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The syscall seam, part 3: Sock's single I/O policy.
//
// How a call flows. A public operation (say `TCPConn.write(_:)`, a `Connection` extension) calls
// `netSocket.transfer(.write, .write, buffer, count) { fd, p, n, _, _ in Sys.send(fd, ...) }`.
// Everything is inlined: the non-capturing closure makes the `syscall` instruction, and the fast
// path is that instruction and one test of its result. Anything else (EINTR, EAGAIN, an error, 0)
// goes out of line to `ioSlowPath`, which retries EINTR, throws `.wouldBlock` when no deadline is
// set or waits for readiness (`waitReadiness`, ppoll) until the deadline and retries, and maps
// every other errno to a `SocketError` (`.closed` once the socket is closed). There is no
// per-operation guard: `close` parks the descriptor number instead (see `NetSocket`).
//
// Calls that do not wait (bind, listen, shutdown, getsockopt, ...) go through `call(_:_:)`.

/// Which readiness an operation waits for when it would block, and which deadline it obeys.
@usableFromInline
package enum Readiness: Sendable {
    /// Readable (`POLLIN`), until the read deadline.
    case read
    /// Writable (`POLLOUT`), until the write deadline.
    case write
    /// An error to report (`POLLERR`, which `poll` always reports), until the read deadline: the
    /// error-queue receive.
    case error

    @inlinable
    var events: Int16 {
        switch self {
        case .read: Int16(SC.POLLIN)
        case .write: Int16(SC.POLLOUT)
        case .error: 0
        }
    }
}

extension NetSocket {
    /// Runs `body(fd)` (a syscall returning >= 0 or -errno) with Sock's single retry policy: EINTR
    /// is retried; EAGAIN throws `.wouldBlock` when no deadline is set, or waits for `readiness`
    /// until the deadline and retries (a past deadline still gets one attempt: data that is ready
    /// wins); every other errno becomes a `SocketError` for `op` (`.closed` once the socket is
    /// closed).
    ///
    /// This is the by-value form below with the arguments captured by `body`: the same inlined
    /// fast path, with retries, waits and errors out of line in ``ioSlowPath(_:_:_:_:)``. Hot paths
    /// call the by-value forms directly, which keeps their arguments in registers. `body` must be
    /// safe to call again (restore anything the kernel shrinks, such as `msg_namelen`).
    @inlinable @inline(__always)
    package func io(
        _ op: SocketOperation,
        _ readiness: Readiness,
        _ body: (CInt) -> Int
    ) throws(SocketError) -> Int {
        try io(op, readiness, 0, 0) { fd, _, _, _, _ in body(fd) }
    }

    /// ``io(_:_:_:)`` for a syscall whose arguments after the descriptor are machine words, given
    /// by value (`a1`...`a4`) to a non-capturing `call`. The fast path is the `syscall` instruction
    /// and one test of its result: there is no descriptor guard to take and drop (see
    /// ``NetSocket``: `close` parks the number instead of releasing it), and the arguments reach
    /// memory only on the slow path. With a capturing closure the compiler would build the
    /// closure's context in memory on every call; `call` should not capture anything (it still
    /// works if it does, just not faster).
    @inlinable @inline(__always)
    package func io(
        _ op: SocketOperation,
        _ readiness: Readiness,
        _ a1: Int,
        _ a2: Int,
        _ a3: Int = 0,
        _ a4: Int = 0,
        _ call: (CInt, Int, Int, Int, Int) -> Int
    ) throws(SocketError) -> Int {
        let r = call(fd, a1, a2, a3, a4)
        if _fastPath(r >= 0) { return r }
        return try ioSlowPath(op, readiness, r, a1, a2, a3, a4, call)
    }

    /// ``io(_:_:_:_:_:_:_:)`` for a transfer of `count` bytes from or to `buffer` (read, write,
    /// send, receive into one buffer): `call(fd, buffer, count, a3, a4)`.
    ///
    /// A complete transfer returns `count` itself, not the kernel's result. Both are equal, but the
    /// caller's own test of the count (`guard try s.write(b) == b.count`, a `writeAll` loop) can
    /// then be decided at compile time, so the complete transfer costs one comparison in all. A
    /// partial transfer costs one more test; 0 (end of stream, or a read of the inert descriptor
    /// off Linux) goes to the slow path, which reports `.closed` for a closed socket.
    @inlinable @inline(__always)
    package func transfer(
        _ op: SocketOperation,
        _ readiness: Readiness,
        _ buffer: Int,
        _ count: Int,
        _ a3: Int = 0,
        _ a4: Int = 0,
        noWait: Bool = false,
        _ call: (CInt, Int, Int, Int, Int) -> Int
    ) throws(SocketError) -> Int {
        let r = call(fd, buffer, count, a3, a4)
        if _fastPath(r == count) { return count }
        if _fastPath(r > 0) { return r }
        return try ioSlowPath(op, readiness, r, buffer, count, a3, a4, noWait: noWait, call)
    }

    /// The rest of the by-value `io` and `transfer` after a first attempt that did not succeed at
    /// once.
    @usableFromInline @inline(never)
    package func ioSlowPath(
        _ op: SocketOperation,
        _ readiness: Readiness,
        _ first: Int,
        _ a1: Int,
        _ a2: Int,
        _ a3: Int,
        _ a4: Int,
        noWait: Bool = false,
        _ call: (CInt, Int, Int, Int, Int) -> Int
    ) throws(SocketError) -> Int {
        try ioSlowPath(op, readiness, first, noWait: noWait) { call($0, a1, a2, a3, a4) }
    }

    /// The rest of ``io(_:_:_:)`` after a first attempt that did not succeed at once: retries,
    /// waits, errors. A result of 0 is returned as it is unless the socket is closed. `noWait`: the
    /// caller is an `async` operation's attempt that says so itself, as ``Sys/noWait`` says it for
    /// any other: EAGAIN is reported, never waited for.
    @usableFromInline @inline(never)
    package func ioSlowPath(
        _ op: SocketOperation,
        _ readiness: Readiness,
        _ first: Int,
        noWait: Bool = false,
        _ body: (CInt) -> Int
    ) throws(SocketError) -> Int {
        var r = first
        while true {
            if r >= 0 {
                if r == 0, isClosed { throw closedError(op) }
                return r
            }
            let e = Sys.errorNumber(of: r)
            if e == Errno.EINTR {
                r = body(fd)
                continue
            }
            if e == Errno.EAGAIN || e == Errno.EWOULDBLOCK {
                let deadline = deadlineNanoseconds(for: readiness)
                // No deadline, or an `async` operation's attempt (its task awaits readiness on the
                // event loop instead of blocking the loop's thread): report EAGAIN.
                if deadline == 0 || noWait || Sys.noWait {
                    throw SocketError(.wouldBlock, errno: e, operation: op)
                }
                let revents = try waitReadiness(readiness.events, deadline, op)
                r = body(fd)
                if readiness == .error, Int32(revents) & (SC.POLLERR | SC.POLLHUP | SC.POLLNVAL) != 0,
                    r == -Int(Errno.EAGAIN) || r == -Int(Errno.EWOULDBLOCK)
                {
                    // Woken by an error that is not on the error queue (a pending SO_ERROR: a reset,
                    // an ICMP error without IP_RECVERR) or by a hang-up: waiting again would return
                    // at once, forever. Report it instead.
                    if let error = noProgressError(revents, op) { throw error }
                }
                continue
            }
            throw failure(r, op)
        }
    }

    /// The error of a wait for the error queue that woke with POLLERR or POLLHUP while the queue was
    /// empty: the socket's pending error (`SO_ERROR`, read and cleared), `.closed` for POLLNVAL, and
    /// for a hang-up with no pending error `.brokenPipe` (errno EPIPE: the connection is gone). nil
    /// for POLLERR alone with no pending error (another thread took the entry): waiting again is
    /// fine, as nothing is left to report POLLERR.
    @usableFromInline @inline(never)
    package func noProgressError(_ revents: Int16, _ op: SocketOperation) -> SocketError? {
        if Int32(revents) & SC.POLLNVAL != 0 || isClosed { return closedError(op) }
        var pending: CInt = 0
        var length = socklen_t(MemoryLayout<CInt>.size)
        if Sys.getsockopt(fd, SC.SOL_SOCKET, SC.SO_ERROR, &pending, &length) >= 0, pending != 0 {
            return SocketError(errno: pending, operation: op)
        }
        guard Int32(revents) & SC.POLLHUP != 0 else { return nil }
        return SocketError(.brokenPipe, errno: Errno.EPIPE, operation: op)
    }

    /// The deadline (monotonic nanoseconds, 0 = none) that an operation waiting for `readiness`
    /// obeys.
    @inlinable
    package func deadlineNanoseconds(for readiness: Readiness) -> Int64 {
        readiness == .write
            ? writeDeadlineNs.load(ordering: .relaxed) : readDeadlineNs.load(ordering: .relaxed)
    }

    /// Runs `body(fd)`, a call that does not wait (bind, listen, shutdown, getsockopt, fcntl, ...),
    /// after checking that the socket is open, and returns its value or throws its error for `op`
    /// (`.closed` once the socket is closed). EINTR is retried.
    @inlinable @inline(__always)
    package func call(_ op: SocketOperation, _ body: (CInt) -> Int) throws(SocketError) -> Int {
        try checkOpen(op)
        while true {
            let r = body(fd)
            if _fastPath(r >= 0) { return r }
            if r == -Int(Errno.EINTR) { continue }
            throw failure(r, op)
        }
    }

    /// As ``call(_:_:)``, but returns the errno of a failure instead of throwing it, for the few
    /// callers that treat some errno as success (`connect` and EISCONN, EINPROGRESS). nil on
    /// success.
    @inlinable @inline(__always)
    package func callReturningErrno(_ op: SocketOperation, _ body: (CInt) -> Int) throws(SocketError) -> CInt? {
        try checkOpen(op)
        let r = body(fd)
        if r >= 0 { return nil }
        if isClosed { throw closedError(op) }
        return Sys.errorNumber(of: r)
    }

    /// The error for a failed syscall result `r` (-errno) of `op`: `.closed` once the socket is
    /// closed, whatever the errno (the inert descriptor says EBADF, a shut-down socket EPIPE).
    @usableFromInline @inline(never)
    package func failure(_ r: Int, _ op: SocketOperation) -> SocketError {
        if isClosed { return closedError(op) }
        return SocketError(errno: Sys.errorNumber(of: r), operation: op)
    }

    /// Waits until the socket has one of `events` (or an error) or the deadline passes, and
    /// returns the `revents` `ppoll` reported. EINTR recomputes the remaining time; it never loses
    /// the deadline.
    ///
    /// The thread registers its wake-up descriptor (``ThreadWaker``) with the socket and polls it
    /// too, so that ``close()`` wakes it by writing there; a wait that starts after `close` throws
    /// `.closed` at once (and one that reaches the parked number sees POLLNVAL). Without a wake-up
    /// descriptor it counts itself unregistered, and `close` shuts the socket down to wake it.
    @usableFromInline @discardableResult
    package func waitReadiness(_ events: Int16, _ deadlineNs: Int64, _ op: SocketOperation) throws(SocketError) -> Int16
    {
        let waker = ThreadWaker.current()
        let registered = waiters.withLock { waiters in
            if waker >= 0, waiters.register(waker) { return true }
            waiters.unregistered += 1
            return false
        }
        defer {
            waiters.withLock { waiters in
                if registered { waiters.unregister(waker) } else { waiters.unregistered -= 1 }
            }
        }
        // Registered before this load: a close that set the bit earlier is seen here (the lock
        // orders the two), one that sets it later writes to the waker.
        if isClosed { throw closedError(op) }
        var pfds = (
            pollfd(fd: fd, events: events, revents: 0),
            pollfd(fd: registered ? waker : -1, events: Int16(SC.POLLIN), revents: 0)
        )
        while true {
            let now = Deadline.monotonicNow()
            if now >= deadlineNs { throw SocketError(.timedOut, operation: op) }
            let left = deadlineNs - now
            var ts = timespec(tv_sec: Int(left / 1_000_000_000), tv_nsec: Int(left % 1_000_000_000))
            let r = withUnsafeMutablePointer(to: &pfds) {
                $0.withMemoryRebound(to: pollfd.self, capacity: 2) { Sys.ppoll($0, 2, &ts) }
            }
            if r > 0 {
                if pfds.1.revents != 0 {
                    // A close of this socket, or a wake-up left over from an earlier one.
                    ThreadWaker.drain(waker)
                    pfds.1.revents = 0
                }
                if isClosed { throw closedError(op) }
                if pfds.0.revents != 0 { return pfds.0.revents }
                continue
            }
            if r == 0 || r == -Int(Errno.EINTR) {
                if isClosed { throw closedError(op) }
                continue
            }
            throw failure(r, .poll)
        }
    }

    /// Checks readiness without waiting: true when the socket has one of `events` (or an error).
    @usableFromInline
    package func pollNow(_ events: Int16) throws(SocketError) -> Bool {
        try checkOpen(.poll)
        var pfd = pollfd(fd: fd, events: events, revents: 0)
        var zero = timespec(tv_sec: 0, tv_nsec: 0)
        while true {
            let r = Sys.ppoll(&pfd, 1, &zero)
            if r > 0, isClosed { throw closedError(.poll) }
            if r >= 0 { return r > 0 }
            if r != -Int(Errno.EINTR) { throw failure(r, .poll) }
        }
    }
}

extension NetSocket {
    /// `accept4(2)` (non-blocking, close-on-exec): the new socket's descriptor, with the peer's
    /// address stored in `peer`. `ECONNABORTED` (a connection reset while queued) is skipped, as
    /// is EINTR; EAGAIN waits for readability until the read deadline.
    @inlinable
    package func acceptDescriptor(_ peer: inout SocketAddress) throws(SocketError) -> CInt {
        let r = try peer.withUnsafeMutableStorage { (sa, len) throws(SocketError) -> Int in
            let capacity = len
            return try io(.accept, .read) {
                while true {
                    len = capacity
                    let r = Sys.accept($0, sa, &len)
                    if r != -Int(Errno.ECONNABORTED) { return r }
                }
            }
        }
        return CInt(r)
    }

    /// Accepts one pending connection as a socket of this one's family, type and protocol.
    @inlinable
    package func acceptSocket() throws(SocketError) -> NetSocket {
        var peer = SocketAddress()
        let fd = try acceptDescriptor(&peer)
        return NetSocket(owning: fd, family: family, type: type, protocol: self.protocol, peer: peer)
    }
}
