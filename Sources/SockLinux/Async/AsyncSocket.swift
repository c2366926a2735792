import CPlatform
import SockPOSIX

/// The `async` operations of a socket, on the ``EventLoop`` running the calling task
/// (`socket.async.read(into:)`, `listener.async.accept()`, ...). Each has exactly the capabilities
/// of its socket type, like the synchronous API.
///
/// An operation first makes its synchronous, non-blocking attempt; when that would block, the task
/// suspends until the loop sees the socket ready, then tries again. It obeys the socket's
/// deadlines (``Socket/setReadDeadline(_:)``) as the synchronous operation does (`.timedOut`),
/// without ever blocking the loop's thread. A task cancelled while it waits ends with `.cancelled`
/// (within 5 ms: the loop sweeps its waiting tasks) and nothing consumed; ``NetSocket/close()``
/// from any thread ends the wait with `.closed`.
///
/// The first `async` operation registers the socket with the calling task's loop; it stays on that
/// loop (another loop's task gets `.invalidArgument`, detail `.otherEventLoop`). Called outside a
/// loop, an operation throws `.notSupported` (detail `.noEventLoop`). At most one task may wait
/// for each direction of a socket at a time (`.invalidArgument`, detail `.concurrentWait`).
@frozen
public struct AsyncSocket<Base: Socket>: Sendable {
    /// The socket.
    public let base: Base

    @inlinable
    init(_ base: Base) { self.base = base }
}

extension Socket {
    /// The socket's `async` operations (see ``AsyncSocket``).
    @inlinable
    public var async: AsyncSocket<Self> { AsyncSocket(self) }
}

/// What an `async` operation waits for when its attempt would block.
public enum AsyncInterest: Sendable {
    /// Readable (data, a connection to accept, end of stream, an error).
    case readable
    /// Writable (buffer space, a finished connect, an error).
    case writable
    /// An error-queue entry (`MSG_ERRQUEUE` receives).
    case error

    @inlinable
    var readiness: Readiness {
        switch self {
        case .readable: .read
        case .writable: .write
        case .error: .error
        }
    }
}

extension AsyncSocket {
    /// Runs `attempt`, any synchronous operation of this socket, as an `async` one: when it throws
    /// `.wouldBlock` the task waits on the loop until the socket is `interest`-ready (or the
    /// socket's deadline for that direction passes), then calls it again. Use it for operations
    /// Sock has no `async` form of; `attempt` must be safe to repeat after `.wouldBlock`.
    ///
    /// ```swift
    /// let info = try await conn.async.perform(.readable) { () throws(SocketError) in
    ///     try conn.receiveMessage(into: &buffer, control: &control)
    /// }
    /// ```
    @inlinable @inline(always)
    nonisolated(nonsending) public func perform<T>(
        _ interest: AsyncInterest,
        _ attempt: () throws(SocketError) -> T
    ) async throws(SocketError) -> T {
        try await base.netSocket.onLoop(interest.readiness, .poll, attempt)
    }
}

extension SocketError {
    /// Throws `error` from a function of its own, for the `throw`s of the `async` operations, which
    /// are inlined into their callers. Each `throw` statement gives the function it ends up in a
    /// slot for the error (the runtime's `swift_willThrowTypedImpl` takes its address), and the
    /// compiler computes those addresses where the function, or its resumption after an `await`,
    /// begins: an inlined read and write cost about 20 instructions per resume that way, error or
    /// not. An error that comes back from a call is propagated without a slot.
    @usableFromInline @inline(never)
    static func raise(_ error: SocketError) throws(SocketError) -> Never { throw error }
}

extension NetSocket {
    /// One attempt of an `async` operation: `attempt` runs without waiting (``Sys/noWait``: a
    /// deadline does not block the loop's thread in `ppoll`); nil when it would block (EAGAIN),
    /// its value or its other error otherwise. `setsNoWait` false: `attempt` never waits by itself
    /// (Sock's own reads and writes pass `noWait: true` down to the system call's slow path), so
    /// the thread-local flag is left alone.
    @inlinable @inline(always)
    package func attemptOnLoop<T>(
        setsNoWait: Bool = true,
        _ attempt: () throws(SocketError) -> T
    ) throws(SocketError) -> T? {
        if setsNoWait { Sys.noWait = true }
        defer { if setsNoWait { Sys.noWait = false } }
        do {
            return try attempt()
        } catch {
            if error.code == .wouldBlock { return nil }
            try SocketError.raise(error)
        }
    }

