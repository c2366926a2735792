// Helpers for the reliability tests: error expectations, threads, child processes, descriptor
// counts, counts from the environment, and skipping with a printed reason. (Test targets cannot
// see each other's helpers; these are small copies of the SockPOSIX/SockLinux test helpers.)

import CTestSupport
import Sock
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Expects `body` to throw a `SocketError` with `code` (and `detail` when given); returns it.
@discardableResult
func expectSocketError<R>(
    _ code: SocketError.Code,
    detail: SocketError.Detail? = nil,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws(SocketError) -> R
) -> SocketError? {
    do throws(SocketError) {
        _ = try body()
        Issue.record("expected SocketError .\(code), got success", sourceLocation: sourceLocation)
        return nil
    } catch {
        #expect(error.code == code, "expected .\(code), got \(error)", sourceLocation: sourceLocation)
        if let detail {
            #expect(error.detail == detail, "expected detail \(detail), got \(error)", sourceLocation: sourceLocation)
        }
        return error
    }
}

/// Skips the running test, printing the reason (a skipped test never passes silently).
func skip(_ reason: String) throws -> Never {
    print("SKIP: \(reason)")
    try Test.cancel(Comment(rawValue: reason))
}

/// A positive integer from the environment (full-length runs raise the CI counts), or `fallback`.
func environmentCount(_ name: String, default fallback: Int) -> Int {
    guard let text = getenv(name), let value = Int(String(cString: text)), value > 0 else { return fallback }
    return value
}

/// Whether this process runs as root.
var isRoot: Bool { geteuid() == 0 }

/// Sleeps the calling thread (test pacing only).
func pause(_ duration: Duration) {
    let (s, atto) = duration.components
    var request = timespec(tv_sec: Int(s), tv_nsec: Int(atto / 1_000_000_000))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
}

/// Monotonic nanoseconds.
func now() -> Int64 { Deadline.monotonicNow() }

/// The number of open descriptors of this process (entries of /proc/self/fd, minus the one the
/// listing itself uses).
func openDescriptorCount() -> Int {
    guard let dir = opendir("/proc/self/fd") else { return -1 }
    defer { closedir(dir) }
    var count = 0
    while let entry = readdir(dir) {
        let first = withUnsafeBytes(of: entry.pointee.d_name) { $0[0] }
        if first != UInt8(ascii: ".") { count += 1 }
    }
    return count - 1
}

/// A thread-safe counter that escaping closures can capture.
final class Counter: Sendable {
    private let storage = Atomic<Int>(0)
    func add(_ n: Int) { storage.add(n, ordering: .relaxed) }
    var value: Int { storage.load(ordering: .relaxed) }
}

/// A thread-safe box for one value. It locks a pthread mutex rather than `Synchronization.Mutex`:
/// on Linux the latter waits with raw futex syscalls, which ThreadSanitizer cannot see, so every
/// access under it would be reported as a race in the TSan run.
final class Shared<T: Sendable>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var value: T

    init(_ value: T) {
        self.value = value
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func update<R>(_ body: (inout T) -> R) -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body(&value)
    }

    func set(_ value: T) { update { $0 = value } }
    func get() -> T { update { $0 } }
}

/// Runs `body` on a new thread; ``join()`` waits for it. ``thread`` is the pthread, for
/// `pthread_kill`.
final class TestThread: @unchecked Sendable {
    private(set) var thread = pthread_t()
    private let body: @Sendable () -> Void

    init(_ body: @escaping @Sendable () -> Void) {
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

    func join() { pthread_join(thread, nil) }
}

// MARK: - Processes

/// Runs a command (no shell) with extra environment variables; returns its exit status and its
/// combined stdout and stderr.
@discardableResult
func runProcess(_ argv: [String], environment extra: [String: String] = [:]) -> (status: Int32, output: String) {
    var fds: [CInt] = [-1, -1]
    guard pipe(&fds) == 0 else { return (-1, "pipe failed") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
    posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
    posix_spawn_file_actions_addclose(&actions, fds[0])
    var pid = pid_t()
    let cargs = argv.map { strdup($0) } + [nil]
    var env: [UnsafeMutablePointer<CChar>?] = []
    var index = 0
    while let entry = environ[index] {
        let text = String(cString: entry)
        if !extra.keys.contains(where: { text.hasPrefix("\($0)=") }) { env.append(strdup(entry)) }
        index += 1
    }
    for (key, value) in extra { env.append(strdup("\(key)=\(value)")) }
    env.append(nil)
    defer {
        cargs.forEach { free($0) }
        env.forEach { free($0) }
    }
    let rc = posix_spawnp(&pid, argv[0], &actions, nil, cargs, env)
    posix_spawn_file_actions_destroy(&actions)
    close(fds[1])
    guard rc == 0 else {
        close(fds[0])
        return (-1, "spawn \(argv[0]) failed: \(rc)")
    }
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = read(fds[0], &buf, buf.count)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { break }
        out.append(contentsOf: buf[0..<n])
    }
    close(fds[0])
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return (exit, String(decoding: out, as: UTF8.self))
}

/// The path of a system tool (`ip`, `sysctl`).
func tool(_ name: String) -> String {
    for dir in ["/usr/sbin", "/sbin", "/usr/bin", "/bin"] where access("\(dir)/\(name)", X_OK) == 0 {
        return "\(dir)/\(name)"
    }
    return name
}

// MARK: - Buffers with typed throws

extension Array where Element == UInt8 {
    /// Calls `body` with the array's bytes as a raw buffer, with typed throws.
    func withRaw<R>(_ body: (UnsafeRawBufferPointer) throws(SocketError) -> R) throws(SocketError) -> R {
        try withUnsafeBufferPointer { (p: UnsafeBufferPointer<UInt8>) throws(SocketError) -> R in
            try body(UnsafeRawBufferPointer(p))
        }
    }

    /// Calls `body` with the array's bytes as a mutable raw buffer, with typed throws.
    mutating func withMutableRaw<R>(
        _ body: (UnsafeMutableRawBufferPointer) throws(SocketError) -> R
    ) throws(SocketError) -> R {
        try withUnsafeMutableBufferPointer { (p: inout UnsafeMutableBufferPointer<UInt8>) throws(SocketError) -> R in
            try body(UnsafeMutableRawBufferPointer(p))
        }
    }
}

/// The result of `body`, or nil when it would block.
func nonBlocking<R>(_ body: () throws(SocketError) -> R) throws(SocketError) -> R? {
    do {
        return try body()
    } catch {
        if error.code == .wouldBlock { return nil }
        throw error
    }
}
