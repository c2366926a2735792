import CPlatform
import SockPOSIX
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Sock's event loop: one thread waits on many sockets, and `async` operations on them
/// (``Socket/async``) suspend their task instead of blocking a thread.
///
/// A loop runs on the thread that calls ``run(_:)`` (thread-per-core: start one per core, each on
/// its own thread), until the body's task returns. Tasks reach it as a `TaskExecutor`: the body
/// runs with the loop as its executor preference, and so do its child tasks (`async let`, task
/// groups); an unstructured task joins with `Task(executorPreference: loop) { ... }`.
/// ``runAsGlobalExecutor(_:)`` is the faster opt-in: the loop also serves as the process's global
/// executor for the duration of the call.
///
/// The default backend is edge-triggered epoll: each socket is added once, on its first wait, and
/// its readiness is cleared when an attempt reports EAGAIN or a read comes back short, so a
/// request/response costs its two transfers and one `epoll_wait`. On io_uring
/// (``Backend/ioURing``), byte streams read and write through the ring, one `io_uring_enter` per
/// turn. See the AsyncIO article for the model, both backends, cancellation, lifetimes and the
/// measurements.
///
/// ```swift
/// let loop = try EventLoop()
/// try loop.run {
///     let listener = try TCPListener("127.0.0.1:0")
///     let conn = try await listener.async.accept()
///     var buffer = [UInt8](repeating: 0, count: 1024)
///     let n = try await conn.async.read(into: &buffer)
///     try await conn.async.writeAll(Array(buffer[..<n]))
/// }
/// ```
public final class EventLoop: TaskExecutor, @unchecked Sendable {
    /// How the loop learns about readiness and moves bytes.
    public enum Backend: String, Sendable, CaseIterable {
        /// Edge-triggered epoll: every operation is a non-blocking system call, and the loop
        /// waits in `epoll_wait`.
        case epoll
        /// io_uring (Linux 6.0 and later): byte-stream reads arrive through a multishot receive
        /// over provided buffers, byte-stream writes are submitted with the loop's turn, and the
        /// loop waits in `io_uring_enter`; other operations wait for readiness on an epoll set the
        /// ring polls. See the AsyncIO article.
        case ioURing = "io_uring"

        /// The backend a loop created without one uses: `SOCK_EVENT_LOOP_BACKEND` (`epoll` or
        /// `io_uring`) when the environment sets it, otherwise ``epoll``, which the benchmarks
        /// found as fast or faster in wall time (see the AsyncIO article for the figures). Another
        /// value is nil here, and ``EventLoop/init(backend:)`` refuses it (detail
        /// `.unknownBackend`) rather than guess.
        public static var `default`: Backend? {
            guard let value = getenv("SOCK_EVENT_LOOP_BACKEND") else { return .epoll }
            return Backend(rawValue: String(cString: value))
        }
    }

    /// The backend this loop uses: the one asked for, or ``Backend/epoll`` when io_uring was asked
    /// for and is unavailable (``fallbackReason`` says why). Settled when the loop starts running
    /// (the ring is created on the loop's thread); read it from that thread or after `run` returns.
    public var backend: Backend { local.pointee.backend }

    /// Why the loop uses epoll although io_uring was asked for (seccomp, `kernel.io_uring_disabled`,
    /// an old kernel, ...), or nil.
    public var fallbackReason: String? { local.pointee.fallbackReason }

    // MARK: Loop-thread state (only the thread running the loop touches these)

    /// Behind a pointer: a class's stored `var`s would cost a dynamic exclusivity check (a runtime
    /// call) on every access, and the loop's thread is their only user.
    @usableFromInline let local: UnsafeMutablePointer<LoopState>
    private let events: UnsafeMutableRawPointer
    let eventCapacity = 256

