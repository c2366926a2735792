import SockLinux
import SockPOSIX
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("SCTP one-to-one (SOCK_STREAM)", .enabled(if: SCTPTestEnv.shouldRun, SCTPTestEnv.skipReason))
struct SCTPOneToOneTests {
    @Test(arguments: ["127.0.0.1", "::1"])
    func echoOverLoopback(host: String) throws {
        let pair = try SCTPPair(host: host)
        defer { pair.close() }
        #expect(pair.client.type == .stream && pair.server.type == .stream)
        // The kernel agrees (SO_TYPE; `socketType()` is gone, the generic getsockopt reads it).
        #expect(try kernelSocketType(pair.client) == .stream)
        #expect(try kernelSocketType(pair.server) == .stream)
        #expect(pair.client.protocol == .sctp && pair.server.protocol == .sctp)
        #expect(pair.client.family == (host.contains(":") ? .inet6 : .inet))

        let hello = Array("hello sctp".utf8)
        #expect(try pair.client.write(hello) == hello.count)
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = try pair.server.read(into: &buffer)
        #expect(Array(buffer[0..<n]) == hello)
        #expect(try pair.server.write(Array("pong".utf8)) == 4)
        let m = try pair.client.read(into: &buffer)
        #expect(String(decoding: buffer[0..<m], as: UTF8.self) == "pong")

        // Endpoints agree on both sides.
        let listening = try pair.listener.endpoint()
        #expect(listening.port != 0)
        #expect(pair.client.remoteEndpoint == listening)
        #expect(try pair.server.localEndpoint().port == listening.port)
        #expect(try pair.server.remoteEndpoint == pair.client.localEndpoint())
        #expect(try pair.client.peerAddresses() == listening)
        // An unbound client offers every local address in scope (on ::1 also 127.0.0.1, mapped).
        let clientAddresses = try pair.server.peerAddresses()
        let clientLocal = try pair.client.localEndpoint()
        #expect(clientAddresses.port == clientLocal.port)
        // The kernel reports ::1 with its scope (the loopback interface): compare addresses only.
        #expect(clientAddresses.addresses.map(\.ip).contains(clientLocal.ip), "\(clientAddresses) vs \(clientLocal)")

        // The client closes: the server reads end of stream.
        pair.client.close()
        #expect(try pair.server.read(into: &buffer) == 0)
    }

    @Test func nonBlockingByDefault() throws {
        let listener = try SCTPListener("127.0.0.1:0")
        defer { listener.close() }
        #expect(try listener.isNonBlocking())
        #expect(try listener.isCloseOnExec())
        expectSocketError(.wouldBlock) { () throws(SocketError) in try listener.accept() }
        let start = Deadline.monotonicNow()
        listener.setReadDeadline(.after(.milliseconds(50)))
        expectSocketError(.timedOut) { () throws(SocketError) in try listener.accept() }
        #expect(Deadline.monotonicNow() - start >= 40_000_000)

        let pair = try SCTPPair()
        defer { pair.close() }
        pair.server.setReadDeadline(nil)
        var buffer = [UInt8](repeating: 0, count: 16)
        expectSocketError(.wouldBlock) { () throws(SocketError) in try pair.server.read(into: &buffer) }
        expectSocketError(.wouldBlock) { () throws(SocketError) in try pair.server.receiveMessage(into: &buffer) }
    }

    @Test func zeroTimeoutDialReturnsAnOpenConnection() throws {
        let listener = try SCTPListener("127.0.0.1:0")
        defer { listener.close() }
        for dialer in [SCTPDialer(), SCTPDialer(timeout: .zero)] {
            let conn = try dialer.dial(try listener.endpoint())
            defer { conn.close() }
            #expect(!conn.isClosed)
            try conn.finishConnect(until: .after(.seconds(5)))
            listener.setReadDeadline(.after(.seconds(5)))
            let accepted = try listener.accept()
            accepted.close()
        }
        let plain = try SCTPConn.dial(try listener.endpoint())
        defer { plain.close() }
        try plain.finishConnect(until: .after(.seconds(5)))
        expectSocketError(.invalidArgument) { () throws(SocketError) in
            try SCTPDialer(timeout: .milliseconds(-1)).dial(try listener.endpoint())
        }
    }

    @Test func refusedWithoutListener() throws {
        // Bind a port, then close it: nothing listens there any more.
        let probe = try SCTPListener("127.0.0.1:0")
        let port = try probe.endpoint().port
        probe.close()
        let error = expectSocketError(.connectionRefused) { () throws(SocketError) in
            try SCTPDialer(timeout: .seconds(5)).dial(SCTPAddr(ip: .v4(.loopback), port: port))
        }
        #expect(error?.operation == .dial)
    }

    /// An INIT that is never answered: inside the VM, 10.96.0.0/24 is routed into `lo` from the
    /// local address 10.97.0.1, and packets to it are dropped (not a local address, no
    /// forwarding). The dial times out after the dialer's timeout and the socket is closed.
    @Test(.enabled(if: SCTPTestEnv.inVM, "changes routes: only inside the SCTP VM (SOCK_SCTP_VM=1)"))
    func dialerTimesOutAgainstAnUnansweredAddress() throws {
        try SCTPVMNetwork.blackHole()
        let start = Deadline.monotonicNow()
        let error = expectSocketError(.timedOut) { () throws(SocketError) in
            try SCTPDialer(timeout: .milliseconds(300)).dial(try SCTPAddr(parsing: "10.96.0.2:9"))
        }
        let elapsed = Deadline.monotonicNow() - start
        #expect(error?.operation == .dial)
        #expect(elapsed >= 300_000_000, "returned after \(elapsed) ns")
        #expect(elapsed < 3_000_000_000, "returned after \(elapsed) ns")

        // With no timeout the dial returns at once and the handshake stays in progress.
        let pending = try SCTPDialer().dial(try SCTPAddr(parsing: "10.96.0.2:9"))
        defer { pending.close() }
        #expect(!pending.isClosed)
        expectSocketError(.inProgress) { () throws(SocketError) in try pending.finishConnect(until: nil) }
        expectSocketError(.timedOut) { () throws(SocketError) in
            try pending.finishConnect(until: .after(.milliseconds(100)))
        }
        #expect(!pending.isClosed)
    }
}

/// The socket type the kernel reports (`SO_TYPE`).
func kernelSocketType(_ socket: some Socket) throws(SocketError) -> SocketType {
    SocketType(rawValue: try socket.getOption(level: .socket, name: OptionName(rawValue: SO_TYPE), as: CInt.self))
}

/// Network changes inside the throw-away SCTP VM, made with the guest's busybox `ip`.
enum SCTPVMNetwork {
    nonisolated(unsafe) static var done = false

    /// 10.97.0.1/32 on lo, and 10.96.0.0/24 routed into lo from it (dropped on arrival).
    static func blackHole() throws {
        if done { return }
        for command in [
            "ip addr add 10.97.0.1/32 dev lo",
            "ip route add 10.96.0.0/24 dev lo src 10.97.0.1",
        ] {
            let status = system(command)
            try #require(status == 0, "\(command) failed: \(status)")
        }
        done = true
    }
}
