import Sock
import Testing

@Suite struct UDPExample {
    @Test func serverAndClient() throws {
        // README: udp
        // Server
        let server = try UDPConn.listen("127.0.0.1:0")

        // Client: a connected UDP socket (write/read talk to one peer)
        let client = try UDPConn.dial(try server.endpoint())
        _ = try client.write(Array("query".utf8))

        // readFrom returns the sender without allocating, and reports truncation.
        var buffer = [UInt8](repeating: 0, count: 1500)
        server.setReadDeadline(.after(.seconds(1)))
        let (n, sender, truncated) = try buffer.withUnsafeMutableBytes { try server.readFrom(into: $0) }
        _ = try Array("response".utf8).withUnsafeBytes { try server.writeTo($0, sender) }

        client.setReadDeadline(.after(.seconds(1)))
        let m = try client.read(into: &buffer)
        // END README

        #expect(n == 5)
        #expect(!truncated)
        #expect(sender == (try client.localAddress()))
        #expect(Array(buffer[0..<m]) == Array("response".utf8))
        client.close()
        server.close()
    }
}