    @usableFromInline
    struct LoopState {
        var queue = JobQueue()
        var table = RegistrationTable()
        var timers = TimerHeap()
        var nextGeneration: UInt32 = 0
        var phase: Phase = .idle
        var rootFinished = false
        var inGlobalMode = false
        var executor: UnownedTaskExecutor?
        /// Tasks waiting on registrations (the cancellation sweep runs only when some do).
        @usableFromInline var waiting = 0
        var turns: UInt = 0
        var backend: Backend = .epoll
        var fallbackReason: String?
        /// The io_uring backend's state, while it runs (EventLoop+Ring.swift).
        var ring: UnsafeMutablePointer<RingState>?
    }

    var phase: Phase {
        get { local.pointee.phase }
        set { local.pointee.phase = newValue }
    }
    var rootFinished: Bool {
        get { local.pointee.rootFinished }
        set { local.pointee.rootFinished = newValue }
    }
    var inGlobalMode: Bool {
        get { local.pointee.inGlobalMode }
        set { local.pointee.inGlobalMode = newValue }
    }

    enum Phase { case idle, running, stopping, stopped }

    // MARK: Shared state

    let poller: CInt
    private let wakeFD: CInt
    /// Work from other threads: jobs and closes. `pending` says it is not empty; the
    /// loop reads it on every turn without the lock.
    private let inbox = Locked(Inbox())
    let pending = Atomic<Bool>(false)
    /// Set while the loop waits in `epoll_wait` with a timeout: another thread that adds work then
    /// writes the wake-up descriptor (once).
    let sleeping = Atomic<Bool>(false)
    /// Set when the loop has stopped: jobs go to the global concurrent executor instead.
    private let stopped = Atomic<Bool>(false)

    struct Inbox {
        var jobs: [UInt] = []
        var closes: [(Registration, CInt)] = []
        /// Set (under the lock) when the loop closed its epoll descriptor.
        var pollerClosed = false
    }

    /// Creates a loop on `backend` (``Backend/default`` when nil). It runs when a thread calls
    /// ``run(_:)``.
    ///
    /// When io_uring is asked for and this process cannot use it (the io_uring probe: a seccomp
    /// filter, `kernel.io_uring_disabled`, a kernel older than 6.0, the locked-memory limit), the
    /// loop uses epoll and ``fallbackReason`` says why; it never fails for that.
    ///
    /// - Throws: `.tooManyOpenFiles` or `.noMemory` when the kernel refuses the epoll or eventfd
    ///   descriptor; `.invalidArgument` (detail `.unknownBackend`) when `backend` is nil and
    ///   `SOCK_EVENT_LOOP_BACKEND` names neither `epoll` nor `io_uring`.
    public init(backend: Backend? = nil) throws(SocketError) {
        guard let chosen = backend ?? .default else {
            throw SocketError(.invalidArgument, operation: .eventLoop, detail: .unknownBackend)
        }
        poller = try Sys.descriptor(.eventLoop) { Sys.epollCreate() }
        do {
            wakeFD = try Sys.descriptor(.eventLoop) { Sys.eventfd() }
        } catch {
            _ = Sys.close(poller)
            throw error
        }
        events = .allocate(byteCount: EpollEvent.size * eventCapacity, alignment: 16)
        local = .allocate(capacity: 1)
        local.initialize(to: LoopState())
        if chosen == .ioURing {
            // Probe now, so `backend` is known before the loop runs; the ring itself is created
            // by the loop's thread (`SINGLE_ISSUER`).
            switch IOURing.probe() {
            case .available: local.pointee.backend = .ioURing
            case .unavailable(let reason): local.pointee.fallbackReason = reason.description
            }
        }
        _ = try? Sys.check(.eventLoop) {
            Sys.epollCtl(poller, EpollConstant.EPOLL_CTL_ADD, wakeFD, EpollConstant.EPOLLIN, UInt64.max)
        }
        var inbox = Inbox()
        inbox.jobs.reserveCapacity(64)
        inbox.closes.reserveCapacity(16)
        self.inbox.withLock { $0 = inbox }
    }

    deinit {
        local.pointee.table.removeAll()
        local.pointee.queue.deallocate()
        local.deinitialize(count: 1)
        local.deallocate()
        events.deallocate()
        closeDescriptors()
    }

