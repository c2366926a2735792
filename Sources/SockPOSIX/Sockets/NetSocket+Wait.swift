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

    /// Runs `body(fd)` (a syscall returning >= 0 or -errno) with Sock's single retry policy: EINTR
    /// is retried; EAGAIN throws `.wouldBlock` when no deadline is set, or waits for readiness until
    /// the deadline and retries (a past deadline still gets one attempt: data that is ready wins);
    /// every other errno becomes a `SocketError` for `op` (`.closed` once the socket is closed).
    ///
    /// This is the by-value form below with the arguments captured by `body`: the same inlined fast
    /// path (one syscall that succeeds), with retries, waits and errors out of line in
    /// ``ioSlowPath(_:_:_:_:)``. Hot paths call the by-value forms directly, which keeps their
    /// arguments in registers.
    @inlinable @inline(__always)
    package final func io(
        _ op: SocketOperation,
        _ direction: IODirection,
        _ body: (CInt) -> Int
    ) throws(SocketError) -> Int {
        try io(op, direction, 0, 0) { fd, _, _, _, _ in body(fd) }
    }

    /// ``io(_:_:_:)`` for a syscall whose arguments after the descriptor are machine words, given
    /// by value (`a1`...`a4`) to a non-capturing `call`. The fast path is the `syscall` instruction
    /// and one test of its result: there is no descriptor guard to take and drop (see
    /// ``NetSocket``: `close` parks the number instead of releasing it), and the arguments reach
    /// memory only on the slow path. With a capturing closure the compiler would build the
    /// closure's context in memory on every call; `call` should not capture anything (it still
    /// works if it does, just not faster).
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
        let r = call(fd, a1, a2, a3, a4)
        if _fastPath(r >= 0) { return r }
        return try ioSlowPath(op, direction, r, a1, a2, a3, a4, call)
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
    package final func transfer(
        _ op: SocketOperation,
        _ direction: IODirection,
        _ buffer: Int,
        _ count: Int,
        _ a3: Int = 0,
        _ a4: Int = 0,
        _ call: (CInt, Int, Int, Int, Int) -> Int
    ) throws(SocketError) -> Int {
        let r = call(fd, buffer, count, a3, a4)
        if _fastPath(r == count) { return count }
        if _fastPath(r > 0) { return r }
        return try ioSlowPath(op, direction, r, buffer, count, a3, a4, call)
    }

    /// The rest of the by-value `io` and `transfer` after a first attempt that did not succeed at
    /// once.
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

    /// The rest of ``io(_:_:_:)`` after a first attempt that did not succeed at once: retries,
    /// waits, errors. A result of 0 is returned as it is unless the socket is closed.
    @usableFromInline @inline(never)
    package final func ioSlowPath(
        _ op: SocketOperation,
        _ direction: IODirection,
        _ first: Int,
        _ body: (CInt) -> Int
    ) throws(SocketError) -> Int {
        var r = first
        while true {
            if r >= 0 {
                if r == 0, isClosed { throw SocketError(.closed, operation: op) }
                return r
            }
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
                try waitReadiness(direction == .read ? Int16(SC.POLLIN) : Int16(SC.POLLOUT), deadline, op)
                r = body(fd)
                continue
            }
            throw failure(r, op)
        }
    }

    /// Waits until the socket is readable (or writable) or the deadline passes. EINTR recomputes the
    /// remaining time; it never loses the deadline.
    ///
    /// The thread counts itself as a waiter in the state word while it waits, so that ``close()``
    /// knows to shut the socket down, which wakes its `ppoll`; a wait that starts after `close`
    /// throws `.closed` at once (and one that reaches the parked number sees POLLNVAL).
    @usableFromInline
    package final func waitReadiness(_ events: Int16, _ deadlineNs: Int64, _ op: SocketOperation) throws(SocketError) {
        let before = state.wrappingAdd(1, ordering: .acquiringAndReleasing).oldValue
        defer { state.wrappingSubtract(1, ordering: .releasing) }
        if before & Self.closedBit != 0 { throw SocketError(.closed, operation: op) }
        var pfd = pollfd(fd: fd, events: events, revents: 0)
        while true {
            let now = Deadline.monotonicNow()
            if now >= deadlineNs { throw SocketError(.timedOut, operation: op) }
            let left = deadlineNs - now
            var ts = timespec(tv_sec: Int(left / 1_000_000_000), tv_nsec: Int(left % 1_000_000_000))
            let r = Sys.ppoll(&pfd, 1, &ts)
            if r > 0 {
                if isClosed { throw SocketError(.closed, operation: op) }
                return
            }
            if r == 0 || r == -Int(Errno.EINTR) {
                if isClosed { throw SocketError(.closed, operation: op) }
                continue
            }
            throw failure(r, .poll)
        }
    }

    /// Waits for readiness without performing I/O: until the socket is readable (`.read`) or
    /// writable (`.write`), or `deadline` passes. With `deadline == nil` it only checks, without
    /// waiting. Useful with a non-blocking dial or an external event loop.
    ///
    /// - Returns: `true` when ready, `false` when not ready and `deadline` was nil.
    /// - Throws: `.timedOut` when the deadline passes, `.closed`.
    public final func waitReady(_ direction: IODirection, until deadline: Deadline?) throws(SocketError) -> Bool {
        try checkOpen(.poll)
        let events = direction == .read ? Int16(SC.POLLIN) : Int16(SC.POLLOUT)
        guard let deadline else {
            var pfd = pollfd(fd: fd, events: events, revents: 0)
            var zero = timespec(tv_sec: 0, tv_nsec: 0)
            while true {
                let r = Sys.ppoll(&pfd, 1, &zero)
                if r > 0, isClosed { throw SocketError(.closed, operation: .poll) }
                if r >= 0 { return r > 0 }
                if r != -Int(Errno.EINTR) { throw failure(r, .poll) }
            }
        }
        try waitReadiness(events, deadline.nanoseconds, .poll)
        return true
    }
}
