import SockPOSIX
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Unix domain sockets")
struct UnixTests {
    @Test("path socket: listen, dial, echo; a stale path gives .addressInUse")
    func pathSocket() throws {
        let path = "/tmp/sock-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
        defer { unlink(path) }
        let listener = try UnixListener(try UnixAddr(name: path, network: .unix))
        let client = try UnixConn.dial(try UnixAddr(name: path, network: .unix))
        defer { client.close() }
        listener.setReadDeadline(.after(.seconds(2)))
        let server = try listener.accept()
        defer { server.close() }
        try client.writeAll(Array("hi".utf8))
        server.setReadDeadline(.after(.seconds(2)))
        var buf = [UInt8](repeating: 0, count: 8)
        #expect(try server.read(into: &buf) == 2)
        listener.close()
        // The socket file stays; binding again is an error, never a silent unlink.
        expectSocketError(.addressInUse) { try UnixListener(try UnixAddr(name: path, network: .unix)) }
    }

    @Test("a path longer than sun_path is a clear error, never truncated")
    func pathTooLong() {
        let long = "/tmp/" + String(repeating: "x", count: 200)
        let err = expectSocketError(.invalidArgument) { try UnixAddr(name: long, network: .unix) }
        #expect(err?.detail == .pathTooLong)
    }

    @Test("socketpair stream: bytes flow both ways; EOF after close")
    func pair() throws {
        let (a, b) = try UnixConn.pair()
        defer { b.close() }
        try a.writeAll(Array("abc".utf8))
        var buf = [UInt8](repeating: 0, count: 8)
        #expect(try b.read(into: &buf) == 3)
        a.close()
        #expect(try b.read(into: &buf) == 0)
    }

    @Test("seqpacket keeps message boundaries")
    func seqpacket() throws {
        let (a, b) = try UnixConn.pair(.unixpacket)
        defer {
            a.close()
            b.close()
        }
        _ = try a.write(Array("one".utf8))
        _ = try a.write(Array("three".utf8))
        var buf = [UInt8](repeating: 0, count: 64)
        #expect(try b.read(into: &buf) == 3)
        #expect(try b.read(into: &buf) == 5)
        expectSocketError(.wouldBlock) { try b.read(into: &buf) }
    }

    @Test("unixgram: receive/send between abstract names, sender address exact")
    func unixgram() throws {
        let nameA = uniqueAbstractName("ga")
        let nameB = uniqueAbstractName("gb")
        let a = try UnixDatagramConn.listen(nameA)
        let b = try UnixDatagramConn.listen(nameB)
        defer {
            a.close()
            b.close()
        }
        _ = try a.send(Array("dgram".utf8), to: nameB)
        b.setReadDeadline(.after(.seconds(2)))
        var buf = [UInt8](repeating: 0, count: 64)
        let r = try b.receive(into: &buf)
        #expect(r.count == 5)
        #expect(r.sender.unix?.description == nameA)
    }

    @Test("abstract names interoperate with Python: Sock listens, Python connects")
    func abstractPythonClient() throws {
        let name = uniqueAbstractName("py1")
        let listener = try UnixListener(try UnixAddr(name: name, network: .unix))
        defer { listener.close() }
        let raw = String(name.dropFirst())
        let peer = TestThread {
            _ = runPython(
                """
                import socket
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect("\\0\(raw)")
                s.sendall(b"from-python")
                s.close()
                """
            )
        }
        listener.setReadDeadline(.after(.seconds(5)))
        let conn = try listener.accept()
        defer { conn.close() }
        conn.setReadDeadline(.after(.seconds(5)))
        var got: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 64)
        while true {
            let n = try conn.read(into: &buf)
            if n == 0 { break }
            got += buf[0..<n]
        }
        peer.join()
        #expect(String(decoding: got, as: UTF8.self) == "from-python")
    }

    @Test("abstract names interoperate with Python: Python listens, Sock connects; socat too")
    func abstractPythonServer() throws {
        let name = uniqueAbstractName("py2")
        let raw = String(name.dropFirst())
        let server = TestThread {
            let r = runPython(
                """
                import socket
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.bind("\\0\(raw)")
                s.listen(1)
                c, _ = s.accept()
                data = c.recv(64)
                c.sendall(data.upper())
                c.close()
                """
            )
            #expect(r.status == 0)
        }
        var conn: UnixConn?
        for _ in 0..<100 {
            if let c = try? UnixConn.dial(try UnixAddr(name: name, network: .unix)) {
                conn = c
                break
            }
            usleep(20_000)
        }
        let c = try #require(conn, "python listener never appeared")
        defer { c.close() }
        try c.writeAll(Array("shout".utf8))
        c.setReadDeadline(.after(.seconds(5)))
        var buf = [UInt8](repeating: 0, count: 64)
        let n = try c.read(into: &buf)
        #expect(String(decoding: buf[0..<n], as: UTF8.self) == "SHOUT")
        server.join()
    }

    @Test("abstract name interop with socat (skips when socat is missing)")
    func abstractSocat() throws {
        guard runProcess(["/bin/sh", "-c", "command -v socat"]).status == 0 else {
            print("SKIP abstractSocat: socat is not installed")
            return
        }
        let name = uniqueAbstractName("socat")
        let listener = try UnixListener(try UnixAddr(name: name, network: .unix))
        defer { listener.close() }
        let raw = String(name.dropFirst())
        let peer = TestThread {
            _ = runProcess(["/bin/sh", "-c", "echo via-socat | timeout 5 socat - ABSTRACT-CONNECT:\(raw)"])
        }
        listener.setReadDeadline(.after(.seconds(5)))
        let conn = try listener.accept()
        defer { conn.close() }
        conn.setReadDeadline(.after(.seconds(5)))
        var got: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 64)
        while true {
            let n = try conn.read(into: &buf)
            if n == 0 { break }
            got += buf[0..<n]
        }
        peer.join()
        #expect(String(decoding: got, as: UTF8.self) == "via-socat\n")
    }
}
