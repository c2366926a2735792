#if os(Linux)
import SockLinux
import SockPOSIX
import Testing

/// Caller memory for one test: `count` bytes, byte i = `(i * 7 + 3) % 251` (so every offset is
/// checkable), cut into buffers with ``part(_:)``. Free it with `deallocate()`.
private func callerMemory(_ count: Int) -> UnsafeMutableRawBufferPointer {
    let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 16)
    for i in 0..<count { memory[i] = UInt8((i * 7 + 3) % 251) }
    return memory
}

extension UnsafeMutableRawBufferPointer {
    /// Bytes `range` of this memory, as one caller buffer.
    fileprivate func part(_ range: Range<Int>) -> UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(rebasing: self[range])
    }
}

/// Runs `body` with a receiver `rx` on `address` and a sender `tx` (bound on the same family, or
/// connected to `rx`), both closed afterwards.
private func withUDPPair(
    _ address: String = "127.0.0.1:0",
    connected: Bool = false,
    _ body: (_ rx: UDPConn, _ tx: UDPConn) throws -> Void
) throws {
    let rx = try UDPConn.listen(address)
    defer { rx.close() }
    let tx = connected ? try UDPConn.dial(try rx.endpoint()) : try UDPConn.listen(address)
    defer { tx.close() }
    try body(rx, tx)
}

/// `bytes` in lower-case hex, as Python's `bytes.hex()` prints them.
private func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
}

/// The datagrams `rx` receives with plain `recvfrom` (one `receive` each), `count` of them.
private func receiveDatagrams(_ rx: UDPConn, count: Int) throws -> [[UInt8]] {
    rx.setReadDeadline(.after(.seconds(2)))
    var datagrams: [[UInt8]] = []
    var into = [UInt8](repeating: 0, count: 65_536)
    for _ in 0..<count {
        let result = try rx.receive(into: &into)
        #expect(!result.isTruncated)
        datagrams.append(Array(into[..<result.count]))
    }
    return datagrams
}

@Suite("UDP batches with several buffers per message (scatter/gather)")
struct BatchScatterGatherTests {
    @Test("gather: 2 and 3 buffers per message arrive as one datagram each", arguments: ["127.0.0.1:0", "[::1]:0"])
    func gatherToAddress(_ address: String) throws {
        try withUDPPair(address) { rx, tx in
            let memory = callerMemory(1024)
            defer { memory.deallocate() }
            let header = UnsafeRawBufferPointer(memory.part(0..<12))
            let body = UnsafeRawBufferPointer(memory.part(100..<400))
            let trailer = UnsafeRawBufferPointer(memory.part(500..<503))
            let destination = try rx.endpoint().sockaddr()

            let batch = try UDPBatch(capacity: 4, messageSize: 0, buffersPerMessage: 3)
            #expect(batch.buffersPerMessage == 3)
            try batch.setMessage(at: 0, buffers: [header, body], to: destination)
            try batch.setMessage(at: 1, buffers: [header, body, trailer], to: destination)
            let list = [trailer, header, UnsafeRawBufferPointer(start: nil, count: 0)]
            try list.withUnsafeBufferPointer { (list) throws(SocketError) in
                try batch.setMessage(at: 2, buffers: list, to: destination)
            }
            try batch.setMessage(at: 3, buffers: [body], to: destination)
            #expect(try tx.sendMessages(batch, count: 4) == 4)
            #expect(batch[0].count == 312 && batch[1].count == 315 && batch[2].count == 15 && batch[3].count == 300)

            let got = try receiveDatagrams(rx, count: 4)
            #expect(got[0] == Array(header) + Array(body))
            #expect(got[1] == Array(header) + Array(body) + Array(trailer))
            #expect(got[2] == Array(trailer) + Array(header))
            #expect(got[3] == Array(body))
            // The read-out after the send: the parts as given.
            #expect(batch[1].buffers.map(\.count) == [12, 300, 3])
            #expect(batch[1].buffers.map { $0.baseAddress } == [header, body, trailer].map { $0.baseAddress })
        }
    }

