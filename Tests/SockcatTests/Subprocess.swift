import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A child process with pipes on stdin, stdout and stderr, driven without blocking: the tests
/// write its stdin, wait for a line on its stderr (e.g. "listening on"), and collect everything
/// with a time limit, after which the child is killed (by its pid, which the test owns).
final class Subprocess {
    let pid: pid_t
    private var stdinFD: CInt
    private let stdoutFD: CInt
    private let stderrFD: CInt
    private var stdoutOpen = true
    private var stderrOpen = true
    private(set) var stdout: [UInt8] = []
    private(set) var stderr: [UInt8] = []
    private var exitStatus: Int32?

    /// Starts `executable` with `arguments`.
    init(_ executable: String, _ arguments: [String]) throws {
        // Writing to a child that already exited must be an error, not a fatal signal.
        signal(SIGPIPE, SIG_IGN)
        var pipes: [[CInt]] = []
        for _ in 0..<3 {
            var fds: [CInt] = [-1, -1]
            guard pipe(&fds) == 0 else { throw SubprocessError("pipe failed: errno \(errno)") }
            // Close-on-exec, so no child inherits another's pipe ends (dup2 clears it on 0, 1, 2).
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            pipes.append(fds)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipes[0][0], 0)
        posix_spawn_file_actions_adddup2(&actions, pipes[1][1], 1)
        posix_spawn_file_actions_adddup2(&actions, pipes[2][1], 2)
        // Nothing else: a descriptor another test opened meanwhile (before its close-on-exec flag
        // was set) must not reach this child, whose descriptors some tests count.
        // (glibc 2.34's posix_spawn_file_actions_addclosefrom_np, which Glibc does not export to
        // Swift; without it, the counts can include such strays.)
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, CInt) -> CInt
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3)
        }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // The child starts with no signal blocked and SIGTERM, SIGINT, SIGHUP and SIGPIPE at their
        // defaults: the test runner's threads may block or ignore them, and a child inherits both.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for sig in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&defaults, sig) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var child = pid_t()
        let rc = posix_spawn(&child, executable, &actions, &attributes, argv, environ)
        close(pipes[0][0])
        close(pipes[1][1])
        close(pipes[2][1])
        guard rc == 0 else {
            close(pipes[0][1])
            close(pipes[1][0])
            close(pipes[2][0])
            throw SubprocessError("posix_spawn \(executable) failed: \(rc)")
        }
        pid = child
        stdinFD = pipes[0][1]
        stdoutFD = pipes[1][0]
        stderrFD = pipes[2][0]
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        if stdinFD >= 0 { close(stdinFD) }
        close(stdoutFD)
        close(stderrFD)
    }

    /// Writes `text` to the child's stdin.
    func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count, stdinFD >= 0 {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(stdinFD, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { break }
            offset += n
        }
    }

    /// Closes the child's stdin (it reads end of file).
    func closeStdin() {
        if stdinFD >= 0 {
            close(stdinFD)
            stdinFD = -1
        }
    }

    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    var stderrText: String { String(decoding: stderr, as: UTF8.self) }

    /// Reads output until stderr has a line containing `marker`; returns that line, or nil when
    /// the child exits or `timeout` passes first.
    func waitForStderrLine(containing marker: String, timeout: Duration = .seconds(10)) -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = stderrText.split(separator: "\n").first(where: { $0.contains(marker) }) {
                return String(line)
            }
            if !stdoutOpen && !stderrOpen { return nil }
            pump(until: deadline)
        }
        return nil
    }

    /// How many lines of stderr contain `marker`, waiting (and collecting output) until there are
    /// `count` of them, the child's output ends, or `timeout` passes.
    @discardableResult
    func waitForStderrLines(containing marker: String, count: Int, timeout: Duration = .seconds(30)) -> Int {
        let deadline = ContinuousClock.now + timeout
        var seen = 0
        while ContinuousClock.now < deadline {
            seen = stderrText.split(separator: "\n").count { $0.contains(marker) }
            if seen >= count || (!stdoutOpen && !stderrOpen) { return seen }
            pump(until: min(deadline, ContinuousClock.now + .milliseconds(50)))
        }
        return seen
    }

    /// Whether the child closed its stdout and stderr (it exited, as a rule).
    var outputEnded: Bool { !stdoutOpen && !stderrOpen }

    /// Collects what the child prints for `duration` (less if its output ends first).
    func collect(for duration: Duration) {
        let deadline = ContinuousClock.now + duration
        while !outputEnded && ContinuousClock.now < deadline { pump(until: deadline) }
    }

    /// Waits for the child to exit (killing it after `timeout`); returns its exit status
    /// (128 + signal when killed by one).
    @discardableResult
    func wait(timeout: Duration = .seconds(20)) -> Int32 {
        closeStdin()
        let deadline = ContinuousClock.now + timeout
        while stdoutOpen || stderrOpen {
            if ContinuousClock.now >= deadline {
                kill(pid, SIGKILL)
                break
            }
            pump(until: deadline)
        }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        exitStatus = code
        return code
    }

    /// One poll over stdout and stderr, reading what is there.
    private func pump(until deadline: ContinuousClock.Instant) {
        var fds = [
            pollfd(fd: stdoutOpen ? stdoutFD : -1, events: Int16(POLLIN), revents: 0),
            pollfd(fd: stderrOpen ? stderrFD : -1, events: Int16(POLLIN), revents: 0),
        ]
        let left = ContinuousClock.now.duration(to: deadline)
        let ms = max(
            0,
            min(Int32(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000), 200)
        )
        guard poll(&fds, 2, ms) > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 65536)
        if fds[0].revents != 0 {
            let n = read(stdoutFD, &buffer, buffer.count)
            if n > 0 { stdout += buffer[0..<n] } else { stdoutOpen = false }
        }
        if fds[1].revents != 0 {
            let n = read(stderrFD, &buffer, buffer.count)
            if n > 0 { stderr += buffer[0..<n] } else { stderrOpen = false }
        }
    }
}

struct SubprocessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
