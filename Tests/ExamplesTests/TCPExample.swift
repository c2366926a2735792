import Sock
import Testing

// The README's examples live in these files between `// README: <name>` and `// END README`
// markers, as the body of a test that runs them on loopback and checks what they did.
// ReadmeSyncTests checks that every Swift block of README.md, README.es.md and the DocC articles
// is one of these regions, so the documentation never shows code that does not compile and run.

@Suite struct TCPExample {
    @Test func serverAndClient() throws {
        // README: tcp
        // Server: port 0 lets the kernel pick a free port.
        let listener = try TCPListener("127.0.0.1:0")
        let address = try listener.endpoint()

        // Client: with a timeout, TCPDialer waits for the handshake (without one it returns at once).
        let client = try TCPDialer(timeout: .seconds(5)).dial(address)
        try client.setNoDelay(true)
        try client.writeAll(Array("hello".utf8))

        // accept() is non-blocking too: a deadline makes it wait for a peer.
        listener.setReadDeadline(.after(.seconds(5)))
        let conn = try listener.accept()
        conn.setReadDeadline(.after(.seconds(5)))
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = try conn.read(into: &buffer)  // 5: "hello"

        // Half-close: the client is done writing, and the server reads 0, the end of the stream.
        try client.shutdown(.write)
        let end = try conn.read(into: &buffer)  // 0
        // END README

        #expect(n == 5)
        #expect(Array(buffer[0..<n]) == Array("hello".utf8))
        #expect(end == 0)
        #expect(try client.noDelay())
        #expect(conn.peer == (try client.localAddress()))
        conn.close()
        client.close()
        listener.close()
    }
}
