import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Exit statuses that tell the truth (a reset or refused connection is 74, EX_IOERR), and a
/// listener whose peer half-closes keeps sending stdin until it ends.
@Suite struct ExitAndHalfCloseTests {
    /// A Python TCP server on loopback that runs `body` (Python, with `conn` accepted) and prints
    /// its port first.
    static func pythonServer(_ body: String) throws -> (Subprocess, String) {
        let script = """
            import socket, struct, sys, time
            server = socket.socket()
            server.bind(("127.0.0.1", 0))
            server.listen(1)
            print(server.getsockname()[1], flush=True)
            conn, _ = server.accept()
            \(body.split(separator: "\n").joined(separator: "\n"))
            """
        let process = try python(script)
        let deadline = ContinuousClock.now + .seconds(10)
        while !process.stdoutText.contains("\n") && ContinuousClock.now < deadline {
            process.collect(for: .milliseconds(50))
        }
        let port = try #require(
            process.stdoutText.split(separator: "\n").first.map(String.init),
            "\(process.stderrText)"
        )
        return (process, port)
    }

    /// SO_LINGER {on, 0 s} then close: the kernel sends RST instead of FIN.
    static let reset = """
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()
        """

    @Test func connectionResetByTheServerExits74() throws {
        let (server, port) = try Self.pythonServer("conn.sendall(b\"hello\\n\")\ntime.sleep(0.5)\n" + Self.reset)
        let sockcat = try SockcatBinary.start("connect", "tcp", "127.0.0.1:\(port)")
        // stdin stays open: the reset, not the end of input, ends the exchange.
        let status = sockcat.wait(timeout: .seconds(10))
        server.wait()
        #expect(status == 74, "stderr: \(sockcat.stderrText)")
        #expect(sockcat.stderrText.contains("connection reset"), "\(sockcat.stderrText)")
        #expect(sockcat.stdoutText == "hello\n")
    }

    @Test func connectionResetByTheClientExits74() throws {
        let listener = try SockcatBinary.start("listen", "tcp", "127.0.0.1:0", "--timeout", "10")
        let line = try #require(listener.waitForStderrLine(containing: "listening on"))
        let client = try python(
            """
            import socket, struct, sys, time
            conn = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
            conn.sendall(b"bye\\n")
            time.sleep(0.5)
            \(Self.reset)
            """,
            port(in: line) ?? "0"
        )
        client.wait()
        let status = listener.wait(timeout: .seconds(10))
        #expect(status == 74, "stderr: \(listener.stderrText)")
        #expect(listener.stderrText.contains("connection reset"), "\(listener.stderrText)")
        #expect(listener.stdoutText == "bye\n")
    }

    @Test(arguments: ["tcp", "unix"])
    func refusedConnectionExits74(proto: String) throws {
        let target = proto == "tcp" ? "127.0.0.1:1" : "/tmp/sockcat-refused-\(getpid()).sock"
        if proto == "unix" {
            // A socket file nobody listens on: bound, never listened.
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (index, byte) in target.utf8.enumerated() { raw[index] = byte }
            }
            let rc = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            try #require(rc == 0)
            close(fd)
        }
        defer { if proto == "unix" { unlink(target) } }
        let result = try SockcatBinary.run(["connect", proto, target])
        #expect(result.status == 74, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("connection refused"), "\(result.stderr)")
    }

    /// The peer sends a request and half-closes; 1.5 s later (past the 0.5 s grace sockcat used
    /// to give) the listener's stdin still reaches it, and both exit cleanly.
    @Test(arguments: ["tcp", "unix"])
    func halfClosedPeerStillGetsStdin(proto: String) throws {
        let address = proto == "tcp" ? "127.0.0.1:0" : "/tmp/sockcat-half-\(getpid()).sock"
        let listener = try SockcatBinary.start("listen", proto, address, "--timeout", "20")
        let line = try #require(listener.waitForStderrLine(containing: "listening on"))
        let target = proto == "tcp" ? "127.0.0.1:\(port(in: line) ?? "0")" : address
        let client = try python(
            """
            import socket, sys
            family, target = sys.argv[1], sys.argv[2]
            if family == "tcp":
                host, port = target.rsplit(":", 1)
                conn = socket.create_connection((host, int(port)))
            else:
                conn = socket.socket(socket.AF_UNIX)
                conn.connect(target)
            conn.sendall(b"request\\n")
            conn.shutdown(socket.SHUT_WR)
            conn.settimeout(20)
            data = b""
            while True:
                chunk = conn.recv(1000)
                if not chunk: break
                data += chunk
            sys.stdout.write(data.decode())
            """,
            proto,
            target
        )
        _ = listener.waitForStderrLine(containing: "connection from")
        // Well past the old cut-off.
        listener.collect(for: .milliseconds(1500))
        listener.write("first reply\n")
        listener.collect(for: .milliseconds(500))
        listener.write("second reply\n")
        listener.closeStdin()
        #expect(client.wait(timeout: .seconds(20)) == 0, "\(client.stderrText)")
        #expect(listener.wait(timeout: .seconds(20)) == 0, "\(listener.stderrText)")
        #expect(client.stdoutText == "first reply\nsecond reply\n")
        #expect(listener.stdoutText == "request\n")
    }
}
