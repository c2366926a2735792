import CTestSupport
import SockLinux
import SockPOSIX
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite(
    "SCTP messages: streams, PPID, unordered, end of record",
    .enabled(if: SCTPTestEnv.shouldRun, SCTPTestEnv.skipReason)
)
struct SCTPMessageTests {
    @Test func streamAndPayloadProtocolIDRoundTrip() throws {
        let pair = try SCTPPair(
            dialer: SCTPDialer(timeout: .seconds(5), initMessage: SCTPInitMessage(outboundStreams: 8))
        )
        defer { pair.close() }
        let cases: [(UInt16, UInt32)] = [(0, 0), (3, 0x0102_0304), (7, 46), (1, UInt32.max)]
        for (stream, ppid) in cases {
            let payload = Array("stream \(stream) ppid \(ppid)".utf8)
            let info = SCTPSendInfo(stream: stream, payloadProtocolID: ppid)
            #expect(try pair.client.sendMessage(payload, info: info) == payload.count)
            let (bytes, message) = try receiveWhole(pair.server)
            #expect(bytes == payload)
            #expect(message.isComplete && !message.isNotification)
            let received = try #require(message.info)
            #expect(received.stream == stream)
            #expect(received.payloadProtocolID == ppid)
            #expect(!received.isUnordered)
        }
        // Ordered messages on one stream get consecutive stream sequence numbers.
        for _ in 0..<2 { _ = try pair.client.sendMessage([1], info: SCTPSendInfo(stream: 5)) }
        let first = try #require(try receiveWhole(pair.server).message.info)
        let second = try #require(try receiveWhole(pair.server).message.info)
        #expect(second.streamSequenceNumber == first.streamSequenceNumber &+ 1)
        #expect(second.tsn == first.tsn &+ 1)
        #expect(first.association == second.association)

        // A stream beyond the negotiated outbound count is refused.
        let outbound = try pair.client.sctpStatus().outboundStreams
        expectSocketError(.invalidArgument) { () throws(SocketError) in
            try pair.client.sendMessage([1], info: SCTPSendInfo(stream: outbound))
        }
    }

    /// The PPID goes on the wire in network byte order: a raw IPPROTO_SCTP socket (root) sees the
    /// DATA chunk's PPID field as the bytes 11 22 33 44 for 0x11223344.
    @Test(.enabled(if: getuid() == 0, "needs root for a raw IPPROTO_SCTP socket"))
    func payloadProtocolIDIsBigEndianOnTheWire() throws {
        let pair = try SCTPPair()
        defer { pair.close() }
        let capture = try RawConn(ipv6: false, protocol: .sctp)
        defer { capture.close() }
        capture.setReadDeadline(.after(.seconds(5)))
        let marker = Array("ppid-on-the-wire".utf8)
        _ = try pair.client.sendMessage(marker, info: SCTPSendInfo(stream: 2, payloadProtocolID: 0x1122_3344))
        var packet = [UInt8](repeating: 0, count: 2048)
        var found: [UInt8]?
        while found == nil {
            let n = try capture.read(into: &packet)
            // IPv4 header (IHL words), SCTP common header (12 bytes), then chunks.
            var offset = Int(packet[0] & 0x0f) * 4 + 12
            while offset + 16 <= n {
                let type = packet[offset]
                let length = Int(packet[offset + 2]) << 8 | Int(packet[offset + 3])
                guard length >= 4 else { break }
                // DATA: type 0, flags, length, TSN(4), SID(2), SSN(2), PPID(4), data.
                if type == 0, offset + 16 + marker.count <= n,
                    Array(packet[offset + 16..<offset + 16 + marker.count]) == marker
                {
                    #expect(Array(packet[offset + 8..<offset + 10]) == [0, 2], "stream id, network byte order")
                    found = Array(packet[offset + 12..<offset + 16])
                    break
                }
                offset += (length + 3) & ~3
            }
        }
        #expect(found == [0x11, 0x22, 0x33, 0x44])
        let received = try #require(try receiveWhole(pair.server).message.info)
        #expect(received.payloadProtocolID == 0x1122_3344)
    }

    @Test func unorderedFlagIsReported() throws {
        let pair = try SCTPPair()
        defer { pair.close() }
        _ = try pair.client.sendMessage(
            [1, 2, 3],
            info: SCTPSendInfo(stream: 1, flags: .unordered, payloadProtocolID: 9)
        )
        let unordered = try receiveWhole(pair.server)
        #expect(unordered.bytes == [1, 2, 3])
        #expect(unordered.message.info?.isUnordered == true)
        #expect(unordered.message.info?.payloadProtocolID == 9)
        _ = try pair.client.sendMessage([4], info: SCTPSendInfo(stream: 1))
        #expect(try receiveWhole(pair.server).message.info?.isUnordered == false)
    }

