#if os(Linux)
// Helpers for the Unix hardening tests (issue 14: peer credentials, socket file modes, abstract
// names): real peers that run as another user, and per-thread credentials and umask, so that a
// test can act as another user without touching the rest of the test process.

import Glibc
import SockPOSIX
import Testing

/// The unprivileged user the attacks run as (`nobody`, and its group `nogroup`).
let nobody: UInt32 = 65534

/// A unique Linux abstract name for one test.
func uniqueAbstractName(_ tag: String) -> String {
    "@sock-hardening-\(getpid())-\(tag)-\(UInt32.random(in: 0...UInt32.max))"
}

/// A Python 3 peer running as its own process; the script's first line `become(uid)` (defined in
/// ``prelude``) drops to another user. ``firstLine()`` waits for the first line it prints,
/// ``finish()`` for it to exit.
final class PythonProcess {
    /// Defines `become(uid)`: drops the supplementary groups, then the gid and the uid (both
    /// `uid`), so the process is that user entirely; a no-op for the current uid.
    static let prelude = """
        import errno, os, socket, sys
        def become(uid):
            if uid != os.getuid():
                os.setgroups([])
                os.setgid(uid)
                os.setuid(uid)

        """

    let pid: pid_t
    private let output: CInt
    private var line: String?
    private var finished = false

    /// Starts `python3 -c prelude+script args...` under `timeout 20`.
    init(_ script: String, arguments: [String] = []) throws {
        // Close-on-exec, so no other test's child inherits the write end and delays our EOF.
        let (readEnd, writeEnd) = try makePipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        let argv = ["/usr/bin/env", "timeout", "20", "python3", "-c", Self.prelude + script] + arguments
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, argv[0], &actions, nil, cArgs, environ)
        close(writeEnd)
        if rc != 0 { close(readEnd) }
        try #require(rc == 0, "posix_spawn python3: \(rc)")
        pid = child
        output = readEnd
    }

    deinit { finish() }

    /// The first line the peer printed (empty if it printed none before exiting).
    func firstLine() -> String {
        if let line { return line }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(output, &byte, 1) == 1, byte != UInt8(ascii: "\n") { bytes.append(byte) }
        line = String(decoding: bytes, as: UTF8.self)
        return line!
    }

    /// Waits for the peer to exit; returns its exit status and the lines it printed after the
    /// first.
    @discardableResult
    func finish() -> (status: Int32, rest: [String]) {
        guard !finished else { return (0, []) }
        finished = true
        _ = firstLine()
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(output, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        close(output)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exit, String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init))
    }
}

/// Runs a Python connect attempt as `uid` to each Unix socket name in `paths` (a path, or `@name`
/// for an abstract name; stream, or datagram with `datagram`); one word per name: `connected` (or
/// `sent`) or the errno's name.
func pythonConnectResults(as uid: UInt32, to paths: [String], datagram: Bool = false) throws -> [String] {
    let peer = try PythonProcess(
        """
        become(int(sys.argv[1]))
        print("started", flush=True)
        for path in sys.argv[3:]:
            path = "\\0" + path[1:] if path.startswith("@") else path
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM if sys.argv[2] == "dgram" else socket.SOCK_STREAM)
            try:
                if sys.argv[2] == "dgram":
                    s.sendto(b"from-" + sys.argv[1].encode(), path)
                    print("sent", flush=True)
                else:
                    s.connect(path)
                    print("connected", flush=True)
            except OSError as e:
                print(errno.errorcode.get(e.errno, str(e.errno)), flush=True)
            s.close()
        """,
        arguments: ["\(uid)", datagram ? "dgram" : "stream"] + paths
    )
    #expect(peer.firstLine() == "started")
    let result = peer.finish()
    #expect(result.status == 0, "python3 as uid \(uid) failed (status \(result.status))")
    return result.rest
}

/// Runs `body` on a thread of its own and returns its result. Credential and umask changes made
/// there stay there: the thread ends with the call.
func onOwnThread<R: Sendable>(_ body: @escaping @Sendable () throws -> R) throws -> R {
    let result = Shared<Result<R, any Error>?>(nil)
    let thread = TestThread { result.set(Result { try body() }) }
    thread.join()
    return try #require(result.get()).get()
}

