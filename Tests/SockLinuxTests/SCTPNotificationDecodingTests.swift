import SockLinux
import SockPOSIX
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Decoding of notification bytes built by hand from the `<linux/sctp.h>` layouts (literal
/// offsets, independent of the generated tables the decoder uses). No kernel SCTP needed.
@Suite("SCTP notification decoding (no kernel SCTP needed)")
struct SCTPNotificationDecodingTests {
    /// A little-endian/native byte builder.
    struct Bytes {
        var raw: [UInt8]
        init(count: Int) { raw = [UInt8](repeating: 0, count: count) }
        mutating func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
            withUnsafeBytes(of: value) { for (i, b) in $0.enumerated() { raw[offset + i] = b } }
        }
        func decode() throws(SocketError) -> SCTPNotification {
            try raw.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(SocketError) -> SCTPNotification in
                try SCTPNotification(decoding: UnsafeRawBufferPointer(b))
            }
        }
    }

    static func header(type: UInt16, length: Int, count: Int? = nil) -> Bytes {
        var b = Bytes(count: count ?? length)
        b.put(type, at: 0)
        b.put(UInt16(0), at: 2)
        b.put(UInt32(length), at: 4)
        return b
    }

    @Test func decodesAssociationChange() throws {
        // struct sctp_assoc_change: type, flags, length, state@8, error@10, ostreams@12,
        // instreams@14, assoc_id@16; 20 bytes.
        var b = Self.header(type: 0x8001, length: 20)
        b.put(UInt16(0), at: 8)  // SCTP_COMM_UP
        b.put(UInt16(0), at: 10)
        b.put(UInt16(5), at: 12)
        b.put(UInt16(7), at: 14)
        b.put(Int32(42), at: 16)
        guard case .associationChange(let change) = try b.decode() else {
            Issue.record("not an association change")
            return
        }
        #expect(change.state == .communicationUp)
        #expect(change.outboundStreams == 5 && change.inboundStreams == 7)
        #expect(change.association == SCTPAssociationID(rawValue: 42))
        #expect(try b.decode().type == .associationChange)
        #expect(try b.decode().association?.rawValue == 42)

        b.put(UInt16(3), at: 8)  // SCTP_SHUTDOWN_COMP
        guard case .associationChange(let down) = try b.decode() else { return }
        #expect(down.state == .shutdownComplete)
        #expect(down.state.description == "SCTP_SHUTDOWN_COMP")
    }

    @Test func decodesPeerAddressChange() throws {
        // struct sctp_paddr_change (packed, aligned 4): type, flags, length, aaddr@8 (128),
        // state@136, error@140, assoc_id@144; 148 bytes.
        var b = Self.header(type: 0x8002, length: 148)
        b.put(UInt16(AF_INET), at: 8)
        b.put(UInt16(9).bigEndian, at: 10)
        b.put(UInt32(0x7f00_0001).bigEndian, at: 12)
        b.put(Int32(5), at: 136)  // SCTP_ADDR_CONFIRMED
        b.put(Int32(0), at: 140)
        b.put(Int32(3), at: 144)
        guard case .peerAddressChange(let change) = try b.decode() else {
            Issue.record("not a peer address change")
            return
        }
        #expect(change.state == .confirmed)
        #expect(change.association.rawValue == 3)
        #expect(try SCTPAddr(change.address) == SCTPAddr("127.0.0.1:9"))
    }

    @Test func decodesShutdownAndSendFailed() throws {
        var shutdown = Self.header(type: 0x8005, length: 12)
        shutdown.put(Int32(9), at: 8)
        #expect(try shutdown.decode() == .shutdown(association: SCTPAssociationID(rawValue: 9)))

        // struct sctp_send_failed_event: type, flags, length, error@8, info@12 (sctp_sndinfo:
        // sid@0, flags@2, ppid@4, context@8, assoc_id@12), assoc_id@28, data@32.
        var failed = Self.header(type: 0x800d, length: 32 + 5, count: 40)
        failed.put(UInt16(0), at: 2)  // SCTP_DATA_UNSENT
        failed.put(UInt32(1), at: 8)
        failed.put(UInt16(4), at: 12)
        failed.put(UInt16(1), at: 14)  // SCTP_UNORDERED
        failed.put(UInt32(0x0102_0304).bigEndian, at: 16)
        failed.put(UInt32(77), at: 20)
        failed.put(Int32(6), at: 24)
        failed.put(Int32(6), at: 28)
        guard case .sendFailed(let f) = try failed.decode() else {
            Issue.record("not a send failure")
            return
        }
        #expect(!f.wasSent)
        #expect(f.error == 1)
        #expect(
            f.info
                == SCTPSendInfo(
                    stream: 4,
                    flags: .unordered,
                    payloadProtocolID: 0x0102_0304,
                    context: 77,
                    association: SCTPAssociationID(rawValue: 6)
                )
        )
        #expect(f.association.rawValue == 6)
        #expect(f.undeliveredData == 32..<37)
    }

    @Test func reportsOtherTypesByHeader() throws {
        let dry = Self.header(type: 0x8009, length: 12)
        #expect(try dry.decode() == .other(type: .senderDry, flags: 0, length: 12))
        #expect(SCTPEventType.senderDry.description == "SCTP_SENDER_DRY_EVENT")
    }

    @Test func rejectsTruncatedNotifications() {
        let cases: [Bytes] = [
            Bytes(count: 7),  // shorter than the header
            Self.header(type: 0x8001, length: 20, count: 19),  // buffer shorter than the struct
            Self.header(type: 0x8001, length: 12, count: 20),  // header length shorter than the struct
            Self.header(type: 0x8002, length: 148, count: 100),
            Self.header(type: 0x8005, length: 12, count: 11),
            Self.header(type: 0x800d, length: 32, count: 31),
        ]
        for bytes in cases {
            let error = expectSocketError(.invalidArgument) { () throws(SocketError) in try bytes.decode() }
            #expect(error?.detail == .malformedNotification)
            #expect(error?.operation == .decodeNotification)
        }
    }
}
