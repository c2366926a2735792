import Sock
import Testing

@Suite struct DeadlinesExample {
    @Test func nonBlockingDialAndDeadlines() throws {
        let listener = try TCPListener("127.0.0.1:0")
        let port = try listener.endpoint().port
        // README: deadlines
        // A dial without a timeout returns at once; the handshake finishes in the background.
        let conn = try TCPConn.dial("127.0.0.1:\(port)")
        try conn.finishConnect(until: .after(.seconds(2)))  // wait for it (poll), or throw .timedOut

        // One deadline for every read and write that has to wait, like Go's SetDeadline.
        conn.setDeadline(.after(.seconds(2)))
        try conn.writeAll(Array("request".utf8))  // loops over short writes, waits when full

        // Clear it: back to non-blocking (.wouldBlock instead of waiting).
        conn.setDeadline(nil)
        // END README

        listener.setReadDeadline(.after(.seconds(2)))
        let server = try listener.accept()
        server.setReadDeadline(.after(.seconds(2)))
        var buffer = [UInt8](repeating: 0, count: 16)
        #expect(try server.read(into: &buffer) == 7)
        #expect(conn.readDeadline == nil)
        do throws(SocketError) {
            _ = try conn.read(into: &buffer)
            Issue.record("read without data returned")
        } catch {
            #expect(error.code == .wouldBlock)
        }
        // Connecting a connected socket is success (EISCONN), as in the Go seed.
        try conn.netSocket.connect(to: try listener.endpoint().sockaddr())
        server.close()
        conn.close()
        listener.close()
    }

    @Test func whatAReadOfZeroMeans() throws {
        // README: read-sizes
        // Datagrams: a 0-byte datagram is a real message, never the end of anything.
        let (a, b) = try UnixDatagramConn.pair()
        _ = try a.write([UInt8]())
        var buffer = [UInt8](repeating: 0, count: 4)
        let empty = try b.receive(into: &buffer)  // empty.count == 0, and a message all the same

        // A datagram longer than the buffer: receive(into:) says so (MSG_TRUNC) ...
        _ = try a.write(Array("0123456789".utf8))
        let cut = try b.receive(into: &buffer)  // cut.count == 4, cut.isTruncated
        // ... while read(into:) cuts it without a word, as read(2) does (connected UDP too).
        _ = try a.write(Array("0123456789".utf8))
        let n = try b.read(into: &buffer)  // 4

        // Streams: 0 is the end of the stream (the peer shut down its side), and so is a read
        // into an empty buffer: pass a buffer with room.
        let (c, d) = try UnixConn.pair()
        try c.shutdown(.write)
        let end = try d.read(into: &buffer)  // 0
        // END README

        #expect(empty.count == 0)
        #expect(!empty.isTruncated)
        #expect(cut.count == 4)
        #expect(cut.isTruncated)
        #expect(n == 4)
        #expect(end == 0)
        for socket in [a, b] { socket.close() }
        for socket in [c, d] { socket.close() }
    }
}
