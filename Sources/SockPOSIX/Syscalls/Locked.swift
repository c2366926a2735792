import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

#if SOCK_LIBC_SYSCALLS
/// The library's lock in the ThreadSanitizer build (`-DSOCK_LIBC_SYSCALLS`): a pthread mutex, which
/// TSan models. `Synchronization.Mutex` on Linux hands a contended lock over with a priority-
/// inheritance futex inside the kernel, so TSan sees no happens-before between the two holders and
/// reports every access under it as a race. Same `withLock` as `Mutex`.
package final class Locked<Value>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var value: Value

    package init(_ value: Value) {
        self.value = value
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    package func withLock<Result, E: Error>(_ body: (inout Value) throws(E) -> Result) throws(E) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
#else
/// The library's lock: `Synchronization.Mutex` (inline, no allocation). The ThreadSanitizer build
/// swaps in a pthread mutex (see above).
package typealias Locked<Value> = Mutex<Value>
#endif
