import SockPOSIX
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("UDP over loopback")
struct UDPTests {
    @Test("receive/send over IPv4 and IPv6", arguments: ["127.0.0.1:0", "[::1]:0"])
    func receiveSend(address: String) throws {
        let a = try UDPConn.listen(address)
        let b = try UDPConn.listen(address)
        defer {
            a.close()
            b.close()
        }
        let payload: [UInt8] = Array("hello udp".utf8)
        let sent = try a.send(payload, to: try b.endpoint())
        #expect(sent == payload.count)
        b.setReadDeadline(.after(.seconds(2)))
        var buf = [UInt8](repeating: 0, count: 64)
        let r = try b.receive(into: &buf)
        #expect(Array(buf[0..<r.count]) == payload)
        #expect(!r.isTruncated)
        #expect(try UDPAddr(r.sender) == (try a.endpoint()))
        // Nothing more queued: would block at once.
        b.setReadDeadline(nil)
        expectSocketError(.wouldBlock) { try b.receive(into: &buf) }
    }

    @Test("connected UDP: read/write with the dialed peer")
    func connected() throws {
        let server = try UDPConn.listen("127.0.0.1:0")
        defer { server.close() }
        let client = try UDPConn.dial(try server.endpoint())
        defer { client.close() }
        _ = try client.write(Array("q".utf8))
        server.setReadDeadline(.after(.seconds(2)))
        var buf = [UInt8](repeating: 0, count: 16)
        let r = try server.receive(into: &buf)
        #expect(r.count == 1)
        _ = try server.send(Array("a".utf8), to: r.sender)
        client.setReadDeadline(.after(.seconds(2)))
        #expect(try client.read(into: &buf) == 1)
        #expect(buf[0] == UInt8(ascii: "a"))
    }

    @Test("a datagram larger than the buffer is reported as truncated (MSG_TRUNC)")
    func truncation() throws {
        let a = try UDPConn.listen("127.0.0.1:0")
        let b = try UDPConn.listen("127.0.0.1:0")
        defer {
            a.close()
            b.close()
        }
        let big = [UInt8](repeating: 7, count: 100)
        _ = try a.send(big, to: try b.endpoint())
        b.setReadDeadline(.after(.seconds(2)))
        var small = [UInt8](repeating: 0, count: 10)
        let r = try b.receive(into: &small)
        #expect(r.count == 10)
        #expect(r.isTruncated)

        // The same through recvmsg: MSG_TRUNC in the flags.
        _ = try a.send(big, to: try b.endpoint())
        var noControl: [UInt8] = []
        let m = try b.receiveMessage(into: &small, control: &noControl)
        #expect(m.count == 10)
        #expect(m.isTruncated)
        #expect(m.flags.contains(.truncated))
    }

    @Test("v4-mapped IPv6: a dual-stack socket receives IPv4 as ::ffff:a.b.c.d")
    func v4Mapped() throws {
        let v6 = try UDPConn.listen("[::]:0")
        defer { v6.close() }
        let port = try v6.endpoint().port
        let v4 = try UDPConn.listen("127.0.0.1:0")
        defer { v4.close() }
        _ = try v4.send([1], to: "127.0.0.1:\(port)")
        v6.setReadDeadline(.after(.seconds(2)))
        var buf = [UInt8](repeating: 0, count: 8)
        let r = try v6.receive(into: &buf)
        let from = try UDPAddr(r.sender)
        #expect(from.description == "[::ffff:127.0.0.1]:\(try v4.endpoint().port)")
        // Replying to an IPv4 endpoint from the IPv6 socket uses the mapped form.
        _ = try v6.send([2], to: try v4.endpoint())
        v4.setReadDeadline(.after(.seconds(2)))
        #expect(try v4.read(into: &buf) == 1)
    }
}
