import SockPOSIX
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("TCP over loopback")
struct TCPTests {
    static let loopbacks = ["127.0.0.1:0", "[::1]:0"]

    @Test("accept throws .wouldBlock at once when nothing is pending", arguments: loopbacks)
    func acceptWouldBlock(address: String) throws {
        let listener = try TCPListener(address)
        defer { listener.close() }
        let before = Deadline.monotonicNow()
        expectSocketError(.wouldBlock) { try listener.accept() }
        #expect(Deadline.monotonicNow() - before < 50_000_000, "must not wait")
    }

    @Test("non-blocking dial, accept, echo both ways, EOF after close", arguments: loopbacks)
    func dialAcceptEcho(address: String) throws {
        let listener = try TCPListener(address)
        defer { listener.close() }
        let endpoint = try listener.endpoint()
        #expect(endpoint.port != 0)
        let client = try TCPConn.dial(endpoint)
        defer { client.close() }
        listener.setReadDeadline(.after(.seconds(5)))
        let server = try listener.accept()
        defer { server.close() }
        try client.finishConnect(until: .after(.seconds(5)))

        let ping: [UInt8] = Array("ping".utf8)
        try client.writeAll(ping)
        server.setReadDeadline(.after(.seconds(5)))
        var buf = [UInt8](repeating: 0, count: 16)
        let n = try server.read(into: &buf)
        #expect(Array(buf[0..<n]) == ping)

        try server.writeAll(Array("pong".utf8))
        client.setReadDeadline(.after(.seconds(5)))
        let m = try client.read(into: &buf)
        #expect(String(decoding: buf[0..<m], as: UTF8.self) == "pong")

        // The accepted peer is the client's local address.
        let clientLocal = try client.localEndpoint()
        #expect(try TCPAddr(server.peer) == clientLocal)

        client.close()
        let eof = try server.read(into: &buf)
        #expect(eof == 0, "read returns 0 at end of stream")
    }

    @Test("dialer with a timeout connects", arguments: loopbacks)
    func dialerTimeout(address: String) throws {
        let listener = try TCPListener(address)
        defer { listener.close() }
        let conn = try TCPDialer(timeout: .seconds(2)).dial(try listener.endpoint())
        defer { conn.close() }
        #expect(try conn.pendingError() == nil)
        #expect(try conn.remoteAddress() == conn.peer)
    }

    @Test("connecting a connected socket again is success (EISCONN), as in the Go seed")
    func connectWhenConnected() throws {
        let listener = try TCPListener("127.0.0.1:0")
        defer { listener.close() }
        let endpoint = try listener.endpoint()
        let conn = try TCPDialer(timeout: .seconds(2)).dial(endpoint)
        defer { conn.close() }
        try conn.netSocket.connect(to: try endpoint.sockaddr())
        #expect(try TCPAddr(try conn.remoteAddress()) == endpoint, "still connected to the same peer")
    }

    @Test("a zero-timeout dialer returns the connection instead of failing (the seed's bug)")
    func zeroTimeoutDialer() throws {
        let listener = try TCPListener("127.0.0.1:0")
        defer { listener.close() }
        let conn = try TCPDialer(timeout: .zero).dial(try listener.endpoint())
        defer { conn.close() }
        #expect(!conn.isClosed)
        try conn.finishConnect(until: .after(.seconds(2)))
    }

    @Test("dial to a closed port gives .connectionRefused", arguments: loopbacks)
    func refused(address: String) throws {
        // Bind a port, then close it, so nobody listens there.
        let probe = try TCPListener(address)
        let endpoint = try probe.endpoint()
        probe.close()
        let err = expectSocketError(.connectionRefused) {
            try TCPDialer(timeout: .seconds(2)).dial(endpoint)
        }
        #expect(err?.errno == ECONNREFUSED)
        #expect(err.map { "\($0)" }?.contains("connection refused") == true)
    }

    @Test("a dial that cannot complete times out within the timeout plus a margin")
    func dialTimesOut() throws {
        // A listener with backlog 0 that never accepts: after the queue fills, further SYNs are
        // dropped and connects stay in SYN-SENT (no network namespace needed).
        let listener = try TCPListener(try TCPAddr(parsing: "127.0.0.1:0"), backlog: 0)
        defer { listener.close() }
        let endpoint = try listener.endpoint()
        var held: [TCPConn] = []
        defer { held.forEach { $0.close() } }
        var sawTimeout = false
        for _ in 0..<8 {
            let start = Deadline.monotonicNow()
            do throws(SocketError) {
                held.append(try TCPDialer(timeout: .milliseconds(300)).dial(endpoint))
            } catch {
                #expect(error.code == .timedOut, "got \(error)")
                let elapsed = Deadline.monotonicNow() - start
                #expect(elapsed >= 290_000_000 && elapsed < 800_000_000, "elapsed \(elapsed) ns")
                sawTimeout = true
                break
            }
        }
        #expect(sawTimeout, "one of the connects must stay pending and time out")
    }

