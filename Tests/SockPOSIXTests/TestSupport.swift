import CTestSupport
import SockPOSIX
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Expects `body` to throw a `SocketError` with `code`; returns it for further checks.
@discardableResult
func expectSocketError<R>(
    _ code: SocketError.Code,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> R
) -> SocketError? {
    do {
        _ = try body()
        Issue.record("expected SocketError .\(code), got success", sourceLocation: sourceLocation)
        return nil
    } catch let error as SocketError {
        #expect(error.code == code, "expected .\(code), got \(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected SocketError .\(code), got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Counts this thread's heap allocations made by `body`; nil when the interposer is unavailable
/// (sanitizer builds), so callers can skip with a printed reason.
func countMallocs(_ body: () throws -> Void) rethrows -> UInt64? {
    guard ctest_malloc_interposed() != 0 else { return nil }
    // Swift Testing's throw hook boxes every thrown error (1 malloc); it is the harness's cost,
    // not the library's, so it is off while we count.
    ctest_suspend_throw_hooks()
    defer { ctest_resume_throw_hooks() }
    ctest_malloc_begin()
    do {
        try body()
    } catch {
        _ = ctest_malloc_end()
        throw error
    }
    return ctest_malloc_end()
}

/// Runs `body` on a new thread and returns a way to join it.
final class TestThread: @unchecked Sendable {
    private var thread = pthread_t()
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

/// Runs a Python 3 snippet as a real peer; returns (exit status, stdout).
func runPython(_ script: String, timeout: Int = 10) -> (status: Int32, output: String) {
    runProcess(["/usr/bin/env", "timeout", "\(timeout)", "python3", "-c", script])
}

/// Runs a command; returns (exit status, stdout).
func runProcess(_ argv: [String]) -> (status: Int32, output: String) {
    var fds: [CInt] = [-1, -1]
    guard pipe(&fds) == 0 else { return (-1, "") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
    posix_spawn_file_actions_addclose(&actions, fds[0])
    var pid = pid_t()
    let cargs = argv.map { strdup($0) } + [nil]
    defer { cargs.forEach { free($0) } }
    let rc = posix_spawnp(&pid, argv[0], &actions, nil, cargs, environ)
    posix_spawn_file_actions_destroy(&actions)
    close(fds[1])
    guard rc == 0 else {
        close(fds[0])
        return (-1, "")
    }
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = read(fds[0], &buf, buf.count)
        if n <= 0 { break }
        out.append(contentsOf: buf[0..<n])
    }
    close(fds[0])
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return (exit, String(decoding: out, as: UTF8.self))
}

/// Whether this process may use raw sockets / create network namespaces.
var isRoot: Bool { geteuid() == 0 }

/// A unique abstract Unix name for one test.
func uniqueAbstractName(_ tag: String) -> String {
    "@sock-test-\(getpid())-\(tag)-\(UInt32.random(in: 0...UInt32.max))"
}

/// A thread-safe counter that escaping closures can capture (an `Atomic` itself cannot be).
final class Counter: Sendable {
    private let storage = Atomic<Int>(0)
    func add(_ n: Int) { storage.add(n, ordering: .relaxed) }
    var value: Int { storage.load(ordering: .relaxed) }
}

/// A thread-safe box for one value, capturable by escaping closures.
final class Shared<T: Sendable>: Sendable {
    private let storage: Mutex<T>
    init(_ value: T) { storage = Mutex(value) }
    func set(_ value: T) { storage.withLock { $0 = value } }
    func get() -> T { storage.withLock { $0 } }
}
