#if os(Linux)
import Glibc
import SockLinux
import SockPOSIX
import Testing

/// Receives one datagram on `socket` with its control messages decoded.
func receiveWithControl(
    _ socket: UDPConn
) throws -> (text: String, sender: SocketAddress, kinds: [ControlMessage.Kind]) {
    socket.setReadDeadline(.after(.seconds(2)))
    var data = [UInt8](repeating: 0, count: 64)
    var control = [UInt8](repeating: 0, count: 512)
    let r = try socket.receiveMessage(into: &data, control: &control)
    #expect(!r.isControlTruncated)
    let kinds = control.withUnsafeMutableBytes { raw in ControlMessages(raw, count: r.controlCount).map(\.kind) }
    return (String(decoding: data[..<r.count], as: UTF8.self), r.sender, kinds)
}

@Suite("Control messages on real datagrams")
struct ReceiveControlTests {
    @Test("IPv4: IP_PKTINFO, IP_TOS (one byte), IP_TTL and SO_TIMESTAMPNS arrive; IP_PKTINFO and IP_TOS can be sent")
    func ipv4() throws {
        let rx = try UDPConn.listen("0.0.0.0:0")
        let tx = try UDPConn.listen("127.0.0.1:0")
        defer {
            rx.close()
            tx.close()
        }
        try rx.setReceivePacketInfo(true)
        try rx.setReceiveTrafficClass(true)
        try rx.setReceiveHopLimit(true)
        try rx.setReceiveTimestamps(true)
        try tx.setTOS(0xb8)
        let port = try rx.endpoint().port
        let destination = SockaddrInet4(address: IPv4Address(127, 0, 0, 5), port: port)
        _ = try tx.send(Array("plain".utf8), to: destination)

        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let got = try receiveWithControl(rx)
        #expect(got.text == "plain")
        var seen: Set<String> = []
        for kind in got.kinds {
            switch kind {
            case .packetInfo4(let info):
                seen.insert("pktinfo")
                #expect(info.destination == IPv4Address(127, 0, 0, 5))
                #expect(info.interfaceIndex == (try InterfaceName("lo").index()))
            case .tos(let tos):
                seen.insert("tos")
                #expect(tos == 0xb8)
            case .ttl(let ttl):
                seen.insert("ttl")
                #expect(ttl == 64)
            case .timestamp(let stamp):
                seen.insert("timestamp")
                let delta = stamp.sinceEpoch - (.seconds(now.tv_sec) + .nanoseconds(now.tv_nsec))
                #expect(delta > .seconds(-5) && delta < .seconds(5), "timestamp off by \(delta)")
            default: Issue.record("unexpected control message \(kind)")
            }
        }
        #expect(seen == ["pktinfo", "tos", "ttl", "timestamp"])

        // Sending with IP_PKTINFO (source address) and a per-datagram IP_TOS and IP_TTL.
        try withUnsafeTemporaryAllocation(byteCount: 128, alignment: 8) { (buffer) throws(SocketError) in
            var builder = ControlMessageBuilder(buffer)
            try builder.appendPacketInfo(PacketInfo4(localAddress: IPv4Address(127, 0, 0, 9)))
            try builder.appendTOS(0x28)
            try builder.appendTTL(9)
            _ = try Array("sourced".utf8).withRaw { (p) throws(SocketError) in
                try tx.sendMessage(p, control: builder.bytes, to: destination)
            }
        }
        let sourced = try receiveWithControl(rx)
        #expect(sourced.text == "sourced")
        #expect(sourced.sender.inet4?.address == IPv4Address(127, 0, 0, 9))
        #expect(sourced.kinds.contains { if case .tos(0x28) = $0 { true } else { false } })
        #expect(sourced.kinds.contains { if case .ttl(9) = $0 { true } else { false } })
    }