/// Per-thread process attributes, through the Linux calls Glibc's Swift module hides
/// (`_GNU_SOURCE`), looked up at run time.
enum ThreadAttributes {
    private typealias IntFunction = @convention(c) (CInt) -> CInt
    private typealias IDFunction = @convention(c) (UInt32) -> CInt

    private static func function<F>(_ name: String, as type: F.Type) -> F {
        guard let symbol = dlsym(nil, name) else { fatalError("\(name) not found in libc") }
        return unsafeBitCast(symbol, to: type)
    }

    /// Gives the calling thread its own umask (`unshare(CLONE_FS)`: the umask lives in the
    /// filesystem context, which a process's threads share) and sets it to `mask`. The other
    /// tests, running in parallel in this process, keep theirs.
    static func setThreadUmask(_ mask: mode_t) throws {
        let unshare = function("unshare", as: IntFunction.self)
        guard unshare(0x200) == 0 else { throw SetupError("unshare(CLONE_FS): errno \(errno)") }  // CLONE_FS
        umask(mask)
    }

    /// Makes the calling thread check file permissions as `uid`/`gid`: `setfsgid` and
    /// `setfsuid` change only this thread (glibc does not broadcast them to the other threads,
    /// as it does `setuid`), and a non-zero fsuid drops `CAP_DAC_OVERRIDE` from the thread's
    /// effective set. The kernel checks a Unix socket `connect` or `sendto` against these.
    static func checkFilesAs(uid: UInt32, gid: UInt32) throws {
        let setfsgid = function("setfsgid", as: IDFunction.self)
        let setfsuid = function("setfsuid", as: IDFunction.self)
        _ = setfsgid(gid)
        _ = setfsuid(uid)
        // Both calls return the previous id; an invalid id changes nothing and reads it back.
        guard setfsgid(UInt32.max) == CInt(bitPattern: gid), setfsuid(UInt32.max) == CInt(bitPattern: uid) else {
            throw SetupError("setfsgid(\(gid)) / setfsuid(\(uid)) did not take effect")
        }
    }
}

/// A set-up step that failed on a thread of the test's own (where `#require` cannot record).
struct SetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A fresh directory under /tmp with exactly `mode` (chmod, so the umask does not matter);
/// removed with what it holds by ``TestDirectory/remove()``.
struct TestDirectory {
    let path: String

    init(mode: mode_t) throws {
        var template = Array("/tmp/sock-hardening-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        try #require(made != nil, "mkdtemp: errno \(errno)")
        path = String(cString: made!)
        try #require(chmod(path, mode) == 0, "chmod \(path): errno \(errno)")
    }

    /// `path/name`.
    func file(_ name: String) -> String { path + "/" + name }

    /// Removes the directory and its entries (socket files: Sock never removes them).
    func remove() {
        if let dir = opendir(path) {
            while let entry = readdir(dir) {
                // Through the entry's address: copying `d_name` (a 256-byte tuple) can read past a
                // short entry at the end of the directory buffer.
                let name = String(
                    cString: (UnsafeRawPointer(entry) + MemoryLayout<dirent>.offset(of: \dirent.d_name)!)
                        .assumingMemoryBound(to: CChar.self)
                )
                if name != "." && name != ".." { unlink(file(name)) }
            }
            closedir(dir)
        }
        rmdir(path)
    }
}

/// The permission bits of the file at `path` (lstat: the socket file itself).
func permissionBits(_ path: String) throws -> UInt32 {
    var info = stat()
    try #require(lstat(path, &info) == 0, "lstat \(path): errno \(errno)")
    #expect(info.st_mode & S_IFMT == S_IFSOCK, "\(path) is not a socket file")
    return UInt32(info.st_mode & 0o7777)
}

/// The pid a pidfd refers to, from its `/proc/self/fdinfo` entry (`Pid:`; -1 once the process
/// has exited and been reaped), or nil when the entry has no such line (not a pidfd).
func pidOfPidfd(_ fd: CInt) -> Int? {
    guard let file = fopen("/proc/self/fdinfo/\(fd)", "r") else { return nil }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, CInt(line.count), file) != nil {
        let text = line.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        if text.hasPrefix("Pid:") {
            return Int(String(text.dropFirst(4).filter { !$0.isWhitespace }))
        }
    }
    return nil
}
#endif
