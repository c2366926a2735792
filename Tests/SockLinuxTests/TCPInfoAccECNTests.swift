#if os(Linux)
import SockLinux
import SockPOSIX
import Testing

@Suite("TCP_INFO: the AccECN counters (Linux 6.18)")
struct TCPInfoAccECNTests {
    /// Sends 100,000 bytes from client to server and 1,000 back, then reads both ends' TCP_INFO;
    /// skips when the kernel's struct ends before the AccECN block.
    func exchange(_ client: TCPConn, _ server: TCPConn) throws -> (client: TCPInfo, server: TCPInfo) {
        #expect(try transfer(100_000, from: client, to: server) == 100_000)
        #expect(try transfer(1000, from: server, to: client) == 1000)
        let infos = (client: try client.tcpInfo(), server: try server.tcpInfo())
        if infos.client.length < 280 {
            try skip("TCP_INFO is \(infos.client.length) bytes here; the AccECN block needs Linux 6.18 (280)")
        }
        return infos
    }

    @Test("a plain loopback connection: every counter is there, and zero without ECN")
    func plainLoopback() throws {
        let (client, server, listener) = try tcpPair()
        defer {
            client.close()
            server.close()
            listener.close()
        }
        let infos = try exchange(client, server)
        if infos.client.options?.contains(.ecn) == true {
            try skip("loopback negotiated ECN here (net.ipv4.tcp_ecn is 1 or 3); the namespace test covers ECN")
        }
        #expect(infos.server.bytesReceived == 100_000)
        for info in [infos.client, infos.server] {
            // Without ECN every packet is Not-ECT: nothing to count, nothing to feed back.
            #expect(info.receivedCe == 0)
            #expect(info.receivedE0Bytes == 0)
            #expect(info.receivedE1Bytes == 0)
            #expect(info.receivedCeBytes == 0)
            #expect(info.deliveredE0Bytes == 0)
            #expect(info.deliveredE1Bytes == 0)
            #expect(info.deliveredCeBytes == 0)
        }
    }

    @Test("with classic ECN negotiated, the received ECT(0) bytes are the bytes received")
    func classicECN() throws {
        let net = try NetworkNamespacePair.make()
        defer { net.destroy() }
        net.sysctl(net.a, "net.ipv4.tcp_ecn=1")  // request ECN on outgoing connections (RFC 3168)
        let (client, server, listener) = try net.inA { try tcpPair() }
        defer {
            client.close()
            server.close()
            listener.close()
        }
        let infos = try exchange(client, server)
        #expect(infos.client.options?.contains(.ecn) == true)
        #expect(infos.server.options?.contains(.ecnSeen) == true)
        // Every data segment carries ECT(0); loopback has no queue to mark CE.
        #expect(infos.server.receivedE0Bytes == 100_000)
        #expect(infos.client.receivedE0Bytes == 1000)
        for info in [infos.client, infos.server] {
            #expect(info.receivedE1Bytes == 0)
            #expect(info.receivedCe == 0)
            #expect(info.receivedCeBytes == 0)
            // Classic ECN has no byte feedback; the delivered counters need the AccECN option.
            #expect(info.deliveredE0Bytes == 0)
            #expect(info.deliveredE1Bytes == 0)
            #expect(info.deliveredCeBytes == 0)
        }
    }

    @Test("each counter reads its own four bytes of the 6.18 layout")
    func layout() {
        var raw = [UInt8](repeating: 0, count: 280)
        // Counter k (0...6) at 248 + 4k holds 0x0k0k0k0k + 0x10; the trailing word is all ones.
        for k in 0..<7 {
            let value = UInt32(0x0101_0101) &* UInt32(k) &+ 0x10
            withUnsafeBytes(of: value.littleEndian) { raw.replaceSubrange((248 + 4 * k)..<(252 + 4 * k), with: $0) }
        }
        for index in 276..<280 { raw[index] = 0xff }
        let info = raw.withUnsafeBytes { TCPInfo(parsing: $0) }
        #expect(info.receivedCe == 0x0000_0010)
        #expect(info.deliveredE1Bytes == 0x0101_0111)
        #expect(info.deliveredE0Bytes == 0x0202_0212)
        #expect(info.deliveredCeBytes == 0x0303_0313)
        #expect(info.receivedE1Bytes == 0x0404_0414)
        #expect(info.receivedE0Bytes == 0x0505_0515)
        #expect(info.receivedCeBytes == 0x0606_0616)
        #expect(info.totalRtoTime == 0)
    }

    @Test("a shorter struct, as an older kernel returns, gives nil for the counters it lacks")
    func shortBuffer() {
        let raw = [UInt8](repeating: 0x11, count: 280)
        func info(_ length: Int) -> TCPInfo {
            raw.withUnsafeBytes { TCPInfo(parsing: UnsafeRawBufferPointer(rebasing: $0[..<length])) }
        }
        for length in [232, 248] {  // Linux 5.4-6.1 and 6.7-6.17
            let old = info(length)
            #expect(old.receivedCe == nil && old.deliveredE1Bytes == nil && old.deliveredE0Bytes == nil)
            #expect(old.deliveredCeBytes == nil && old.receivedE1Bytes == nil && old.receivedE0Bytes == nil)
            #expect(old.receivedCeBytes == nil)
        }
        #expect(info(248).totalRtoTime == 0x1111_1111)
        #expect(info(251).receivedCe == nil)
        #expect(info(252).receivedCe == 0x1111_1111)
        #expect(info(252).deliveredE1Bytes == nil)
        #expect(info(275).receivedCeBytes == nil)
        #expect(info(276).receivedCeBytes == 0x1111_1111)
    }

    @Test("the hand-kept offsets start where the ABI tables' tcp_info ends")
    func offsetsFollowTheTables() {
        // When this fails, the tables were regenerated from 6.18+ headers: use their offsets in
        // TCPInfo+AccECN.swift and drop TCPInfoAccECNOffsets.
        #expect(
            TCPInfoAccECNOffsets.receivedCe == LinuxABI.sizeof_tcp_info,
            "sizeof tcp_info is \(LinuxABI.sizeof_tcp_info) in the tables: they now cover the AccECN block"
        )
        #expect(TCPInfoAccECNOffsets.receivedCe == LinuxABI.offsetof_tcp_info_tcpi_total_rto_time + 4)
        #expect(TCPInfoAccECNOffsets.end == TCPInfoAccECNOffsets.receivedCeBytes + 4)
    }

    @Test("reading the counters allocates nothing")
    func zeroAllocations() throws {
        let (client, server, listener) = try tcpPair()
        defer {
            client.close()
            server.close()
            listener.close()
        }
        var sum: UInt32?
        try expectNoMallocs("tcpInfo() AccECN counters") {
            let info = try client.tcpInfo()
            sum = info.receivedCe.map { $0 &+ (info.deliveredE1Bytes ?? 0) &+ (info.deliveredE0Bytes ?? 0) }
            sum = sum.map { $0 &+ (info.deliveredCeBytes ?? 0) &+ (info.receivedE1Bytes ?? 0) }
            sum = sum.map { $0 &+ (info.receivedE0Bytes ?? 0) &+ (info.receivedCeBytes ?? 0) }
        }
        if try client.tcpInfo().length >= 280 { #expect(sum != nil) }
    }
}
#endif
