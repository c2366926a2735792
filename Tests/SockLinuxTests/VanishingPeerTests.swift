#if os(Linux)
import SockLinux
import SockPOSIX
import Testing

/// A TCP connection from namespace `a` to `b`, whose peer then vanishes (its veth end goes
/// down: packets are dropped silently, as with a dead host).
@Suite("A peer that vanishes (in network namespaces)")
struct VanishingPeerTests {
    func connectedPair(_ net: NetworkNamespacePair) throws -> (client: TCPConn, server: TCPConn, listener: TCPListener)
    {
        let listener = try net.inB { try TCPListener("\(NetworkNamespacePair.addressB):0") }
        let client = try net.inA { try TCPConn.dial(try listener.endpoint()) }
        try client.finishConnect(until: .after(.seconds(5)))
        listener.setReadDeadline(.after(.seconds(5)))
        return (client, try listener.accept(), listener)
    }

    @Test("TCP_USER_TIMEOUT: unacknowledged data gives .timedOut (ETIMEDOUT) after the timeout")
    func userTimeout() throws {
        let net = try NetworkNamespacePair.make()
        defer { net.destroy() }
        let (client, server, listener) = try connectedPair(net)
        defer {
            client.close()
            server.close()
            listener.close()
        }
        try client.setUserTimeout(.seconds(1))
        net.ip(net.b, "link", "set", "vB", "down")
        #expect(try client.write([UInt8](repeating: 1, count: 1000)) == 1000)
        expectKernelTimeout(client, after: .milliseconds(900))
        #expect(try client.tcpInfo().state == .close)
    }

    @Test("keep-alive: an idle connection to a vanished peer is dropped after idle + count * interval")
    func keepAlive() throws {
        let net = try NetworkNamespacePair.make()
        defer { net.destroy() }
        let (client, server, listener) = try connectedPair(net)
        defer {
            client.close()
            server.close()
            listener.close()
        }
        try client.setKeepAlivePeriod(.seconds(1))
        try client.setKeepAliveCount(2)
        net.ip(net.b, "link", "set", "vB", "down")
        expectKernelTimeout(client, after: .seconds(2))
    }

    /// Expects a read on `client` to fail with the kernel's ETIMEDOUT (not the 20 s read
    /// deadline) no sooner than `minimum` and well before the deadline.
    func expectKernelTimeout(
        _ client: TCPConn,
        after minimum: Duration,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let clock = ContinuousClock()
        let start = clock.now
        client.setReadDeadline(.after(.seconds(20)))
        var buffer = [UInt8](repeating: 0, count: 16)
        let error = expectSocketError(.timedOut, sourceLocation: sourceLocation) { () throws(SocketError) in
            try client.read(into: &buffer)
        }
        let elapsed = clock.now - start
        #expect(
            error?.errno == Errno.ETIMEDOUT,
            "the kernel's timeout, not the deadline",
            sourceLocation: sourceLocation
        )
        #expect(elapsed >= minimum && elapsed < .seconds(10), "took \(elapsed)", sourceLocation: sourceLocation)
    }
}
#endif
