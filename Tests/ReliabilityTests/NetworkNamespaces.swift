// Two network namespaces joined by a veth pair, for faults loopback cannot produce (a peer that
// vanishes, an unreachable host). Created per test, always deleted; nothing of it is visible in
// the root namespace, so no test traffic can leave the machine. Needs root and iproute2.
// (A trimmed copy of the SockLinux tests' helper; test targets cannot share files.)

import Sock
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `a` holds `vA` (10.78.0.1/24), `b` holds `vB` (10.78.0.2/24), both with `lo` up.
final class VethNamespaces: @unchecked Sendable {
    let a: String
    let b: String
    private var destroyed = false

    static let addressA = "10.78.0.1"
    static let addressB = "10.78.0.2"

    private init(a: String, b: String) {
        self.a = a
        self.b = b
    }

    /// Creates the pair, or skips the test with a printed reason (not root, no `ip`, no netns).
    static func make() throws -> VethNamespaces {
        if !isRoot { try skip("network namespaces need root (uid \(geteuid()))") }
        let tag = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let pair = VethNamespaces(a: "sockrel-\(tag)-a", b: "sockrel-\(tag)-b")
        let ip = tool("ip")
        let steps: [[String]] = [
            [ip, "netns", "add", pair.a],
            [ip, "netns", "add", pair.b],
            [ip, "link", "add", "vA", "netns", pair.a, "type", "veth", "peer", "name", "vB", "netns", pair.b],
            [ip, "-n", pair.a, "addr", "add", "\(addressA)/24", "dev", "vA"],
            [ip, "-n", pair.b, "addr", "add", "\(addressB)/24", "dev", "vB"],
            [ip, "-n", pair.a, "link", "set", "lo", "up"],
            [ip, "-n", pair.b, "link", "set", "lo", "up"],
            [ip, "-n", pair.a, "link", "set", "vA", "up"],
            [ip, "-n", pair.b, "link", "set", "vB", "up"],
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
        return pair
    }

    /// Runs `body` on a dedicated thread that has entered namespace `name` with setns(2), and
    /// returns its result; sockets created there keep that namespace. The test runner's own
    /// threads never change namespace (the dedicated thread simply ends).
    func run<R: Sendable>(in name: String, _ body: @escaping @Sendable () throws -> R) throws -> R {
        let result = Shared<Result<R, any Error>?>(nil)
        let thread = TestThread {
            let target = open("/var/run/netns/\(name)", O_RDONLY | O_CLOEXEC)
            guard target >= 0 else {
                result.set(.failure(NamespaceError("open namespace \(name): errno \(errno)")))
                return
            }
            defer { close(target) }
            guard VethNamespaces.setns(target, VethNamespaces.cloneNewNet) == 0 else {
                result.set(.failure(NamespaceError("setns \(name): errno \(errno)")))
                return
            }
            result.set(Result { try body() })
        }
        thread.join()
        return try result.get()!.get()
    }

    /// Runs `ip -n <name> args...`; records an issue when it fails.
    func ip(_ name: String, _ args: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        let r = runProcess([tool("ip"), "-n", name] + args)
        #expect(
            r.status == 0,
            "ip -n \(name) \(args.joined(separator: " ")): \(r.output)",
            sourceLocation: sourceLocation
        )
    }

    /// Deletes both namespaces (and the veth pair with them). Idempotent.
    func destroy() {
        guard !destroyed else { return }
        destroyed = true
        runProcess([tool("ip"), "netns", "del", a])
        runProcess([tool("ip"), "netns", "del", b])
    }

    deinit { destroy() }

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
