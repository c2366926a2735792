import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `-k` and `--broker` over SCTP, with sockcat's own clients (no Python in the SCTP VM, where
/// `scripts/sctp-tests.sh` runs these with `--filter SCTP`: this kernel has no SCTP, so here they
/// skip with the reason).
@Suite(.serialized)
struct SCTPManyPeersTests {
    static let clients = 40

    static func requireSCTP() throws {
        if !ProbeTests.available.contains("sctp") { try skip("this kernel has no SCTP (see `sockcat probe`)") }
    }

    @Test func keepOpenServesManySCTPClients() throws {
        try Self.requireSCTP()
        let (sockcat, target, startCount) = try ManyPeersTests.startListener("sctp", "--keep-open")
        var clients: [Subprocess] = []
        for _ in 0..<Self.clients { clients.append(try SockcatBinary.start("connect", "sctp", target)) }
        let accepted = sockcat.waitForStderrLines(
            containing: "connection from",
            count: Self.clients + 1,
            timeout: .seconds(120)
        )
        try #require(accepted == Self.clients + 1, "sockcat accepted \(accepted): \(sockcat.stderrText.suffix(2000))")
        for (index, client) in clients.enumerated() {
            client.write("sctp client \(index)\n")
            client.closeStdin()
        }
        for (index, client) in clients.enumerated() {
            #expect(client.wait(timeout: .seconds(60)) == 0, "client \(index): \(client.stderrText)")
        }
        // Every client's line reached sockcat's stdout, whole; its descriptors came back.
        var lines = Set<String>()
        let deadline = ContinuousClock.now + .seconds(30)
        while lines.count < Self.clients && ContinuousClock.now < deadline {
            sockcat.collect(for: .milliseconds(50))
            lines = Set(sockcat.stdoutText.split(separator: "\n").map(String.init))
        }
        #expect(lines == Set((0..<Self.clients).map { "sctp client \($0)" }), "\(lines.count) lines")
        let now = ManyPeersTests.settle(sockcat, to: startCount)
        #expect(
            now == startCount,
            "descriptors: \(startCount) at the start, \(ManyPeersTests.descriptorList(sockcat.pid))"
        )
        ManyPeersTests.expectTerminated(sockcat)
    }

    @Test func brokerRelaysBetweenSCTPClients() throws {
        try Self.requireSCTP()
        let (sockcat, target, startCount) = try ManyPeersTests.startListener("sctp", "--broker")
        let receiver = try SockcatBinary.start("connect", "sctp", target)
        try #require(sockcat.waitForStderrLines(containing: "connection from", count: 2, timeout: .seconds(60)) == 2)
        let sender = try SockcatBinary.start("connect", "sctp", target)
        try #require(sockcat.waitForStderrLines(containing: "connection from", count: 3, timeout: .seconds(60)) == 3)
        sender.write("to the others\n")
        let deadline = ContinuousClock.now + .seconds(30)
        while !receiver.stdoutText.contains("to the others\n") && ContinuousClock.now < deadline {
            receiver.collect(for: .milliseconds(50))
        }
        #expect(receiver.stdoutText == "to the others\n", "receiver got: \(receiver.stdoutText)")
        sender.closeStdin()
        receiver.closeStdin()
        #expect(sender.wait(timeout: .seconds(30)) == 0, "\(sender.stderrText)")
        #expect(receiver.wait(timeout: .seconds(30)) == 0, "\(receiver.stderrText)")
        #expect(sender.stdoutText.isEmpty, "the broker echoed to its sender: \(sender.stdoutText)")
        let now = ManyPeersTests.settle(sockcat, to: startCount)
        #expect(
            now == startCount,
            "descriptors: \(startCount) at the start, \(ManyPeersTests.descriptorList(sockcat.pid))"
        )
        ManyPeersTests.expectTerminated(sockcat)
    }
}
