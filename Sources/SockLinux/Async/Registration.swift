import SockPOSIX

/// How a wait for readiness ended.
@usableFromInline
enum WaitOutcome: UInt8, Sendable {
    case ready, timedOut, cancelled, closed, stopped
}

/// One socket's registration with an ``EventLoop``: its readiness as the loop last learned it and
/// the (at most one) task waiting for each direction.
///
/// Ownership: the socket holds it (``NetSocket``'s `asyncRegistration`, released when the socket
/// deinitializes) and the loop's table holds it while the socket is open. It holds no reference to
/// the socket. The kernel never holds a pointer: epoll's data word is the descriptor number and a
/// generation, checked against the table, so an event for a socket closed meanwhile finds nothing
/// (no use-after-free, whatever the order of close, deinit and the loop's turn).
///
/// Every field but `fd`, `generation` and `loop` is touched only by the loop's thread; `close` from
/// another thread and task cancellation reach it through the loop's inbox.
@usableFromInline
final class Registration: AsyncCloseObserver, @unchecked Sendable {
    @usableFromInline let loop: EventLoop
    let fd: CInt
    let generation: UInt32

    /// What the loop last learned: set by events, cleared when an attempt reports EAGAIN (or a read
    /// comes back short: the buffer was drained). Both start true: the first attempt is optimistic.
    @usableFromInline var readable = true
    @usableFromInline var writable = true
    /// The events of the last wake-up (for the error queue's no-progress check).
    @usableFromInline var lastEvents: UInt32 = 0
    /// Set once the socket closed (or the loop stopped); waits throw at once.
    @usableFromInline var isClosed = false

    var reader: UnsafeContinuation<WaitOutcome, Never>?
    var writer: UnsafeContinuation<WaitOutcome, Never>?
    var readerSequence: UInt32 = 0
    var writerSequence: UInt32 = 0
    var sequence: UInt32 = 0

    init(loop: EventLoop, fd: CInt, generation: UInt32) {
        self.loop = loop
        self.fd = fd
        self.generation = generation
    }

    /// The epoll data word: generation above, descriptor below.
    var token: UInt64 { UInt64(generation) << 32 | UInt64(UInt32(bitPattern: fd)) }

    @inlinable
    func isReady(_ readiness: Readiness) -> Bool {
        switch readiness {
        case .read: readable
        case .write: writable
        case .error: true
        }
    }

    @inlinable
    func clear(_ readiness: Readiness) {
        switch readiness {
        case .read: readable = false
        case .write: writable = false
        case .error: break
        }
    }

    /// Suspends the calling task until the socket is ready for `readiness`, the deadline
    /// (monotonic ns, 0 = none) passes, the task is cancelled, the socket is closed or the loop
    /// stops. Runs on the loop's thread.
    @usableFromInline
    func wait(_ readiness: Readiness, _ deadline: Int64, _ op: SocketOperation) async throws(SocketError) {
        if isClosed { throw loop.closedError(op, stopped: loop.isStopping) }
        let slotBusy = readiness == .write ? writer != nil : reader != nil
        if slotBusy { throw .invalid(.concurrentWait, op) }
        sequence &+= 1
        let mine = sequence
        let outcome = await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<WaitOutcome, Never>) in
                self.park(readiness, continuation, mine, deadline)
            }
        } onCancel: {
            self.loop.postCancel(self, readiness, mine)
        }
        switch outcome {
        case .ready: return
        case .timedOut: throw SocketError(.timedOut, operation: op)
        case .cancelled: throw SocketError(.cancelled, operation: op)
        case .closed: throw SocketError(.closed, errno: Errno.EBADF, operation: op)
        case .stopped: throw loop.closedError(op, stopped: true)
        }
    }

    private func park(
        _ readiness: Readiness,
        _ continuation: UnsafeContinuation<WaitOutcome, Never>,
        _ mine: UInt32,
        _ deadline: Int64
    ) {
        if readiness == .write {
            writer = continuation
            writerSequence = mine
        } else {
            reader = continuation
            readerSequence = mine
        }
        if deadline != 0 {
            loop.timers.push(LoopTimer(deadline: deadline, registration: self, readiness: readiness, sequence: mine))
        }
    }

    /// Resumes the waiter for `readiness` with `outcome` if it is the wait numbered `sequence` (any
    /// wait when nil). Loop thread only.
    func resume(_ readiness: Readiness, _ outcome: WaitOutcome, ifSequence sequence: UInt32? = nil) {
        if readiness == .write {
            guard let continuation = writer, sequence == nil || sequence == writerSequence else { return }
            writer = nil
            continuation.resume(returning: outcome)
        } else {
            guard let continuation = reader, sequence == nil || sequence == readerSequence else { return }
            reader = nil
            continuation.resume(returning: outcome)
        }
    }

    /// An epoll event for this socket. Loop thread only.
    @inline(__always)
    func handle(_ events: UInt32) {
        lastEvents = events
        let errorOrHangUp = EpollConstant.EPOLLERR | EpollConstant.EPOLLHUP
        if events & (EpollConstant.EPOLLIN | EpollConstant.EPOLLRDHUP | errorOrHangUp) != 0 {
            readable = true
            if reader != nil { resume(.read, .ready) }
        }
        if events & (EpollConstant.EPOLLOUT | errorOrHangUp) != 0 {
            writable = true
            if writer != nil { resume(.write, .ready) }
        }
    }

    /// The socket closed (or the loop stopped): every waiter ends, later waits throw. Loop thread.
    func end(_ outcome: WaitOutcome) {
        isClosed = true
        resume(.read, outcome)
        resume(.write, outcome)
    }

    // MARK: AsyncCloseObserver

    /// From ``NetSocket/close()`` on any thread, while `fd` still names the socket: removes it from
    /// the poll set now (the number is parked right after), and has the loop wake the waiters.
    func socketWillClose(_ fd: CInt) {
        loop.postClose(self)
    }
}
