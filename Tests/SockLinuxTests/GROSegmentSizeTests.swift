#if os(Linux)
import SockLinux
import SockPOSIX
import Testing

/// The `UDP_GRO` control message is an int; only a positive one is a segment size. A caller splits
/// the datagram at multiples of it (`count / size`), so 0 must never be reported, and neither may
/// a negative size.
@Suite("GRO segment size: 0 or less is absent")
struct GROSegmentSizeTests {
    /// Control bytes holding one `UDP_GRO` message per value, in order.
    static func groControl<R>(_ values: [CInt], _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256, alignment: 8)
        defer { buffer.deallocate() }
        var builder = ControlMessageBuilder(buffer)
        for value in values {
            try builder.append(level: LinuxABI.SOL_UDP, type: LinuxABI.UDP_GRO, value: value)
        }
        return try body(builder.bytes)
    }

    @Test("a positive UDP_GRO int is the segment size", arguments: [1, 1400, 65535, CInt.max])
    func positive(_ value: CInt) throws {
        try Self.groControl([value]) { bytes in
            let messages = ControlMessages(bytes)
            #expect(messages.groSegmentSize == Int(value))
            guard case .groSegmentSize(let size) = messages.first(level: LinuxABI.SOL_UDP, type: LinuxABI.UDP_GRO)?.kind
            else {
                Issue.record("UDP_GRO \(value) not decoded as a segment size")
                return
            }
            #expect(size == Int(value))
        }
    }

    @Test("a UDP_GRO int of 0 or less is no segment size (malformed)", arguments: [0, -1, -1400, CInt.min])
    func zeroOrNegative(_ value: CInt) throws {
        try Self.groControl([value]) { bytes in
            let messages = ControlMessages(bytes)
            #expect(messages.groSegmentSize == nil)
            let kind = messages.first(level: LinuxABI.SOL_UDP, type: LinuxABI.UDP_GRO)?.kind
            guard case .malformed = kind else {
                Issue.record("UDP_GRO \(value) decoded as \(String(describing: kind))")
                return
            }
        }
    }

    @Test("a bad UDP_GRO message is skipped for the next well-formed one")
    func skipsBadMessage() throws {
        try Self.groControl([0, 1200]) { bytes in
            #expect(ControlMessages(bytes).groSegmentSize == 1200)
        }
    }

    @Test("UDPBatch.Message.groSegmentSize: nil for 0 or less, the size otherwise")
    func batchMessage() throws {
        let batch = try UDPBatch(capacity: 3, messageSize: 2048, controlSize: 64)
        for (index, value) in [CInt(0), -7, 1472].enumerated() {
            try Self.groControl([value]) { bytes in
                batch._fuzzSetReceived(
                    at: index,
                    length: 2048,
                    nameLength: 0,
                    controlLength: bytes.count,
                    flags: 0,
                    name: UnsafeRawBufferPointer(start: nil, count: 0),
                    control: bytes
                )
            }
        }
        #expect(batch[0].groSegmentSize == nil)
        #expect(batch[1].groSegmentSize == nil)
        #expect(batch[2].groSegmentSize == 1472)
        // What a caller does with it: split the datagram into segments.
        let size = try #require(batch[2].groSegmentSize)
        #expect((batch[2].count + size - 1) / size == 2)
    }
}
#endif
