#if os(Linux)
// Issue 14, item 8: who may connect to a Unix socket file. Without `mode:` the umask decides
// (with umask 000, anyone); with it the listener binds, sets the mode, then listens. The umask is
// set on a thread of the test's own (its own filesystem context), and the other user is a Python
// process running as uid 65534, or a thread whose filesystem uid is 65534 for Sock's own error.

import Glibc
import SockLinux
import SockPOSIX
import Testing

@Suite("Unix socket files: the mode a listener sets, not the umask")
struct UnixSocketFileModeTests {
    // Before: no `mode:`; with umask 000 every socket file is 0777 and any user connects.
    @Test(
        "under umask 000: without mode: the file is 0777 and uid 65534 connects; with mode 0o600 it is refused, root is not"
    )
    func listenerMode() throws {
        let directory = try TestDirectory(mode: 0o755)  // searchable by all: the file's mode decides
        defer { directory.remove() }
        let open = directory.file("umask.sock")
        let owner = directory.file("private.sock")
        let (openListener, ownerListener) = try onOwnThread {
            try ThreadAttributes.setThreadUmask(0)
            return (try UnixListener(open), try UnixListener(owner, mode: 0o600))
        }
        defer {
            openListener.close()
            ownerListener.close()
        }
        #expect(try permissionBits(open) == 0o777)
        #expect(try permissionBits(owner) == 0o600)

        #expect(try pythonConnectResults(as: nobody, to: [open, owner]) == ["connected", "EACCES"])
        #expect(try pythonConnectResults(as: 0, to: [open, owner]) == ["connected", "connected"])

        // Sock itself, checking files as uid 65534: EACCES is .permissionDenied.
        let errors = try onOwnThread { () -> [SocketError?] in
            try ThreadAttributes.checkFilesAs(uid: nobody, gid: nobody)
            return [open, owner].map { path in
                do throws(SocketError) {
                    try UnixConn.dial(path).close()
                    return nil
                } catch {
                    return error
                }
            }
        }
        #expect(errors[0] == nil, "uid 65534 connects to the umask-000 file")
        #expect(errors[1]?.code == .permissionDenied, "\(String(describing: errors[1]))")
        #expect(errors[1]?.errno == EACCES)
    }

    @Test(
        "without mode: the file is 0777 & ~umask; with a mode, the mode whatever the umask",
        arguments: [mode_t(0o000), 0o022, 0o027, 0o077]
    )
    func modeAgainstUmask(mask: mode_t) throws {
        let directory = try TestDirectory(mode: 0o700)
        defer { directory.remove() }
        let (plain, group, datagram) = try onOwnThread {
            try ThreadAttributes.setThreadUmask(mask)
            return (
                try UnixListener(directory.file("plain.sock")),
                try UnixListener(directory.file("group.sock"), network: .unixpacket, mode: 0o660),
                try UnixDatagramConn.listen(directory.file("datagram.sock"), mode: 0o620)
            )
        }
        defer {
            plain.close()
            group.close()
            datagram.close()
        }
        #expect(try permissionBits(directory.file("plain.sock")) == 0o777 & ~UInt32(mask))
        #expect(try permissionBits(directory.file("group.sock")) == 0o660)
        #expect(try permissionBits(directory.file("datagram.sock")) == 0o620)
    }

    @Test("a datagram socket with mode 0o600 under umask 000: uid 65534's datagram is refused, root's arrives")
    func datagramMode() throws {
        let directory = try TestDirectory(mode: 0o755)
        defer { directory.remove() }
        let open = directory.file("umask.dgram")
        let owner = directory.file("private.dgram")
        let (openServer, ownerServer) = try onOwnThread {
            try ThreadAttributes.setThreadUmask(0)
            return (try UnixDatagramConn.listen(open), try UnixDatagramConn.listen(owner, mode: 0o600))
        }
        defer {
            openServer.close()
            ownerServer.close()
        }
        #expect(try pythonConnectResults(as: nobody, to: [open, owner], datagram: true) == ["sent", "EACCES"])
        #expect(try pythonConnectResults(as: 0, to: [owner], datagram: true) == ["sent"])
        var buffer = [UInt8](repeating: 0, count: 64)
        openServer.setReadDeadline(.after(.seconds(5)))
        var received = try openServer.receive(into: &buffer)
        #expect(Array(buffer[..<received.count]) == Array("from-65534".utf8))
        ownerServer.setReadDeadline(.after(.seconds(5)))
        received = try ownerServer.receive(into: &buffer)
        #expect(Array(buffer[..<received.count]) == Array("from-0".utf8), "only root's datagram was queued")
    }

    // What makes bind, chmod, listen free of a window: until listen(2), connect(2) is refused.
    @Test("a bound stream socket that is not listening yet refuses every connect, whatever its file's mode")
    func boundNotListening() throws {
        let directory = try TestDirectory(mode: 0o755)
        defer { directory.remove() }
        let path = directory.file("bound.sock")
        let socket = try NetSocket(family: .unix, type: .stream)
        defer { socket.close() }
        try socket.bind(try SockaddrUnix(path: path))
        #expect(chmod(path, 0o777) == 0)
        expectSocketError(.connectionRefused) { () throws(SocketError) in try UnixConn.dial(path) }
        #expect(try pythonConnectResults(as: nobody, to: [path]) == ["ECONNREFUSED"])
        try socket.listen()
        #expect(try pythonConnectResults(as: nobody, to: [path]) == ["connected"])
    }

    @Test("a mode for an abstract or unnamed address, or beyond 0o777, is refused before anything is bound")
    func modeRefused() throws {
        let name = uniqueAbstractName("mode")
        expectSocketError(.invalidArgument, detail: .modeRequiresPath) { () throws(SocketError) in
            try UnixListener(name, mode: 0o600)
        }
        expectSocketError(.invalidArgument, detail: .modeRequiresPath) { () throws(SocketError) in
            try UnixDatagramConn.listen(name, mode: 0o600)
        }
        expectSocketError(.invalidArgument, detail: .modeRequiresPath) { () throws(SocketError) in
            try UnixDatagramConn.listen("", mode: 0o600)
        }
        let directory = try TestDirectory(mode: 0o700)
        defer { directory.remove() }
        for mode: UInt32 in [0o1777, 0o4700, 0o2770, 0o10_000] {
            expectSocketError(.invalidArgument, detail: .valueOutOfRange) { () throws(SocketError) in
                try UnixListener(directory.file("never.sock"), mode: mode)
            }
        }
        #expect(access(directory.file("never.sock"), F_OK) != 0, "nothing was bound")
        // The name was never bound either: it is still free.
        let listener = try UnixListener(name)
        listener.close()
    }
}
#endif
