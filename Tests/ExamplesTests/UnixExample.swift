import Sock
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct UnixExample {
    @Test func streamDatagramAndPair() throws {
        // README: unix
        // Stream, on a Linux abstract name (`@name`: nothing to clean up in the filesystem)
        let listener = try UnixListener(try UnixAddr(name: "@my-app-\(getpid())"))
        let client = try UnixConn.dial(listener.address)
        let conn = try listener.accept()

        // Datagram
        let server = try UnixConn.listenDatagram(try UnixAddr(name: "@my-app-\(getpid()).dgram", network: .unixgram))

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
        _ = try client.write(Array("x".utf8))
        conn.setReadDeadline(.after(.seconds(1)))
        #expect(try conn.read(into: &buffer) == 1)
        for socket in [a, b, conn, client] as [NetSocket] { socket.close() }
        server.close()
        listener.close()
    }
}
