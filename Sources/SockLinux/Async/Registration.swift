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
    /// The loop's thread-local state (`loop.local`, which lives as long as the loop this holds):
    /// a wait and its resume count themselves in it without loading the loop first.
    @usableFromInline let loopLocal: UnsafeMutablePointer<EventLoop.LoopState>
    /// The loop's address (unretained), compared with the calling thread's loop by each operation.
    @usableFromInline let loopAddress: UnsafeMutableRawPointer
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
        /// The peer ended its side (EPOLLRDHUP), or the socket hung up or failed: sticky. From then
        /// on a read never blocks, and a short read does not mean the edge was consumed (the end of
        /// the stream, whose event came with the data, is still to be read).
        @usableFromInline var readHungUp = false
        /// Set once the socket closed (or the loop stopped); waits throw at once.
        @usableFromInline var isClosed = false
        /// The waiting tasks' continuations. An unsafe continuation is its task's address, which
        /// the loop's cancellation sweep reads (the task is alive while it waits here).
        @usableFromInline var reader: UnsafeContinuation<Void, Never>?
        @usableFromInline var writer: UnsafeContinuation<Void, Never>?
        /// How the wait of each direction ended, when not `.ready`: set before its continuation is
        /// resumed (a continuation without a value), read and put back to `.ready` by its task,
        /// on the loop's thread. A wait that ends ready, the common case, stores nothing.
        @usableFromInline var readerOutcome = WaitOutcome.ready
        @usableFromInline var writerOutcome = WaitOutcome.ready
        /// The number of the wait in `reader` / `writer` that a deadline's timer refers to; 0 for a
        /// wait without a deadline, which no timer refers to (see ``Registration/armTimer(_:_:)``).
        @usableFromInline var readerSequence: UInt32 = 0
        @usableFromInline var writerSequence: UInt32 = 0
        /// The last number given to a wait with a deadline (never 0).
        @usableFromInline var sequence: UInt32 = 0
        /// A byte stream (TCP, Unix stream; not SCTP): a short read drains it, and on the io_uring
        /// backend it reads and writes through the ring. Set at registration: a socket's type and
        /// protocol never change.
        @usableFromInline var byteStream = false
        /// Whether the socket is in the loop's epoll set. On the io_uring backend it is added on
        /// its first readiness wait only: a socket that reads and writes through the ring never is.
        @usableFromInline var inEpoll = true
        /// Whether its epoll registration includes `EPOLLOUT` (added at the first write wait).
        @usableFromInline var writeInterest = false

        // The io_uring data path (see EventLoop+Ring.swift).
        /// A multishot receive is armed (or prepared) for the socket.
        @usableFromInline var recvArmed = false
        /// What the multishot receive delivered and no read has taken yet, oldest first: a buffer
        /// ID and length (`bid << 32 | length`), or a final result with ``Registration/endMark``
        /// set (0: end of stream, < 0: -errno).
        @usableFromInline var received = ReceiveQueue()
        /// How much of the first entry of `received` was taken.
        @usableFromInline var receivedOffset = 0
        /// This turn's send of the socket: its index in the loop's staged sends, or -1.
        @usableFromInline var stagedIndex = -1
        /// Bytes written and not yet sent (a send found the socket's buffer full), from
        /// `backlogHead` on; sent when the socket is writable again.
        @usableFromInline var backlog: ContiguousArray<UInt8> = []
        @usableFromInline var backlogHead = 0
        /// The error a send failed with, thrown by every later write; 0: none.
        @usableFromInline var sendErrno: CInt = 0
        /// A one-shot `POLLOUT` poll is armed (for the backlog).
        @usableFromInline var pollOutArmed = false
        /// A one-shot `POLLRDHUP` poll is armed: it tells the loop that the peer ended its side
        /// (``readHungUp``), which a multishot receive can miss (see EventLoop+Ring.swift).
        @usableFromInline var hangUpArmed = false
        /// After a close with bytes still to send: a duplicate of the socket's descriptor that
        /// sends them (and is closed then); -1 otherwise.
        var drainFD: CInt = -1
        /// A `shutdown(how)` that waits for the backlog to be sent; -1: none.
        var shutdownAfterDrain: CInt = -1
    }

    /// Whether the loop runs on io_uring: stream reads and writes go through the ring.
    @usableFromInline let ringMode: Bool

    init(loop: EventLoop, fd: CInt, generation: UInt32, ringMode: Bool, byteStream: Bool) {
        self.loop = loop
        loopLocal = loop.local
        loopAddress = Unmanaged.passUnretained(loop).toOpaque()
        self.fd = fd
        self.generation = generation
        self.ringMode = ringMode
        state = .allocate(capacity: 1)
        state.initialize(to: State())
        state.pointee.inEpoll = !ringMode
        state.pointee.byteStream = byteStream
    }

    deinit {
        state.pointee.received.deallocate()
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

    /// Suspends the calling task until the socket is ready for `readiness`, the deadline
    /// (monotonic ns, 0 = none) passes, the task is cancelled, the socket is closed or the loop
    /// stops. Runs on the loop's thread. Inlined into each operation: an async function of its own
    /// would cost a frame allocation and release per wait.
    @inlinable @inline(__always)
    nonisolated(nonsending) func wait(
        _ readiness: Readiness,
        _ deadline: Int64,
        _ op: SocketOperation,
        polled: Bool = true
    ) async throws(SocketError) {
        // `self` is alive for the call: the unretained form is the one implementation.
        try await RegistrationRef(.passUnretained(self)).wait(readiness, deadline, op, polled: polled)
    }

    /// The checks before a wait: the socket is open and in the poll set, no other task waits for
    /// `readiness`. The error to throw, or nil.
    @usableFromInline
    func prepareWait(_ readiness: Readiness, _ op: SocketOperation, polled: Bool) -> SocketError? {
        if state.pointee.isClosed { return loop.closedError(op, stopped: loop.isStopping) }
        if polled {
            do throws(SocketError) {
                if !state.pointee.inEpoll {
                    try loop.addToEpoll(self, op, write: readiness == .write)
                } else if readiness == .write, !state.pointee.writeInterest {
                    try loop.addWriteInterest(self, op)
                }
            } catch {
                return error
            }
        }
        let slotBusy = readiness == .write ? state.pointee.writer != nil : state.pointee.reader != nil
        if slotBusy { return .invalid(.concurrentWait, op) }
        return nil
    }

    /// What a wait that did not end `.ready` throws.
    @usableFromInline
    func waitError(_ outcome: WaitOutcome, _ op: SocketOperation) -> SocketError {
        switch outcome {
        case .ready, .cancelled: SocketError(.cancelled, operation: op)
        case .timedOut: SocketError(.timedOut, operation: op)
        case .closed: SocketError(.closed, errno: Errno.EBADF, operation: op)
        case .stopped: loop.closedError(op, stopped: true)
        }
    }

    /// Records the waiting task (its continuation, which the cancellation sweep also reads) and its
    /// deadline; a task already cancelled is resumed at once. Inlined into the wait: a call of its
    /// own cost a prologue and an epilogue per suspension.
    @inlinable @inline(__always)
    func park(
        _ readiness: Readiness,
        _ continuation: UnsafeContinuation<Void, Never>,
        _ deadline: Int64
    ) {
        // An unsafe continuation is its task's address (what `swift_continuation_init` returns):
        // no `swift_task_getCurrent` call.
        let task = unsafeBitCast(continuation, to: UnsafeMutableRawPointer.self)
        if cplatform_task_is_cancelled(task) != 0 {
            if readiness == .write {
                state.pointee.writerOutcome = .cancelled
            } else {
                state.pointee.readerOutcome = .cancelled
            }
            return continuation.resume()
        }
        if readiness == .write {
            state.pointee.writer = continuation
        } else {
            state.pointee.reader = continuation
        }
        loopLocal.pointee.waiting &+= 1
        if deadline != 0 {
            armTimer(readiness, deadline)
        } else if readiness == .write {
            state.pointee.writerSequence = 0
        } else {
            state.pointee.readerSequence = 0
        }
    }

    /// Numbers the wait for `readiness` (never 0: that is a wait without a deadline) and arms its
    /// deadline's timer, which resumes it only if it is still that wait.
    @usableFromInline
    func armTimer(_ readiness: Readiness, _ deadline: Int64) {
        state.pointee.sequence &+= 1
        if state.pointee.sequence == 0 { state.pointee.sequence = 1 }
        let mine = state.pointee.sequence
        if readiness == .write {
            state.pointee.writerSequence = mine
        } else {
            state.pointee.readerSequence = mine
        }
        loop.pushTimer(LoopTimer(deadline: deadline, registration: self, readiness: readiness, sequence: mine))
    }

    /// Resumes the waiter for `readiness` with `outcome` if it is the wait numbered `sequence` (any
    /// wait when nil). Loop thread only.
    func resume(_ readiness: Readiness, _ outcome: WaitOutcome, ifSequence sequence: UInt32? = nil) {
        if readiness == .write {
            guard let continuation = state.pointee.writer,
                sequence == nil || sequence == state.pointee.writerSequence
            else { return }
            state.pointee.writer = nil
            if outcome != .ready { state.pointee.writerOutcome = outcome }
            loopLocal.pointee.waiting &-= 1
            continuation.resume()
        } else {
            guard let continuation = state.pointee.reader,
                sequence == nil || sequence == state.pointee.readerSequence
            else { return }
            state.pointee.reader = nil
            if outcome != .ready { state.pointee.readerOutcome = outcome }
            loopLocal.pointee.waiting &-= 1
            continuation.resume()
        }
    }

    /// An epoll event for this socket. Loop thread only.
    @inline(__always)
    func handle(_ events: UInt32) {
        state.pointee.lastEvents = events
        let errorOrHangUp = EpollConstant.EPOLLERR | EpollConstant.EPOLLHUP
        if events & (EpollConstant.EPOLLRDHUP | errorOrHangUp) != 0 { state.pointee.readHungUp = true }
        // The writer first: the reader's resume, the common one, is then the last thing done, and
        // `events` need not be kept across it.
        if events & (EpollConstant.EPOLLOUT | errorOrHangUp) != 0 {
            state.pointee.writable = true
            if state.pointee.writer != nil { resume(.write, .ready) }
        }
        if events & (EpollConstant.EPOLLIN | EpollConstant.EPOLLRDHUP | errorOrHangUp) != 0 {
            state.pointee.readable = true
            if state.pointee.reader != nil { resume(.read, .ready) }
        }
    }

    /// Resumes the waiters whose task was cancelled with `.cancelled`. Loop thread.
    func resumeIfCancelled() {
        if let reader = state.pointee.reader,
            cplatform_task_is_cancelled(unsafeBitCast(reader, to: UnsafeMutableRawPointer.self)) != 0
        {
            resume(.read, .cancelled)
        }
        if let writer = state.pointee.writer,
            cplatform_task_is_cancelled(unsafeBitCast(writer, to: UnsafeMutableRawPointer.self)) != 0
        {
            resume(.write, .cancelled)
        }
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
        var duplicate: CInt = -1
        if ringMode {
            if loop.isCurrent, let r = loop.local.pointee.ring {
                // Staged sends go now, while the number still names the socket.
                loop.flushRing(r)
                if state.pointee.backlogHead < state.pointee.backlog.count { duplicate = Self.duplicate(fd) }
            } else {
                // The loop's state is its thread's: keep a duplicate in case it holds bytes.
                duplicate = Self.duplicate(fd)
            }
        }
        loop.postClose(self, duplicate: duplicate)
    }

    func socketWillShutdown(_ fd: CInt, _ how: CInt) -> Bool {
        guard ringMode, loop.isCurrent, let r = loop.local.pointee.ring else { return false }
        if state.pointee.stagedIndex >= 0 { loop.flushRing(r) }
        guard state.pointee.backlogHead < state.pointee.backlog.count else { return false }
        state.pointee.shutdownAfterDrain = how
        return true
    }

    /// `fcntl(F_DUPFD_CLOEXEC)`: a descriptor of the same socket, or -1.
    static func duplicate(_ fd: CInt) -> CInt {
        (try? Sys.descriptor(.eventLoop) { Sys.fcntl(fd, LinuxABI.F_DUPFD_CLOEXEC, 0) }) ?? -1
    }
}

