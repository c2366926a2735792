import Testing

#if canImport(Glibc)
import Glibc
#endif

/// sockcat's serving modes against the tools netcat users have: ncat and socat as clients.
@Suite struct RealPeersTests {
    static func tool(_ name: String) throws -> String {
        let path = "/usr/bin/\(name)"
        guard access(path, X_OK) == 0 else { try skip("needs \(path)") }
        return path
    }

    /// ncat and socat half-close after their input (ncat by default, socat at its end of stdin)
    /// and wait for the answer, which the listener sends 1.5 s later.
    @Test(arguments: ["ncat", "socat"])
    func halfClosingClientGetsTheLateAnswer(client: String) throws {
        let path = try Self.tool(client)
        let listener = try SockcatBinary.start("listen", "tcp", "127.0.0.1:0", "--timeout", "20")
        let line = try #require(listener.waitForStderrLine(containing: "listening on"))
        let port = port(in: line) ?? "0"
        let arguments =
            client == "ncat" ? ["127.0.0.1", port] : ["-t", "10", "-", "TCP:127.0.0.1:\(port)"]
        let peer = try Subprocess(path, arguments)
        peer.write("request\n")
        peer.closeStdin()
        _ = listener.waitForStderrLine(containing: "connection from")
        listener.collect(for: .milliseconds(1500))
        listener.write("answer\n")
        listener.closeStdin()
        #expect(peer.wait(timeout: .seconds(20)) == 0, "\(client): \(peer.stderrText)")
        #expect(listener.wait(timeout: .seconds(20)) == 0, "\(listener.stderrText)")
        #expect(peer.stdoutText == "answer\n", "\(client) got \(peer.stdoutText.debugDescription)")
        #expect(listener.stdoutText == "request\n")
    }

    /// Three ncat clients on a `--broker`: each line reaches the two others, never its sender.
    @Test func brokerBetweenNcatClients() throws {
        let ncat = try Self.tool("ncat")
        let broker = try SockcatBinary.start("listen", "tcp", "127.0.0.1:0", "--broker", "--timeout", "20")
        let line = try #require(broker.waitForStderrLine(containing: "listening on"))
        let port = port(in: line) ?? "0"
        let clients = try (0..<3).map { _ in try Subprocess(ncat, ["127.0.0.1", port]) }
        #expect(broker.waitForStderrLines(containing: "connection from", count: 3) == 3, "\(broker.stderrText)")
        for (index, client) in clients.enumerated() { client.write("from \(index)\n") }
        let deadline = ContinuousClock.now + .seconds(10)
        while clients.contains(where: { $0.stdoutText.count { $0 == "\n" } < 2 }) && ContinuousClock.now < deadline {
            for client in clients { client.collect(for: .milliseconds(20)) }
            broker.collect(for: .milliseconds(10))
        }
        for client in clients { client.closeStdin() }
        for (index, client) in clients.enumerated() {
            #expect(client.wait(timeout: .seconds(10)) == 0, "ncat \(index): \(client.stderrText)")
            let got = Set(client.stdoutText.split(separator: "\n").map(String.init))
            let want = Set((0..<3).filter { $0 != index }.map { "from \($0)" })
            #expect(got == want, "ncat \(index) got \(client.stdoutText.debugDescription)")
        }
        kill(broker.pid, SIGTERM)
        #expect(broker.wait() == 128 + SIGTERM)
    }

    /// socat clients on `--keep-open` over a Unix path: what each sends reaches stdout, stdin
    /// reaches each.
    @Test func keepOpenWithSocatClients() throws {
        let socat = try Self.tool("socat")
        let path = "/tmp/sockcat-socat-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
        let server = try SockcatBinary.start("listen", "unix", path, "-k", "--timeout", "20")
        _ = try #require(server.waitForStderrLine(containing: "listening on"))
        let clients = try (0..<2).map { _ in try Subprocess(socat, ["-t", "10", "-", "UNIX-CONNECT:\(path)"]) }
        #expect(server.waitForStderrLines(containing: "connection from", count: 2) == 2, "\(server.stderrText)")
        for (index, client) in clients.enumerated() { client.write("socat \(index)\n") }
        server.write("to both\n")
        server.closeStdin()  // each client then gets its end of stream
        for (index, client) in clients.enumerated() {
            // A client that ends its stream is closed at once (-k, as ncat), so each ends only
            // after it has been sent stdin's end.
            let deadline = ContinuousClock.now + .seconds(10)
            while !client.stdoutText.contains("\n") && ContinuousClock.now < deadline {
                client.collect(for: .milliseconds(20))
                server.collect(for: .milliseconds(10))
            }
            client.closeStdin()
            #expect(client.wait(timeout: .seconds(15)) == 0, "socat \(index): \(client.stderrText)")
            #expect(client.stdoutText == "to both\n", "socat \(index) got \(client.stdoutText.debugDescription)")
        }
        kill(server.pid, SIGTERM)
        #expect(server.wait() == 128 + SIGTERM)
        #expect(Set(server.stdoutText.split(separator: "\n")) == ["socat 0", "socat 1"], "\(server.stdoutText)")
        #expect(access(path, F_OK) != 0, "sockcat left \(path) behind")
    }
}
