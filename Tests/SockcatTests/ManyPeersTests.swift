import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `sockcat listen --keep-open` and `--broker` with 1,000 Python clients at once (asyncio, one
/// process), over TCP and a Unix path: every byte is checked on both sides, and sockcat's
/// descriptor count (`/proc/PID/fd`) is back where it started once the clients have gone.
@Suite(.serialized) struct ManyPeersTests {
    static let clients = 1000

    /// The peers: `MODE FAMILY ADDRESS N [STDIN_FILE]`. Each client's line is "client NNNN "
    /// followed by its number repeated (61 bytes). keep-open: each client sends its line 4 times
    /// in one write, then reads until end of stream, which must be exactly sockcat's stdin.
    /// broker: the clients wait for "go" on stdin, send their line once, and each must receive
    /// exactly the other 999 lines. Exit 0 when every client got what it should.
    static let peers = #"""
        import asyncio, resource, sys
        mode, family, address, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

        def line(i):
            return b"client %04d " % i + (b"%04d" % i) * 12 + b"\n"

        async def connect():
            if family == "tcp":
                host, port = address.rsplit(":", 1)
                return await asyncio.open_connection(host.strip("[]"), int(port))
            return await asyncio.open_unix_connection(address)

        async def keep_open(i, reader, writer, expected):
            data = await reader.read()
            writer.close()
            if data != expected:
                return "client %d: got %d bytes, expected %d" % (i, len(data), len(expected))

        async def broker(i, reader, writer):
            want = sorted(line(j) for j in range(n) if j != i)
            got = []
            while len(got) < n - 1:
                text = await reader.readline()
                if not text:
                    writer.close()
                    return "client %d: end of stream after %d lines" % (i, len(got))
                got.append(text)
            writer.close()
            if sorted(got) != want:
                return "client %d: wrong lines" % i

        async def main():
            conns = [await connect() for _ in range(n)]
            print("connected %d" % len(conns), flush=True)
            if mode == "keep-open":
                expected = open(sys.argv[5], "rb").read()
                for i, (reader, writer) in enumerate(conns):
                    writer.write(line(i) * 4)
                tasks = [keep_open(i, r, w, expected) for i, (r, w) in enumerate(conns)]
            else:
                await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
                for i, (reader, writer) in enumerate(conns):
                    writer.write(line(i))
                tasks = [broker(i, r, w) for i, (r, w) in enumerate(conns)]
            errors = [e for e in await asyncio.wait_for(asyncio.gather(*tasks), 240) if e]
            for e in errors[:10]:
                print(e, flush=True)
            print("errors %d" % len(errors), flush=True)
            return 1 if errors else 0

        sys.exit(asyncio.run(main()))
        """#

    static func line(_ index: Int) -> String {
        let number = String(format: "%04d", index)
        return "client \(number) " + String(repeating: number, count: 12) + "\n"
    }

    /// The number of open descriptors of process `pid`.
    static func descriptorCount(_ pid: pid_t) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? -1
    }

    /// What each descriptor of `pid` is (for a failure message).
    static func descriptorList(_ pid: pid_t) -> String {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
        return fds.sorted { Int($0) ?? 0 < Int($1) ?? 0 }.map { fd in
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)")) ?? "?"
            return "\(fd)=\(target)"
        }.joined(separator: " ")
    }

    /// A listener address for `proto`: a loopback port, or a fresh path under /tmp.
    static func address(_ proto: String) -> String {
        proto == "tcp" || proto == "sctp"
            ? "127.0.0.1:0" : "/tmp/sockcat-many-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
    }

    /// Starts the listener and returns it with the address clients use and its descriptor count.
    /// The descriptor count is taken after one warm-up client (`sockcat connect` with no input)
    /// has come and gone, so what the loop creates when it starts serving (the io_uring backend's
    /// ring) is counted from the start.
    static func startListener(
        _ proto: String,
        _ flag: String,
        timeout: String = "120",
        warmUp: Bool = true
    ) throws -> (Subprocess, String, Int) {
        let listen = address(proto)
        // By default a long idle limit: the test ends sockcat with SIGTERM once it has counted
        // descriptors (a loaded machine may pause longer than a short limit).
        let sockcat = try SockcatBinary.start("listen", proto, listen, flag, "--timeout", timeout)
        let line = try #require(sockcat.waitForStderrLine(containing: "listening on"), "\(sockcat.stderrText)")
        let target = proto == "tcp" || proto == "sctp" ? "127.0.0.1:\(port(in: line) ?? "0")" : listen
        guard warmUp else { return (sockcat, target, descriptorCount(sockcat.pid)) }
        let warm = try SockcatBinary.run(["connect", proto, target])
        try #require(warm.status == 0, "warm-up client: \(warm.stderr)")
        var count = descriptorCount(sockcat.pid)
        var stableSince = ContinuousClock.now
        while ContinuousClock.now - stableSince < .milliseconds(300) {
            sockcat.collect(for: .milliseconds(50))
            let now = descriptorCount(sockcat.pid)
            if now != count {
                count = now
                stableSince = .now
            }
        }
        return (sockcat, target, count)
    }

    /// Keeps collecting both processes' output until the peers exit.
    static func drive(_ sockcat: Subprocess, _ peers: Subprocess, limit: Duration = .seconds(240)) {
        let deadline = ContinuousClock.now + limit
        while !peers.outputEnded && ContinuousClock.now < deadline {
            sockcat.collect(for: .milliseconds(20))
            peers.collect(for: .milliseconds(20))
        }
    }

    /// Waits until sockcat's descriptor count is `count` again (closes are applied on the loop's
    /// next turn), for at most 5 s; returns the last count seen.
    static func settle(_ sockcat: Subprocess, to count: Int) -> Int {
        var now = descriptorCount(sockcat.pid)
        let deadline = ContinuousClock.now + .seconds(5)
        while now != count && ContinuousClock.now < deadline {
            sockcat.collect(for: .milliseconds(50))
            now = descriptorCount(sockcat.pid)
        }
        return now
    }

    /// Waits until sockcat has accepted every client.
    static func requireAllAccepted(_ sockcat: Subprocess, _ peers: Subprocess) throws {
        // The clients and the warm-up one.
        let accepted = sockcat.waitForStderrLines(
            containing: "connection from",
            count: clients + 1,
            timeout: .seconds(120)
        )
        try #require(
            accepted == clients + 1,
            "sockcat accepted \(accepted); peers: \(peers.stdoutText) \(peers.stderrText)"
        )
    }

    /// Serves the peers to their end: each got what it should, and sockcat's descriptors are back
    /// to `descriptors`.
    static func expectPeersServed(_ sockcat: Subprocess, _ peers: Subprocess, descriptors: Int) {
        drive(sockcat, peers)
        #expect(peers.wait(timeout: .seconds(5)) == 0, "peers: \(peers.stdoutText) \(peers.stderrText)")
        #expect(peers.stdoutText.contains("errors 0"), "\(peers.stdoutText)")
        #expect(
            settle(sockcat, to: descriptors) == descriptors,
            "descriptors: started with \(descriptors), now \(descriptorList(sockcat.pid))"
        )
    }

    /// Ends a server with SIGTERM, which must be what ends it (it was still serving, and nothing
    /// else went wrong).
    static func expectTerminated(_ sockcat: Subprocess) {
        kill(sockcat.pid, SIGTERM)
        #expect(sockcat.wait(timeout: .seconds(30)) == 128 + SIGTERM, "sockcat: \(sockcat.stderrText.suffix(2000))")
        #expect(!sockcat.stderrText.contains("closing"), "sockcat stopped on its own")
    }

    static func writeScript() throws -> String {
        let path = "/tmp/sockcat-peers-\(getpid()).py"
        try peers.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(arguments: ["tcp", "unix"])
    func keepOpenServesAThousandClients(proto: String) throws {
        let (sockcat, target, startCount) = try Self.startListener(proto, "--keep-open")
        // What stdin broadcasts: 500 numbered lines (about 32 KB, less than a pipe holds).
        let input = (0..<500).map {
            "stdin line \(String(format: "%03d", $0)) " + String(repeating: "x", count: 45) + "\n"
        }
        .joined()
        let inputPath = "/tmp/sockcat-many-input-\(getpid())"
        try input.write(toFile: inputPath, atomically: true, encoding: .utf8)
        defer { unlink(inputPath) }
        let script = try Self.writeScript()
        let peers = try Subprocess(
            "/usr/bin/env",
            ["python3", script, "keep-open", proto, target, String(Self.clients), inputPath]
        )
        try Self.requireAllAccepted(sockcat, peers)
        sockcat.write(input)
        sockcat.closeStdin()
        Self.expectPeersServed(sockcat, peers, descriptors: startCount)
        // Everything the clients sent, line by line, each line whole, on sockcat's stdout.
        Self.expectTerminated(sockcat)
        let got = sockcat.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).dropLast().sorted()
        let want = (0..<Self.clients).flatMap { index in Array(repeating: Self.line(index).dropLast(), count: 4) }
            .sorted()
        #expect(got.count == want.count, "stdout has \(got.count) lines, want \(want.count)")
        #expect(got.map(String.init) == want.map(String.init), "stdout differs from what the clients sent")
        if proto == "unix" { #expect(access(target, F_OK) != 0, "sockcat left \(target) behind") }
    }

    @Test(arguments: ["tcp", "unix"])
    func brokerRelaysBetweenAThousandClients(proto: String) throws {
        let (sockcat, target, startCount) = try Self.startListener(proto, "--broker")
        let script = try Self.writeScript()
        let peers = try Subprocess("/usr/bin/env", ["python3", script, "broker", proto, target, String(Self.clients)])
        try Self.requireAllAccepted(sockcat, peers)
        peers.write("go\n")
        Self.expectPeersServed(sockcat, peers, descriptors: startCount)
        Self.expectTerminated(sockcat)
        #expect(sockcat.stdoutText.isEmpty, "a broker prints nothing on stdout")
    }

    /// A client that half-closes is closed; the others keep being served, and a client that
    /// connects after stdin ended gets its end of stream at once.
    @Test func keepOpenAfterTheEndOfStdin() throws {
        let (sockcat, target, _) = try Self.startListener("tcp", "-k", timeout: "3", warmUp: false)
        sockcat.write("to everyone\n")
        let first = try python(
            """
            import socket, sys, time
            host, port = sys.argv[1].rsplit(":", 1)
            s = socket.create_connection((host, int(port)))
            time.sleep(1)
            s.sendall(b"one\\n")
            s.settimeout(10)
            data = b""
            while True:
                chunk = s.recv(100)
                if not chunk: break
                data += chunk
            print(repr(data))
            """,
            target
        )
        _ = sockcat.waitForStderrLine(containing: "connection from")
        sockcat.write("to everyone\n")
        sockcat.closeStdin()
        Self.drive(sockcat, first, limit: .seconds(20))
        #expect(first.wait() == 0)
        #expect(first.stdoutText == "b'to everyone\\n'\n", "\(first.stdoutText) \(first.stderrText)")
        let late = try python(
            """
            import socket, sys
            host, port = sys.argv[1].rsplit(":", 1)
            s = socket.create_connection((host, int(port)))
            s.settimeout(10)
            print(repr(s.recv(100)))
            """,
            target
        )
        Self.drive(sockcat, late, limit: .seconds(20))
        #expect(late.stdoutText == "b''\n", "\(late.stdoutText) \(late.stderrText)")
        #expect(sockcat.wait() == 0)
        #expect(sockcat.stdoutText == "one\n")
    }

    /// unixpacket keeps message boundaries through the broker: 10 clients each send 3 messages
    /// (the first two back to back, so they queue together in the broker's outboxes), and every
    /// client receives the 27 others' messages one per receive, none merged.
    @Test func brokerKeepsSeqpacketMessagesWhole() throws {
        let name = "@sockcat-seqpacket-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let sockcat = try SockcatBinary.start("listen", "unixpacket", name, "--broker", "--timeout", "60")
        _ = try #require(sockcat.waitForStderrLine(containing: "listening on"), "\(sockcat.stderrText)")
        let peers = try python(
            """
            import socket, sys, threading
            n, name = 10, b"\\0" + sys.argv[1][1:].encode()
            conns = []
            for i in range(n):
                s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
                s.connect(name)
                s.settimeout(20)
                conns.append(s)
            print("connected", flush=True)
            sys.stdin.readline()
            for i, s in enumerate(conns):
                s.send(b"message %d.a" % i)
                s.send(b"message %d.b" % i)
            for i, s in enumerate(conns):
                s.send(b"message %d.c" % i)
            bad = 0
            for i, s in enumerate(conns):
                got = sorted(s.recv(1000) for _ in range(3 * (n - 1)))
                want = sorted(b"message %d.%s" % (j, k) for j in range(n) if j != i for k in (b"a", b"b", b"c"))
                if got != want:
                    bad += 1
                    print("client", i, got[:4], flush=True)
            print("errors %d" % bad, flush=True)
            """,
            name
        )
        #expect(sockcat.waitForStderrLines(containing: "connection from", count: 10) == 10, "\(sockcat.stderrText)")
        peers.write("go\n")
        Self.drive(sockcat, peers, limit: .seconds(30))
        #expect(peers.wait() == 0, "\(peers.stderrText)")
        #expect(peers.stdoutText.contains("errors 0"), "\(peers.stdoutText)")
        Self.expectTerminated(sockcat)
    }

    /// With 40 descriptors sockcat holds about 30 clients; 80 connect at once and each closes
    /// after its line: the others wait in the backlog (no spinning on EMFILE, no timer) and every
    /// line still arrives.
    @Test func outOfDescriptorsWaitsForAClientToLeave() throws {
        guard access("/usr/bin/prlimit", X_OK) == 0 else { try skip("needs /usr/bin/prlimit") }
        let binary = try #require(SockcatBinary.path)
        let sockcat = try Subprocess(
            "/usr/bin/prlimit",
            ["--nofile=40:40", binary, "listen", "tcp", "127.0.0.1:0", "-k", "--timeout", "3"]
        )
        sockcat.closeStdin()
        let line = try #require(sockcat.waitForStderrLine(containing: "listening on"), "\(sockcat.stderrText)")
        let clients = try python(
            """
            import socket, sys
            conns = []
            for i in range(80):
                c = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
                c.sendall(b"client %d\\n" % i)
                conns.append(c)
            for c in conns:
                c.close()
            """,
            port(in: line) ?? "0"
        )
        Self.drive(sockcat, clients, limit: .seconds(30))
        #expect(clients.wait() == 0, "\(clients.stderrText)")
        #expect(sockcat.wait(timeout: .seconds(30)) == 0, "\(sockcat.stderrText)")
        #expect(sockcat.stderrText.contains("out of descriptors"), "the limit was never reached")
        let got = Set(sockcat.stdoutText.split(separator: "\n").map(String.init))
        #expect(got == Set((0..<80).map { "client \($0)" }), "\(got.count) of 80 lines")
    }

    @Test(arguments: [["listen", "udp", "127.0.0.1:0", "-k"], ["listen", "tcp", "127.0.0.1:0", "-k", "--broker"]])
    func manyPeersUsageErrors(arguments: [String]) throws {
        let result = try SockcatBinary.run(arguments)
        #expect(result.status == 64, "\(result.stderr)")
    }
}
