#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Each thread's wake-up descriptor: an `eventfd` the thread adds to its `ppoll` set while it
/// waits for a socket's readiness, so that ``NetSocket/close()`` can wake it by writing to it,
/// without shutting the socket down (a shutdown would end the connection for every other holder of
/// the socket too: another process that received it, a `dup`).
///
/// One per thread that ever waited, created on its first wait and closed when the thread exits
/// (a thread-specific key's destructor): the number of these descriptors is bounded by the number
/// of threads, not of sockets. A pending wake-up left over from an earlier socket only makes the
/// next wait loop once more. Linux-only: elsewhere there is none, and `close` falls back to the
/// shutdown.
enum ThreadWaker {
    /// The key of the thread-specific slot; its value is the descriptor + 1 (0: none yet).
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        _ = pthread_key_create(&key) { value in
            guard let value else { return }
            _ = Sys.close(CInt(Int(bitPattern: value) - 1))
        }
        return key
    }()

    /// This thread's wake-up descriptor, created on first use; -1 when there is none (no eventfd
    /// here, or the process is out of descriptors).
    static func current() -> CInt {
        if let value = pthread_getspecific(key) { return CInt(Int(bitPattern: value) - 1) }
        let r = Sys.eventfd()
        guard r >= 0 else { return -1 }
        _ = pthread_setspecific(key, UnsafeRawPointer(bitPattern: r + 1))
        return CInt(r)
    }

    /// Consumes a pending wake-up (an eventfd read resets its counter); harmless when none is
    /// pending (the descriptor is non-blocking).
    static func drain(_ fd: CInt) {
        var value: UInt64 = 0
        _ = Sys.read(fd, &value, 8)
    }

    /// Wakes the thread waiting on `fd`.
    static func wake(_ fd: CInt) {
        _ = Sys.writeWord(fd, 1)
    }
}

/// The threads waiting for a socket's readiness, as ``NetSocket/close()`` needs them: the wake-up
/// descriptors of up to four waiting threads (a reader, a writer, ... more at once is unusual), and
/// a count of the waiters beyond them, or without a wake-up descriptor, which only a shutdown of
/// the socket can wake.
struct Waiters {
    var slots: (CInt, CInt, CInt, CInt) = (-1, -1, -1, -1)
    var unregistered = 0

    var isEmpty: Bool { count == 0 }

    /// The number of waiting threads.
    var count: Int {
        (slots.0 >= 0 ? 1 : 0) + (slots.1 >= 0 ? 1 : 0) + (slots.2 >= 0 ? 1 : 0) + (slots.3 >= 0 ? 1 : 0)
            + unregistered
    }

    /// Registers `waker`; false when every slot is taken (the caller counts itself unregistered).
    mutating func register(_ waker: CInt) -> Bool {
        if slots.0 == -1 {
            slots.0 = waker
        } else if slots.1 == -1 {
            slots.1 = waker
        } else if slots.2 == -1 {
            slots.2 = waker
        } else if slots.3 == -1 {
            slots.3 = waker
        } else {
            return false
        }
        return true
    }

    mutating func unregister(_ waker: CInt) {
        if slots.0 == waker {
            slots.0 = -1
        } else if slots.1 == waker {
            slots.1 = -1
        } else if slots.2 == waker {
            slots.2 = -1
        } else if slots.3 == waker {
            slots.3 = -1
        }
    }

    /// Writes to every registered wake-up descriptor; true when unregistered waiters remain.
    func wakeAll() -> Bool {
        if slots.0 >= 0 { ThreadWaker.wake(slots.0) }
        if slots.1 >= 0 { ThreadWaker.wake(slots.1) }
        if slots.2 >= 0 { ThreadWaker.wake(slots.2) }
        if slots.3 >= 0 { ThreadWaker.wake(slots.3) }
        return unregistered > 0
    }
}
