// Faults: a peer that vanishes. With TCP_USER_TIMEOUT set, unacknowledged data makes the kernel
// drop the connection after the timeout, and the next read throws `.timedOut` (errno ETIMEDOUT,
// not a Sock deadline) within 1.5x the timeout. Loopback never loses a packet, so the peer sits
// in another network namespace behind a veth link that the test takes down. The sockets are
// created inside the namespaces with setns(2) on the test's thread, which then switches back:
// a socket keeps the namespace it was created in.

import Sock
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Faults: a peer that vanishes")
struct FaultVanishTests {
    @Test("TCP_USER_TIMEOUT: a vanished peer gives .timedOut (ETIMEDOUT) within 1.5x the timeout")
    func userTimeoutExpires() throws {
        let net = try VethNamespaces.make()
        defer { net.destroy() }
        let listener = try net.run(in: net.a) {
            try TCPListener(TCPAddr(ip: .v4(try IPv4Address(parsing: VethNamespaces.addressA)), port: 0))
        }
        defer { listener.close() }
        let endpoint = try listener.endpoint()
        let client = try net.run(in: net.b) { try TCPConn.dial(endpoint) }
        defer { client.close() }
        try client.finishConnect(until: .after(.seconds(5)))
        listener.setReadDeadline(.after(.seconds(5)))
        let server = try listener.accept()
        defer { server.close() }
        // The connection works, then the peer's link goes down.
        _ = try client.write(Array("ping".utf8))
        server.setReadDeadline(.after(.seconds(5)))
        var buffer = [UInt8](repeating: 0, count: 16)
        #expect(try server.read(into: &buffer) == 4)
        // The kernel counts the timeout from the first retransmission (one RTO, 200 ms here,
        // after the send), so expiry lands near timeout + 200 ms (measured: 2.24 s for 2 s);
        // 2 s keeps that and timer jitter on a loaded machine well inside the 1.5x bound (3 s).
        let timeoutMs: Int64 = 2000
        let timeout = Duration.milliseconds(timeoutMs)
        try client.setUserTimeout(timeout)
        #expect(try client.userTimeout() == timeout)
        // The path vanishes: the client's own link goes down. (Downing the peer's end instead
        // works too, but the kernel's retransmission timing then wanders by up to an RTO more.)
        net.ip(net.b, "link", "set", "vB", "down")
        let start = now()
        _ = try client.write([UInt8](repeating: 7, count: 1000))
        // A generous Sock deadline: the kernel's ETIMEDOUT must come first.
        client.setReadDeadline(.after(.seconds(20)))
        let error = expectSocketError(.timedOut) { () throws(SocketError) in try client.read(into: &buffer) }
        let elapsed = now() - start
        let outcome = error.map { "\($0)" } ?? "no error"
        print("TCP_USER_TIMEOUT \(timeoutMs) ms: \(outcome) after \(elapsed / 1_000_000) ms")
        #expect(error?.errno == ETIMEDOUT, "the Sock deadline fired instead of the kernel's timeout")
        #expect(elapsed < timeoutMs * 1_500_000, "took \(elapsed / 1_000_000) ms, more than 1.5x the timeout")
        #expect(elapsed >= timeoutMs * 1_000_000, "timed out before the user timeout: \(elapsed / 1_000_000) ms")
        // The connection is gone for writes too.
        let after = expectSocketError(.brokenPipe) { () throws(SocketError) in try client.write([1]) }
        _ = after
    }
}
