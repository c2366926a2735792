import Sock
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct RawExample {
    @Test func icmpEchoOnLoopback() throws {
        guard geteuid() == 0 else {
            print("SKIP: raw ICMP sockets need CAP_NET_RAW (uid \(geteuid()))")
            try Test.cancel("raw ICMP sockets need CAP_NET_RAW")
        }
        // README: raw
        // An ICMP echo request to 127.0.0.1 (raw sockets need CAP_NET_RAW, else .permissionDenied)
        let icmp = try RawConn.icmp4()
        var echo: [UInt8] = [8, 0, 0, 0, 0x53, 0x4B, 0, 1]  // type 8, code 0, checksum, id, sequence
        let sum = stride(from: 0, to: echo.count, by: 2).reduce(0) { $0 + (Int(echo[$1]) << 8 | Int(echo[$1 + 1])) }
        let folded = (sum & 0xFFFF) + (sum >> 16)
        echo[2] = UInt8(~folded >> 8 & 0xFF)
        echo[3] = UInt8(~folded & 0xFF)
        _ = try icmp.send(echo, to: "127.0.0.1")

        // IPv4 raw sockets receive the IP header too; on loopback the request itself comes back
        // first, then the reply (type 0).
        var packet = [UInt8](repeating: 0, count: 1500)
        icmp.setReadDeadline(.after(.seconds(1)))
        var type: UInt8 = 8
        while type != 0 {
            let received = try icmp.receive(into: &packet)
            let headerLength = Int(packet[0] & 0x0F) * 4
            if received.count > headerLength { type = packet[headerLength] }
        }
        // END README

        #expect(type == 0)
        icmp.close()
    }
}
