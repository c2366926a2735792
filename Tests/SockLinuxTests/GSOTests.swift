#if os(Linux)
import SockLinux
import SockPOSIX
import Testing

/// 64,000 bytes whose value at offset i is i % 251, so reassembly order is checkable.
let gsoPayload: [UInt8] = (0..<64_000).map { UInt8($0 % 251) }

/// Receives datagrams until `total` bytes arrived; returns each one's length and the bytes.
func receiveAll(_ rx: UDPConn, total: Int, batch: UDPBatch) throws -> (sizes: [Int], bytes: [UInt8], gro: [Int?]) {
    var sizes: [Int] = []
    var bytes: [UInt8] = []
    var gro: [Int?] = []
    rx.setReadDeadline(.after(.seconds(5)))
    while bytes.count < total {
        let n = try rx.receiveMessages(batch)
        for i in 0..<n {
            sizes.append(batch[i].count)
            bytes.append(contentsOf: batch[i].bytes)
            gro.append(batch[i].groSegmentSize)
            #expect(!batch[i].isTruncated)
        }
    }
    return (sizes, bytes, gro)
}

@Suite("UDP GSO and GRO")
struct GSOTests {
    static let families = ["127.0.0.1:0", "[::1]:0"]

    @Test("one 64,000-byte send in 1400-byte segments arrives as 46 datagrams", arguments: families)
    func segmentedSend(_ address: String) throws {
        let rx = try UDPConn.listen(address)
        let tx = try UDPConn.listen(address)
        defer {
            rx.close()
            tx.close()
        }
        let sent = try gsoPayload.withRaw { (p) throws(SocketError) in
            try tx.sendSegmented(p, segmentSize: 1400, to: try rx.endpoint().sockaddr())
        }
        #expect(sent == 64_000)
        let got = try receiveAll(rx, total: 64_000, batch: try UDPBatch(capacity: 64, messageSize: 2048))
        #expect(got.sizes == Array(repeating: 1400, count: 45) + [1000])
        #expect(got.bytes == gsoPayload)
        #expect(got.gro.allSatisfy { $0 == nil })
    }

    @Test("with UDP_GRO the receiver gets one coalesced datagram and the segment size", arguments: families)
    func groReceive(_ address: String) throws {
        let rx = try UDPConn.listen(address)
        let tx = try UDPConn.listen(address)
        defer {
            rx.close()
            tx.close()
        }
        try rx.setGRO(true)
        _ = try gsoPayload.withRaw { (p) throws(SocketError) in
            try tx.sendSegmented(p, segmentSize: 1400, to: try rx.endpoint().sockaddr())
        }
        let got = try receiveAll(rx, total: 64_000, batch: try UDPBatch(capacity: 8, messageSize: 65_535))
        #expect(got.sizes == [64_000])
        #expect(got.gro == [1400])
        #expect(got.bytes == gsoPayload)
    }

    @Test("per-message UDP_SEGMENT in a batch, and the socket option form")
    func batchAndOptionForms() throws {
        let rx = try UDPConn.listen("127.0.0.1:0")
        let tx = try UDPConn.listen("127.0.0.1:0")
        defer {
            rx.close()
            tx.close()
        }
        let destination = try rx.endpoint().sockaddr()
        // Batch: message 0 segmented (control message), message 1 plain.
        let out = try UDPBatch(capacity: 2, messageSize: 64_000)
        gsoPayload.withUnsafeBytes { out.buffer(at: 0).copyMemory(from: $0) }
        try out.setMessage(at: 0, count: 64_000, to: destination, segmentSize: 1400)
        out.buffer(at: 1).copyBytes(from: [7, 7, 7])
        try out.setMessage(at: 1, count: 3, to: destination)
        #expect(try tx.sendMessages(out, count: 2) == 2)
        let batch = try UDPBatch(capacity: 64, messageSize: 2048)
        let got = try receiveAll(rx, total: 64_003, batch: batch)
        #expect(got.sizes == Array(repeating: 1400, count: 45) + [1000, 3])

        // Socket option: every send is segmented.
        try tx.setSegmentSize(1400)
        _ = try tx.send(gsoPayload, to: destination)
        let again = try receiveAll(rx, total: 64_000, batch: batch)
        #expect(again.sizes.count == 46)
        #expect(again.bytes == gsoPayload)
    }

    @Test("the kernel's limits are clear errors before the send")
    func limits() throws {
        let rx = try UDPConn.listen("127.0.0.1:0")
        let tx = try UDPConn.listen("127.0.0.1:0")
        let tx6 = try UDPConn.listen("[::1]:0")
        defer {
            rx.close()
            tx.close()
            tx6.close()
        }
        let destination = try rx.endpoint().sockaddr()
        let big = [UInt8](repeating: 1, count: 65_600)
        func send(_ count: Int, _ segment: Int, on socket: UDPConn = tx) throws(SocketError) -> Int {
            try big.withRaw { (p) throws(SocketError) in
                try socket.sendSegmented(
                    UnsafeRawBufferPointer(rebasing: p[..<count]),
                    segmentSize: segment,
                    to: destination
                )
            }
        }
        expectSocketError(.invalidArgument, detail: .segmentSizeInvalid) { () throws(SocketError) in try send(1000, 0) }
        expectSocketError(.invalidArgument, detail: .segmentSizeInvalid) { () throws(SocketError) in
            try send(1000, 65_508)
        }
        expectSocketError(.messageTooLarge, detail: .payloadTooLarge) { () throws(SocketError) in
            try send(65_508, 1400)
        }
        expectSocketError(.invalidArgument, detail: .tooManySegments) { () throws(SocketError) in
            try send(129 * 500, 500)
        }
        // Exactly at the limits the kernel agrees.
        #expect(try send(128 * 500, 500) == 64_000)
        #expect(try send(65_507, 65_507) == 65_507)
        // IPv6 allows 20 bytes more payload (the v6 payload length excludes its header).
        try UDPSegmentation.validate(payload: 65_527, segmentSize: 1400, family: SC.AF_INET6)
        expectSocketError(.messageTooLarge, detail: .payloadTooLarge) { () throws(SocketError) in
            try UDPSegmentation.validate(payload: 65_528, segmentSize: 1400, family: SC.AF_INET6)
        }
        // An IPv4 destination on an IPv6 socket gets the IPv4 limit.
        let mapped = SockaddrInet6(v4Mapped: SockaddrInet4(address: .loopback, port: 9))
        let error = expectSocketError(.messageTooLarge) { () throws(SocketError) in
            try big.withRaw { (p) throws(SocketError) in
                try tx6.sendSegmented(UnsafeRawBufferPointer(rebasing: p[..<65_510]), segmentSize: 1400, to: mapped)
            }
        }
        #expect(error?.errno == 0)
        // The batch checks each segmented message before the syscall.
        let out = try UDPBatch(capacity: 1, messageSize: 65_600)
        try out.setMessage(at: 0, count: 65_600, to: destination, segmentSize: 1000)
        expectSocketError(.messageTooLarge, detail: .payloadTooLarge) { () throws(SocketError) in
            try tx.sendMessages(out, count: 1)
        }
        let tiny = try UDPBatch(capacity: 1, messageSize: 10, controlSize: 8)
        expectSocketError(.invalidArgument, detail: .controlBufferTooSmall) { () throws(SocketError) in
            try tiny.setMessage(at: 0, count: 10, to: destination, segmentSize: 5)
        }
    }
}
#endif
