import SockLinux
import SockPOSIX
import Testing

@Suite("SCTP notifications on one-to-one sockets", .enabled(if: SCTPTestEnv.shouldRun, SCTPTestEnv.skipReason))
struct SCTPNotificationTests {
    /// Subscriptions made on the listener are inherited by accepted connections: the server sees
    /// the association come up (with the negotiated streams), then the peer's shutdown, then the
    /// end of the association, each as a typed notification.
    @Test func associationUpAndShutdown() throws {
        let pair = try SCTPPair(
            listenerInit: SCTPInitMessage(outboundStreams: 4, maxInboundStreams: 6),
            dialer: SCTPDialer(
                timeout: .seconds(5),
                initMessage: SCTPInitMessage(outboundStreams: 9, maxInboundStreams: 3)
            )
        ) { listener throws(SocketError) in
            try listener.subscribe(to: .associationChange)
            try listener.subscribe(to: .shutdown)
            try listener.subscribe(to: .peerAddressChange)
        }
        defer { pair.close() }
        #expect(try pair.server.isSubscribed(to: .associationChange))
        #expect(try pair.server.isSubscribed(to: .shutdown))
        #expect(try !pair.server.isSubscribed(to: .senderDry))

        guard case .associationChange(let up) = try nextNotification(pair.server) else {
            Issue.record("expected SCTP_COMM_UP first")
            return
        }
        #expect(up.state == .communicationUp)
        #expect(up.outboundStreams == 3)  // min(listener's 4, dialer's max in 3)
        #expect(up.inboundStreams == 6)  // min(dialer's 9, listener's max in 6)

        // Data still flows between notifications, and is not mistaken for one.
        _ = try pair.client.sendMessage([1, 2, 3], info: SCTPSendInfo(stream: 2))
        let data = try receiveWhole(pair.server)
        #expect(!data.message.isNotification && data.bytes == [1, 2, 3])

        try pair.client.shutdown(.write)  // SCTP: a graceful SHUTDOWN of the association
        var sawShutdown = false
        var sawEnd = false
        while !sawEnd {
            switch try nextNotification(pair.server) {
            case .shutdown(let association):
                #expect(association == up.association)
                sawShutdown = true
            case .associationChange(let change):
                #expect(change.state == .shutdownComplete)
                sawEnd = true
            case .peerAddressChange:
                continue
            case let other:
                Issue.record("unexpected notification \(other)")
                return
            }
        }
        #expect(sawShutdown)
    }

    @Test func unsubscribedSocketsGetNoNotifications() throws {
        let pair = try SCTPPair()
        defer { pair.close() }
        _ = try pair.client.sendMessage([42])
        let first = try receiveWhole(pair.server)
        #expect(!first.message.isNotification && first.bytes == [42])
        try pair.server.subscribe(to: .shutdown)
        try pair.server.subscribe(to: .shutdown, enabled: false)
        #expect(try !pair.server.isSubscribed(to: .shutdown))
    }
}
