import CPlatform
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
    /// The mutable state, behind a pointer: the loop's thread is its only user, and a class's
    /// stored `var`s would cost a dynamic exclusivity check (a runtime call) on every access.
    @usableFromInline let state: UnsafeMutablePointer<State>

    @usableFromInline
    struct State {
        /// What the loop last learned: set by events, cleared when an attempt reports EAGAIN (or a
        /// read comes back short: the buffer was drained). Both start true: the first attempt is
        /// optimistic.
        @usableFromInline var readable = true
        @usableFromInline var writable = true
        /// The events of the last wake-up (for the error queue's no-progress check).
        @usableFromInline var lastEvents: UInt32 = 0
        /// Set once the socket closed (or the loop stopped); waits throw at once.
        @usableFromInline var isClosed = false
        var reader: UnsafeContinuation<WaitOutcome, Never>?
        var writer: UnsafeContinuation<WaitOutcome, Never>?
        /// The waiting tasks, for the loop's cancellation sweep (alive while they wait here).
        var readerTask: UnsafeMutableRawPointer?
        var writerTask: UnsafeMutableRawPointer?
        var readerSequence: UInt32 = 0
        var writerSequence: UInt32 = 0
        var sequence: UInt32 = 0
    }

    init(loop: EventLoop, fd: CInt, generation: UInt32) {
        self.loop = loop
        self.fd = fd
        self.generation = generation
        state = .allocate(capacity: 1)
        state.initialize(to: State())
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// The epoll data word: generation above, descriptor below.
    var token: UInt64 { UInt64(generation) << 32 | UInt64(UInt32(bitPattern: fd)) }

    @inlinable
    var readable: Bool {
        get { state.pointee.readable }
        set { state.pointee.readable = newValue }
    }

    @inlinable
    var writable: Bool {
        get { state.pointee.writable }
        set { state.pointee.writable = newValue }
    }

    @inlinable
    var lastEvents: UInt32 { state.pointee.lastEvents }

    @inlinable
    var isClosed: Bool { state.pointee.isClosed }

    @inlinable
    func isReady(_ readiness: Readiness) -> Bool {
        switch readiness {
        case .read: state.pointee.readable
        case .write: state.pointee.writable
        case .error: true
        }
    }

    @inlinable
    func clear(_ readiness: Readiness) {
        switch readiness {
        case .read: state.pointee.readable = false
        case .write: state.pointee.writable = false
        case .error: break
        }
    }

    /// Suspends the calling task until the socket is ready for `readiness`, the deadline
    /// (monotonic ns, 0 = none) passes, the task is cancelled, the socket is closed or the loop
    /// stops. Runs on the loop's thread.
    @usableFromInline
    nonisolated(nonsending) func wait(
        _ readiness: Readiness,
        _ deadline: Int64,
        _ op: SocketOperation
    ) async throws(SocketError) {
        if state.pointee.isClosed { throw loop.closedError(op, stopped: loop.isStopping) }
        let slotBusy = readiness == .write ? state.pointee.writer != nil : state.pointee.reader != nil
        if slotBusy { throw .invalid(.concurrentWait, op) }
        state.pointee.sequence &+= 1
        let mine = state.pointee.sequence
        // Cancellation: a task cancelled before it waits does not wait; one cancelled while it
        // waits is found by the loop's sweep (``EventLoop``: every 64 turns, and within 5 ms when
        // idle), which resumes it with `.cancelled`. A cancellation handler per wait would cost
        // about 1,300 instructions (two status-record updates under the task's lock) on every
        // suspension; the sweep costs one atomic load per waiting task and sweep.
        let task = cplatform_current_task()
        if cplatform_task_is_cancelled(task) != 0 { throw SocketError(.cancelled, operation: op) }
        let outcome = await withUnsafeContinuation { (continuation: UnsafeContinuation<WaitOutcome, Never>) in
            self.park(readiness, continuation, mine, deadline, task)
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
        _ deadline: Int64,
        _ task: UnsafeMutableRawPointer?
    ) {
        if readiness == .write {
            state.pointee.writer = continuation
            state.pointee.writerSequence = mine
            state.pointee.writerTask = task
        } else {
            state.pointee.reader = continuation
            state.pointee.readerSequence = mine
            state.pointee.readerTask = task
        }
        loop.local.pointee.waiting += 1
        if deadline != 0 {
            loop.pushTimer(LoopTimer(deadline: deadline, registration: self, readiness: readiness, sequence: mine))
        }
    }

    /// Resumes the waiter for `readiness` with `outcome` if it is the wait numbered `sequence` (any
    /// wait when nil). Loop thread only.
    func resume(_ readiness: Readiness, _ outcome: WaitOutcome, ifSequence sequence: UInt32? = nil) {
        if readiness == .write {
            guard let continuation = state.pointee.writer,
                sequence == nil || sequence == state.pointee.writerSequence
            else { return }
            state.pointee.writer = nil
            state.pointee.writerTask = nil
            loop.local.pointee.waiting -= 1
            continuation.resume(returning: outcome)
        } else {
            guard let continuation = state.pointee.reader,
                sequence == nil || sequence == state.pointee.readerSequence
            else { return }
            state.pointee.reader = nil
            state.pointee.readerTask = nil
            loop.local.pointee.waiting -= 1
            continuation.resume(returning: outcome)
        }
    }

    /// An epoll event for this socket. Loop thread only.
    @inline(__always)
    func handle(_ events: UInt32) {
        state.pointee.lastEvents = events
        let errorOrHangUp = EpollConstant.EPOLLERR | EpollConstant.EPOLLHUP
        if events & (EpollConstant.EPOLLIN | EpollConstant.EPOLLRDHUP | errorOrHangUp) != 0 {
            state.pointee.readable = true
            if state.pointee.reader != nil { resume(.read, .ready) }
        }
        if events & (EpollConstant.EPOLLOUT | errorOrHangUp) != 0 {
            state.pointee.writable = true
            if state.pointee.writer != nil { resume(.write, .ready) }
        }
    }

    /// Resumes the waiters whose task was cancelled with `.cancelled`. Loop thread.
    func resumeIfCancelled() {
        if let task = state.pointee.readerTask, cplatform_task_is_cancelled(task) != 0 { resume(.read, .cancelled) }
        if let task = state.pointee.writerTask, cplatform_task_is_cancelled(task) != 0 { resume(.write, .cancelled) }
    }

    /// The socket closed (or the loop stopped): every waiter ends, later waits throw. Loop thread.
    func end(_ outcome: WaitOutcome) {
        state.pointee.isClosed = true
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
