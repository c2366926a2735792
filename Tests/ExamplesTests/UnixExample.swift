import Sock
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct UnixExample {
    @Test func streamDatagramAndPair() throws {
        // README: unix
        // Stream, on a Linux abstract name (`@name`): no file to clean up, but no permissions
        // either: any process in the network namespace can connect to it, or bind it first
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

    @Test func socketFileMode() throws {
        var template = Array("/tmp/sock-example-XXXXXX".utf8CString)
        let directory = String(
            cString: try #require(template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) })
        )
        defer {
            unlink(directory + "/my-service.sock")
            rmdir(directory)
        }

        // README: unix-mode
        // Connecting to a socket file needs write permission on the file and search (x) permission
        // on every directory above it. Keep it in a directory of the service's own (`directory`,
        // mode 0700, such as systemd's RuntimeDirectory=), and give the file its mode: Sock binds,
        // sets the mode, then listens, so no client ever sees the mode the umask gave.
        let listener = try UnixListener(directory + "/my-service.sock", mode: 0o600)
        let client = try UnixConn.dial(directory + "/my-service.sock")
        let conn = try listener.accept()
        // END README

        var info = stat()
        #expect(lstat(directory + "/my-service.sock", &info) == 0)
        #expect(info.st_mode & 0o7777 == 0o600)
        var directoryInfo = stat()
        #expect(stat(directory, &directoryInfo) == 0)
        #expect(directoryInfo.st_mode & 0o7777 == 0o700, "mkdtemp makes the directory 0700")
        _ = try client.write(Array("x".utf8))
        var byte = [UInt8](repeating: 0, count: 1)
        conn.setReadDeadline(.after(.seconds(1)))
        #expect(try conn.read(into: &byte) == 1)
        for socket in [client, conn] { socket.close() }
        listener.close()
    }

    #if os(Linux)
    @Test func credentialsOnBothEnds() throws {
        // README: unix-credentials
        // An abstract name has no owner and no permissions: any process in the network namespace
        // (containers sharing it included) can connect to it, or bind it before the service does.
        // So each end asks the kernel who is at the other end (SO_PEERCRED: it cannot be forged).
        let service = "@my-service-\(getpid())"
        let serviceUser = geteuid()  // the user the service runs as, and the one it serves here
        let listener = try UnixListener(service)

        // Client: is this the service, or a process that took its name first?
        let client = try UnixConn.dial(service)
        let server = try client.peerCredentials()  // pid, uid and gid of the process that listens
        guard server.uid == serviceUser else { throw UntrustedPeer(credentials: server) }

        // Server: may this client in?
        let conn = try listener.accept()
        let caller = try conn.peerCredentials()  // of the process that connected
        guard caller.uid == serviceUser else { throw UntrustedPeer(credentials: caller) }
        // END README

        #expect(server == Credentials.current)
        #expect(caller == Credentials.current)
        for socket in [client, conn] { socket.close() }
        listener.close()
    }
    #endif
}

#if os(Linux)
/// The example's error: the peer is not who it should be.
struct UntrustedPeer: Error {
    let credentials: Credentials
}
#endif