    private func closeDescriptors() {
        let wasOpen = inbox.withLock { (inbox) -> Bool in
            if inbox.pollerClosed { return false }
            inbox.pollerClosed = true
            return true
        }
        if wasOpen {
            _ = Sys.close(poller)
            _ = Sys.close(wakeFD)
        }
    }

    /// The loop running on the calling thread, if any.
    public static var current: EventLoop? {
        guard let pointer = cplatform_current_loop_get() else { return nil }
        return Unmanaged<EventLoop>.fromOpaque(pointer).takeUnretainedValue()
    }

    /// Whether the calling thread is the one running this loop.
    @inlinable
    public var isCurrent: Bool {
        cplatform_current_loop_get() == Unmanaged.passUnretained(self).toOpaque()
    }

    @usableFromInline
    var isStopping: Bool { phase == .stopping || phase == .stopped }

    // MARK: - Running

    /// Runs the loop on the calling thread until `body` returns, and returns what it returns.
    ///
    /// `body` runs as a task whose executor preference is this loop; its child tasks run here too.
    /// When it returns, the loop stops: tasks still waiting on its sockets end with `.cancelled`
    /// (detail `.loopStopped`), their jobs run, and the loop's descriptors are closed. A loop runs
    /// once.
    ///
    /// - Throws: what `body` throws; `SocketError` `.invalidArgument` when this thread already runs
    ///   a loop or this loop already ran.
    public func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        try start(global: false)
        let result = ResultBox<T>()
        Task(executorPreference: self) {
            do {
                result.value = .success(try await body())
            } catch {
                result.value = .failure(error)
            }
            self.rootFinished = true
        }
        drive()
        return try result.value!.get()
    }

    /// As ``run(_:)``, with the loop also installed as the process's global executor for the
    /// duration of the call: every task that would run on the default global executor (Dispatch)
    /// runs on this thread instead, and continuations resume without a task-executor lookup. This
    /// saves about a fifth of the instructions of an `async` operation.
    ///
    /// It relies on a hook of the Swift concurrency runtime (`swift_task_enqueueGlobal_hook`) that
    /// is not public API (SwiftNIO's benchmarks use the same hook). It is installed when the call
    /// starts and removed when it returns, never behind your back; only one loop at a time can
    /// hold it. Tasks of other libraries in the process run on this thread meanwhile, so use it in
    /// a process that is this loop's (a server's one loop), not inside a test runner or an app
    /// with other concurrent work.
    ///
    /// - Throws: what `body` throws; `.invalidArgument` as ``run(_:)``, and also when another loop
    ///   holds the hook.
    public func runAsGlobalExecutor<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        try start(global: true)
        let result = ResultBox<T>()
        Task {
            do {
                result.value = .success(try await body())
            } catch {
                result.value = .failure(error)
            }
            self.rootFinished = true
        }
        drive()
        return try result.value!.get()
    }

    private func start(global: Bool) throws(SocketError) {
        guard phase == .idle else { throw .invalid(.loopStopped, .eventLoop) }
        guard cplatform_current_loop_get() == nil else {
            throw SocketError(.invalidArgument, operation: .eventLoop, detail: .otherEventLoop)
        }
        if local.pointee.backend == .ioURing {
            do {
                local.pointee.ring = try makeRing()
            } catch {
                local.pointee.backend = .epoll
                local.pointee.fallbackReason = IOURing.reason(for: error).description
            }
        }
        if global {
            do {
                try GlobalHook.install(self)
            } catch {
                releaseRing()
                throw error
            }
        }
        inGlobalMode = global
        phase = .running
        local.pointee.executor = asUnownedTaskExecutor()
        cplatform_current_loop_set(Unmanaged.passUnretained(self).toOpaque())
        if global {
            let offset = MemoryLayout<LoopState>.offset(of: \LoopState.queue.raw)!
            cplatform_global_queue_set(
                (UnsafeMutableRawPointer(local) + offset).assumingMemoryBound(to: cplatform_job_queue.self)
            )
        }
    }

    /// The loop proper: run queued jobs, take work from other threads, wait for events when there
    /// is nothing to run. Then the shutdown.
    private func drive() {
        // The backend is fixed while the loop runs (the ring is made in `start` and released in
        // `shutdown`): each form of the loop tests it once, not on every turn.
        if local.pointee.ring != nil {
            turns(ring: true)
        } else {
            turns(ring: false)
        }
        shutdown()
    }

    @inline(__always)
    private func turns(ring: Bool) {
        while !rootFinished {
            if pending.load(ordering: .relaxed) { drainInbox() }
            local.pointee.turns &+= 1
            if local.pointee.queue.isEmpty {
                poll(blocking: true, ring: ring)
            } else if local.pointee.turns & 31 == 0 || (ring && local.pointee.ring!.pointee.prepared) {
                // With io_uring, also when the turn prepared entries: writers wait for them.
                // Jobs keep coming: still look at the sockets every 32 turns.
                poll(blocking: false, ring: ring)
            }
            if local.pointee.turns & 63 == 0 { sweepCancelled() }
            runQueuedJobs()
        }
    }

    /// Resumes with `.cancelled` every waiting task that was cancelled (see ``Registration``).
    func sweepCancelled() {
        guard local.pointee.waiting > 0 else { return }
        local.pointee.table.forEach { $0.resumeIfCancelled() }
    }

    @inline(__always)
    private func runQueuedJobs() {
        var budget = local.pointee.queue.count
        while budget > 0, let job = local.pointee.queue.pop() {
            budget -= 1
            run(job)
        }
    }

    @inline(__always)
    private func run(_ word: UInt) {
        if word & 1 != 0 {
            unsafeBitCast(word & ~1, to: UnownedJob.self).runSynchronously(on: GlobalHook.genericExecutor)
        } else {
            unsafeBitCast(word, to: UnownedJob.self).runSynchronously(on: local.pointee.executor!)
        }
    }

    /// Stops: waiters end with `.stopped`, their jobs (and every other queued job) run, the
    /// registrations are dropped, the descriptors closed, the hook removed.
    private func shutdown() {
        phase = .stopping
        local.pointee.table.forEach { $0.end(.stopped) }
        // Let the woken tasks (and anything else queued) finish; stop when nothing is left to run.
        var rounds = 0
        while rounds < 1000 {
            if pending.load(ordering: .relaxed) { drainInbox() }
            if local.pointee.queue.isEmpty { break }
            runQueuedJobs()
            rounds += 1
        }
        local.pointee.table.forEach { $0.end(.stopped) }
        local.pointee.table.removeAll()
        local.pointee.timers.removeAll()
        // Closing the ring cancels what is in flight and drops its references to the sockets.
        releaseRing()
        phase = .stopped
        cplatform_global_queue_set(nil)
        stopped.store(true, ordering: .sequentiallyConsistent)
        if inGlobalMode { GlobalHook.uninstall(self) }
        cplatform_current_loop_set(nil)
        closeDescriptors()
        // Work that arrived meanwhile goes to the global concurrent executor.
        drainInbox()
        while let job = local.pointee.queue.pop() { forward(job) }
    }

    private func forward(_ word: UInt) {
        let job = unsafeBitCast(word & ~1, to: UnownedJob.self)
        globalConcurrentExecutor.enqueue(ExecutorJob(job))
    }

    // MARK: - TaskExecutor

    /// Queues a job of a task whose executor preference is this loop. From the loop's own thread
    /// it is a store in the run queue; from another thread it goes through the inbox and wakes
    /// the loop.
    public func enqueue(_ job: consuming ExecutorJob) {
        enqueue(word: unsafeBitCast(UnownedJob(job), to: UInt.self))
    }

    @inline(__always)
    func enqueue(word: UInt) {
        if isCurrent, phase != .stopped {
            local.pointee.queue.push(word)
        } else {
            enqueueRemote(word)
        }
    }

    func enqueueRemote(_ word: UInt) {
        let accepted = inbox.withLock { (inbox) -> Bool in
            if inbox.pollerClosed { return false }
            inbox.jobs.append(word)
            return true
        }
        guard accepted else { return forward(word) }
        signal()
    }

    /// Tells the loop that its inbox has work; wakes it if it sleeps.
    private func signal() {
        pending.store(true, ordering: .sequentiallyConsistent)
        if sleeping.exchange(false, ordering: .sequentiallyConsistent) {
            _ = Sys.writeWord(wakeFD, 1)
        }
    }

    /// Moves the inbox's work to the loop: jobs to the run queue, closes and cancellations applied.
    private func drainInbox() {
        pending.store(false, ordering: .sequentiallyConsistent)
        var jobs: [UInt] = []
        var closes: [(Registration, CInt)] = []
        inbox.withLock { inbox in
            swap(&jobs, &inbox.jobs)
            swap(&closes, &inbox.closes)
        }
        for job in jobs { local.pointee.queue.push(job) }
        if let r = local.pointee.ring, !closes.isEmpty {
            // Sends staged for a closed socket fail on the parked number (EBADF): its duplicate
            // sends their bytes.
            for (registration, duplicate) in closes where duplicate >= 0 {
                registration.state.pointee.drainFD = duplicate
            }
            if r.pointee.prepared { flushRing(r) }
        }
        for (registration, _) in closes {
            registration.end(.closed)
            if let r = local.pointee.ring { retireRing(registration, r) }
            local.pointee.table.remove(at: Int(registration.fd), ifIs: registration)
        }
        // Give the (emptied, capacity kept) arrays back, so the next round allocates nothing.
        jobs.removeAll(keepingCapacity: true)
        closes.removeAll(keepingCapacity: true)
        inbox.withLock { inbox in
            if inbox.jobs.isEmpty, inbox.jobs.capacity < jobs.capacity { swap(&jobs, &inbox.jobs) }
            if inbox.closes.isEmpty, inbox.closes.capacity < closes.capacity { swap(&closes, &inbox.closes) }
        }
    }

    /// A socket is closing (any thread): remove it from the poll set while its number is still the
    /// socket, and have the loop end its waiters.
    func postClose(_ registration: Registration, duplicate: CInt = -1) {
        let accepted = inbox.withLock { (inbox) -> Bool in
            // Under the lock: the loop closes its epoll descriptor under it too, so the number is
            // still the loop's here.
            if inbox.pollerClosed { return false }
            _ = Sys.epollCtl(poller, EpollConstant.EPOLL_CTL_DEL, registration.fd, 0, 0)
            inbox.closes.append((registration, duplicate))
            return true
        }
        if accepted {
            signal()
        } else if duplicate >= 0 {
            _ = Sys.closeOwned(duplicate)
        }
    }

    // MARK: - Events

    /// Inlined into the drive loop: a call of its own cost a prologue, an epilogue and a stack
    /// check per wake-up.
    @inline(__always)
    private func poll(blocking: Bool, ring: Bool) {
        if ring { return ringPoll(blocking: blocking, local.pointee.ring!) }
        var timeout: CInt = 0
        if blocking {
            timeout = timeoutMilliseconds()
            // Waiting tasks: wake within 5 ms to sweep for cancelled ones.
            if local.pointee.waiting > 0, timeout < 0 || timeout > 5 { timeout = 5 }
            if timeout != 0 {
                sleeping.store(true, ordering: .sequentiallyConsistent)
                if pending.load(ordering: .sequentiallyConsistent) { timeout = 0 }
            }
        }
        let count = epollHarvest(timeout: timeout)
        if timeout != 0 { sleeping.store(false, ordering: .relaxed) }
        if !local.pointee.timers.isEmpty { fireTimers() }
        if count == 0, timeout > 0 { sweepCancelled() }
    }

    /// One `epoll_wait` and its events; returns how many there were.
    @inline(__always)
    func epollHarvest(timeout: CInt) -> Int {
        let count: Int
        do {
            count = try Sys.check(.eventLoop) { Sys.epollWait(poller, events, CInt(eventCapacity), timeout) }
        } catch {
            // EBADF, EFAULT, EINVAL: the loop's own descriptor or buffer is broken.
            fatalError("Sock EventLoop: epoll_wait failed: \(error)")
        }
        var i = 0
        while i < count {
            let data = EpollEvent.data(events, i)
            let flags = EpollEvent.events(events, i)
            i += 1
            if data == UInt64.max {
                consumeWakeUp()
                continue
            }
            let fd = Int(UInt32(truncatingIfNeeded: data))
            guard let registration = local.pointee.table[fd] else { continue }
            // Unretained: the table holds it, and handling an event does not remove it.
            registration._withUnsafeGuaranteedRef {
                if $0.generation == UInt32(truncatingIfNeeded: data >> 32) { $0.handle(flags) }
            }
        }
        return count
    }

    /// Reads the wake-up descriptor's counter. Out of line: its stack buffer would give the poll a
    /// stack check on every turn.
    @inline(never)
    func consumeWakeUp() {
        var word: UInt64 = 0
        _ = Sys.read(wakeFD, &word, 8)
    }

    @inline(__always)
    func timeoutMilliseconds() -> CInt {
        guard let earliest = local.pointee.timers.earliest else { return -1 }
        let left = earliest - Deadline.monotonicNow()
        if left <= 0 { return 0 }
        // Round up: waking early would find nothing due and spin.
        return CInt(min((left + 999_999) / 1_000_000, Int64(Int32.max)))
    }

    func fireTimers() {
        let now = Deadline.monotonicNow()
        while let timer = local.pointee.timers.popIfDue(now) {
            timer.registration.resume(timer.readiness, .timedOut, ifSequence: timer.sequence)
        }
    }

    // MARK: - Registration

    /// The calling task's loop and `socket`'s registration with it (added on first use).
    @usableFromInline
    static func registration(for socket: NetSocket, _ op: SocketOperation) throws(SocketError) -> Registration {
        try unmanagedRegistration(for: socket, op).takeUnretainedValue()
    }

    /// ``unmanagedRegistration(for:_:)`` as the hot paths use it.
    /// Inlined: the fast path is an atomic load and a compare with the thread's loop.
    @inlinable @inline(always)
    static func registrationRef(for socket: NetSocket, _ op: SocketOperation) throws(SocketError) -> RegistrationRef {
        let bits = socket.asyncRegistration.load(ordering: .acquiring)
        if _fastPath(bits != 0) {
            let ref = RegistrationRef(Unmanaged<Registration>.fromOpaque(UnsafeRawPointer(bitPattern: bits)!))
            if _fastPath(ref.loopAddress == cplatform_current_loop_get()) { return ref }
        }
        return RegistrationRef(try unmanagedRegistration(for: socket, op))
    }

    /// ``registration(for:_:)`` without a retain: the socket holds its registration until it
    /// deinitializes, and the operation's caller holds the socket, so an operation may use it
    /// unretained (`unowned(unsafe)`) for its whole duration. The hot paths do (a retain and a
    /// release per operation otherwise).
    @usableFromInline
    static func unmanagedRegistration(
        for socket: NetSocket,
        _ op: SocketOperation
    ) throws(SocketError) -> Unmanaged<Registration> {
        guard let pointer = cplatform_current_loop_get() else {
            throw SocketError(.notSupported, operation: op, detail: .noEventLoop)
        }
        let bits = socket.asyncRegistration.load(ordering: .acquiring)
        if _fastPath(bits != 0) {
            let registration = Unmanaged<Registration>.fromOpaque(UnsafeRawPointer(bitPattern: bits)!)
            if _fastPath(registration._withUnsafeGuaranteedRef { $0.loopAddress == pointer }) { return registration }
            throw SocketError(.invalidArgument, operation: op, detail: .otherEventLoop)
        }
        let loop = Unmanaged<EventLoop>.fromOpaque(pointer).takeUnretainedValue()
        return Unmanaged.passUnretained(try loop.register(socket, op))
    }

    private func register(_ socket: NetSocket, _ op: SocketOperation) throws(SocketError) -> Registration {
        if isStopping { throw closedError(op, stopped: true) }
        try socket.checkOpen(op)
        local.pointee.nextGeneration &+= 1
        let fd = socket.fd
        let ringMode = local.pointee.ring != nil
        let registration = Registration(
            loop: self,
            fd: fd,
            generation: local.pointee.nextGeneration,
            ringMode: ringMode,
            byteStream: socket.type == .stream && socket.protocol != .sctp
        )
        if !ringMode {
            _ = try socket.call(op) { fd in
                Sys.epollCtl(self.poller, EpollConstant.EPOLL_CTL_ADD, fd, Self.readEvents, registration.token)
            }
        }
        let installed = socket.installAsyncRegistration(registration)
        guard installed == UInt(bitPattern: Unmanaged.passUnretained(registration).toOpaque()) else {
            // Another loop registered the socket at the same moment: it keeps it.
            _ = Sys.epollCtl(poller, EpollConstant.EPOLL_CTL_DEL, fd, 0, 0)
            throw SocketError(.invalidArgument, operation: op, detail: .otherEventLoop)
        }
        let index = Int(fd)
        // A registration left for a number that was closed and reused: its close is in the inbox
        // (or was lost to a socket closed before it registered); end it now.
        if let stale = local.pointee.table[index]?.takeUnretainedValue() {
            stale.end(.closed)
            if let r = local.pointee.ring { retireRing(stale, r) }
        }
        local.pointee.table.install(registration, at: index)
        // A close that ran before the registration was installed did not see it.
        if socket.isClosed {
            postClose(registration)
            throw socket.closedError(op)
        }
        return registration
    }

    func pushTimer(_ timer: LoopTimer) { local.pointee.timers.push(timer) }

    /// What a socket is registered for: readability (and the peer's end) from the start;
    /// writability only once a write waited (``addWriteInterest(_:_:)``). A socket whose writes
    /// never fill its buffer (a request/response server's) then never gets an `EPOLLOUT` event:
    /// with it in the mask, each read by the peer that frees buffer space queues one, and every
    /// `epoll_wait` of a ping-pong returns two events instead of one.
    static let readEvents = EpollConstant.EPOLLIN | EpollConstant.EPOLLRDHUP | EpollConstant.EPOLLET
    static let allEvents = readEvents | EpollConstant.EPOLLOUT

    /// Adds a registration to the epoll set (on the io_uring backend: at its first readiness wait),
    /// with writability when `write`.
    func addToEpoll(_ registration: Registration, _ op: SocketOperation, write: Bool) throws(SocketError) {
        let events = write ? Self.allEvents : Self.readEvents
        _ = try Sys.check(op) {
            Sys.epollCtl(poller, EpollConstant.EPOLL_CTL_ADD, registration.fd, events, registration.token)
        }
        registration.state.pointee.inEpoll = true
        registration.state.pointee.writeInterest = write
    }

    /// Adds writability to a registration's events (its first write wait; it stays). The kernel
    /// checks the socket at once: if it became writable since the write that found it full, the
    /// event is queued now, so no edge is lost.
    func addWriteInterest(_ registration: Registration, _ op: SocketOperation) throws(SocketError) {
        _ = try Sys.check(op) {
            Sys.epollCtl(poller, EpollConstant.EPOLL_CTL_MOD, registration.fd, Self.allEvents, registration.token)
        }
        registration.state.pointee.writeInterest = true
    }

    @usableFromInline
    func closedError(_ op: SocketOperation, stopped: Bool) -> SocketError {
        if stopped { return SocketError(.cancelled, operation: op, detail: .loopStopped) }
        return SocketError(.closed, errno: Errno.EBADF, operation: op)
    }

    /// Whether the loop closed its own descriptors (epoll, eventfd): after it stopped (for tests).
    package var descriptorsClosed: Bool { inbox.withLock { $0.pollerClosed } }

    /// The loop's epoll descriptor (for tests: its `/proc/self/fdinfo` entry lists the sockets it
    /// watches and for which events).
    package var pollDescriptor: CInt { poller }

    /// The number of sockets registered with the loop (for tests: back to 0 once they close).
    package var registrationCount: Int { local.pointee.table.registered }
}

/// The value of the root task, handed from the task to the thread that waits for it (both the
/// loop's thread).
final class ResultBox<T>: @unchecked Sendable {
    var value: Result<T, any Error>?
}
