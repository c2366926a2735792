#if os(Linux)
// Issue 14, item 4: `peerCredentials()` names a real peer or throws, never a placeholder, and
// `peerPidfd()` names the same process in a way pid reuse cannot fool. The peers are real Python
// processes, as root and as uid 65534.

import Glibc
import SockLinux
import SockPOSIX
import Testing

@Suite("Unix peer credentials and pidfd: real peers, no placeholder answers")
struct UnixCredentialsHardeningTests {
    @Test(
        "the accepting side sees the Python client that connected: its uid, gid, pid, and a pidfd for it",
        arguments: [UInt32(0), nobody]
    )
    func serverSeesClient(uid: UInt32) throws {
        let name = uniqueAbstractName("client-\(uid)")
        let listener = try UnixListener(name)
        defer { listener.close() }
        // The client connects (as root, or as nobody with no supplementary groups), prints its
        // pid, uid and gid, and exits when the server sends a byte.
        let client = try PythonProcess(
            """
            become(int(sys.argv[1]))
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect("\\0" + sys.argv[2])
            print(os.getpid(), os.getuid(), os.getgid(), flush=True)
            s.recv(1)
            """,
            arguments: ["\(uid)", String(name.dropFirst())]
        )
        let said = client.firstLine().split(separator: " ").compactMap { Int32($0) }
        try #require(said.count == 3, "the client printed \(said)")
        #expect(said[1] == Int32(uid) && said[2] == Int32(uid))
        listener.setReadDeadline(.after(.seconds(10)))
        let conn = try listener.accept()
        defer { conn.close() }

        #expect(try conn.peerCredentials() == Credentials(pid: said[0], uid: uid, gid: uid))
        let pidfd = try peerPidfdOrSkip(conn)
        defer { close(pidfd) }
        #expect(pidOfPidfd(pidfd) == Int(said[0]), "the pidfd refers to the client process")
        #expect(fcntl(pidfd, F_GETFD) & FD_CLOEXEC != 0, "the pidfd is close-on-exec")

        // The client exits. The pidfd says so (readable, then Pid -1 once reaped), where the pid
        // in the credentials stays the same number, which the system may give to a new process.
        _ = try conn.write([1])
        var exited = pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)
        #expect(poll(&exited, 1, 10_000) == 1, "a pidfd is readable once its process has exited")
        #expect(client.finish().status == 0)
        #expect(pidOfPidfd(pidfd) == -1, "the reaped client is gone for the pidfd")
        #expect(try conn.peerCredentials().pid == said[0])
    }

    @Test("the connecting side sees the listening process, and each end of a pair sees this process")
    func clientSeesServer() throws {
        let name = uniqueAbstractName("server")
        let listener = try UnixListener(name)
        defer { listener.close() }
        let client = try UnixConn.dial(name)
        defer { client.close() }
        #expect(try client.peerCredentials() == Credentials.current)
        let (a, b) = try UnixConn.pair(.unixpacket)
        defer {
            a.close()
            b.close()
        }
        #expect(try a.peerCredentials() == Credentials.current)
        #expect(try b.peerCredentials() == Credentials.current)
        for conn in [client, a] {
            let pidfd = try peerPidfdOrSkip(conn)
            #expect(pidOfPidfd(pidfd) == Int(getpid()))
            close(pidfd)
        }
    }

    // Before: pid 0, uid and gid 4294967295, which a check such as `uid >= 1000` accepts.
    @Test(
        "a UnixConn with no peer (never connected, or only bound) throws .notConnected, not pid 0 / uid 4294967295",
        arguments: [SocketType.stream, .seqPacket]
    )
    func unconnected(type: SocketType) throws {
        let fresh = try UnixConn(NetSocket(family: .unix, type: type))
        let bound = try UnixConn(NetSocket(family: .unix, type: type))
        try bound.netSocket.bind(try SockaddrUnix(parsing: uniqueAbstractName("bound")))
        defer {
            fresh.close()
            bound.close()
        }
        for conn in [fresh, bound] {
            let error = expectSocketError(.notConnected) { () throws(SocketError) in try conn.peerCredentials() }
            #expect(error?.errno == LinuxABI.ENODATA)
            do throws(SocketError) {
                let fd = try conn.peerPidfd()
                close(fd)
                Issue.record("peerPidfd() gave descriptor \(fd) for a socket with no peer")
            } catch  where error.code == .notSupported {
                print("SKIP: SO_PEERPIDFD needs Linux 6.5 (\(error))")
            } catch {
                #expect(error.code == .notConnected && error.errno == LinuxABI.ENODATA, "\(error)")
            }
        }
    }

    // Before: the listener's own credentials (root), as if root had connected. `UnixListener` has
    // no `peerCredentials()` (Tests/CapabilityChecks/fail-unixlistener-peercredentials.swift), but a
    // `UnixConn` can wrap its socket.
    @Test("a UnixConn wrapping a listening socket throws .notConnected instead of the listener's own credentials")
    func listeningSocket() throws {
        let listener = try UnixListener(uniqueAbstractName("listener"))
        defer { listener.close() }
        let wrapped = try UnixConn(listener.netSocket)
        expectSocketError(.notConnected) { () throws(SocketError) in try wrapped.peerCredentials() }
        expectSocketError(.notConnected) { () throws(SocketError) in try wrapped.peerPidfd() }
    }

    @Test("peerCredentials() and peerPidfd() on a closed connection throw .closed")
    func closed() throws {
        let (a, b) = try UnixConn.pair()
        b.close()
        a.close()
        expectClosed { () throws(SocketError) in try a.peerCredentials() }
        expectClosed { () throws(SocketError) in try a.peerPidfd() }
    }
}

/// The peer's pidfd; skips the test on a kernel without `SO_PEERPIDFD` (before Linux 6.5).
func peerPidfdOrSkip(_ conn: UnixConn) throws -> CInt {
    switch Result(catching: { () throws(SocketError) in try conn.peerPidfd() }) {
    case .success(let fd): return fd
    case .failure(let error) where error.code == .notSupported: try skip("SO_PEERPIDFD needs Linux 6.5 (\(error))")
    case .failure(let error): throw error
    }
}
#endif
