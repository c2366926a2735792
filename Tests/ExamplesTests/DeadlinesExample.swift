import Sock
import Testing

@Suite struct DeadlinesExample {
    @Test func nonBlockingDialAndDeadlines() throws {
        let listener = try TCPListener("127.0.0.1:0")
        let address = try listener.endpoint()
        // README: deadlines
        // A dial without a timeout returns at once; the handshake finishes in the background.
        let conn = try TCPConn.dial(address)
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
        server.close()
        conn.close()
        listener.close()
    }
}
