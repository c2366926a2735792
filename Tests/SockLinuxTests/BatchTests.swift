#if os(Linux)
import SockLinux
import SockPOSIX
import Testing

@Suite("UDP batches (sendmmsg / recvmmsg)")
struct BatchTests {
    @Test("64 datagrams sent in one call and received in one call", arguments: ["127.0.0.1:0", "[::1]:0"])
    func sixtyFour(_ address: String) throws {
        let rx = try UDPConn.listen(address)
        let tx = try UDPConn.listen(address)
        defer {
            rx.close()
            tx.close()
        }
        let destination = try rx.endpoint().sockaddr()
        let out = try UDPBatch(capacity: 64, messageSize: 256)
        let into = try UDPBatch(capacity: 64, messageSize: 256)
        for i in 0..<64 {
            let buffer = out.buffer(at: i)
            for j in 0..<(10 + i) { buffer[j] = UInt8(truncatingIfNeeded: i &* 7 &+ j) }
            try out.setMessage(at: i, count: 10 + i, to: destination)
        }
        #expect(try tx.sendMessages(out, count: 64) == 64)
        for i in 0..<64 { #expect(out[i].count == 10 + i) }

        rx.setReadDeadline(.after(.seconds(2)))
        let received = try rx.receiveMessages(into)
        #expect(received == 64)
        let sender = SocketAddress(try tx.endpoint().sockaddr())
        for i in 0..<received {
            let message = into[i]
            #expect(message.count == 10 + i)
            #expect(!message.isTruncated && !message.isControlTruncated)
            #expect(message.sender == sender)
            #expect(message.bytes.elementsEqual((0..<(10 + i)).map { UInt8(truncatingIfNeeded: i &* 7 &+ $0) }))
            #expect(message.groSegmentSize == nil)
        }
    }

    @Test("a batch call allocates nothing after setup")
    func zeroAllocations() throws {
        let rx = try UDPConn.listen("127.0.0.1:0")
        let tx = try UDPConn.listen("127.0.0.1:0")
        defer {
            rx.close()
            tx.close()
        }
        let out = try UDPBatch(capacity: 64, messageSize: 64)
        let into = try UDPBatch(capacity: 64, messageSize: 64)
        let destination = try rx.endpoint().sockaddr()
        for i in 0..<64 { try out.setMessage(at: i, count: 32, to: destination) }
        rx.setReadDeadline(.after(.seconds(2)))
        var sent = 0
        var received = 0
        try expectNoMallocs("sendMessages + receiveMessages") {
            sent = try tx.sendMessages(out, count: 64)
            received = 0
            while received < sent { received += try rx.receiveMessages(into) }
            _ = into[0].sender
            _ = into[0].groSegmentSize
        }
        #expect(sent == 64 && received == 64)
    }

    @Test("MSG_WAITFORONE: a partial batch returns at once")
    func partialBatchDoesNotStall() throws {
        let rx = try UDPConn.listen("127.0.0.1:0")
        let tx = try UDPConn.listen("127.0.0.1:0")
        defer {
            rx.close()
            tx.close()
        }
        let destination = try rx.endpoint().sockaddr()
        for _ in 0..<3 { _ = try tx.send([1, 2, 3], to: destination) }
        let into = try UDPBatch(capacity: 64, messageSize: 64)
        rx.setReadDeadline(.after(.seconds(5)))
        let start = Deadline.now
        let n = try rx.receiveMessages(into)
        #expect(n == 3)
        #expect(start.remaining > .seconds(-1), "waited for a full batch")
        rx.setReadDeadline(nil)
        expectSocketError(.wouldBlock) { () throws(SocketError) in try rx.receiveMessages(into) }
        rx.setReadDeadline(.after(.milliseconds(50)))
        expectSocketError(.timedOut) { () throws(SocketError) in try rx.receiveMessages(into) }
    }

    @Test("truncation, connected sends and caller-owned payloads")
    func truncationAndConnected() throws {
        let rx = try UDPConn.listen("127.0.0.1:0")
        let tx = try UDPConn.dial(try rx.endpoint())
        defer {
            rx.close()
            tx.close()
        }
        let out = try UDPBatch(capacity: 2, messageSize: 8)
        let big = [UInt8](repeating: 0xab, count: 100)
        try big.withRaw { (p) throws(SocketError) in
            try out.setMessage(at: 0, bytes: p)  // caller memory, connected peer
            out.buffer(at: 1).copyBytes(from: [1, 2, 3])
            try out.setMessage(at: 1, count: 3)
            #expect(try tx.sendMessages(out, count: 2) == 2)
        }
        let into = try UDPBatch(capacity: 4, messageSize: 10)
        rx.setReadDeadline(.after(.seconds(2)))
        var n = try rx.receiveMessages(into)
        if n == 1 { n += try rx.receiveMessages(into, maxCount: 1) }
        #expect(into[0].isTruncated)
        #expect(into[0].count == 10)
        #expect(into[0].bytes.allSatisfy { $0 == 0xab })
        expectSocketError(.invalidArgument, detail: .bufferTooSmall) { () throws(SocketError) in
            try out.setMessage(at: 0, count: 9)
        }
    }

    @Test("one batch used to receive, then to send (caller memory, GSO), then to receive again")
    func mixedUse() throws {
        let rx = try UDPConn.listen("127.0.0.1:0")
        let tx = try UDPConn.listen("127.0.0.1:0")
        defer {
            rx.close()
            tx.close()
        }
        let batch = try UDPBatch(capacity: 4, messageSize: 32)
        let toRx = try rx.endpoint().sockaddr()
        let toTx = try tx.endpoint().sockaddr()
        func send(_ bytes: [UInt8], count: Int = 1) throws {
            for _ in 0..<count { _ = try tx.send(bytes, to: toRx) }
        }
        func receive(_ expected: Int) throws -> Int {
            rx.setReadDeadline(.after(.seconds(2)))
            var n = 0
            while n < expected { n = try rx.receiveMessages(batch, maxCount: expected) }
            return n
        }
        try send([1, 2, 3], count: 4)
        #expect(try receive(4) == 4)
        for i in 0..<4 { #expect(Array(batch[i].bytes) == [1, 2, 3]) }

        // Send from the same batch: message 1 from caller memory, with a GSO segment size that the
        // kernel's limits refuse for this payload (150 segments, over UDPSegmentation.maxSegments):
        // the check still runs after plain sends.
        let caller = [UInt8](repeating: 0xcd, count: 300)
        try caller.withRaw { (p) throws(SocketError) in
            try batch.setMessage(at: 1, bytes: p, to: toTx, segmentSize: 2)
            expectSocketError(.invalidArgument, detail: .tooManySegments) { () throws(SocketError) in
                try rx.sendMessages(batch, range: 1..<2)
            }
            try batch.setMessage(at: 1, bytes: UnsafeRawBufferPointer(rebasing: p[..<20]), to: toTx)
            #expect(try rx.sendMessages(batch, range: 1..<2) == 1)
        }
        tx.setReadDeadline(.after(.seconds(2)))
        var echo = [UInt8](repeating: 0, count: 64)
        #expect(try tx.receive(into: &echo).count == 20)

        // Receiving again: message 1 lands in the batch's own buffer again (not the caller's
        // memory), with full lengths and the sender's address.
        try send([9, 8, 7, 6, 5], count: 3)
        #expect(try receive(3) == 3)
        let sender = SocketAddress(try tx.endpoint().sockaddr())
        for i in 0..<3 {
            #expect(Array(batch[i].bytes) == [9, 8, 7, 6, 5])
            #expect(batch[i].sender == sender)
            #expect(batch[i].bytes.baseAddress == UnsafeRawPointer(batch.buffer(at: i).baseAddress))
        }
        #expect(caller.allSatisfy { $0 == 0xcd })
    }

    @Test("a send that fails part-way reports how many went")
    func partialSend() throws {
        let rx = try UDPConn.listen("127.0.0.1:0")
        let tx = try UDPConn.listen("127.0.0.1:0")
        defer {
            rx.close()
            tx.close()
        }
        let out = try UDPBatch(capacity: 3, messageSize: 16)
        let good = try rx.endpoint().sockaddr()
        try out.setMessage(at: 0, count: 4, to: good)
        try out.setMessage(at: 1, count: 4, to: good)
        try out.setMessage(at: 2, count: 4, to: SockaddrInet6(address: .loopback, port: 9))  // wrong family
        #expect(try tx.sendMessages(out, count: 3) == 2)
        let error = expectSocketError(.addressFamilyNotSupported) { () throws(SocketError) in
            try tx.sendMessages(out, range: 2..<3)
        }
        #expect(error?.operation == .sendMessages)
    }

    @Test("batches work on any datagram socket: a unixgram pair")
    func unixDatagramBatch() throws {
        let (a, b) = try UnixDatagramConn.pair()
        defer {
            a.close()
            b.close()
        }
        let out = try UDPBatch(capacity: 8, messageSize: 16)
        for i in 0..<8 {
            for j in 0...i { out.buffer(at: i)[j] = UInt8(i) }
            try out.setMessage(at: i, count: 1 + i)  // to the connected peer
        }
        #expect(try a.sendMessages(out, count: 8) == 8)
        let into = try UDPBatch(capacity: 8, messageSize: 4)
        b.setReadDeadline(.after(.seconds(2)))
        #expect(try b.receiveMessages(into) == 8)
        for i in 0..<8 {
            #expect(into[i].isTruncated == (i >= 4))
            #expect(Array(into[i].bytes) == [UInt8](repeating: UInt8(i), count: min(1 + i, 4)))
        }
    }

    @Test("empty and oversized batches are specific errors")
    func limits() throws {
        let udp = try UDPConn.listen("127.0.0.1:0")
        defer { udp.close() }
        expectSocketError(.invalidArgument, detail: .emptyBatch) { () throws(SocketError) in
            _ = try UDPBatch(capacity: 0)
        }
        expectSocketError(.invalidArgument, detail: .batchTooLarge) { () throws(SocketError) in
            _ = try UDPBatch(capacity: UDPBatch.maxCapacity + 1)
        }
        expectSocketError(.invalidArgument, detail: .valueOutOfRange) { () throws(SocketError) in
            _ = try UDPBatch(capacity: 1, messageSize: -1)
        }
        let batch = try UDPBatch(capacity: 4)
        expectSocketError(.invalidArgument, detail: .emptyBatch) { () throws(SocketError) in
            try udp.sendMessages(batch, count: 0)
        }
        expectSocketError(.invalidArgument, detail: .batchTooLarge) { () throws(SocketError) in
            try udp.sendMessages(batch, count: 5)
        }
        expectSocketError(.invalidArgument, detail: .emptyBatch) { () throws(SocketError) in
            try udp.receiveMessages(batch, maxCount: 0)
        }
        expectSocketError(.invalidArgument, detail: .batchTooLarge) { () throws(SocketError) in
            try udp.receiveMessages(batch, maxCount: 5)
        }
        udp.close()
        expectSocketError(.closed) { () throws(SocketError) in try udp.receiveMessages(batch) }
    }
}
#endif
