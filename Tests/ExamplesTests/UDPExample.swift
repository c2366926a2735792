import Sock
import Testing

@Suite struct UDPExample {
    @Test func serverAndClient() throws {
        // README: udp
        // Server
        let server = try UDPConn.listen("127.0.0.1:0")
        let port = try server.endpoint().port

        // Client: a connected UDP socket (write/read talk to one peer)
        let client = try UDPConn.dial("127.0.0.1:\(port)")
        _ = try client.write(Array("query".utf8))

        // receive(into:) returns the length, the sender (decoded without allocating) and whether
        // the datagram was longer than the buffer; send(_:to:) answers that sender.
        var buffer = [UInt8](repeating: 0, count: 1500)
        server.setReadDeadline(.after(.seconds(1)))
        let received = try server.receive(into: &buffer)  // received.count == 5, !received.isTruncated
        _ = try server.send(Array("response".utf8), to: received.sender)

        client.setReadDeadline(.after(.seconds(1)))
        let m = try client.read(into: &buffer)  // 8
        // END README

        #expect(received.count == 5)
        #expect(!received.isTruncated)
        #expect(Array(buffer[0..<m]) == Array("response".utf8))
        #expect(received.sender == (try client.localAddress()))
        #expect(m == 8)
        client.close()
        server.close()
    }
}