    @Test("gather to the connected peer, and an empty message is a 0-byte datagram")
    func gatherConnected() throws {
        try withUDPPair(connected: true) { rx, tx in
            let memory = callerMemory(256)
            defer { memory.deallocate() }
            let a = UnsafeRawBufferPointer(memory.part(0..<64))
            let b = UnsafeRawBufferPointer(memory.part(64..<65))
            let c = UnsafeRawBufferPointer(memory.part(128..<256))
            let batch = try UDPBatch(capacity: 2, messageSize: 16, buffersPerMessage: 3)
            try batch.setMessage(at: 0, buffers: [c, b, a])
            try batch.setMessage(at: 1, buffers: UnsafeBufferPointer<UnsafeRawBufferPointer>(start: nil, count: 0))
            #expect(try tx.sendMessages(batch, count: 2) == 2)
            let got = try receiveDatagrams(rx, count: 2)
            #expect(got[0] == Array(c) + Array(b) + Array(a))
            #expect(got[1].isEmpty)
            #expect(batch[1].count == 0 && batch[1].bytes.isEmpty && Array(batch[1].buffers).isEmpty)
        }
    }

    @Test("gather with a GSO segment size: the segments cut across the buffers")
    func gatherSegmented() throws {
        try withUDPPair { rx, tx in
            let memory = callerMemory(8192)
            defer { memory.deallocate() }
            // 2500 + 1700 = 4200 bytes in segments of 1000: 5 datagrams, the second and third spanning
            // both buffers' contents in order.
            let first = UnsafeRawBufferPointer(memory.part(0..<2500))
            let second = UnsafeRawBufferPointer(memory.part(4000..<5700))
            let whole = Array(first) + Array(second)
            let destination = try rx.endpoint().sockaddr()
            let batch = try UDPBatch(capacity: 2, messageSize: 0, buffersPerMessage: 2)
            try batch.setMessage(at: 0, buffers: [first, second], to: destination, segmentSize: 1000)
            #expect(try tx.sendMessages(batch, count: 1) == 1)
            #expect(batch[0].count == 4200)
            let got = try receiveDatagrams(rx, count: 5)
            #expect(got.map(\.count) == [1000, 1000, 1000, 1000, 200])
            #expect(got.flatMap { $0 } == whole)

            // The GSO limits apply to the total: 100 + 100 segments of 1 byte is over the 128 the
            // kernel accepts, though each buffer alone is not.
            let hundred = UnsafeRawBufferPointer(memory.part(0..<100))
            try batch.setMessage(at: 1, buffers: [hundred, hundred], to: destination, segmentSize: 1)
            expectSocketError(.invalidArgument, detail: .tooManySegments) { () throws(SocketError) in
                try tx.sendMessages(batch, range: 1..<2)
            }
            try batch.setMessage(at: 1, buffers: [hundred, hundred], to: destination, segmentSize: 2)
            #expect(try tx.sendMessages(batch, range: 1..<2) == 1)
            #expect(try receiveDatagrams(rx, count: 100).flatMap { $0 } == Array(hundred) + Array(hundred))
        }
    }

