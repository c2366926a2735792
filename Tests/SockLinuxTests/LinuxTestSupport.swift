// Shared helpers for the SockLinux tests (and the SCTP tests in this target): error
// expectations, the malloc counter, skipping with a printed reason, running commands, and
// network namespaces joined by veth pairs.

#if os(Linux)
import CTestSupport
import Glibc
import SockPOSIX
import Testing

/// Expects `body` to throw a `SocketError` with `code` (and `detail`, when given); returns it.
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

/// Counts this thread's heap allocations made by `body`; nil when the interposer is unavailable
/// (sanitizer builds).
func countMallocs(_ body: () throws -> Void) rethrows -> UInt64? {
    guard ctest_malloc_interposed() != 0 else { return nil }
    ctest_malloc_begin()
    do {
        try body()
    } catch {
        _ = ctest_malloc_end()
        throw error
    }
    return ctest_malloc_end()
}

/// Expects `body` to allocate nothing: runs it once to warm up (the runtime instantiates type
/// metadata lazily, once per process), then counts a second run. Skips with a printed reason
/// when the malloc counter is unavailable.
func expectNoMallocs(
    _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) throws {
    try body()
    guard let count = try countMallocs(body) else {
        try skip("malloc counter unavailable in this build (\(what))")
    }
    #expect(count == 0, "\(what): \(count) allocations", sourceLocation: sourceLocation)
}

/// Skips the running test, printing the reason (a skipped test never passes silently).
func skip(_ reason: String) throws -> Never {
    print("SKIP: \(reason)")
    try Test.cancel(Comment(rawValue: reason))
}

/// Whether this process runs as root (network namespaces, SO_MARK, IP_TRANSPARENT, ...).
var isRoot: Bool { geteuid() == 0 }

/// Skips unless root.
func requireRoot(_ what: String) throws {
    if !isRoot { try skip("\(what) needs root (uid \(geteuid()))") }
}

