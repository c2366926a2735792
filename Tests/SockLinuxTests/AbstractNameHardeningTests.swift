#if os(Linux)
// Issue 14, item 9: an abstract name (`@name`) has no permissions. Any process in the network
// namespace can connect to it, and can bind it first (squat). The defence is the pattern the
// README and the Addresses article show (Tests/ExamplesTests/UnixExample.swift): each end checks
// the other's credentials. The attacker here is a Python process running as uid 65534.

import Glibc
import SockLinux
import SockPOSIX
import Testing

@Suite("Abstract names: reachable and squattable by any user; the credentials check catches it")
struct AbstractNameHardeningTests {
    @Test("uid 65534 connects to a root service's abstract name; the server's check sees uid 65534")
    func anyoneConnects() throws {
        let name = uniqueAbstractName("open")
        let serviceUser = geteuid()
        let listener = try UnixListener(name)
        defer { listener.close() }
        #expect(try pythonConnectResults(as: nobody, to: [name]) == ["connected"])
        listener.setReadDeadline(.after(.seconds(5)))
        let conn = try listener.accept()
        defer { conn.close() }
        // The example's server check.
        let caller = try conn.peerCredentials()
        #expect(caller.uid == nobody)
        #expect(caller.uid != serviceUser, "the server refuses this client")
    }

    @Test(
        "uid 65534 binds the service's abstract name first: UnixListener throws .addressInUse; a client that does not check hands the squatter its secret, one that checks the server's uid does not"
    )
    func squatter() throws {
        let name = uniqueAbstractName("squat")
        let serviceUser = geteuid()  // the user the real service runs as
        let squatter = try PythonProcess(
            """
            become(int(sys.argv[1]))
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.bind("\\0" + sys.argv[2])
            s.listen(8)
            print("bound", flush=True)
            s.settimeout(10)
            for _ in range(2):
                c, _ = s.accept()
                c.settimeout(10)
                data = b""
                while True:
                    chunk = c.recv(100)
                    if not chunk:
                        break
                    data += chunk
                print("received", data.decode(), flush=True)
                c.close()
            """,
            arguments: ["\(nobody)", String(name.dropFirst())]
        )
        try #require(squatter.firstLine() == "bound")

        // The real service starts too late: its own name is taken.
        expectSocketError(.addressInUse) { () throws(SocketError) in try UnixListener(name) }

        // A client that trusts the name talks to whoever holds it.
        let naive = try UnixConn.dial(name)
        try naive.writeAll(Array("secret-token".utf8))
        naive.close()

        // The example's client asks the kernel who listens before it says anything.
        let client = try UnixConn.dial(name)
        let server = try client.peerCredentials()
        #expect(server.uid == nobody)
        #expect(server.uid != serviceUser, "the client detects the squatter")
        if server.uid == serviceUser { try client.writeAll(Array("secret-token".utf8)) }
        client.close()

        let result = squatter.finish()
        #expect(result.status == 0)
        #expect(result.rest == ["received secret-token", "received "])
    }
}
#endif
