import SockPOSIX
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Raw ICMP sockets")
struct RawTests {
    /// Opens a raw socket, or prints why the test skips (no CAP_NET_RAW) and returns nil.
    func openRaw(_ test: String, _ make: () throws -> RawConn) throws -> RawConn? {
        do {
            return try make()
        } catch let e as SocketError where e.code == .permissionDenied {
            print("SKIP \(test): no CAP_NET_RAW (\(e))")
            return nil
        }
    }

    /// The Internet checksum (RFC 1071) of an ICMPv4 message.
    func checksum(_ bytes: [UInt8]) -> UInt16 {
        var sum: UInt32 = 0
        var i = 0
        while i + 1 < bytes.count {
            sum += UInt32(bytes[i]) << 8 | UInt32(bytes[i + 1])
            i += 2
        }
        if i < bytes.count { sum += UInt32(bytes[i]) << 8 }
        while sum >> 16 != 0 { sum = (sum & 0xFFFF) + (sum >> 16) }
        return ~UInt16(sum)
    }

    @Test("ICMPv4 echo to 127.0.0.1 (needs CAP_NET_RAW)")
    func echo4() throws {
        guard let conn = try openRaw("echo4", { try RawConn.icmp4() }) else { return }
        defer { conn.close() }
        let id = UInt16(truncatingIfNeeded: getpid())
        var packet: [UInt8] = [8, 0, 0, 0, UInt8(id >> 8), UInt8(id & 0xFF), 0, 1] + Array("sock-ping".utf8)
        let sum = checksum(packet)
        packet[2] = UInt8(sum >> 8)
        packet[3] = UInt8(sum & 0xFF)
        _ = try conn.send(packet, to: try IPAddr(parsing: "127.0.0.1"))
        conn.setReadDeadline(.after(.seconds(2)))
        var buf = [UInt8](repeating: 0, count: 1500)
        // Our own echo request is looped back too; wait for the reply (type 0) with our id.
        for _ in 0..<10 {
            let r = try conn.receive(into: &buf)
            let ihl = Int(buf[0] & 0x0F) * 4
            guard r.count >= ihl + 8 else { continue }
            if buf[ihl] == 0, UInt16(buf[ihl + 4]) << 8 | UInt16(buf[ihl + 5]) == id {
                #expect(Array(buf[(ihl + 8)..<r.count]) == Array("sock-ping".utf8))
                #expect(r.sender.inet4?.address == IPv4Address(127, 0, 0, 1))
                return
            }
        }
        Issue.record("no echo reply")
    }

    @Test("ICMPv6 echo to ::1 (needs CAP_NET_RAW)")
    func echo6() throws {
        guard let conn = try openRaw("echo6", { try RawConn.icmp6() }) else { return }
        defer { conn.close() }
        let id = UInt16(truncatingIfNeeded: getpid() &+ 1)
        // The kernel computes the ICMPv6 checksum for raw ICMPv6 sockets.
        let packet: [UInt8] = [128, 0, 0, 0, UInt8(id >> 8), UInt8(id & 0xFF), 0, 1] + Array("sock-ping6".utf8)
        _ = try conn.send(packet, to: try IPAddr(parsing: "::1"))
        conn.setReadDeadline(.after(.seconds(2)))
        var buf = [UInt8](repeating: 0, count: 1500)
        for _ in 0..<10 {
            let r = try conn.receive(into: &buf)
            guard r.count >= 8 else { continue }
            if buf[0] == 129, UInt16(buf[4]) << 8 | UInt16(buf[5]) == id {
                #expect(Array(buf[8..<r.count]) == Array("sock-ping6".utf8))
                return
            }
        }
        Issue.record("no echo reply")
    }
}
