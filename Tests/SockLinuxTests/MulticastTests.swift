#if os(Linux)
import SockLinux
import SockPOSIX
import Testing

/// One datagram received within `timeout`, with its sender and TTL / hop limit; nil when none
/// came.
func receiveOne(
    _ socket: UDPConn,
    within timeout: Duration
) throws -> (text: String, sender: SocketAddress, hops: Int?)? {
    socket.setReadDeadline(.after(timeout))
    var data = [UInt8](repeating: 0, count: 256)
    var control = [UInt8](repeating: 0, count: 128)
    let result = try nonBlocking { () throws(SocketError) in
        try socket.receiveMessage(into: &data, control: &control)
    }
    guard let result else { return nil }
    var hops: Int?
    control.withUnsafeMutableBytes { raw in
        for message in ControlMessages(raw, count: result.controlCount) {
            switch message.kind {
            case .ttl(let ttl): hops = ttl
            case .hopLimit(let limit): hops = limit
            default: break
            }
        }
    }
    return (String(decoding: data[..<result.count], as: UTF8.self), result.sender, hops)
}

/// Sends `text` from `socket` to `group`:`port`.
func send(_ text: String, from socket: UDPConn, to group: IPAddress, port: UInt16) throws {
    let destination = InetSockaddr(address: group, port: port)
    _ = try socket.send(Array(text.utf8), to: destination)
}

/// Multicast between two network namespaces joined by a veth pair (never in the root
/// namespace, where multicast would leave the machine through its default route).
@Suite("Multicast (in network namespaces)")
struct MulticastTests {
    @Test("IPv4: join by index or address, receive with the TTL set, leave and stop receiving")
    func ipv4AnySource() throws {
        let net = try NetworkNamespacePair.make()
        defer { net.destroy() }
        let group = IPAddress.v4(IPv4Address(239, 1, 2, 3))
        let vB = try net.interfaceIndex("vB", in: net.b)
        let byIndex = try net.inB { try UDPConn.listen("0.0.0.0:0") }
        let byAddress = try net.inB { try UDPConn.listen("0.0.0.0:0") }
        let tx = try net.inA { try UDPConn.listen("\(NetworkNamespacePair.addressA):0") }
        defer {
            byIndex.close()
            byAddress.close()
            tx.close()
        }
        for rx in [byIndex, byAddress] {
            try rx.setMulticastAll(false)
            try rx.setReceiveHopLimit(true)
        }
        try byIndex.joinGroup(group, on: .index(vB))
        try byAddress.joinGroup(group, on: .address(try IPv4Address(parsing: NetworkNamespacePair.addressB)))
        expectSocketError(.addressInUse) { () throws(SocketError) in try byIndex.joinGroup(group, on: .index(vB)) }
        try tx.setMulticastInterface(.address(try IPv4Address(parsing: NetworkNamespacePair.addressA)))
        try tx.setMulticastHopLimit(5)

        for rx in [byIndex, byAddress] {
            try send("hello v4", from: tx, to: group, port: try rx.endpoint().port)
            let got = try #require(try receiveOne(rx, within: .seconds(3)))
            #expect(got.text == "hello v4")
            #expect(got.hops == 5)
            #expect(try UDPAddr(got.sender) == (try tx.endpoint()))
        }

        try byIndex.leaveGroup(group, on: .index(vB))
        try byAddress.leaveGroup(group, on: .address(try IPv4Address(parsing: NetworkNamespacePair.addressB)))
        expectSocketError(.addressNotAvailable) { () throws(SocketError) in
            try byIndex.leaveGroup(group, on: .index(vB))
        }
        for rx in [byIndex, byAddress] {
            try send("after leave", from: tx, to: group, port: try rx.endpoint().port)
            #expect(try receiveOne(rx, within: .milliseconds(300)) == nil)
        }
    }

    @Test("IPv6: join by index, hop limit honoured, leave and stop receiving")
    func ipv6AnySource() throws {
        let net = try NetworkNamespacePair.make()
        defer { net.destroy() }
        let group = try IPAddress(parsing: "ff05::1:3")
        let vA = try net.interfaceIndex("vA", in: net.a)
        let vB = try net.interfaceIndex("vB", in: net.b)
        let rx = try net.inB { try UDPConn.listen("[::]:0") }
        let tx = try net.inA { try UDPConn.listen("[\(NetworkNamespacePair.address6A)]:0") }
        defer {
            rx.close()
            tx.close()
        }
        try rx.setReceiveHopLimit(true)
        try rx.joinGroup(group, on: .index(vB))
        try tx.setMulticastInterface(.index(vA))
        try tx.setMulticastHopLimit(5)
        let port = try rx.endpoint().port
        try send("hello v6", from: tx, to: group, port: port)
        let got = try #require(try receiveOne(rx, within: .seconds(3)))
        #expect(got.text == "hello v6")
        #expect(got.hops == 5)
        #expect(try UDPAddr(got.sender).ip == (try IPAddress(parsing: NetworkNamespacePair.address6A)))

        try rx.leaveGroup(group, on: .index(vB))
        try send("after leave", from: tx, to: group, port: port)
        #expect(try receiveOne(rx, within: .milliseconds(300)) == nil)
        expectSocketError(.invalidArgument, detail: .addressFamilyMismatch) { () throws(SocketError) in
            try rx.joinGroup(group, on: .address(.loopback))
        }
    }