    @Test("scatter: a datagram is split across the caller's buffers exactly")
    func scatterReceive() throws {
        try withUDPPair { rx, tx in
            let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 16)
            defer { memory.deallocate() }
            memory.initializeMemory(as: UInt8.self, repeating: 0xee)
            let a = memory.part(0..<4)
            let b = memory.part(8..<11)
            let c = memory.part(16..<24)
            let batch = try UDPBatch(capacity: 2, messageSize: 32, buffersPerMessage: 3)
            batch.buffer(at: 0).initializeMemory(as: UInt8.self, repeating: 0xdd)
            try batch.setReceiveBuffers(at: 0, buffers: [a, b, c])
            try batch.setReceiveBuffers(at: 1, buffers: [a, b, c])

            let datagram = (1...10).map { UInt8($0) }
            let long = (1...20).map { UInt8(100 + $0) }
            let destination = try rx.endpoint().sockaddr()
            #expect(try tx.send(datagram, to: destination) == 10)
            rx.setReadDeadline(.after(.seconds(2)))
            #expect(try rx.receiveMessages(batch, maxCount: 1) == 1)
            let message = batch[0]
            #expect(message.count == 10 && !message.isTruncated)
            #expect(message.sender == SocketAddress(try tx.endpoint().sockaddr()))
            #expect(Array(a) == [1, 2, 3, 4] && Array(b) == [5, 6, 7])
            #expect(Array(c) == [8, 9, 10, 0xee, 0xee, 0xee, 0xee, 0xee])
            #expect(memory[4..<8].allSatisfy { $0 == 0xee } && memory[11..<16].allSatisfy { $0 == 0xee })
            #expect(message.buffers.map(\.count) == [4, 3, 3])
            #expect(message.buffers.flatMap { Array($0) } == datagram)
            #expect(message.buffers.map { $0.baseAddress } == [a, b, c].map { UnsafeRawPointer($0.baseAddress) })
            #expect(batch.buffer(at: 0).allSatisfy { $0 == 0xdd }, "the batch's own buffer was written")

            // Longer than the buffers together (15 bytes): the rest is cut, as with one buffer.
            #expect(try tx.send(long, to: destination) == 20)
            #expect(try rx.receiveMessages(batch, maxCount: 1) == 1)
            #expect(batch[0].isTruncated && batch[0].count == 15)
            #expect(batch[0].buffers.flatMap { Array($0) } == Array(long[..<15]))
        }
    }

    @Test("scatter buffers stay across receives until reset, by resetReceiveBuffers or setMessage")
    func scatterBuffersKept() throws {
        try withUDPPair { rx, tx in
            let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 16)
            defer { memory.deallocate() }
            let head = memory.part(0..<2)
            let rest = memory.part(32..<64)
            let batch = try UDPBatch(capacity: 3, messageSize: 32, buffersPerMessage: 2)
            try batch.setReceiveBuffers(at: 1, buffers: [head, rest])
            let destination = try rx.endpoint().sockaddr()

            // Sends 3 datagrams of 5 bytes (`first`, ...), receives them in one call of 3.
            func exchange(_ first: UInt8) throws {
                for k in 0..<3 { _ = try tx.send([UInt8](repeating: first + UInt8(k), count: 5), to: destination) }
                rx.setReadDeadline(.after(.seconds(2)))
                var n = 0
                while n < 3 { n += try rx.receiveMessages(batch, maxCount: 3 - n) }
                #expect(n == 3)
            }
            for round in 0..<2 {
                let value = UInt8(10 * round + 1)
                try exchange(value)
                #expect(Array(batch[0].bytes) == [UInt8](repeating: value, count: 5))
                #expect(Array(head) == [value + 1, value + 1])
                #expect(Array(rest[..<3]) == [value + 1, value + 1, value + 1])
                #expect(batch[1].buffers.map(\.count) == [2, 3])
                #expect(Array(batch[2].bytes) == [UInt8](repeating: value + 2, count: 5))
                #expect(batch[2].bytes.baseAddress == UnsafeRawPointer(batch.buffer(at: 2).baseAddress))
            }

            // One caller buffer: `bytes` is a view of it, where the data is.
            let solo = memory.part(8..<24)
            try batch.setReceiveBuffers(at: 0, buffers: [solo])
            try exchange(50)
            #expect(batch[0].bytes.baseAddress == UnsafeRawPointer(solo.baseAddress))
            #expect(Array(batch[0].bytes) == [50, 50, 50, 50, 50])

            // Reset: message 1 receives into its own buffer again; a send description resets message 0.
            batch.resetReceiveBuffers(at: 1)
            try batch.setMessage(at: 0, count: 0, to: destination)
            memory.initializeMemory(as: UInt8.self, repeating: 0)
            try exchange(60)
            for i in 0..<3 {
                #expect(batch[i].bytes.baseAddress == UnsafeRawPointer(batch.buffer(at: i).baseAddress))
                #expect(Array(batch[i].bytes) == [UInt8](repeating: 60 + UInt8(i), count: 5))
            }
            #expect(memory.allSatisfy { $0 == 0 }, "a reset message still wrote into the caller's memory")
        }
    }

    @Test("more buffers than the batch allows, or none to receive into, are a specific error")
    func limits() throws {
        let udp = try UDPConn.listen("127.0.0.1:0")
        defer { udp.close() }
        let destination = try udp.endpoint().sockaddr()
        let memory = callerMemory(16)
        defer { memory.deallocate() }
        let x = UnsafeRawBufferPointer(memory.part(0..<4))
        let y = UnsafeRawBufferPointer(memory.part(4..<8))
        let z = UnsafeRawBufferPointer(memory.part(8..<16))
        for size in [0, UDPBatch.maxBuffersPerMessage + 1, -1] {
            expectSocketError(.invalidArgument, detail: .valueOutOfRange) { () throws(SocketError) in
                _ = try UDPBatch(capacity: 1, buffersPerMessage: size)
            }
        }
        #expect(try UDPBatch(capacity: 2, buffersPerMessage: UDPBatch.maxBuffersPerMessage).buffersPerMessage == 1024)
        #expect(try UDPBatch(capacity: 1).buffersPerMessage == 1)

        let batch = try UDPBatch(capacity: 2, messageSize: 8, buffersPerMessage: 2)
        try batch.setMessage(at: 0, buffers: [x, y], to: destination)
        expectSocketError(.invalidArgument, detail: .bufferCountInvalid) { () throws(SocketError) in
            try batch.setMessage(at: 0, buffers: [x, y, z], to: destination)
        }
        expectSocketError(.invalidArgument, detail: .bufferCountInvalid) { () throws(SocketError) in
            try batch.setMessage(at: 0, buffers: [z, y, x])
        }
        let three = [x, y, z]
        let error = expectSocketError(.invalidArgument, detail: .bufferCountInvalid) { () throws(SocketError) in
            try three.withUnsafeBufferPointer { (list) throws(SocketError) in
                try batch.setMessage(at: 0, buffers: list, to: destination)
            }
        }
        #expect(error?.operation == .sendMessages)
        let m = memory.part(0..<8)
        expectSocketError(.invalidArgument, detail: .bufferCountInvalid) { () throws(SocketError) in
            try batch.setReceiveBuffers(at: 1, buffers: [m, m, m])
        }
        expectSocketError(.invalidArgument, detail: .bufferCountInvalid) { () throws(SocketError) in
            try batch.setReceiveBuffers(at: 1, buffers: UnsafeBufferPointer(start: nil, count: 0))
        }
        // The refused calls left message 0 as it was: x + y, which the socket sends to itself.
        #expect(try udp.sendMessages(batch, count: 1) == 1)
        #expect(try receiveDatagrams(udp, count: 1) == [Array(x) + Array(y)])

        // A batch of one buffer per message takes a list of one, not two.
        let single = try UDPBatch(capacity: 1, messageSize: 8)
        try single.setMessage(at: 0, buffers: [x], to: destination)
        expectSocketError(.invalidArgument, detail: .bufferCountInvalid) { () throws(SocketError) in
            try single.setMessage(at: 0, buffers: [x, y], to: destination)
        }
        #expect(try udp.sendMessages(single, count: 1) == 1)
        #expect(try receiveDatagrams(udp, count: 1) == [Array(x)])
    }

    @Test("a batch with room for several buffers still sends and receives single buffers as before")
    func singleBuffersAsBefore() throws {
        try withUDPPair { rx, tx in
            let destination = try rx.endpoint().sockaddr()
            let memory = callerMemory(100)
            defer { memory.deallocate() }
            let out = try UDPBatch(capacity: 8, messageSize: 64, buffersPerMessage: 4)
            let into = try UDPBatch(capacity: 8, messageSize: 64, buffersPerMessage: 4)
            for i in 0..<8 {
                if i % 2 == 0 {
                    let buffer = out.buffer(at: i)
                    for j in 0..<(10 + i) { buffer[j] = UInt8(truncatingIfNeeded: i &* 7 &+ j) }
                    try out.setMessage(at: i, count: 10 + i, to: destination)
                } else {
                    try out.setMessage(at: i, bytes: UnsafeRawBufferPointer(memory.part(0..<(10 + i))), to: destination)
                }
            }
            #expect(try tx.sendMessages(out, count: 8) == 8)
            rx.setReadDeadline(.after(.seconds(2)))
            var n = 0
            while n < 8 { n = try rx.receiveMessages(into, maxCount: 8) }
            for i in 0..<8 {
                let own = (0..<(10 + i)).map { UInt8(truncatingIfNeeded: i &* 7 &+ $0) }
                let expected = i % 2 == 0 ? own : Array(memory[0..<(10 + i)])
                #expect(into[i].count == 10 + i)
                #expect(Array(into[i].bytes) == expected)
                #expect(into[i].bytes.baseAddress == UnsafeRawPointer(into.buffer(at: i).baseAddress))
                #expect(into[i].buffers.map { Array($0) } == [expected])
                #expect(Array(out[i].bytes) == expected)
            }
        }
    }

    @Test("reading bytes of a message of several buffers is a precondition failure")
    func bytesOfSeveralBuffers() async {
        await #expect(processExitsWith: .failure) {
            let batch = try UDPBatch(capacity: 1, messageSize: 8, buffersPerMessage: 2)
            let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: 8, alignment: 8)
            let part = UnsafeRawBufferPointer(memory)
            try batch.setMessage(at: 0, buffers: [part, part])
            _ = batch[0].bytes
        }
    }

    @Test("gather send and scatter receive allocate nothing per batch call")
    func zeroAllocations() throws {
        try withUDPPair { rx, tx in
            let destination = try rx.endpoint().sockaddr()
            let memory = callerMemory(8192)
            defer { memory.deallocate() }
            let header = UnsafeRawBufferPointer(memory.part(0..<16))
            let body = UnsafeRawBufferPointer(memory.part(16..<48))
            let list = UnsafeMutableBufferPointer<UnsafeRawBufferPointer>.allocate(capacity: 3)
            defer { list.deallocate() }
            _ = list.initialize(from: [header, body, header])
            let out = try UDPBatch(capacity: 64, messageSize: 0, buffersPerMessage: 3)
            let into = try UDPBatch(capacity: 64, messageSize: 64, buffersPerMessage: 3)
            let receiveArea = memory.part(4096..<8192)
            rx.setReadDeadline(.after(.seconds(2)))
            var sent = 0
            var received = 0
            var parts = 0
            try expectNoMallocs("gather setMessage + sendMessages + scatter receiveMessages") {
                for i in 0..<64 {
                    if i % 2 == 0 {
                        try out.setMessage(at: i, buffers: [header, body], to: destination)
                    } else {
                        try out.setMessage(at: i, buffers: UnsafeBufferPointer(list), to: destination)
                    }
                    let area = receiveArea.part((i * 64)..<(i * 64 + 64))
                    try into.setReceiveBuffers(at: i, buffers: [area.part(0..<16), area.part(16..<64)])
                }
                sent = try tx.sendMessages(out, count: 64)
                received = 0
                parts = 0
                while received < sent {
                    let n = try rx.receiveMessages(into, maxCount: sent - received)
                    for i in 0..<n {
                        for part in into[i].buffers { parts += part.count }
                    }
                    received += n
                }
                _ = into[0].sender
            }
            #expect(sent == 64 && received == 64)
            #expect(parts == 32 * (16 + 32) + 32 * (16 + 32 + 16))

            // The receive call alone, with the scatter buffers kept from before.
            var again = 0
            try expectNoMallocs("sendMessages + receiveMessages into kept scatter buffers") {
                sent = try tx.sendMessages(out, count: 64)
                again = 0
                while again < sent { again += try rx.receiveMessages(into, maxCount: sent - again) }
            }
            #expect(again == 64)
            let first = Array(UnsafeRawBufferPointer(receiveArea.part(0..<48)))
            let second = Array(UnsafeRawBufferPointer(receiveArea.part(64..<128)))
            #expect(first == Array(header) + Array(body))
            #expect(second == Array(header) + Array(body) + Array(header))
        }
    }

    @Test("a Python socket receives the gathered datagrams")
    func pythonReceiver() throws {
        // The Python receiver binds its own port and says so with a datagram to `tx`; `tx` then
        // sends it 3 gathered datagrams, which it prints in hex, one per line.
        let tx = try UDPConn.listen("127.0.0.1:0")
        defer { tx.close() }
        let port = try tx.endpoint().port
        let script = """
            import socket
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind(("127.0.0.1", 0))
            s.settimeout(5)
            s.sendto(b"ready", ("127.0.0.1", \(port)))
            for _ in range(3):
                print(s.recv(65536).hex(), flush=True)
            """
        let output = Shared<(status: Int32, output: String)?>(nil)
        let python = TestThread { output.update { $0 = runPython(script) } }
        var joined = false
        defer { if !joined { python.join() } }

        tx.setReadDeadline(.after(.seconds(10)))
        var ready = [UInt8](repeating: 0, count: 16)
        let hello = try tx.receive(into: &ready)
        let peer = hello.sender
        #expect(Array(ready[..<hello.count]) == Array("ready".utf8))

        let memory = callerMemory(3000)
        defer { memory.deallocate() }
        let a = UnsafeRawBufferPointer(memory.part(0..<5))
        let b = UnsafeRawBufferPointer(memory.part(5..<1405))
        let c = UnsafeRawBufferPointer(memory.part(2000..<2999))
        let batch = try UDPBatch(capacity: 3, messageSize: 0, buffersPerMessage: 3)
        try batch.setMessage(at: 0, buffers: [a, b], to: peer)
        try batch.setMessage(at: 1, buffers: [c, a, b], to: peer)
        try batch.setMessage(at: 2, buffers: [b], to: peer)
        #expect(try tx.sendMessages(batch, count: 3) == 3)
        python.join()
        joined = true

        let result = output.update { $0 }
        #expect(result?.status == 0, "python: \(result?.output ?? "no result")")
        let lines = (result?.output ?? "").split(separator: "\n").map(String.init)
        #expect(lines == [hex(Array(a) + Array(b)), hex(Array(c) + Array(a) + Array(b)), hex(Array(b))])
    }
}
#endif