    /// A message larger than the buffer arrives in pieces; only the last one carries MSG_EOR.
    @Test(arguments: [4096, 1000])
    func largeMessageArrivesInPiecesUntilEndOfRecord(bufferSize: Int) throws {
        let pair = try SCTPPair()
        defer { pair.close() }
        let size = 100_000
        let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        #expect(try pair.client.sendMessage(payload, info: SCTPSendInfo(stream: 1, payloadProtocolID: 5)) == size)
        _ = try pair.client.sendMessage([9, 9], info: SCTPSendInfo(stream: 1))  // the next message

        var assembled: [UInt8] = []
        var pieces = 0
        var buffer = [UInt8](repeating: 0, count: bufferSize)
        while true {
            let message = try pair.server.receiveMessage(into: &buffer)
            #expect(message.count > 0 && message.count <= bufferSize)
            #expect(message.info?.payloadProtocolID == 5)
            assembled += buffer[0..<message.count]
            pieces += 1
            if message.isComplete { break }
            #expect(assembled.count < size, "a piece past the message end must be complete")
        }
        #expect(assembled == payload)
        #expect(pieces >= size / bufferSize)
        let next = try receiveWhole(pair.server)
        #expect(next.bytes == [9, 9] && next.message.isComplete)
    }

    /// A message larger than the socket's receive buffer (SO_RCVBUF) cannot be queued whole:
    /// the kernel hands it over in pieces (partial delivery) even into a buffer large enough for
    /// all of it, and marks only the last piece MSG_EOR.
    @Test func messageLargerThanTheReceiveBufferIsDeliveredPartially() throws {
        let pair = try SCTPPair { listener throws(SocketError) in
            try listener.setReceiveBufferSize(4096)  // inherited by the accepted association
        }
        defer { pair.close() }
        try pair.server.setSCTPPartialDeliveryPoint(2048)
        let rcvbuf = try pair.server.receiveBufferSize()
        let size = 8 * rcvbuf
        let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        #expect(try pair.client.sendMessage(payload, info: SCTPSendInfo(payloadProtocolID: 8)) == size)

        var assembled: [UInt8] = []
        var pieces = 0
        var buffer = [UInt8](repeating: 0, count: 2 * size)  // room for the whole message
        while true {
            let message = try pair.server.receiveMessage(into: &buffer)
            assembled += buffer[0..<message.count]
            pieces += 1
            if message.isComplete { break }
        }
        #expect(assembled == payload)
        #expect(pieces > 1, "a \(size)-byte message with SO_RCVBUF \(rcvbuf) came whole")
    }

    @Test func defaultSendInfoAndContextApply() throws {
        let pair = try SCTPPair()
        defer { pair.close() }
        try pair.client.setSCTPDefaultSendInfo(SCTPSendInfo(stream: 2, flags: .unordered, payloadProtocolID: 77))
        try pair.server.setSCTPContext(0xC0FFEE)
        #expect(try pair.client.write([7, 7]) == 2)  // plain write: the defaults apply
        let viaWrite = try receiveWhole(pair.server)
        #expect(viaWrite.message.info?.stream == 2)
        #expect(viaWrite.message.info?.payloadProtocolID == 77)
        #expect(viaWrite.message.info?.isUnordered == true)
        #expect(viaWrite.message.info?.context == 0xC0FFEE)
        _ = try pair.client.sendMessage([8])  // no info: the defaults apply too
        #expect(try receiveWhole(pair.server).message.info?.payloadProtocolID == 77)
        _ = try pair.client.sendMessage([8], info: SCTPSendInfo())  // explicit info overrides
        #expect(try receiveWhole(pair.server).message.info?.payloadProtocolID == 0)
    }

    @Test(.enabled(if: ctest_malloc_interposed() != 0, "the malloc interposer is not active in this build"))
    func messageIOAllocatesNothing() throws {
        let pair = try SCTPPair()
        defer { pair.close() }
        let payload = UnsafeMutableRawBufferPointer.allocate(byteCount: 512, alignment: 8)
        defer { payload.deallocate() }
        payload.initializeMemory(as: UInt8.self, repeating: 1)
        let info = SCTPSendInfo(stream: 1, payloadProtocolID: 3)
        // Warm up once (lazy runtime state).
        _ = try pair.client.sendMessage(UnsafeRawBufferPointer(payload), info: info)
        _ = try pair.server.receiveMessage(into: payload)
        var message: SCTPMessage?
        let mallocs = try countMallocs {
            _ = try pair.client.sendMessage(UnsafeRawBufferPointer(payload), info: info)
            message = try pair.server.receiveMessage(into: payload)
        }
        #expect(mallocs == 0)
        #expect(message?.info?.payloadProtocolID == 3)
    }
}
