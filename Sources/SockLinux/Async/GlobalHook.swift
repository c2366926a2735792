import CPlatform
import SockPOSIX
import Synchronization

/// The opt-in global-executor mode of ``EventLoop/runAsGlobalExecutor(_:)``: the concurrency
/// runtime's `swift_task_enqueueGlobal_hook` (not public API; SwiftNIO's benchmarks use it the
/// same way) points at CPlatform's hook (`cplatform_global_hook`) while one loop holds it.
enum GlobalHook {
    typealias Original = @convention(thin) (UnownedJob) -> Void

    /// The loop that holds the hook (retained while it does).
    private static let holder = Locked<EventLoop?>(nil)

    /// The generic executor (no isolation): jobs that came through the hook run "on" it, as they
    /// would on the default global executor. Running them on an executor of the loop's own
    /// would make every resume hop. Computed: a `static let` would cost a `swift_once` call on
    /// every job the loop runs.
    static var genericExecutor: UnownedSerialExecutor {
        @inline(__always) get { unsafeBitCast((UInt(0), UInt(0)), to: UnownedSerialExecutor.self) }
    }

    static func install(_ loop: EventLoop) throws(SocketError) {
        let taken = holder.withLock { (holder) -> Bool in
            if holder != nil { return true }
            holder = loop
            return false
        }
        if taken { throw SocketError(.invalidArgument, operation: .eventLoop, detail: .otherEventLoop) }
        // The hook is CPlatform's: on the loop's thread it pushes into the run queue itself (the
        // whole hot path, in C); it calls `slowPath` when the queue is full or the job comes from
        // another thread.
        if cplatform_global_hook_install(slowPath) != 0 {
            holder.withLock { $0 = nil }
            throw SocketError(.notSupported, operation: .eventLoop)
        }
    }

    static func uninstall(_ loop: EventLoop) {
        holder.withLock { holder in
            guard holder === loop else { return }
            cplatform_global_hook_uninstall()
            holder = nil
        }
    }

    /// The hook's slow path: a full run queue on the loop's thread (it grows), or a job from
    /// another thread. `original` is the runtime's own enqueue.
    private static let slowPath: cplatform_hook_slow_fn = { job, original in
        GlobalHook.enqueueSlowly(unsafeBitCast(job, to: UnownedJob.self), unsafeBitCast(original, to: Original.self))
    }

    private static func enqueueSlowly(_ job: UnownedJob, _ original: Original) {
        let word = unsafeBitCast(job, to: UInt.self) | 1
        if let queue = cplatform_global_queue_get() {
            // This thread runs the loop in global mode (cleared when it stops): its run queue.
            UnsafeMutableRawPointer(queue).assumingMemoryBound(to: JobQueue.self).pointee.push(word)
            return
        }
        enqueueFromElsewhere(job, word, original)
    }

    /// Another thread (a Dispatch timer firing a sleep, a thread resuming a continuation).
    private static func enqueueFromElsewhere(_ job: UnownedJob, _ word: UInt, _ original: Original) {
        if let loop = holder.withLock({ $0 }) {
            loop.enqueueRemote(word)
        } else {
            original(job)
        }
    }
}
