#if os(Linux)
import SockLinux
import SockPOSIX
import Testing

@Suite("TCP_INFO")
struct TCPInfoTests {
    @Test("a live loopback connection: state, RTT, MSS, bytes acked after a known transfer")
    func liveConnection() throws {
        let (client, server, listener) = try tcpPair()
        defer {
            client.close()
            server.close()
            listener.close()
        }
        let count = 100_000
        #expect(try transfer(count, from: client, to: server) == count)

        // The last ACK may still be in flight: poll the counter briefly.
        var info = try client.tcpInfo()
        let deadline = Deadline.after(.seconds(5))
        // tcpi_bytes_acked counts the SYN's sequence number too: count + 1 once all is acked.
        while (info.bytesAcked ?? 0) < UInt64(count + 1), !deadline.hasExpired {
            pause(.milliseconds(5))
            info = try client.tcpInfo()
        }
        #expect(info.length >= 248, "this kernel fills at least the 6.7 layout; got \(info.length)")
        #expect(info.state == .established)
        #expect(info.caState == .open)
        #expect((info.rtt ?? 0) > 0)
        #expect((info.sndMss ?? 0) > 0 && (info.rcvMss ?? 0) > 0)
        #expect(info.bytesSent == UInt64(count))
        #expect(info.bytesAcked == UInt64(count + 1))
        #expect((info.dataSegsOut ?? 0) > 0)
        #expect(info.options?.contains(.timestamps) == true)
        #expect(info.options?.contains(.sack) == true)
        #expect(info.options?.contains(.windowScale) == true)
        #expect(info.sndWscale != nil && info.rcvWscale != nil)
        #expect(info.deliveryRateAppLimited != nil)
        #expect(info.fastOpenClientFail == 0)
        #expect(info.totalRto == 0)
        let serverInfo = try server.tcpInfo()
        #expect(serverInfo.bytesReceived == UInt64(count))
        #expect(serverInfo.state == .established)
        #expect(info.description.hasPrefix("ESTABLISHED ca=Open rtt="))
        #expect(info.description.hasSuffix("(\(info.length) bytes)"))

        let listening = try listener.tcpInfo()
        #expect(listening.state == .listen)
    }

    @Test("the raw bytes beyond the tables are kept (AccECN block on 6.18)")
    func rawBytesBeyondTables() throws {
        let (client, server, listener) = try tcpPair()
        defer {
            client.close()
            server.close()
            listener.close()
        }
        let info = try client.tcpInfo()
        info.withUnsafeBytes { #expect($0.count == info.length) }
        #expect(info.load(UInt8.self, at: 0) == TCPState.established.rawValue)
        #expect(info.load(UInt32.self, at: info.length) == nil)
        #expect(info.load(UInt16.self, at: info.length - 1) == nil)
        if info.length >= 280 {
            // tcpi_accecn_opt_seen (u16 at 278) exists; no ECN on loopback, so 0.
            #expect(info.load(UInt16.self, at: 278) != nil)
        }
    }

    @Test("a short struct, as an older kernel returns, gives nil for the missing fields")
    func shortBuffer() throws {
        let (client, server, listener) = try tcpPair()
        defer {
            client.close()
            server.close()
            listener.close()
        }
        let full = try client.tcpInfo()
        let short = full.withUnsafeBytes { TCPInfo(parsing: UnsafeRawBufferPointer(rebasing: $0[..<104])) }
        #expect(short.length == 104)
        #expect(short.state == .established)
        #expect(short.rtt == full.rtt)
        #expect(short.totalRetrans == full.totalRetrans)  // the last field of the 104-byte layout
        #expect(short.pacingRate == nil)
        #expect(short.bytesAcked == nil)
        #expect(short.rcvWnd == nil)
        #expect(short.totalRtoTime == nil)
        #expect(short.description.contains("sent=-"))

        // 232 bytes (Linux 5.4-6.1): ends with tcpi_snd_wnd.
        let old = full.withUnsafeBytes { TCPInfo(parsing: UnsafeRawBufferPointer(rebasing: $0[..<232])) }
        #expect(old.sndWnd == full.sndWnd)
        #expect(old.rcvWnd == nil)
        #expect(old.totalRto == nil)

        let empty = TCPInfo(parsing: UnsafeRawBufferPointer(start: nil, count: 0))
        #expect(empty.state == nil && empty.sndWscale == nil && empty.length == 0)
    }

    @Test("bit fields and enums decode as the kernel lays them out")
    func bitFields() {
        var raw = [UInt8](repeating: 0, count: 248)
        raw[0] = 1  // ESTABLISHED
        raw[1] = 4  // Loss
        raw[5] = 0x07  // timestamps | sack | wscale
        raw[6] = 0x73  // snd_wscale 3, rcv_wscale 7
        raw[7] = 0x05  // delivery_rate_app_limited 1, fastopen_client_fail 2
        let info = raw.withUnsafeBytes { TCPInfo(parsing: $0) }
        #expect(info.state == .established)
        #expect(info.caState == .loss)
        #expect(info.options == [.timestamps, .sack, .windowScale])
        #expect(info.sndWscale == 3)
        #expect(info.rcvWscale == 7)
        #expect(info.deliveryRateAppLimited == true)
        #expect(info.fastOpenClientFail == 2)
        #expect(TCPState(rawValue: 99).description == "STATE(99)")
        #expect(TCPState.timeWait.description == "TIME_WAIT")
    }

    @Test("TCP_INFO allocates nothing")
    func zeroAllocations() throws {
        let (client, server, listener) = try tcpPair()
        defer {
            client.close()
            server.close()
            listener.close()
        }
        _ = try client.tcpInfo()
        var rtt: UInt32?
        try expectNoMallocs("tcpInfo()") { rtt = try client.tcpInfo().rtt }
        #expect(rtt != nil)
    }

    @Test("a UDP socket has no TCP_INFO; a closed socket says closed")
    func errors() throws {
        // `tcpInfo()` exists only on TCP sockets now; the kernel's answer for a UDP socket is
        // checked through the generic getsockopt (the call tcpInfo() makes).
        let udp = try UDPConn.listen("127.0.0.1:0")
        var raw = [UInt8](repeating: 0, count: TCPInfo.capacity)
        let tcpInfoOption = OptionName(rawValue: LinuxABI.TCP_INFO)
        expectSocketError(.notSupported) { () throws(SocketError) in
            try raw.withMutableRaw { (p) throws(SocketError) in
                try udp.getOption(level: .tcp, name: tcpInfoOption, into: p)
            }
        }
        udp.close()
        expectClosed { () throws(SocketError) in
            try raw.withMutableRaw { (p) throws(SocketError) in
                try udp.getOption(level: .tcp, name: tcpInfoOption, into: p)
            }
        }
        let tcp = try TCPConn(NetSocket(family: .inet, type: .stream, protocol: .tcp))
        tcp.close()
        expectClosed { () throws(SocketError) in try tcp.tcpInfo() }
    }
}
#endif