    @Test("IPv6: IPV6_PKTINFO, IPV6_TCLASS and IPV6_HOPLIMIT arrive; hop limit and traffic class can be sent")
    func ipv6() throws {
        let rx = try UDPConn.listen("[::1]:0")
        let tx = try UDPConn.listen("[::1]:0")
        defer {
            rx.close()
            tx.close()
        }
        try rx.setReceivePacketInfo(true)
        try rx.setReceiveTrafficClass(true)
        try rx.setReceiveHopLimit(true)
        try tx.setTrafficClass(0xb8)
        let destination = try rx.endpoint().sockaddr()
        _ = try tx.send(Array("v6".utf8), to: destination)
        let got = try receiveWithControl(rx)
        var seen: Set<String> = []
        for kind in got.kinds {
            switch kind {
            case .packetInfo6(let info):
                seen.insert("pktinfo")
                #expect(info.address == .loopback)
                #expect(info.interfaceIndex == (try InterfaceName("lo").index()))
            case .trafficClass(let tclass):
                seen.insert("tclass")
                #expect(tclass == 0xb8)
            case .hopLimit(let hops):
                seen.insert("hops")
                #expect(hops == 64)
            default: Issue.record("unexpected control message \(kind)")
            }
        }
        #expect(seen == ["pktinfo", "tclass", "hops"])

        try withUnsafeTemporaryAllocation(byteCount: 128, alignment: 8) { (buffer) throws(SocketError) in
            var builder = ControlMessageBuilder(buffer)
            try builder.appendHopLimit(9)
            try builder.appendTrafficClass(0x28)
            try builder.appendPacketInfo(PacketInfo6(address: .loopback))
            _ = try Array("custom".utf8).withRaw { (p) throws(SocketError) in
                try tx.sendMessage(p, control: builder.bytes, to: destination)
            }
        }
        let custom = try receiveWithControl(rx)
        #expect(custom.kinds.contains { if case .hopLimit(9) = $0 { true } else { false } })
        #expect(custom.kinds.contains { if case .trafficClass(0x28) = $0 { true } else { false } })
    }

    @Test("a control buffer too small sets the truncation flag and parses what fits")
    func controlTruncated() throws {
        let rx = try UDPConn.listen("127.0.0.1:0")
        let tx = try UDPConn.listen("127.0.0.1:0")
        defer {
            rx.close()
            tx.close()
        }
        try rx.setReceivePacketInfo(true)
        try rx.setReceiveHopLimit(true)
        try rx.setReceiveTimestamps(true)
        _ = try tx.send([1], to: try rx.endpoint())
        rx.setReadDeadline(.after(.seconds(2)))
        var data = [UInt8](repeating: 0, count: 8)
        var control = [UInt8](repeating: 0, count: 40)  // room for one message
        let r = try rx.receiveMessage(into: &data, control: &control)
        #expect(r.isControlTruncated)
        control.withUnsafeMutableBytes { raw in
            let messages = ControlMessages(raw, count: r.controlCount)
            #expect(messages.isWellFormed)
            #expect(messages.reduce(0) { n, _ in n + 1 } <= 1)
        }
    }

    @Test("recvmsg plus parsing allocates nothing")
    func zeroAllocations() throws {
        let rx = try UDPConn.listen("127.0.0.1:0")
        let tx = try UDPConn.listen("127.0.0.1:0")
        defer {
            rx.close()
            tx.close()
        }
        try rx.setReceivePacketInfo(true)
        try rx.setReceiveHopLimit(true)
        let destination = try rx.endpoint().sockaddr()
        let data = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 8)
        let control = UnsafeMutableRawBufferPointer.allocate(byteCount: 256, alignment: 8)
        defer {
            data.deallocate()
            control.deallocate()
        }
        rx.setReadDeadline(.after(.seconds(2)))
        var ttl = 0
        try expectNoMallocs("send + receiveMessage + parse") {
            _ = try tx.send(UnsafeRawBufferPointer(rebasing: data[..<8]), to: destination)
            let r = try rx.receiveMessage(into: data, control: control)
            for message in ControlMessages(control, count: r.controlCount) {
                if case .ttl(let value) = message.kind { ttl = value }
            }
        }
        #expect(ttl == 64)
    }
}
#endif