/// A registration as one operation uses it: unretained (the socket holds its registration until
/// it deinitializes, and the operation's caller holds the socket), with its state pointer loaded
/// once. The hot paths (``NetSocket/onLoop(_:_:_:)`` and its read and write forms) work through
/// it: no retain or release, no load through the object, per operation.
@usableFromInline @frozen
struct RegistrationRef {
    @usableFromInline let handle: Unmanaged<Registration>
    @usableFromInline let state: UnsafeMutablePointer<Registration.State>
    @usableFromInline let ringMode: Bool
    @usableFromInline let loopAddress: UnsafeMutableRawPointer

    @inlinable @inline(always)
    init(_ handle: Unmanaged<Registration>) {
        self.handle = handle
        (state, ringMode, loopAddress) = handle._withUnsafeGuaranteedRef { ($0.state, $0.ringMode, $0.loopAddress) }
    }

    /// The registration itself (retained: for the slower paths).
    @inlinable
    var object: Registration { handle.takeUnretainedValue() }

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

    /// Runs `body` with the registration, unretained.
    @inlinable @inline(always)
    func with<T>(_ body: (Registration) throws(SocketError) -> T) throws(SocketError) -> T {
        let result = handle._withUnsafeGuaranteedRef { registration in
            Result { () throws(SocketError) -> T in try body(registration) }
        }
        switch result {
        case .success(let value): return value
        case .failure(let error): try SocketError.raise(error)
        }
    }