    /// The one `async` policy: attempt without waiting (``Sys/noWait``: a deadline does not block
    /// the loop's thread), and on EAGAIN clear the readiness and wait for the loop to see it again.
    @inlinable @inline(always)
    nonisolated(nonsending) package func onLoop<T>(
        _ readiness: Readiness,
        _ op: SocketOperation,
        _ attempt: () throws(SocketError) -> T
    ) async throws(SocketError) -> T {
        let registration = try EventLoop.registrationRef(for: self, op)
        if registration.ringMode, readiness != .write, registration.get({ $0.receivesThroughRing }) {
            try SocketError.raise(.invalid(.ringReceive, op))
        }
        while true {
            if registration.isReady(readiness) {
                if let value = try attemptOnLoop(attempt) { return value }
                registration.clear(readiness)
            }
            try await registration.wait(readiness, deadlineNanoseconds(for: readiness), op)
        }
    }

    /// ``onLoop(_:_:_:)`` for a read into `count` bytes: on a byte stream (TCP, Unix stream) a short
    /// read (fewer than `count`) means the socket's buffer was drained, so the next read waits for
    /// an event instead of trying a syscall that would report EAGAIN (tokio's rule, for
    /// edge-triggered readiness), unless the peer already ended its side: then the end of the
    /// stream, whose edge came with the data, is still to be read. Not on message sockets (datagram, seqpacket, SCTP), where a read
    /// takes one message and others may be queued.
    ///
    /// On the io_uring backend a byte stream reads through the ring instead: `take` copies what its
    /// multishot receive delivered.
    @inlinable @inline(always)
    nonisolated(nonsending) func onLoopRead(
        _ op: SocketOperation,
        _ count: Int,
        setsNoWait: Bool = true,
        _ take: (Registration) throws(SocketError) -> Int,
        _ attempt: () throws(SocketError) -> Int
    ) async throws(SocketError) -> Int {
        let registration = try EventLoop.registrationRef(for: self, op)
        let byteStream = registration.state.pointee.byteStream
        if registration.ringMode, byteStream, count > 0 {
            if registration.hasReceived { return try registration.with(take) }
            return try await ringRead(registration, op, setsNoWait: setsNoWait, take, attempt)
        }
        while true {
            if registration.state.pointee.readable {
                if let n = try attemptOnLoop(setsNoWait: setsNoWait, attempt) {
                    if byteStream, n > 0, n < count, !registration.state.pointee.readHungUp {
                        registration.state.pointee.readable = false
                    }
                    return n
                }
                registration.state.pointee.readable = false
            }
            try await registration.wait(.read, deadlineNanoseconds(for: .read), op)
        }
    }

    /// ``onLoop(_:_:_:)`` for a write of `buffer` on a connection: on the io_uring backend a byte
    /// stream sends through the ring (staged for the loop's turn, what the socket's buffer does not
    /// take queued in its backlog; a send that fails shows on the next write).
    @inlinable @inline(always)
    nonisolated(nonsending) package func onLoopWrite(
        _ op: SocketOperation,
        _ buffer: UnsafeRawBufferPointer,
        setsNoWait: Bool = true,
        _ attempt: () throws(SocketError) -> Int
    ) async throws(SocketError) -> Int {
        let registration = try EventLoop.registrationRef(for: self, op)
        if registration.ringMode, registration.state.pointee.byteStream {
            let staged = try registration.with { (object) throws(SocketError) in try object.stageWrite(self, buffer) }
            if staged >= 0 { return staged }
            return try await ringWrite(registration.object, buffer, op)
        }
        while true {
            if registration.state.pointee.writable {
                if let value = try attemptOnLoop(setsNoWait: setsNoWait, attempt) { return value }
                registration.state.pointee.writable = false
            }
            try await registration.wait(.write, deadlineNanoseconds(for: .write), op)
        }
    }
}