    @Test("loop and TTL: LOOP=0 spares local members, TTL 0 stays on the host", arguments: [false, true])
    func loopAndTTL(_ v6: Bool) throws {
        let net = try NetworkNamespacePair.make()
        defer { net.destroy() }
        let group = try IPAddress(parsing: v6 ? "ff05::1:4" : "239.1.2.4")
        let vA = try net.interfaceIndex("vA", in: net.a)
        let vB = try net.interfaceIndex("vB", in: net.b)
        let any = v6 ? "[::]" : "0.0.0.0"
        let remote = try net.inB { try UDPConn.listen("\(any):0") }
        let port = try remote.endpoint().port
        let local = try net.inA { try UDPConn.listen("\(any):\(port)") }
        let tx = try net.inA { try UDPConn.listen("\(any):0") }
        defer {
            remote.close()
            local.close()
            tx.close()
        }
        try remote.joinGroup(group, on: .index(vB))
        try local.joinGroup(group, on: .index(vA))
        try tx.setMulticastInterface(.index(vA))
        #expect(try tx.multicastLoop() == true)

        try send("loop on", from: tx, to: group, port: port)
        #expect(try receiveOne(remote, within: .seconds(3))?.text == "loop on")
        #expect(try receiveOne(local, within: .seconds(3))?.text == "loop on")

        try tx.setMulticastLoop(false)
        try send("loop off", from: tx, to: group, port: port)
        #expect(try receiveOne(remote, within: .seconds(3))?.text == "loop off")
        #expect(try receiveOne(local, within: .milliseconds(300)) == nil)

        try tx.setMulticastLoop(true)
        try tx.setMulticastHopLimit(0)
        try send("ttl 0", from: tx, to: group, port: port)
        #expect(try receiveOne(local, within: .seconds(3))?.text == "ttl 0")
        #expect(try receiveOne(remote, within: .milliseconds(300)) == nil)
    }

    @Test("source-specific joins and source blocking", arguments: [false, true])
    func sourceSpecific(_ v6: Bool) throws {
        let net = try NetworkNamespacePair.make()
        defer { net.destroy() }
        let group = try IPAddress(parsing: v6 ? "ff35::1:5" : "232.1.2.5")
        let sender = try IPAddress(parsing: v6 ? NetworkNamespacePair.address6A : NetworkNamespacePair.addressA)
        let stranger = try IPAddress(parsing: v6 ? "fd77::9" : "10.77.0.9")
        let vA = try net.interfaceIndex("vA", in: net.a)
        let vB = try net.interfaceIndex("vB", in: net.b)
        let any = v6 ? "[::]" : "0.0.0.0"
        let fromSender = try net.inB { try UDPConn.listen("\(any):0") }
        let fromStranger = try net.inB { try UDPConn.listen("\(any):0") }
        let blocking = try net.inB { try UDPConn.listen("\(any):0") }
        let tx = try net.inA { try UDPConn.listen("\(any):0") }
        defer {
            for s in [fromSender, fromStranger, blocking, tx] { s.close() }
        }
        for rx in [fromSender, fromStranger, blocking] { try rx.setMulticastAll(false) }
        try fromSender.joinGroup(group, source: sender, on: .index(vB))
        if v6 {
            try fromStranger.joinGroup(group, source: stranger, on: .index(vB))
        } else {
            // The IPv4-by-address form (ip_mreq_source).
            try fromStranger.joinGroup(
                group,
                source: stranger,
                on: .address(try IPv4Address(parsing: NetworkNamespacePair.addressB))
            )
        }
        try blocking.joinGroup(group, on: .index(vB))
        try blocking.blockSource(sender, group: group, on: .index(vB))
        try tx.setMulticastInterface(.index(vA))

        for rx in [fromSender, fromStranger, blocking] {
            try send("ssm", from: tx, to: group, port: try rx.endpoint().port)
        }
        #expect(try receiveOne(fromSender, within: .seconds(3))?.text == "ssm")
        #expect(try receiveOne(fromStranger, within: .milliseconds(300)) == nil)
        #expect(try receiveOne(blocking, within: .milliseconds(300)) == nil)

        try blocking.unblockSource(sender, group: group, on: .index(vB))
        try send("unblocked", from: tx, to: group, port: try blocking.endpoint().port)
        #expect(try receiveOne(blocking, within: .seconds(3))?.text == "unblocked")

        try fromSender.leaveGroup(group, source: sender, on: .index(vB))
        try send("gone", from: tx, to: group, port: try fromSender.endpoint().port)
        #expect(try receiveOne(fromSender, within: .milliseconds(300)) == nil)

        expectSocketError(.invalidArgument, detail: .addressFamilyMismatch) { () throws(SocketError) in
            try fromSender.joinGroup(group, source: v6 ? .v4(.loopback) : .v6(.loopback), on: .index(vB))
        }
    }
}
#endif
