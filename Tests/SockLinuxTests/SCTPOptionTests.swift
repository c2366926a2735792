import SockLinux
import SockPOSIX
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("SCTP options round-trip", .enabled(if: SCTPTestEnv.shouldRun, SCTPTestEnv.skipReason))
struct SCTPOptionTests {
    @Test func booleanAndIntegerOptions() throws {
        let pair = try SCTPPair()
        defer { pair.close() }
        let conn = pair.client
        for on in [true, false] {
            try conn.setSCTPNoDelay(on)
            #expect(try conn.sctpNoDelay() == on)
            try conn.setSCTPDisableFragments(on)
            #expect(try conn.sctpDisableFragments() == on)
        }
        for level in [1, 0] {
            try conn.setSCTPFragmentInterleave(level)
            #expect(try conn.sctpFragmentInterleave() == level)
        }
        try conn.setSCTPFragmentInterleave(2)  // Linux keeps 2 only with I-DATA interleaving
        #expect(try [1, 2].contains(conn.sctpFragmentInterleave()))
        let outOfRange = expectSocketError(.invalidArgument) { () throws(SocketError) in
            try conn.setSCTPFragmentInterleave(3)
        }
        #expect(outOfRange?.detail == .valueOutOfRange)

        try conn.setSCTPPartialDeliveryPoint(4096)
        #expect(try conn.sctpPartialDeliveryPoint() == 4096)
        try conn.setSCTPMaxSegment(1000)
        #expect(try conn.sctpMaxSegment() == 1000)
        try conn.setSCTPMaxBurst(8)
        #expect(try conn.sctpMaxBurst() == 8)
        try conn.setSCTPMaxBurst(0)
        #expect(try conn.sctpMaxBurst() == 0)
        for context: UInt32 in [7, 0xFFFF_FFFF, 0] {
            try conn.setSCTPContext(context)
            #expect(try conn.sctpContext() == context)
        }
        // Autoclose exists only on one-to-many sockets.
        expectSocketError(.notSupported) { () throws(SocketError) in try conn.setSCTPAutoclose(.seconds(60)) }
    }

    @Test func oneToManyOnlyOptions() throws {
        let endpoint = try SCTPEndpoint("[::1]:0")
        defer { endpoint.close() }
        try endpoint.setSCTPAutoclose(.seconds(60))
        #expect(try endpoint.sctpAutoclose() == .seconds(60))
        try endpoint.setSCTPAutoclose(nil)
        #expect(try endpoint.sctpAutoclose() == nil)
        for on in [false, true] {
            try endpoint.setSCTPMappedV4(on)
            #expect(try endpoint.sctpMappedV4() == on)
        }
        #expect(try endpoint.sctpAssociationCount() == 0)
        try endpoint.setSCTPContext(99, association: .future)
        #expect(try endpoint.sctpContext(association: .future) == 99)
        expectSocketError(.invalidArgument) { () throws(SocketError) in
            try endpoint.sctpStatus(association: .init(rawValue: 12345))
        }
    }

    @Test func structOptions() throws {
        let listener = try SCTPListener("127.0.0.1:0")
        defer { listener.close() }
        let initMessage = SCTPInitMessage(
            outboundStreams: 16,
            maxInboundStreams: 16,
            maxAttempts: 4,
            maxInitTimeout: .milliseconds(2000)
        )
        try listener.setSCTPInitMessage(initMessage)
        #expect(try listener.sctpInitMessage() == initMessage)

        let rto = SCTPRTOInfo(initial: .milliseconds(1500), maximum: .seconds(20), minimum: .milliseconds(500))
        try listener.setSCTPRTOInfo(rto)
        #expect(try listener.sctpRTOInfo() == rto)
        try listener.setSCTPRTOInfo(SCTPRTOInfo(initial: .milliseconds(1200)))  // zero fields: unchanged
        #expect(
            try listener.sctpRTOInfo()
                == SCTPRTOInfo(initial: .milliseconds(1200), maximum: .seconds(20), minimum: .milliseconds(500))
        )

        try listener.setSCTPAssociationParameters(
            SCTPAssociationParameters(maxRetransmissions: 7, cookieLife: .seconds(30))
        )
        let assoc = try listener.sctpAssociationParameters()
        #expect(assoc.maxRetransmissions == 7)
        #expect(assoc.cookieLife == .seconds(30))

