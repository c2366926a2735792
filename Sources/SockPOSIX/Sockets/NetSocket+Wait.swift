import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Which deadline an operation obeys.
@frozen
public enum IODirection: Sendable {
    case read
    case write
}

extension NetSocket {
    // MARK: - Deadlines

    /// Sets both the read and the write deadline. `nil` clears them (operations then throw
    /// `.wouldBlock` instead of waiting). A deadline applies to operations that start waiting after
    /// it is set; to interrupt an operation already waiting, close the socket.
    @inlinable
    public final func setDeadline(_ deadline: Deadline?) {
        setReadDeadline(deadline)
        setWriteDeadline(deadline)
    }

    /// Sets the deadline for reads, receives and accept. `nil` clears it.
    @inlinable
    public final func setReadDeadline(_ deadline: Deadline?) {
        readDeadlineNs.store(deadline?.nanoseconds ?? 0, ordering: .relaxed)
    }

    /// Sets the deadline for writes, sends and connect completion. `nil` clears it.
    @inlinable
    public final func setWriteDeadline(_ deadline: Deadline?) {
        writeDeadlineNs.store(deadline?.nanoseconds ?? 0, ordering: .relaxed)
    }

    /// The current read deadline, if any.
    public final var readDeadline: Deadline? {
        let ns = readDeadlineNs.load(ordering: .relaxed)
        return ns == 0 ? nil : Deadline(monotonicNanoseconds: ns)
    }

    /// The current write deadline, if any.
    public final var writeDeadline: Deadline? {
        let ns = writeDeadlineNs.load(ordering: .relaxed)
        return ns == 0 ? nil : Deadline(monotonicNanoseconds: ns)
    }

    // MARK: - The one retry policy

    /// Runs `body(fd)` (a syscall returning >= 0 or -errno) under a reference, with Sock's single
    /// retry policy: EINTR is retried; EAGAIN throws `.wouldBlock` when no deadline is set, or waits
    /// for readiness until the deadline and retries (a past deadline still gets one attempt: data that
    /// is ready wins); every other errno becomes a `SocketError` for `op`.
    ///
    /// This is the by-value form below with the arguments captured by `body`: the same inlined fast
    /// path (take a reference, one syscall that succeeds, drop the reference), with retries, waits
    /// and errors out of line in ``ioSlowPath(_:_:_:_:)``. Hot paths call the by-value form
    /// directly, which keeps their arguments in registers.
    @inlinable @inline(__always)
    package final func io(
        _ op: SocketOperation,
        _ direction: IODirection,
        _ body: (CInt) -> Int
    ) throws(SocketError) -> Int {
        try io(op, direction, 0, 0) { fd, _, _, _, _ in body(fd) }
    }

    /// ``io(_:_:_:)`` for a syscall whose arguments after the descriptor are machine words, given
    /// by value (`a1`...`a4`) to a non-capturing `call`. With a capturing closure the compiler builds
    /// the closure's context in memory before the descriptor guard's atomic on every call; with the
    /// arguments passed by value the fast path is the guard, the `syscall` instruction and the result
    /// test, and the arguments reach memory only on the slow path. `call` should not capture anything
    /// (it still works if it does, just not faster).
    @inlinable @inline(__always)
    package final func io(
        _ op: SocketOperation,
        _ direction: IODirection,
        _ a1: Int,
        _ a2: Int,
        _ a3: Int = 0,
        _ a4: Int = 0,
        _ call: (CInt, Int, Int, Int, Int) -> Int
    ) throws(SocketError) -> Int {
        guard _fastPath(acquireFast()) else { throw closedAfterFailedAcquire(op) }
        let r = call(fd, a1, a2, a3, a4)
        if _fastPath(r >= 0) {
            release()
            return r
        }
        return try ioSlowPath(op, direction, r, a1, a2, a3, a4, call)
    }

