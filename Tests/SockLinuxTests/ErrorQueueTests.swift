#if os(Linux)
import SockLinux
import SockPOSIX
import Testing

/// A loopback UDP port nobody listens on (bound once, then closed).
func closedPort(_ address: String) throws -> InetSockaddr {
    let probe = try UDPConn.listen(address)
    defer { probe.close() }
    return try probe.endpoint().sockaddr()
}

@Suite("The socket error queue (IP_RECVERR / IPV6_RECVERR)")
struct ErrorQueueTests {
    @Test("a send to a closed loopback port yields a decoded ECONNREFUSED", arguments: ["127.0.0.1:0", "[::1]:0"])
    func connectionRefused(_ address: String) throws {
        let udp = try UDPConn.listen(address)
        defer { udp.close() }
        try udp.setReceiveErrors(true)
        let target = try closedPort(address)
        let payload: [UInt8] = Array("knock knock".utf8)
        _ = try udp.send(payload, to: target)

        udp.setReadDeadline(.after(.seconds(2)))
        var buffer = [UInt8](repeating: 0, count: 64)
        var control = [UInt8](repeating: 0, count: 128)
        let entry = try buffer.withMutableRaw { (b) throws(SocketError) in
            try control.withMutableRaw { (c) throws(SocketError) in try udp.receiveError(into: b, control: c) }
        }
        let error = try #require(entry.error)
        #expect(error.errno == Errno.ECONNREFUSED)
        #expect(error.socketError().code == .connectionRefused)
        let v6 = address.hasPrefix("[")
        #expect(error.origin == (v6 ? .icmp6 : .icmp))
        #expect(error.type == (v6 ? 1 : 3))  // destination unreachable
        #expect(error.code == (v6 ? 4 : 3))  // port unreachable
        let offender = try #require(error.offender)
        #expect(try IPAddr(UDPAddr(offender)).ip == (v6 ? .v6(.loopback) : .v4(.loopback)))
        #expect(entry.message.flags.contains(.errorQueue))
        #expect(Array(buffer[..<entry.message.count]) == payload)
        // The entry is a Sendable value (this line does not compile otherwise): it can go to another task.
        let handedOver: any Sendable = entry
        #expect((handedOver as? ErrorQueueMessage)?.error == entry.error)
        #expect(try InetSockaddr(entry.message.sender) == target)

        // Reading the queue cleared the pending error: the next send works, the queue is empty.
        _ = try udp.send(payload, to: try udp.endpoint())
        udp.setReadDeadline(nil)
        pause(.milliseconds(50))
        _ = try udp.receive(into: &buffer)
        expectSocketError(.wouldBlock) { () throws(SocketError) in
            try buffer.withMutableRaw { (b) throws(SocketError) in
                try control.withMutableRaw { (c) throws(SocketError) in try udp.receiveError(into: b, control: c) }
            }
        }
    }

    @Test("an empty queue with a deadline times out even while ordinary data is queued")
    func waitsForErrorsOnly() throws {
        let udp = try UDPConn.listen("127.0.0.1:0")
        defer { udp.close() }
        try udp.setReceiveErrors(true)
        _ = try udp.send([1], to: try udp.endpoint())
        udp.setReadDeadline(.after(.milliseconds(100)))
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = threadCPUTime()
        expectSocketError(.timedOut) { () throws(SocketError) in
            try withUnsafeTemporaryAllocation(byteCount: 64, alignment: 8) { (c) throws(SocketError) in
                try udp.receiveError(into: UnsafeMutableRawBufferPointer(start: nil, count: 0), control: c)
            }
        }
        #expect(clock.now - start >= .milliseconds(90))
        // Waiting for POLLIN would spin here (the queued datagram keeps it set): it waits for
        // POLLERR instead, using almost no CPU.
        #expect(threadCPUTime() - cpuStart < .milliseconds(40))
    }
}
#endif
