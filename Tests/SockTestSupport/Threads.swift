// Threads, shared state and pacing for tests that run work concurrently.

import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` on a new thread; ``join()`` waits for it. ``thread`` is the pthread, for
/// `pthread_kill`.
package final class TestThread: @unchecked Sendable {
    package private(set) var thread = pthread_t()
    private let body: @Sendable () -> Void

    package init(_ body: @escaping @Sendable () -> Void) {
        self.body = body
        let box = Unmanaged.passRetained(self)
        let rc = pthread_create(
            &thread,
            nil,
            { arg in
                let me = Unmanaged<TestThread>.fromOpaque(arg!).takeRetainedValue()
                me.body()
                return nil
            },
            box.toOpaque()
        )
        precondition(rc == 0, "pthread_create failed")
    }

    package func join() { pthread_join(thread, nil) }
}

/// A thread-safe counter that escaping closures can capture (an `Atomic` itself cannot be).
package final class Counter: Sendable {
    private let storage = Atomic<Int>(0)
    package init() {}
    package func add(_ n: Int) { storage.add(n, ordering: .relaxed) }
    package var value: Int { storage.load(ordering: .relaxed) }
}

/// A thread-safe box for one value. It locks a pthread mutex rather than `Synchronization.Mutex`:
/// on Linux the latter waits with raw futex syscalls, which ThreadSanitizer cannot see, so every
/// access under it would be reported as a race in the TSan run.
package final class Shared<T: Sendable>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var value: T

    package init(_ value: T) {
        self.value = value
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    package func update<R>(_ body: (inout T) -> R) -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body(&value)
    }

    package func set(_ value: T) { update { $0 = value } }
    package func get() -> T { update { $0 } }
}

/// Sleeps the calling thread (test pacing only; the library never sleeps).
package func pause(_ duration: Duration) {
    let (s, atto) = duration.components
    var request = timespec(tv_sec: Int(s), tv_nsec: Int(atto / 1_000_000_000))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
}

/// CPU time the calling thread has used.
package func threadCPUTime() -> Duration {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return .seconds(ts.tv_sec) + .nanoseconds(ts.tv_nsec)
}