        let params = SCTPPeerAddressParameters(
            heartbeatInterval: .milliseconds(5000),
            pathMaxRetransmissions: 6,
            sackDelay: .milliseconds(100),
            flags: [.heartbeatEnable, .sackDelayEnable]
        )
        try listener.setSCTPPeerAddressParameters(params)
        let read = try listener.sctpPeerAddressParameters()
        #expect(read.heartbeatInterval == .milliseconds(5000))
        #expect(read.pathMaxRetransmissions == 6)
        #expect(read.sackDelay == .milliseconds(100))
        #expect(read.flags.isSuperset(of: [.heartbeatEnable, .sackDelayEnable]))

        let defaults = SCTPSendInfo(stream: 3, flags: .unordered, payloadProtocolID: 0xABCD, context: 5)
        try listener.setSCTPDefaultSendInfo(defaults)
        #expect(try listener.sctpDefaultSendInfo() == defaults)

        let timeoutTooLong = expectSocketError(.invalidArgument) { () throws(SocketError) in
            try listener.setSCTPInitMessage(SCTPInitMessage(maxInitTimeout: .seconds(70)))
        }
        #expect(timeoutTooLong?.detail == .valueOutOfRange)
    }

    /// The streams negotiated from both sides' INITMSG show in SCTP_STATUS on both ends.
    @Test func initMessageStreamsVisibleInStatus() throws {
        let pair = try SCTPPair(
            listenerInit: SCTPInitMessage(outboundStreams: 3, maxInboundStreams: 10),
            dialer: SCTPDialer(
                timeout: .seconds(5),
                initMessage: SCTPInitMessage(outboundStreams: 5, maxInboundStreams: 7),
                noDelay: true
            )
        )
        defer { pair.close() }
        #expect(try pair.client.sctpNoDelay())
        let client = try pair.client.sctpStatus()
        #expect(client.state == .established)
        #expect(client.outboundStreams == 5)  // min(5, listener's max in 10)
        #expect(client.inboundStreams == 3)  // min(listener's 3, 7)
        #expect(client.fragmentationPoint > 0)
        #expect(try SCTPAddr(client.primary.address) == pair.listener.endpoint())
        #expect(client.primary.state == .active || client.primary.state == .unconfirmed)
        #expect(client.primary.mtu > 0)
        let server = try pair.server.sctpStatus()
        #expect(server.outboundStreams == 3 && server.inboundStreams == 5)

        // Per-path parameters of the association, addressed by the peer's address.
        let path = try pair.client.sctpPeerAddressParameters(address: pair.client.peer)
        #expect(path.pathMaxRetransmissions > 0)
        try pair.client.setSCTPPeerAddressParameters(
            SCTPPeerAddressParameters(pathMaxRetransmissions: 9),
            address: pair.client.peer
        )
        #expect(try pair.client.sctpPeerAddressParameters(address: pair.client.peer).pathMaxRetransmissions == 9)
        #expect(try pair.client.sctpAssociationParameters().peerDestinations == 1)
    }

    @Test func closedSocketsThrowClosed() throws {
        let endpoint = try SCTPEndpoint("127.0.0.1:0")
        endpoint.close()
        expectSocketError(.closed) { () throws(SocketError) in try endpoint.sctpNoDelay() }
        expectSocketError(.closed) { () throws(SocketError) in try endpoint.sctpInitMessage() }
        expectSocketError(.closed) { () throws(SocketError) in try endpoint.setSCTPContext(1) }
        expectSocketError(.closed) { () throws(SocketError) in try endpoint.localAddresses() }
        expectSocketError(.closed) { () throws(SocketError) in try endpoint.subscribe(to: .shutdown) }
        expectSocketError(.closed) { () throws(SocketError) in
            try endpoint.sendMessage([1], to: SCTPAddr(ip: .v4(.loopback), port: 9))
        }
        var buffer = [UInt8](repeating: 0, count: 8)
        expectSocketError(.closed) { () throws(SocketError) in try endpoint.receiveMessage(into: &buffer) }
    }
}