/// Runs a command (no shell); returns its exit status and combined stdout and stderr.
@discardableResult
func runProcess(_ argv: [String]) -> (status: Int32, output: String) {
    var fds: [CInt] = [-1, -1]
    guard pipe(&fds) == 0 else { return (-1, "pipe failed") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
    posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
    posix_spawn_file_actions_addclose(&actions, fds[0])
    var pid = pid_t()
    let cargs = argv.map { strdup($0) } + [nil]
    defer { cargs.forEach { free($0) } }
    let rc = posix_spawnp(&pid, argv[0], &actions, nil, cargs, environ)
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

/// The path of a system tool (`ip`, `sysctl`), looked up in the usual sbin/bin directories.
func tool(_ name: String) -> String {
    for dir in ["/usr/sbin", "/sbin", "/usr/bin", "/bin"] where access("\(dir)/\(name)", X_OK) == 0 {
        return "\(dir)/\(name)"
    }
    return name
}

/// Sleeps the calling thread (test pacing only; the library never sleeps).
func pause(_ duration: Duration) {
    let (s, atto) = duration.components
    var request = timespec(tv_sec: Int(s), tv_nsec: Int(atto / 1_000_000_000))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
}

/// CPU time the calling thread has used.
func threadCPUTime() -> Duration {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return .seconds(ts.tv_sec) + .nanoseconds(ts.tv_nsec)
}

// MARK: - Buffers

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

// MARK: - Network namespaces

/// Two network namespaces joined by a veth pair, created for one test and always deleted:
/// `a` holds `vA` (10.77.0.1/24, fd77::1/64), `b` holds `vB` (10.77.0.2/24, fd77::2/64), both
/// with `lo` up and IPv6 duplicate-address detection off (so addresses are usable at once).
/// Nothing of it is visible in the root namespace, so no test traffic can leave the machine.
///
/// Needs root and `ip` (iproute2); `make()` skips the test with a printed reason otherwise.
final class NetworkNamespacePair: @unchecked Sendable {
    /// The namespace names (unique per process and call).
    let a: String
    let b: String
    private var destroyed = false

    static let addressA = "10.77.0.1"
    static let addressB = "10.77.0.2"
    static let address6A = "fd77::1"
    static let address6B = "fd77::2"

    private static let prefix = "sockt-"

    private init(a: String, b: String) {
        self.a = a
        self.b = b
    }

    /// Creates the pair, or skips the test (not root, no `ip`, no netns support).
    static func make() throws -> NetworkNamespacePair {
        try requireRoot("network namespaces")
        removeStale()
        let tag = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let pair = NetworkNamespacePair(a: "\(prefix)\(tag)-a", b: "\(prefix)\(tag)-b")
        let steps: [[String]] = [
            [tool("ip"), "netns", "add", pair.a],
            [tool("ip"), "netns", "add", pair.b],
            [
                tool("ip"), "netns", "exec", pair.a, tool("sysctl"), "-qw", "net.ipv6.conf.all.accept_dad=0",
                "net.ipv6.conf.default.accept_dad=0",
            ],
            [
                tool("ip"), "netns", "exec", pair.b, tool("sysctl"), "-qw", "net.ipv6.conf.all.accept_dad=0",
                "net.ipv6.conf.default.accept_dad=0",
            ],
            [tool("ip"), "link", "add", "vA", "netns", pair.a, "type", "veth", "peer", "name", "vB", "netns", pair.b],
            [tool("ip"), "-n", pair.a, "addr", "add", "\(addressA)/24", "dev", "vA"],
            [tool("ip"), "-n", pair.b, "addr", "add", "\(addressB)/24", "dev", "vB"],
            [tool("ip"), "-n", pair.a, "addr", "add", "\(address6A)/64", "dev", "vA", "nodad"],
            [tool("ip"), "-n", pair.b, "addr", "add", "\(address6B)/64", "dev", "vB", "nodad"],
            [tool("ip"), "-n", pair.a, "link", "set", "lo", "up"],
            [tool("ip"), "-n", pair.b, "link", "set", "lo", "up"],
            [tool("ip"), "-n", pair.a, "link", "set", "vA", "up"],
            [tool("ip"), "-n", pair.b, "link", "set", "vB", "up"],
        ]
        for step in steps {
            let r = runProcess(step)
            if r.status != 0 {
                pair.destroy()
                try skip(
                    "cannot set up network namespaces: `\(step.joined(separator: " "))` -> \(r.status) \(r.output)"
                )
            }
        }
        // The kernel applies the carrier change through linkwatch, up to a second later; only then
        // does IPv6 add the link's multicast route, and until it does, multicast that arrives is
        // dropped (Ip6InNoRoutes). Wait for both ends.
        let ready = Deadline.after(.seconds(5))
        for (name, device) in [(pair.a, "vA"), (pair.b, "vB")] {
            while !runProcess([tool("ip"), "-n", name, "-6", "route", "show", "table", "local"]).output
                .contains("ff00::/8 dev \(device)")
            {
                if ready.hasExpired {
                    pair.destroy()
                    try skip("the veth link in \(name) did not come up within 5 s")
                }
                pause(.milliseconds(50))
            }
        }
        return pair
    }

    /// Runs `body` with the calling thread inside namespace `name` (sockets created there stay
    /// there), then switches back.
    func run<R>(in name: String, _ body: () throws -> R) throws -> R {
        let target = open("/var/run/netns/\(name)", O_RDONLY | O_CLOEXEC)
        let home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
        defer {
            if target >= 0 { close(target) }
            if home >= 0 { close(home) }
        }
        guard target >= 0, home >= 0 else { throw NamespaceError("open namespace \(name): errno \(errno)") }
        guard NetworkNamespacePair.setns(target, NetworkNamespacePair.cloneNewNet) == 0 else {
            throw NamespaceError("setns \(name): errno \(errno)")
        }
        defer {
            let back = NetworkNamespacePair.setns(home, NetworkNamespacePair.cloneNewNet)
            precondition(back == 0, "cannot return to the original network namespace")
        }
        return try body()
    }

    /// Runs `body` inside `a`.
    func inA<R>(_ body: () throws -> R) throws -> R { try run(in: a, body) }

    /// Runs `body` inside `b`.
    func inB<R>(_ body: () throws -> R) throws -> R { try run(in: b, body) }

    /// Runs `ip -n <name> args...`; records an issue when it fails.
    func ip(_ name: String, _ args: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        let r = runProcess([tool("ip"), "-n", name] + args)
        #expect(
            r.status == 0,
            "ip -n \(name) \(args.joined(separator: " ")): \(r.output)",
            sourceLocation: sourceLocation
        )
    }

    /// Runs `sysctl -qw setting` inside namespace `name` (sysctls under net.* are per namespace);
    /// records an issue when it fails.
    func sysctl(_ name: String, _ setting: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let r = runProcess([tool("ip"), "netns", "exec", name, tool("sysctl"), "-qw", setting])
        #expect(r.status == 0, "sysctl \(setting) in \(name): \(r.output)", sourceLocation: sourceLocation)
    }

    /// The index of interface `device` inside namespace `name`.
    func interfaceIndex(_ device: String, in name: String) throws -> UInt32 {
        try run(in: name) { try InterfaceName(device).index() }
    }

    /// Deletes both namespaces (and with them the veth pair). Idempotent.
    func destroy() {
        guard !destroyed else { return }
        destroyed = true
        runProcess([tool("ip"), "netns", "del", a])
        runProcess([tool("ip"), "netns", "del", b])
    }

    deinit { destroy() }

    /// Deletes namespaces this helper left behind in processes that no longer exist.
    private static func removeStale() {
        let list = runProcess([tool("ip"), "netns", "list"]).output
        for line in list.split(separator: "\n") {
            let name = String(line.split(separator: " ").first ?? "")
            guard name.hasPrefix(prefix) else { continue }
            let pidText = name.dropFirst(prefix.count).split(separator: "-").first.map(String.init) ?? ""
            guard let pid = pid_t(pidText), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            runProcess([tool("ip"), "netns", "del", name])
        }
    }

    private static let cloneNewNet: CInt = 0x4000_0000

    /// `setns(2)`, looked up at run time: Glibc's Swift module hides it (`_GNU_SOURCE`).
    private static let setns: @convention(c) (CInt, CInt) -> CInt = {
        guard let symbol = dlsym(nil, "setns") else { fatalError("setns not found in libc") }
        return unsafeBitCast(symbol, to: (@convention(c) (CInt, CInt) -> CInt).self)
    }()
}

/// A failure inside the namespace helper.
struct NamespaceError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
#endif
