import Sock
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct UnixExample {
    @Test func streamDatagramAndPair() throws {
        // README: unix
        // Stream, on a Linux abstract name (`@name`: nothing to clean up in the filesystem)
        let name = "@my-app-\(getpid())"
        let listener = try UnixListener(name)
        let client = try UnixConn.dial(name)
        let conn = try listener.accept()

        // Datagrams: UnixDatagramConn (Go's UnixConn on the "unixgram" network)
        let server = try UnixDatagramConn.listen(name + ".dgram")
        let sender = try UnixDatagramConn.dial(name + ".dgram")
        _ = try sender.write(Array("hello".utf8))

        // Socket pair
        let (a, b) = try UnixConn.pair()
        _ = try a.write(Array("ping".utf8))
        var buffer = [UInt8](repeating: 0, count: 4)
        b.setReadDeadline(.after(.seconds(1)))
        _ = try b.read(into: &buffer)
        // END README

        #expect(buffer == Array("ping".utf8))
        #expect(listener.address.name.hasPrefix("@my-app-"))
        #expect(try server.localAddress().unix?.isAbstract == true)
        var datagram = [UInt8](repeating: 0, count: 16)
        server.setReadDeadline(.after(.seconds(1)))
        let received = try server.receive(into: &datagram)
        #expect(Array(datagram[0..<received.count]) == Array("hello".utf8))
        _ = try client.write(Array("x".utf8))
        conn.setReadDeadline(.after(.seconds(1)))
        #expect(try conn.read(into: &buffer) == 1)
        for socket in [a, b, conn, client] { socket.close() }
        server.close()
        sender.close()
        listener.close()
    }
}
