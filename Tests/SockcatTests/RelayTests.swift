import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `sockcat listen` and `sockcat connect` talking to each other over loopback.
@Suite struct RelayTests {
    /// A listener and a connector exchange one line each way, then both exit 0.
    func roundTrip(_ proto: String, listen address: String, connect: (String) -> String) throws {
        let listener = try SockcatBinary.start("listen", proto, address, "--timeout", "10")
        listener.write("hello from the listener\n")
        let line = try #require(
            listener.waitForStderrLine(containing: "listening on"),
            "no 'listening on' line; stderr: \(listener.stderrText)"
        )
        let target = connect(line)
        let connector = try SockcatBinary.start("connect", proto, target, "--timeout", "10")
        connector.write("hello from the connector\n")
        connector.closeStdin()
        listener.closeStdin()
        let connectorStatus = connector.wait()
        let listenerStatus = listener.wait()
        #expect(connectorStatus == 0, "connector stderr: \(connector.stderrText)")
        #expect(listenerStatus == 0, "listener stderr: \(listener.stderrText)")
        #expect(listener.stdoutText == "hello from the connector\n")
        #expect(connector.stdoutText == "hello from the listener\n")
        #expect(listener.stderrText.contains("connection from"))
    }

    @Test(arguments: ["127.0.0.1", "[::1]"])
    func tcpRoundTrip(host: String) throws {
        if host == "[::1]" && !ProbeTests.available.contains("ipv6") { try skip("no IPv6 loopback here") }
        try roundTrip("tcp", listen: "\(host):0") { line in "\(host):\(port(in: line) ?? "0")" }
    }

    @Test(arguments: ["unix", "unixpacket"])
    func unixAbstractRoundTrip(proto: String) throws {
        if !ProbeTests.available.contains("unix-abstract") { try skip("no Linux abstract Unix names here") }
        let name = "@sockcat-test-\(getpid())-\(proto)-\(UInt32.random(in: 0...UInt32.max))"
        try roundTrip(proto, listen: name) { _ in name }
    }

    @Test func unixPathRoundTripRemovesTheSocketFile() throws {
        let path = "/tmp/sockcat-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
        try roundTrip("unix", listen: path) { _ in path }
        #expect(access(path, F_OK) != 0, "sockcat left \(path) behind")
    }

    @Test func sctpRoundTrip() throws {
        if !ProbeTests.available.contains("sctp") { try skip("this kernel has no SCTP (see `sockcat probe`)") }
        try roundTrip("sctp", listen: "127.0.0.1:0") { line in "127.0.0.1:\(port(in: line) ?? "0")" }
    }

    @Test func sctpWithoutKernelSupportIsUnavailable() throws {
        if ProbeTests.available.contains("sctp") { try skip("this kernel has SCTP") }
        let result = try SockcatBinary.run(["connect", "sctp", "127.0.0.1:9"])
        #expect(result.status == 69, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("protocol not supported"))
    }

    /// UDP has no connection: the listener answers whoever sent the last datagram.
    @Test func udpRequestAndReply() throws {
        let listener = try SockcatBinary.start("listen", "udp", "127.0.0.1:0", "--timeout", "3")
        listener.write("pong\n")
        listener.closeStdin()
        let line = try #require(listener.waitForStderrLine(containing: "listening on"))
        let connector = try SockcatBinary.start(
            "connect",
            "udp",
            "127.0.0.1:\(port(in: line) ?? "0")",
            "--timeout",
            "2"
        )
        connector.write("ping\n")
        let connectorStatus = connector.wait()
        let listenerStatus = listener.wait()
        #expect(connectorStatus == 0, "connector stderr: \(connector.stderrText)")
        #expect(listenerStatus == 0, "listener stderr: \(listener.stderrText)")
        #expect(listener.stdoutText == "ping\n")
        #expect(connector.stdoutText == "pong\n")
        #expect(listener.stderrText.contains("datagrams from 127.0.0.1:"))
    }

    /// A datagram listener serves until --timeout, even when its stdin is empty. (Each connector
    /// is a new sender: `--any-peer` hears them all.)
    @Test func udpListenerOutlivesItsInput() throws {
        let listener = try SockcatBinary.start("listen", "udp", "127.0.0.1:0", "--timeout", "2", "--any-peer")
        listener.closeStdin()
        let line = try #require(listener.waitForStderrLine(containing: "listening on"))
        for text in ["one", "two"] {
            let result = try SockcatBinary.run(
                ["connect", "udp", "127.0.0.1:\(port(in: line) ?? "0")"],
                input: text + "\n"
            )
            #expect(result.status == 0, "connector: \(result.stderr)")
            _ = listener.waitForStderrLine(containing: "datagrams from", timeout: .seconds(2))
        }
        #expect(listener.wait() == 0, "listener stderr: \(listener.stderrText)")
        #expect(listener.stdoutText == "one\ntwo\n")
    }

    /// `--keep-listening` serves one connection after another.
    @Test func keepListeningServesSeveralPeers() throws {
        let listener = try SockcatBinary.start("listen", "tcp", "127.0.0.1:0", "--keep-listening", "--timeout", "2")
        listener.closeStdin()
        let line = try #require(listener.waitForStderrLine(containing: "listening on"))
        for index in 1...2 {
            let result = try SockcatBinary.run(
                ["connect", "tcp", "127.0.0.1:\(port(in: line) ?? "0")"],
                input: "peer \(index)\n"
            )
            #expect(result.status == 0, "connector \(index): \(result.stderr)")
        }
        #expect(listener.wait() == 0, "listener stderr: \(listener.stderrText)")
        #expect(listener.stdoutText == "peer 1\npeer 2\n")
    }

    @Test func tcpInfoIsPrintedPeriodically() throws {
        if !ProbeTests.available.contains("tcp-info") { try skip("TCP_INFO is unavailable here") }
        let listener = try SockcatBinary.start("listen", "tcp", "127.0.0.1:0", "--timeout", "5")
        let line = try #require(listener.waitForStderrLine(containing: "listening on"))
        let connector = try SockcatBinary.start(
            "connect",
            "tcp",
            "127.0.0.1:\(port(in: line) ?? "0")",
            "--tcp-info",
            "0.1",
            "--timeout",
            "5"
        )
        connector.write("x\n")
        #expect(connector.waitForStderrLine(containing: "tcp_info ESTABLISHED") != nil, "\(connector.stderrText)")
        listener.closeStdin()
        #expect(connector.wait() == 0, "connector stderr: \(connector.stderrText)")
        #expect(listener.wait() == 0)
    }

    @Test func refusedConnectionIsAnIOError() throws {
        // Port 1 on loopback: nobody listens there on a test machine.
        let result = try SockcatBinary.run(["connect", "tcp", "127.0.0.1:1"])
        #expect(result.status == 74, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("connection refused (errno 111, ECONNREFUSED)"))
    }
}