    /// Runs `body` with the registration, unretained (a body that does not throw).
    @inlinable @inline(always)
    func get<T>(_ body: (Registration) -> T) -> T { handle._withUnsafeGuaranteedRef(body) }

    /// The io_uring backend's received data, not yet read (see ``Registration/hasReceived``).
    @inlinable
    var hasReceived: Bool { !state.pointee.received.isEmpty }

    /// ``Registration/wait(_:_:_:polled:)``, unretained.
    @inlinable @inline(always)
    nonisolated(nonsending) func wait(
        _ readiness: Readiness,
        _ deadline: Int64,
        _ op: SocketOperation,
        polled: Bool = true
    ) async throws(SocketError) {
        let handle = self.handle
        let busy = readiness == .write ? state.pointee.writer != nil : state.pointee.reader != nil
        let unpolled = !state.pointee.inEpoll || (readiness == .write && !state.pointee.writeInterest)
        if _slowPath(state.pointee.isClosed || (polled && unpolled) || busy),
            let error = handle._withUnsafeGuaranteedRef({ $0.prepareWait(readiness, op, polled: polled) })
        {
            try SocketError.raise(error)
        }
        // Cancellation: a task cancelled before it waits does not wait (``Registration/park(_:_:_:)``
        // resumes it at once); one cancelled while it waits is found by the loop's sweep
        // (``EventLoop``: every 64 turns, and within 5 ms when idle), which resumes it with
        // `.cancelled`. A cancellation handler per wait would cost about 1,300 instructions (two
        // status-record updates under the task's lock) on every suspension; the sweep costs one
        // atomic load per waiting task and sweep.
        //
        // The continuation is made where the operation runs: `withUnsafeContinuation(isolation:)`
        // would first hop to the operation's isolation, which it is already on (this function is
        // `nonisolated(nonsending)`), a `swift_task_switch` of about 70 instructions per wait. The
        // resumed task still hops back to the operation's isolation after the wait.
        // The continuation carries no value (no result slot in the caller's frame, whose address
        // it would compute on every resume): the loop records the outcome in the state first.
        await _unsafeInheritExecutor_withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            handle._withUnsafeGuaranteedRef { $0.park(readiness, continuation, deadline) }
        }
        let outcome = readiness == .write ? state.pointee.writerOutcome : state.pointee.readerOutcome
        if _fastPath(outcome == .ready) { return }
        if readiness == .write {
            state.pointee.writerOutcome = .ready
        } else {
            state.pointee.readerOutcome = .ready
        }
        try SocketError.raise(handle._withUnsafeGuaranteedRef { $0.waitError(outcome, op) })
    }
}
