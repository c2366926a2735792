// Two network namespaces joined by a veth pair, for tests that need a network loopback cannot
// give (a peer that vanishes, multicast on a real link, an unreachable host). Linux-only; needs
// root and iproute2.

#if os(Linux)
import Glibc
import SockPOSIX
import Testing

/// Two network namespaces joined by a veth pair, created for one test and always deleted:
/// `a` holds `vA` (10.77.0.1/24, fd77::1/64), `b` holds `vB` (10.77.0.2/24, fd77::2/64), both
/// with `lo` up and IPv6 duplicate-address detection off (so addresses are usable at once).
/// Nothing of it is visible in the root namespace, so no test traffic can leave the machine.
///
/// Needs root and `ip` (iproute2); `make()` skips the test with a printed reason otherwise.
package final class NetworkNamespacePair: @unchecked Sendable {
    /// The namespace names (unique per process and call).
    package let a: String
    package let b: String
    private var destroyed = false

    package static let addressA = "10.77.0.1"
    package static let addressB = "10.77.0.2"
    package static let address6A = "fd77::1"
    package static let address6B = "fd77::2"

    private static let prefix = "sockt-"

    private init(a: String, b: String) {
        self.a = a
        self.b = b
    }

    /// Creates the pair, or skips the test (not root, no `ip`, no netns support).
    package static func make() throws -> NetworkNamespacePair {
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
    package func run<R>(in name: String, _ body: () throws -> R) throws -> R {
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
    package func inA<R>(_ body: () throws -> R) throws -> R { try run(in: a, body) }

    /// Runs `body` inside `b`.
    package func inB<R>(_ body: () throws -> R) throws -> R { try run(in: b, body) }

    /// Runs `ip -n <name> args...`; records an issue when it fails.
    package func ip(_ name: String, _ args: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        let r = runProcess([tool("ip"), "-n", name] + args)
        #expect(
            r.status == 0,
            "ip -n \(name) \(args.joined(separator: " ")): \(r.output)",
            sourceLocation: sourceLocation
        )
    }

    /// Runs `sysctl -qw setting` inside namespace `name` (sysctls under net.* are per namespace);
    /// records an issue when it fails.
    package func sysctl(_ name: String, _ setting: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let r = runProcess([tool("ip"), "netns", "exec", name, tool("sysctl"), "-qw", setting])
        #expect(r.status == 0, "sysctl \(setting) in \(name): \(r.output)", sourceLocation: sourceLocation)
    }

    /// The index of interface `device` inside namespace `name`.
    package func interfaceIndex(_ device: String, in name: String) throws -> UInt32 {
        try run(in: name) { try InterfaceName(device).index() }
    }

    /// Deletes both namespaces (and with them the veth pair). Idempotent.
    package func destroy() {
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
package struct NamespaceError: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}
#endif
