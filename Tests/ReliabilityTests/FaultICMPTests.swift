// Faults: ICMP errors surfaced through the error queue (IP_RECVERR / IPV6_RECVERR, read with
// MSG_ERRQUEUE): a datagram to a closed port comes back as "port unreachable" with the offender
// and the original destination; a datagram to a host that does not answer ARP comes back as
// "host unreachable" (inside a network namespace). A connected socket sees the error on its next
// receive even without the option.

import Sock
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Faults: ICMP errors through the error queue")
struct FaultICMPTests {
    /// A UDP port on `ip` that nobody listens on (bound, read, closed).
    func closedPort(_ ip: IPAddress) throws -> UDPAddr {
        let probe = try UDPConn.listen(UDPAddr(ip: ip, port: 0))
        defer { probe.close() }
        return try probe.endpoint()
    }

    /// Sends one datagram to `target` from a socket with IP_RECVERR on and reads the error queue.
    func errorFor(
        _ target: UDPAddr,
        from local: IPAddress,
        timeout: Duration = .seconds(5)
    ) throws -> (
        ErrorQueueMessage, payload: [UInt8]
    ) {
        let conn = try UDPConn.listen(UDPAddr(ip: local, port: 0))
        defer { conn.close() }
        try conn.setReceiveErrors(true)
        let sent = Array("are you there?".utf8)
        _ = try conn.send(sent, to: target)
        conn.setReadDeadline(.after(timeout))
        var payload = [UInt8](repeating: 0, count: 64)
        var control = [UInt8](repeating: 0, count: 128)
        let entry = try payload.withMutableRaw { (p) throws(SocketError) -> ErrorQueueMessage in
            try control.withMutableRaw { (c) throws(SocketError) -> ErrorQueueMessage in
                try conn.receiveError(into: p, control: c)
            }
        }
        // Reading the queue cleared the pending error: the next send works.
        _ = try conn.send(sent, to: target)
        return (entry, Array(payload[0..<entry.message.count]))
    }

    @Test("IPv4 port unreachable arrives as a decoded ECONNREFUSED with the offender")
    func portUnreachable4() throws {
        let target = try closedPort(.v4(.loopback))
        let (entry, payload) = try errorFor(target, from: .v4(.loopback))
        let error = try #require(entry.error, "no extended error decoded (flags \(entry.message.flags))")
        print(
            "ICMP v4: \(error.socketError()) origin \(error.origin.rawValue) type \(error.type) code \(error.code) offender \(String(describing: error.offender))"
        )
        #expect(error.errno == ECONNREFUSED)
        #expect(error.socketError().code == .connectionRefused)
        #expect(error.origin == .icmp && error.type == 3 && error.code == 3)
        #expect(error.offender?.inet4?.address == .loopback)
        #expect(entry.message.flags.contains(.errorQueue))
        #expect(entry.message.sender.inet4?.port == target.port, "original destination")
        #expect(payload == Array("are you there?".utf8), "the queued payload is the datagram that failed")
    }

    @Test("IPv6 port unreachable arrives as a decoded ECONNREFUSED (ICMPv6 type 1 code 4)")
    func portUnreachable6() throws {
        let target = try closedPort(.v6(.loopback))
        let (entry, _) = try errorFor(target, from: .v6(.loopback))
        let error = try #require(entry.error)
        print("ICMP v6: \(error.socketError()) origin \(error.origin.rawValue) type \(error.type) code \(error.code)")
        #expect(error.errno == ECONNREFUSED)
        #expect(error.origin == .icmp6 && error.type == 1 && error.code == 4)
        #expect(error.offender?.inet6?.address == .loopback)
    }

    @Test("a control buffer too small for the error reports truncation, never a crash")
    func errorQueueTinyControl() throws {
        let target = try closedPort(.v4(.loopback))
        let conn = try UDPConn.listen(UDPAddr(ip: .v4(.loopback), port: 0))
        defer { conn.close() }
        try conn.setReceiveErrors(true)
        _ = try conn.send([UInt8](repeating: 1, count: 8), to: target)
        conn.setReadDeadline(.after(.seconds(5)))
        var payload = [UInt8](repeating: 0, count: 2)
        var control = [UInt8](repeating: 0, count: 20)  // less than one cmsghdr + sock_extended_err
        let entry = try payload.withMutableRaw { (p) throws(SocketError) -> ErrorQueueMessage in
            try control.withMutableRaw { (c) throws(SocketError) -> ErrorQueueMessage in
                try conn.receiveError(into: p, control: c)
            }
        }
        #expect(entry.error == nil)
        #expect(entry.message.isControlTruncated)
        #expect(entry.message.isTruncated, "an 8-byte datagram into a 2-byte buffer")
    }

    @Test("a connected UDP socket gets .connectionRefused on its next receive, without IP_RECVERR")
    func connectedRefused() throws {
        let target = try closedPort(.v4(.loopback))
        let conn = try UDPConn.dial(target)
        defer { conn.close() }
        _ = try conn.write([1, 2, 3])
        conn.setReadDeadline(.after(.seconds(5)))
        var buffer = [UInt8](repeating: 0, count: 8)
        expectSocketError(.connectionRefused) { () throws(SocketError) in try conn.read(into: &buffer) }
    }

    @Test("host unreachable (no ARP answer) arrives through the error queue, inside a namespace")
    func hostUnreachable() throws {
        let net = try NetworkNamespacePair.make()
        defer { net.destroy() }
        // 10.77.0.99 is on vA's subnet but nobody has it: ARP fails after about 3 s and the
        // stack reports ICMP host unreachable to the sender.
        let target = UDPAddr(ip: .v4(try IPv4Address(parsing: "10.77.0.99")), port: 9)
        let local = IPAddress.v4(try IPv4Address(parsing: NetworkNamespacePair.addressA))
        let start = now()
        // (ErrorQueueMessage is not Sendable; the decoded ExtendedError is.)
        let decoded = try net.run(in: net.a) { try errorFor(target, from: local, timeout: .seconds(10)).0.error }
        let error = try #require(decoded)
        print(
            "ICMP host unreachable after \((now() - start) / 1_000_000) ms: \(error.socketError()) origin \(error.origin.rawValue) type \(error.type) code \(error.code)"
        )
        #expect(error.errno == EHOSTUNREACH)
        #expect(error.socketError().code == .hostUnreachable)
        #expect(error.origin == .icmp && error.type == 3 && error.code == 1)
    }
}
