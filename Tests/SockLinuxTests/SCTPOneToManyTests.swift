import SockLinux
import SockPOSIX
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("SCTP one-to-many (SOCK_SEQPACKET)", .enabled(if: SCTPTestEnv.shouldRun, SCTPTestEnv.skipReason))
struct SCTPOneToManyTests {
    /// One endpoint serves two associations: a one-to-one client and a one-to-many client. Every
    /// message reports its association, and replies sent by association id reach the right peer.
    @Test(arguments: ["127.0.0.1", "::1"])
    func twoAssociationsOnOneSocket(host: String) throws {
        let any = host.contains(":") ? "[\(host)]:0" : "\(host):0"
        let server = try SCTPEndpoint(any)
        defer { server.close() }
        server.setDeadline(.after(.seconds(10)))
        #expect(server.type == .seqPacket)
        #expect(try kernelSocketType(server) == .seqPacket)
        let address = try server.endpoint()
        #expect(address.port != 0)

        let first = try SCTPDialer(timeout: .seconds(5)).dial(address)
        defer { first.close() }
        first.setDeadline(.after(.seconds(10)))
        let second = try SCTPEndpoint(any, listen: false)
        defer { second.close() }
        second.setDeadline(.after(.seconds(10)))

        _ = try first.sendMessage(Array("from first".utf8), info: SCTPSendInfo(stream: 1, payloadProtocolID: 11))
        // The second association is set up implicitly by its first message.
        _ = try second.sendMessage(
            Array("from second".utf8),
            info: SCTPSendInfo(stream: 2, payloadProtocolID: 22),
            to: address
        )

        var byText: [String: SCTPReceiveInfo] = [:]
        for _ in 0..<2 {
            let (bytes, message) = try receiveWhole(server)
            #expect(message.isComplete)
            let info = try #require(message.info)
            byText[String(decoding: bytes, as: UTF8.self)] = info
            #expect(message.sender.family == (host.contains(":") ? AF_INET6 : AF_INET))
        }
        let a = try #require(byText["from first"])
        let b = try #require(byText["from second"])
        #expect(a.stream == 1 && a.payloadProtocolID == 11)
        #expect(b.stream == 2 && b.payloadProtocolID == 22)
        #expect(a.association != b.association)
        #expect(a.association.rawValue > SCTPAssociationID.all.rawValue)
        #expect(try server.sctpAssociationCount() == 2)
        let firstAddresses = try server.peerAddresses(association: a.association)
        // The kernel reports ::1 with its scope (the loopback interface): compare addresses only.
        #expect(firstAddresses.addresses.map(\.ip).contains(try first.localEndpoint().ip))
        #expect(firstAddresses.port == (try first.localEndpoint().port))
        #expect(try server.peerAddresses(association: b.association).port == second.endpoint().port)
        #expect(try server.sctpStatus(association: a.association).state == .established)

        // Reply on each association by id.
        _ = try server.sendMessage(Array("to first".utf8), info: SCTPSendInfo(association: a.association))
        _ = try server.sendMessage(Array("to second".utf8), info: SCTPSendInfo(stream: 1, association: b.association))
        #expect(try receiveWhole(first).bytes == Array("to first".utf8))
        let reply = try receiveWhole(second)
        #expect(reply.bytes == Array("to second".utf8))
        #expect(reply.message.info?.stream == 1)
        #expect(try SCTPAddr(reply.message.sender) == address)

        // Ending one association leaves the other.
        try server.endAssociation(b.association)
        var buffer = [UInt8](repeating: 0, count: 256)
        let deadline = Deadline.after(.seconds(5))
        while try server.sctpAssociationCount() != 1 {
            #expect(!deadline.hasExpired, "the association did not end")
            if deadline.hasExpired { break }
            usleep(10_000)
        }
        _ = try first.sendMessage([1])
        #expect(try server.receiveMessage(into: &buffer).info?.association == a.association)
    }

    @Test func explicitConnectAndAssociationNotifications() throws {
        let server = try SCTPEndpoint("127.0.0.1:0")
        defer { server.close() }
        try server.subscribe(to: .associationChange)
        server.setDeadline(.after(.seconds(10)))
        let client = try SCTPEndpoint("127.0.0.1:0", listen: false)
        defer { client.close() }
        try client.subscribe(to: .associationChange)
        try client.subscribe(to: .shutdown)
        client.setDeadline(.after(.seconds(10)))
        try client.connect(to: try server.endpoint())

        guard case .associationChange(let up) = try nextNotification(client) else {
            Issue.record("expected an association change")
            return
        }
        #expect(up.state == .communicationUp)
        #expect(up.outboundStreams > 0 && up.inboundStreams > 0)
        guard case .associationChange(let serverUp) = try nextNotification(server) else {
            Issue.record("expected an association change on the server")
            return
        }
        #expect(serverUp.state == .communicationUp)
        #expect(try client.sctpStatus(association: up.association).state == .established)

        // The server ends the association: the client hears SHUTDOWN, then the end.
        try server.endAssociation(serverUp.association)
        #expect(try nextNotification(client) == .shutdown(association: up.association))
        guard case .associationChange(let down) = try nextNotification(client) else {
            Issue.record("expected the association's end")
            return
        }
        #expect(down.state == .shutdownComplete)
        #expect(down.association == up.association)
    }

