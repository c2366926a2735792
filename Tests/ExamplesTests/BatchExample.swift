#if os(Linux)
import Sock
import Testing

@Suite struct BatchExample {
    @Test func sendAndReceiveABatch() throws {
        let receiver = try UDPConn.listen("127.0.0.1:0")
        let sender = try UDPConn.listen("127.0.0.1:0")
        // README: batches
        // Several datagrams per sendmmsg(2); the batch is allocated once and reused.
        let batch = try UDPBatch(capacity: 2, messageSize: 1500)
        let destination = try receiver.endpoint().sockaddr()
        for (index, text) in ["first", "second"].enumerated() {
            let bytes = Array(text.utf8)
            batch.buffer(at: index).copyBytes(from: bytes)
            try batch.setMessage(at: index, count: bytes.count, to: destination)
        }
        let sent = try sender.sendMessages(batch, count: 2)

        // Several datagrams per recvmmsg(2).
        let incoming = try UDPBatch(capacity: 16, messageSize: 1500)
        receiver.setReadDeadline(.after(.seconds(1)))
        let received = try receiver.receiveMessages(incoming)
        for index in 0..<received {
            print(incoming[index].sender, incoming[index].count)
        }
        // END README

        #expect(sent == 2)
        var texts = (0..<received).map { String(decoding: incoming[$0].bytes, as: UTF8.self) }
        while texts.count < 2 {
            let more = try receiver.receiveMessages(incoming)
            texts += (0..<more).map { String(decoding: incoming[$0].bytes, as: UTF8.self) }
        }
        #expect(texts == ["first", "second"])
        #expect(incoming[0].sender == (try sender.localAddress()))
        sender.close()
        receiver.close()
    }

    @Test func segmentationOffload() throws {
        let receiver = try UDPConn.listen("127.0.0.1:0")
        let sender = try UDPConn.listen("127.0.0.1:0")
        // README: gso-gro
        // GSO: one send of 4 × 1400 bytes; the kernel cuts it into 4 datagrams (UDP_SEGMENT).
        // GRO: the receiver may get them back as one coalesced receive (UDP_GRO).
        try receiver.setGRO(true)
        let payload = [UInt8](repeating: 0x5A, count: 4 * 1400)
        let destination = try receiver.endpoint().sockaddr()
        _ = try payload.withUnsafeBytes { try sender.sendSegmented($0, segmentSize: 1400, to: destination) }

        var buffer = [UInt8](repeating: 0, count: 65535)
        var control = [UInt8](repeating: 0, count: 64)
        receiver.setReadDeadline(.after(.seconds(1)))
        let result = try receiver.receiveMessage(into: &buffer, control: &control)
        let segmentSize = control.withUnsafeBytes {
            ControlMessages(UnsafeRawBufferPointer(rebasing: $0[..<result.controlCount])).groSegmentSize
        }
        // result.count == 5600 and segmentSize == 1400: split the buffer every 1400 bytes.
        // END README

        #expect(result.count == 5600)
        #expect(!result.isTruncated)
        #expect(segmentSize == 1400)
        sender.close()
        receiver.close()
    }
}
#endif