    /// The rest of the by-value `io` after a failed first attempt.
    @usableFromInline @inline(never)
    package final func ioSlowPath(
        _ op: SocketOperation,
        _ direction: IODirection,
        _ first: Int,
        _ a1: Int,
        _ a2: Int,
        _ a3: Int,
        _ a4: Int,
        _ call: (CInt, Int, Int, Int, Int) -> Int
    ) throws(SocketError) -> Int {
        try ioSlowPath(op, direction, first) { call($0, a1, a2, a3, a4) }
    }

    /// The rest of ``io(_:_:_:)`` after a failed first attempt: retries, waits, errors. Holds the
    /// reference `io` took and drops it on every exit.
    @usableFromInline @inline(never)
    package final func ioSlowPath(
        _ op: SocketOperation,
        _ direction: IODirection,
        _ first: Int,
        _ body: (CInt) -> Int
    ) throws(SocketError) -> Int {
        defer { release() }
        var r = first
        while true {
            if r >= 0 { return r }
            let e = CInt(truncatingIfNeeded: -r)
            if e == Errno.EINTR {
                r = body(fd)
                continue
            }
            if e == Errno.EAGAIN || e == Errno.EWOULDBLOCK {
                let deadline =
                    direction == .read
                    ? readDeadlineNs.load(ordering: .relaxed) : writeDeadlineNs.load(ordering: .relaxed)
                if deadline == 0 { throw SocketError(.wouldBlock, errno: e, operation: op) }
                try waitLocked(direction == .read ? Int16(SC.POLLIN) : Int16(SC.POLLOUT), deadline, op)
                r = body(fd)
                continue
            }
            if isClosed { throw SocketError(.closed, errno: e, operation: op) }
            throw SocketError(errno: e, operation: op)
        }
    }

    /// Waits until the socket is readable (or writable) or the deadline passes. Caller holds a
    /// reference. EINTR recomputes the remaining time; it never loses the deadline.
    @usableFromInline
    package final func waitLocked(_ events: Int16, _ deadlineNs: Int64, _ op: SocketOperation) throws(SocketError) {
        var pfd = pollfd(fd: fd, events: events, revents: 0)
        while true {
            if isClosed { throw SocketError(.closed, operation: op) }
            let now = Deadline.monotonicNow()
            if now >= deadlineNs { throw SocketError(.timedOut, operation: op) }
            let left = deadlineNs - now
            var ts = timespec(tv_sec: Int(left / 1_000_000_000), tv_nsec: Int(left % 1_000_000_000))
            let r = Sys.ppoll(&pfd, 1, &ts)
            if r > 0 {
                if isClosed { throw SocketError(.closed, operation: op) }
                return
            }
            if r == 0 || r == -Int(Errno.EINTR) { continue }
            throw SocketError(errno: CInt(truncatingIfNeeded: -r), operation: .poll)
        }
    }

    /// Waits for readiness without performing I/O: until the socket is readable (`.read`) or
    /// writable (`.write`), or `deadline` passes. With `deadline == nil` it only checks, without
    /// waiting. Useful with a non-blocking dial or an external event loop.
    ///
    /// - Returns: `true` when ready, `false` when not ready and `deadline` was nil.
    /// - Throws: `.timedOut` when the deadline passes, `.closed`.
    public final func waitReady(_ direction: IODirection, until deadline: Deadline?) throws(SocketError) -> Bool {
        try acquire(.poll)
        defer { release() }
        let events = direction == .read ? Int16(SC.POLLIN) : Int16(SC.POLLOUT)
        guard let deadline else {
            var pfd = pollfd(fd: fd, events: events, revents: 0)
            var zero = timespec(tv_sec: 0, tv_nsec: 0)
            while true {
                let r = Sys.ppoll(&pfd, 1, &zero)
                if r >= 0 { return r > 0 }
                if r != -Int(Errno.EINTR) { throw SocketError(errno: CInt(truncatingIfNeeded: -r), operation: .poll) }
            }
        }
        try waitLocked(events, deadline.nanoseconds, .poll)
        return true
    }
}