    @Test("half-close: shutdown(.write) gives the peer EOF while the other direction still works")
    func halfClose() throws {
        let listener = try TCPListener("127.0.0.1:0")
        defer { listener.close() }
        let client = try TCPDialer(timeout: .seconds(2)).dial(try listener.endpoint())
        defer { client.close() }
        listener.setReadDeadline(.after(.seconds(2)))
        let server = try listener.accept()
        defer { server.close() }
        try client.writeAll(Array("bye".utf8))
        try client.shutdown(.write)
        server.setReadDeadline(.after(.seconds(2)))
        var buf = [UInt8](repeating: 0, count: 8)
        var got: [UInt8] = []
        while true {
            let n = try server.read(into: &buf)
            if n == 0 { break }
            got += buf[0..<n]
        }
        #expect(got == Array("bye".utf8))
        try server.writeAll(Array("ok".utf8))
        client.setReadDeadline(.after(.seconds(2)))
        let n = try client.read(into: &buf)
        #expect(Array(buf[0..<n]) == Array("ok".utf8))
        expectSocketError(.brokenPipe) { try client.write(Array("x".utf8)) }
    }

    @Test("read with a deadline wakes when data arrives, long before the deadline")
    func deadlineWakes() throws {
        let (a, b) = try UnixConn.pair()
        defer {
            a.close()
            b.close()
        }
        let writer = TestThread {
            usleep(50_000)
            _ = try? b.write(Array("x".utf8))
        }
        a.setReadDeadline(.after(.seconds(10)))
        let start = Deadline.monotonicNow()
        var buf = [UInt8](repeating: 0, count: 4)
        let n = try a.read(into: &buf)
        let elapsed = Deadline.monotonicNow() - start
        writer.join()
        #expect(n == 1)
        #expect(elapsed < 2_000_000_000, "woke after \(elapsed) ns; the deadline was 10 s")
    }

    @Test("read with a deadline times out when no data comes")
    func deadlineTimesOut() throws {
        let (a, b) = try UnixConn.pair()
        defer {
            a.close()
            b.close()
        }
        a.setReadDeadline(.after(.milliseconds(100)))
        let start = Deadline.monotonicNow()
        var buf = [UInt8](repeating: 0, count: 4)
        expectSocketError(.timedOut) { try a.read(into: &buf) }
        let elapsed = Deadline.monotonicNow() - start
        #expect(elapsed >= 95_000_000 && elapsed < 1_000_000_000, "elapsed \(elapsed) ns")
        // A past deadline still tries once: ready data wins.
        _ = try b.write(Array("y".utf8))
        a.setReadDeadline(.now)
        #expect(try a.read(into: &buf) == 1)
    }

    @Test("writing to a peer that reset gives .connectionReset or .brokenPipe and the process survives")
    func resetPeer() throws {
        let listener = try TCPListener("127.0.0.1:0")
        defer { listener.close() }
        let client = try TCPDialer(timeout: .seconds(2)).dial(try listener.endpoint())
        defer { client.close() }
        listener.setReadDeadline(.after(.seconds(2)))
        let server = try listener.accept()
        try server.setLinger(.zero)  // close sends RST
        server.close()
        usleep(20_000)
        var codes: [SocketError.Code] = []
        for _ in 0..<3 {
            do throws(SocketError) {
                _ = try client.write(Array(repeating: 1, count: 1000))
            } catch {
                codes.append(error.code)
            }
        }
        #expect(codes.contains { $0 == .connectionReset || $0 == .brokenPipe }, "got \(codes)")
    }

    @Test("sockets are non-blocking and close-on-exec; no descriptor leaks into a child")
    func cloexec() throws {
        let listener = try TCPListener("127.0.0.1:0")
        defer { listener.close() }
        #expect(try listener.isNonBlocking())
        #expect(try listener.isCloseOnExec())
        let fd = listener.fileDescriptor
        // The child shell looks at its own descriptor table: a leaked socket would show up there.
        let (status, output) = runProcess(["/bin/sh", "-c", "readlink /proc/$$/fd/\(fd) || echo none"])
        #expect(status == 0)
        #expect(!output.contains("socket:"), "fd \(fd) leaked into the child: \(output)")
        #expect(output.contains("none"))
    }
}
