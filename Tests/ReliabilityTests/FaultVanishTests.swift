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
        let net = try NetworkNamespacePair.make()
        defer { net.destroy() }
        let listener = try net.run(in: net.a) {
            try TCPListener(TCPAddr(ip: .v4(try IPv4Address(parsing: NetworkNamespacePair.addressA)), port: 0))
        }
        defer { listener.close() }
        let endpoint = try listener.endpoint()
        guard let (client, server, attempts) = try Self.healthyConnection(to: endpoint, from: net, listener: listener)
        else { return }
        defer {
            client.close()
            server.close()
        }
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
        var buffer = [UInt8](repeating: 0, count: 16)
        let start = now()
        _ = try client.write([UInt8](repeating: 7, count: 1000))
        // A generous Sock deadline: the kernel's ETIMEDOUT must come first.
        client.setReadDeadline(.after(.seconds(20)))
        let error = expectSocketError(.timedOut) { () throws(SocketError) in try client.read(into: &buffer) }
        let elapsed = now() - start
        let outcome = error.map { "\($0)" } ?? "no error"
        print(
            "TCP_USER_TIMEOUT \(timeoutMs) ms: \(outcome) after \(elapsed / 1_000_000) ms"
                + " (connection attempts until the RTO was at its floor: \(attempts))"
        )
        #expect(error?.errno == ETIMEDOUT, "the Sock deadline fired instead of the kernel's timeout")
        #expect(elapsed < timeoutMs * 1_500_000, "took \(elapsed / 1_000_000) ms, more than 1.5x the timeout")
        #expect(elapsed >= timeoutMs * 1_000_000, "timed out before the user timeout: \(elapsed / 1_000_000) ms")
        // The connection is gone for writes too.
        let after = expectSocketError(.brokenPipe) { () throws(SocketError) in try client.write([1]) }
        _ = after
    }

    /// The largest retransmission timeout (µs) the test accepts before the peer vanishes. The
    /// kernel counts the user timeout from the first retransmission, one RTO after the send, so
    /// the bound (1.5x) holds only while the RTO is near its 200 ms floor; with 500 ms the expiry
    /// still lands by 2.5 s. A loaded machine can delay the veth softirq that carries the
    /// handshake, and that one inflated RTT sample (seen: 0.9 s, giving a 3 s RTO and a 5.2 s
    /// expiry) would make the test measure the scheduler instead of the timeout.
    static let maximumRTO: UInt32 = 500_000

    /// A connection from namespace `b` to the listener in `a` that carried "ping" and whose RTO is
    /// at most ``maximumRTO``: a connection whose handshake was slowed by the machine's load is
    /// closed and dialled again. After 10 such attempts it records an issue with the RTOs it saw
    /// and returns nil.
    static func healthyConnection(
        to endpoint: TCPAddr,
        from net: NetworkNamespacePair,
        listener: TCPListener
    ) throws -> (client: TCPConn, server: TCPConn, attempts: Int)? {
        var seen: [UInt32] = []
        for attempt in 1...10 {
            let client = try net.run(in: net.b) { try TCPConn.dial(endpoint) }
            try client.finishConnect(until: .after(.seconds(5)))
            listener.setReadDeadline(.after(.seconds(5)))
            let server = try listener.accept()
            // The connection works: "ping" crosses and is acknowledged.
            _ = try client.write(Array("ping".utf8))
            server.setReadDeadline(.after(.seconds(5)))
            var buffer = [UInt8](repeating: 0, count: 16)
            #expect(try server.read(into: &buffer) == 4)
            let info = try client.tcpInfo()
            let rto = info.rto ?? .max
            if rto <= maximumRTO && info.unacked == 0 { return (client, server, attempt) }
            seen.append(rto)
            print("TCP_USER_TIMEOUT: attempt \(attempt) has RTO \(rto) µs (\(info)); dialling again")
            client.close()
            server.close()
            pause(.milliseconds(100))
        }
        Issue.record("no connection with an RTO under \(maximumRTO) µs in 10 attempts (RTOs: \(seen))")
        return nil
    }
}