    /// A message to a port nobody listens on: the association cannot start, and the queued
    /// message comes back in a send-failed notification with its context and payload.
    @Test func sendFailedAndCannotStartNotifications() throws {
        let probe = try SCTPEndpoint("127.0.0.1:0")
        let closedPort = try probe.endpoint().port
        probe.close()

        let client = try SCTPEndpoint("127.0.0.1:0", listen: false)
        defer { client.close() }
        client.setDeadline(.after(.seconds(10)))
        try client.subscribe(to: .associationChange)
        try client.subscribe(to: .sendFailed)
        let payload = Array("nobody home".utf8)
        _ = try client.sendMessage(
            payload,
            info: SCTPSendInfo(stream: 0, payloadProtocolID: 99, context: 1234),
            to: SCTPAddr(ip: .v4(.loopback), port: closedPort)
        )
        var sawCannotStart = false
        var failure: SCTPSendFailed?
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !sawCannotStart || failure == nil {
            let message = try client.receiveMessage(into: &buffer)
            try #require(message.isNotification)
            let notification = try buffer.withUnsafeBufferPointer {
                (raw: UnsafeBufferPointer<UInt8>) throws(SocketError) -> SCTPNotification in
                try SCTPNotification(
                    decoding: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: raw[0..<message.count]))
                )
            }
            switch notification {
            case .associationChange(let change):
                #expect(change.state == .cannotStartAssociation || change.state == .communicationLost)
                sawCannotStart = true
            case .sendFailed(let f):
                failure = f
                #expect(!f.wasSent)
                #expect(f.info.context == 1234)
                #expect(f.info.payloadProtocolID == 99)
                #expect(Array(buffer[f.undeliveredData]) == payload)
            default:
                Issue.record("unexpected notification \(notification)")
            }
        }
    }

    @Test func bindxAddsAndRemovesLocalAddresses() throws {
        let endpoint = try SCTPEndpoint("127.0.0.1:0")
        defer { endpoint.close() }
        let port = try endpoint.endpoint().port
        let second = SCTPAddr(ip: .v4(IPv4Address(127, 0, 0, 2)), port: port)
        try endpoint.addLocalAddresses(second)
        var local = try endpoint.localAddresses()
        #expect(Set(local.addresses) == [IPAddr(ip: .v4(.loopback)), IPAddr(ip: .v4(IPv4Address(127, 0, 0, 2)))])
        #expect(local.port == port)
        try endpoint.removeLocalAddresses(second)
        local = try endpoint.localAddresses()
        #expect(local.addresses == [IPAddr(ip: .v4(.loopback))])
        // The last address cannot be removed (EBUSY).
        let last = expectSocketError(.other) { () throws(SocketError) in
            try endpoint.removeLocalAddresses(SCTPAddr(ip: .v4(.loopback), port: port))
        }
        #expect(last?.errno == EBUSY)
    }

    /// A multi-homed listener (two addresses through sctp_bindx) and a multi-address dial
    /// (sctp_connectx): each side sees both of the other's addresses.
    @Test func multiHomedAssociation() throws {
        let listener = try SCTPListener("127.0.0.1/127.0.0.2:0")
        defer { listener.close() }
        let port = try listener.endpoint().port
        let bound = try listener.localAddresses()
        #expect(bound.addressCount == 2 && bound.port == port)
        let target = try SCTPAddr(parsing: "127.0.0.2/127.0.0.1:\(port)")
        let client = try SCTPDialer(timeout: .seconds(5)).dial(
            target,
            from: try SCTPAddr(parsing: "127.0.0.3/127.0.0.4:0")
        )
        defer { client.close() }
        listener.setReadDeadline(.after(.seconds(5)))
        let server = try listener.accept()
        defer { server.close() }
        let peers = try client.peerAddresses()
        #expect(Set(peers.addresses) == Set(target.addresses))
        #expect(peers.port == port)
        let clientSide = try server.peerAddresses()
        #expect(Set(clientSide.addresses.map(\.description)) == ["127.0.0.3", "127.0.0.4"])
        #expect(try client.localAddresses().addressCount == 2)
        #expect(try client.sctpAssociationParameters().peerDestinations == 2)

        // Dialing one address only: the listener's other address arrives in the INIT-ACK and
        // starts unconfirmed (addresses given to sctp_connectx count as confirmed). A heartbeat
        // on demand (SPP_HB_DEMAND) confirms it: SCTP_PEER_ADDR_CHANGE, SCTP_ADDR_CONFIRMED.
        let single = try SCTPDialer(timeout: .seconds(5)).dial(SCTPAddr(ip: .v4(IPv4Address(127, 0, 0, 2)), port: port))
        defer { single.close() }
        try single.subscribe(to: .peerAddressChange)
        single.setReadDeadline(.after(.seconds(10)))
        #expect(Set(try single.peerAddresses().addresses) == Set(target.addresses))
        let other = try TCPAddr(ip: .v4(.loopback), port: port).sockaddr()
        try single.setSCTPPeerAddressParameters(SCTPPeerAddressParameters(flags: .heartbeatDemand), address: other)
        guard case .peerAddressChange(let change) = try nextNotification(single) else {
            Issue.record("expected a peer address change")
            return
        }
        #expect(change.state == .confirmed)
        #expect(try SCTPAddr(change.address) == SCTPAddr(ip: .v4(.loopback), port: port))
        #expect(change.association == (try single.sctpStatus().association))
    }
}
