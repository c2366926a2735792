#if os(Linux)
import Glibc
import SockLinux
import SockPOSIX
import SockTestSupport
import Testing

// The `async` forms of the I/O operations beyond reads, writes, accept and datagrams: vectored
// I/O, messages with control data, batches, GSO/GRO, Unix descriptors and credentials, the error
// queue, typed and text destinations, the untyped and raw sockets (SCTP: AsyncExtrasSCTPTests).
// In each family a receiver starts first and really waits (``expectWaiting(_:_:)`` sees it
// suspended before anything is sent; the sender is another task on the same loop), every byte,
// descriptor, credential and control message is checked, and a wait ends at the socket's deadline
// (`.timedOut`) and on cancellation (`.cancelled`) with nothing consumed.

/// Expects `body` to throw a `SocketError` with `code`; returns it.
@discardableResult
func expectAsyncSocketError<T>(
    _ code: SocketError.Code,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> T
) async -> SocketError? {
    do {
        _ = try await body()
        Issue.record("expected SocketError .\(code), got success", sourceLocation: sourceLocation)
        return nil
    } catch {
        #expect((error as? SocketError)?.code == code, "\(error)", sourceLocation: sourceLocation)
        return error as? SocketError
    }
}

/// Checks that `operation` (one that would block) ends with `.timedOut` at a 150 ms deadline set
/// by `setDeadline`, on time, and with `.cancelled` when its task is cancelled while it waits.
func expectDeadlineAndCancellation<T: Sendable>(
    on loop: EventLoop,
    setDeadline: (Deadline?) -> Void,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ operation: @escaping @Sendable () async throws -> T
) async {
    setDeadline(.after(.milliseconds(150)))
    let started = Deadline.now
    await expectAsyncSocketError(.timedOut, sourceLocation: sourceLocation) { try await operation() }
    let waited = Deadline.now.nanoseconds - started.nanoseconds
    #expect(
        waited >= 140_000_000 && waited < 2_000_000_000,
        "waited \(waited) ns for a 150 ms deadline",
        sourceLocation: sourceLocation
    )
    setDeadline(nil)
    let waiter = Task(executorPreference: loop) { try await operation() }
    await Task.yield()
    waiter.cancel()
    await expectAsyncSocketError(.cancelled, sourceLocation: sourceLocation) { try await waiter.value }
}

/// Yields until `count` receiving tasks on this loop have started. Each one's first suspension is
/// its operation, and nothing has been sent yet: a started receiver is waiting in it.
func expectWaiting(_ started: Counter, _ count: Int, sourceLocation: SourceLocation = #_sourceLocation) async {
    for _ in 0..<100 where started.value < count { await Task.yield() }
    #expect(started.value == count, "the receiver has not reached its wait", sourceLocation: sourceLocation)
}

/// `count` bytes, each a function of its offset and `seed`.
func pattern(_ count: Int, seed: Int = 0) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ seed &* 31 &+ 3) }
}

/// Runs `body` with a heap copy of `values` (an array's storage cannot be borrowed across an
/// `await`), then stores the copy back into `values`.
func withHeap<T: BitwiseCopyable, R>(
    _ values: inout [T],
    _ body: (UnsafeMutableBufferPointer<T>) async throws -> R
) async rethrows -> R {
    let storage = UnsafeMutableBufferPointer<T>.allocate(capacity: max(values.count, 1))
    defer { storage.deallocate() }
    let buffer = UnsafeMutableBufferPointer(rebasing: storage[..<values.count])
    _ = buffer.initialize(from: values)
    let result = try await body(buffer)
    values = Array(buffer)
    return result
}

/// ``withHeap(_:_:)`` for bytes, as a raw buffer.
func withRawHeap<R>(
    _ bytes: inout [UInt8],
    _ body: (UnsafeMutableRawBufferPointer) async throws -> R
) async rethrows -> R {
    try await withHeap(&bytes) { try await body(UnsafeMutableRawBufferPointer($0)) }
}

/// ``withHeap(_:_:)`` for bytes to send, as a read-only raw buffer.
func withRawHeap<R>(copying bytes: [UInt8], _ body: (UnsafeRawBufferPointer) async throws -> R) async rethrows -> R {
    var copy = bytes
    return try await withHeap(&copy) { try await body(UnsafeRawBufferPointer($0)) }
}

/// A control buffer with one control message built by `build`.
func controlBytes(_ build: (inout ControlMessageBuilder) throws(SocketError) -> Void) throws(SocketError) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: 256)
    let count = try bytes.withMutableRaw { (raw) throws(SocketError) -> Int in
        var builder = ControlMessageBuilder(raw)
        try build(&builder)
        return builder.count
    }
    return Array(bytes[..<count])
}

/// Writes into `conn` until its buffer is full; returns how many bytes went.
func fill(_ conn: UnixConn) -> Int {
    let chunk = [UInt8](repeating: 0xEE, count: 65_536)
    var total = 0
    while true {
        do {
            total += try conn.write(chunk)
        } catch {
            #expect(error.code == .wouldBlock, "\(error)")
            return total
        }
    }
}

/// Reads everything queued on `conn` (until it would block), with control data; returns the byte
/// count and the descriptors that came along (which the receive closed).
func drain(_ conn: UnixConn) -> (bytes: Int, descriptors: Int) {
    var buffer = [UInt8](repeating: 0, count: 65_536)
    var control = [UInt8](repeating: 0, count: 256)
    var total = (bytes: 0, descriptors: 0)
    while true {
        do {
            let r = try conn.receiveMessage(into: &buffer, control: &control)
            total.bytes += r.count
            total.descriptors += r.closedDescriptors
            if r.count == 0 { return total }
        } catch {
            #expect(error.code == .wouldBlock, "\(error)")
            return total
        }
    }
}

@Suite("EventLoop: async forms of the extra operations", .serialized)
struct AsyncExtrasTests {
    // MARK: - Vectored I/O and messages

    @Test("readv waits, writev gathers: every byte in order across the buffers")
    func vectored() throws {
        try onLoop { loop in
            let started = Counter()
            let (a, b) = try UnixConn.pair()
            defer {
                a.close()
                b.close()
            }
            let parts = [pattern(100, seed: 1), pattern(50, seed: 2), pattern(150, seed: 3)]
            b.setReadDeadline(.after(.seconds(10)))  // a bound, should the test fail
            let reader = Task(executorPreference: loop) { () async throws -> [UInt8] in
                started.add(1)
                // Two buffers apart in one allocation: 0..<120 and 200..<380.
                var storage = [UInt8](repeating: 0, count: 400)
                return try await withRawHeap(&storage) { raw in
                    var iov = [
                        iovec(iov_base: raw.baseAddress, iov_len: 120),
                        iovec(iov_base: raw.baseAddress! + 200, iov_len: 180),
                    ]
                    var got: [UInt8] = []
                    while got.count < 300 {
                        let n = try await withHeap(&iov) { try await b.async.readv(UnsafeBufferPointer($0)) }
                        if n == 0 { break }
                        got += raw[0..<min(n, 120)]
                        if n > 120 { got += raw[200..<(200 + n - 120)] }
                    }
                    return got
                }
            }
            await expectWaiting(started, 1)
            let written = try await withRawHeap(copying: parts.flatMap { $0 }) { raw in
                var iov = [
                    iovec(iov_base: UnsafeMutableRawPointer(mutating: raw.baseAddress), iov_len: 100),
                    iovec(iov_base: UnsafeMutableRawPointer(mutating: raw.baseAddress! + 100), iov_len: 50),
                    iovec(iov_base: UnsafeMutableRawPointer(mutating: raw.baseAddress! + 150), iov_len: 150),
                ]
                return try await withHeap(&iov) { try await a.async.writev(UnsafeBufferPointer($0)) }
            }
            #expect(written == 300)
            #expect(try await reader.value == parts.flatMap { $0 })
        }
    }

    @Test("receiveMessage waits; sendMessage(_:control:to:) and sendMessage(_:control:) carry IP_TTL")
    func messagesWithControl() throws {
        try onLoop { loop in
            let started = Counter()
            let rx = try UDPConn.listen("127.0.0.1:0")
            let tx = try UDPConn.listen("127.0.0.1:0")
            defer {
                rx.close()
                tx.close()
            }
            try rx.setReceiveHopLimit(true)
            rx.setReadDeadline(.after(.seconds(10)))
            let destination = try rx.endpoint().sockaddr()
            let sender = SocketAddress(try tx.endpoint().sockaddr())
            let receiver = Task(executorPreference: loop) { () async throws -> [([UInt8], Int?, SocketAddress)] in
                started.add(1)
                var received: [([UInt8], Int?, SocketAddress)] = []
                var bytes = [UInt8](repeating: 0, count: 512)
                var control = [UInt8](repeating: 0, count: 64)
                for round in 0..<2 {
                    let r: MessageResult
                    if round == 0 {
                        r = try await rx.async.receiveMessage(into: &bytes, control: &control)
                    } else {
                        r = try await withRawHeap(&bytes) { b in
                            try await withRawHeap(&control) { c in
                                try await rx.async.receiveMessage(into: b, control: c)
                            }
                        }
                    }
                    var ttl: Int? = nil
                    control.withUnsafeMutableBytes { c in
                        for message in ControlMessages(c, count: r.controlCount) {
                            if case .ttl(let value) = message.kind { ttl = value }
                        }
                    }
                    #expect(!r.isTruncated && !r.isControlTruncated)
                    received.append((Array(bytes[..<r.count]), ttl, r.sender))
                }
                return received
            }
            await expectWaiting(started, 1)
            let first = pattern(300, seed: 4)
            let second = pattern(200, seed: 5)
            // Built outside `#expect`: in Swift 6.3.1 a closure literal inside `#expect` and a later
            // one outside it, both within a closure, can collide (the second runs the first's body).
            let ttl7 = try controlBytes { (builder) throws(SocketError) in try builder.appendTTL(7) }
            let ttl9 = try controlBytes { (builder) throws(SocketError) in try builder.appendTTL(9) }
            #expect(try await tx.async.sendMessage(first, control: ttl7, to: destination) == 300)
            // The connected form, from raw buffers.
            try tx.netSocket.connect(to: destination)
            let sent = try await withRawHeap(copying: second) { p in
                try await withRawHeap(copying: ttl9) { c in try await tx.async.sendMessage(p, control: c) }
            }
            #expect(sent == 200)
            let received = try await receiver.value
            #expect(received.map(\.0) == [first, second])
            #expect(received.map(\.1) == [7, 9])
            #expect(received.allSatisfy { $0.2 == sender })
        }
    }

    @Test("a waiting receiveMessage honours the read deadline and cancellation; nothing is consumed")
    func messagesDeadlineAndCancellation() throws {
        try onLoop { loop in
            let rx = try UDPConn.listen("127.0.0.1:0")
            let tx = try UDPConn.listen("127.0.0.1:0")
            defer {
                rx.close()
                tx.close()
            }
            await expectDeadlineAndCancellation(on: loop, setDeadline: { rx.setReadDeadline($0) }) {
                var bytes = [UInt8](repeating: 0, count: 64)
                var control = [UInt8](repeating: 0, count: 64)
                return try await rx.async.receiveMessage(into: &bytes, control: &control)
            }
            // The datagram sent now is the next one received, whole.
            let payload = pattern(40, seed: 6)
            _ = try await tx.async.send(payload, to: try rx.endpoint())
            var bytes = [UInt8](repeating: 0, count: 64)
            var control = [UInt8](repeating: 0, count: 64)
            let r = try await rx.async.receiveMessage(into: &bytes, control: &control)
            #expect(Array(bytes[..<r.count]) == payload)
        }
    }

    // MARK: - Batches

    @Test("64 datagrams arrive with one awaited receiveMessages (sent with one sendMessages)")
    func batch() throws {
        try onLoop { loop in
            let started = Counter()
            let rx = try UDPConn.listen("127.0.0.1:0")
            let tx = try UDPConn.listen("127.0.0.1:0")
            defer {
                rx.close()
                tx.close()
            }
            let destination = try rx.endpoint().sockaddr()
            let sender = SocketAddress(try tx.endpoint().sockaddr())
            let receiver = Task(executorPreference: loop) { () async throws -> [[UInt8]] in
                started.add(1)
                rx.setReadDeadline(.after(.seconds(10)))
                let into = try UDPBatch(capacity: 64, messageSize: 256)
                let n = try await rx.async.receiveMessages(into)
                var datagrams: [[UInt8]] = []
                for i in 0..<n {
                    #expect(into[i].sender == sender)
                    #expect(!into[i].isTruncated)
                    datagrams.append(Array(into[i].bytes))
                }
                return datagrams
            }
            await expectWaiting(started, 1)
            let out = try UDPBatch(capacity: 64, messageSize: 256)
            for i in 0..<64 {
                let bytes = pattern(10 + i, seed: i)
                out.buffer(at: i).copyBytes(from: bytes)
                try out.setMessage(at: i, count: bytes.count, to: destination)
            }
            #expect(try await tx.async.sendMessages(out, count: 32) == 32)
            #expect(try await tx.async.sendMessages(out, range: 32..<64) == 32)
            let datagrams = try await receiver.value
            #expect(datagrams.count == 64)
            #expect(datagrams == (0..<64).map { pattern(10 + $0, seed: $0) })
        }
    }

    @Test("a waiting receiveMessages honours the read deadline and cancellation; nothing is consumed")
    func batchDeadlineAndCancellation() throws {
        try onLoop { loop in
            let rx = try UDPConn.listen("127.0.0.1:0")
            let tx = try UDPConn.listen("127.0.0.1:0")
            defer {
                rx.close()
                tx.close()
            }
            await expectDeadlineAndCancellation(on: loop, setDeadline: { rx.setReadDeadline($0) }) {
                try await rx.async.receiveMessages(try UDPBatch(capacity: 8, messageSize: 64))
            }
            for i in 0..<8 { _ = try await tx.async.send(pattern(20, seed: i), to: try rx.endpoint()) }
            let into = try UDPBatch(capacity: 8, messageSize: 64)
            var got: [[UInt8]] = []
            while got.count < 8 {
                let n = try await rx.async.receiveMessages(into)
                for i in 0..<n { got.append(Array(into[i].bytes)) }
            }
            #expect(got == (0..<8).map { pattern(20, seed: $0) })
        }
    }

    // MARK: - GSO and GRO

    @Test("a GSO send (every form) arrives through a waiting GRO receive, every byte")
    func segmentedSendGROReceive() throws {
        try onLoop { loop in
            let started = Counter()
            let rx = try UDPConn.listen("127.0.0.1:0")
            let tx = try UDPConn.listen("127.0.0.1:0")
            defer {
                rx.close()
                tx.close()
            }
            try rx.setGRO(true)
            rx.setReadDeadline(.after(.seconds(10)))
            let payload = pattern(64_000, seed: 8)
            let address = try rx.endpoint()
            let sockaddr = try address.sockaddr()
            // Each form in turn, received before the next is sent (five 64 KB sends at once would
            // overflow the receive buffer).
            for form in 0..<5 {
                let receiver = Task(executorPreference: loop) { () async throws -> (bytes: [UInt8], gro: Set<Int>) in
                    started.add(1)
                    var all: [UInt8] = []
                    var sizes = Set<Int>()
                    var buffer = [UInt8](repeating: 0, count: 65_535)
                    var control = [UInt8](repeating: 0, count: 64)
                    while all.count < payload.count {
                        let r = try await rx.async.receiveMessage(into: &buffer, control: &control)
                        #expect(!r.isTruncated)
                        all += buffer[..<r.count]
                        let size = control.withUnsafeMutableBytes {
                            ControlMessages($0, count: r.controlCount).groSegmentSize
                        }
                        if let size { sizes.insert(size) }
                    }
                    return (all, sizes)
                }
                await expectWaiting(started, form + 1)
                let sent: Int
                switch form {
                case 0: sent = try await tx.async.sendSegmented(payload, segmentSize: 1400, to: address)
                case 1: sent = try await tx.async.sendSegmented(payload, segmentSize: 1400, to: sockaddr)
                case 2:
                    sent = try await withRawHeap(copying: payload) {
                        try await tx.async.sendSegmented($0, segmentSize: 1400, to: sockaddr)
                    }
                case 3:
                    try tx.netSocket.connect(to: sockaddr)
                    sent = try await tx.async.sendSegmented(payload, segmentSize: 1400)
                default:
                    sent = try await withRawHeap(copying: payload) {
                        try await tx.async.sendSegmented($0, segmentSize: 1400)
                    }
                }
                #expect(sent == 64_000, "form \(form)")
                let got = try await receiver.value
                #expect(got.bytes == payload, "form \(form)")
                // Coalesced by GRO: the segment size came with the data.
                #expect(got.gro == [1400], "form \(form)")
            }
        }
    }

    @Test("a waiting GRO receive honours the read deadline and cancellation; nothing is consumed")
    func groDeadlineAndCancellation() throws {
        try onLoop { loop in
            let rx = try UDPConn.listen("127.0.0.1:0")
            let tx = try UDPConn.listen("127.0.0.1:0")
            defer {
                rx.close()
                tx.close()
            }
            try rx.setGRO(true)
            await expectDeadlineAndCancellation(on: loop, setDeadline: { rx.setReadDeadline($0) }) {
                try await rx.async.receiveMessages(try UDPBatch(capacity: 2, messageSize: 65_535))
            }
            let payload = pattern(14_000, seed: 9)
            _ = try await tx.async.sendSegmented(payload, segmentSize: 1400, to: try rx.endpoint())
            let into = try UDPBatch(capacity: 16, messageSize: 65_535)
            var got: [UInt8] = []
            while got.count < payload.count {
                let n = try await rx.async.receiveMessages(into)
                for i in 0..<n { got += into[i].bytes }
            }
            #expect(got == payload)
        }
    }

    // MARK: - Unix: descriptors and credentials

    @Test("a pipe end passed to a waiting receiveDescriptors works", arguments: [UnixNetwork.unix, .unixpacket])
    func passDescriptors(_ network: UnixNetwork) throws {
        try onLoop { loop in
            let started = Counter()
            let (a, b) = try UnixConn.pair(network)
            defer {
                a.close()
                b.close()
            }
            let p = try makePipe()
            defer {
                close(p.read)
                close(p.write)
            }
            let receiver = Task(executorPreference: loop) { () async throws -> ([UInt8], [CInt]) in
                started.add(1)
                b.setReadDeadline(.after(.seconds(10)))
                var data = [UInt8](repeating: 0, count: 16)
                var fds = [CInt](repeating: -1, count: 4)
                let r = try await b.async.receiveDescriptors(into: &data, descriptors: &fds)
                return (Array(data[..<r.count]), Array(fds[..<r.descriptorCount]))
            }
            await expectWaiting(started, 1)
            #expect(try await a.async.sendDescriptors([p.read], data: Array("pipe".utf8)) == 4)
            let (data, fds) = try await receiver.value
            #expect(data == Array("pipe".utf8))
            try #require(fds.count == 1)
            let copy = fds[0]
            defer { close(copy) }
            #expect(copy != p.read)
            #expect(fcntl(copy, F_GETFD) & FD_CLOEXEC != 0)
            // Data written into the pipe is read through the received descriptor.
            #expect(write(p.write, "through the pipe", 16) == 16)
            var buffer = [UInt8](repeating: 0, count: 32)
            #expect(read(copy, &buffer, 32) == 16)
            #expect(String(decoding: buffer[..<16], as: UTF8.self) == "through the pipe")

            // The raw-buffer forms.
            let again = Task(executorPreference: loop) { () async throws -> (Int, CInt) in
                started.add(1)
                var fds: [CInt] = [-1]
                var byte: [UInt8] = [0]
                let r = try await withRawHeap(&byte) { d in
                    try await withHeap(&fds) { f in try await b.async.receiveDescriptors(into: d, descriptors: f) }
                }
                return (r.descriptorCount, fds[0])
            }
            await expectWaiting(started, 2)
            var one = [p.write]
            let sent = try await withHeap(&one) { f in
                try await withRawHeap(copying: [42]) { d in
                    try await a.async.sendDescriptors(UnsafeBufferPointer(f), data: d)
                }
            }
            #expect(sent == 1)
            let (count, writeCopy) = try await again.value
            #expect(count == 1)
            defer { close(writeCopy) }
            #expect(write(writeCopy, "x", 1) == 1)
            #expect(read(p.read, &buffer, 32) == 1)
            #expect(buffer[0] == UInt8(ascii: "x"))
        }
    }

    @Test("received rights are closed unless keepingDescriptors: true")
    func rightsClosedUnlessKept() throws {
        try onLoop { loop in
            let started = Counter()
            let (a, b) = try UnixDatagramConn.pair()
            defer {
                a.close()
                b.close()
            }
            let p = try makePipe()
            defer {
                close(p.read)
                close(p.write)
            }
            b.setReadDeadline(.after(.seconds(10)))
            let rights = try [p.read].withUnsafeBufferPointer { (fds) throws(SocketError) in
                try controlBytes { (builder) throws(SocketError) in try builder.appendRights(fds) }
            }
            // Without keepingDescriptors (the array and raw forms), the descriptor is closed and
            // its slot reads -1.
            for raw in [false, true] {
                let receiver = Task(executorPreference: loop) { () async throws -> (MessageResult, [CInt]) in
                    started.add(1)
                    var bytes = [UInt8](repeating: 0, count: 8)
                    var control = [UInt8](repeating: 0, count: 64)
                    let r: MessageResult
                    if raw {
                        r = try await withRawHeap(&bytes) { d in
                            try await withRawHeap(&control) { c in
                                try await b.async.receiveMessage(into: d, control: c, keepingDescriptors: false)
                            }
                        }
                    } else {
                        r = try await b.async.receiveMessage(into: &bytes, control: &control)
                    }
                    return (r, control.withUnsafeMutableBytes { rightsIn(ControlMessages($0, count: r.controlCount)) })
                }
                await expectWaiting(started, raw ? 2 : 1)
                #expect(try await a.async.sendMessage([1], control: rights) == 1)
                let (r, fds) = try await receiver.value
                #expect(r.count == 1 && r.closedDescriptors == 1)
                #expect(fds == [-1])
            }
            // With keepingDescriptors: true the caller owns an open descriptor.
            let keeper = Task(executorPreference: loop) { () async throws -> (MessageResult, [CInt]) in
                started.add(1)
                var bytes = [UInt8](repeating: 0, count: 8)
                var control = [UInt8](repeating: 0, count: 64)
                let r = try await withRawHeap(&bytes) { d in
                    try await withRawHeap(&control) { c in
                        try await b.async.receiveMessage(into: d, control: c, keepingDescriptors: true)
                    }
                }
                return (r, control.withUnsafeMutableBytes { rightsIn(ControlMessages($0, count: r.controlCount)) })
            }
            await expectWaiting(started, 3)
            let sent = try await withRawHeap(copying: [2]) { d in
                try await withRawHeap(copying: rights) { c in try await a.async.sendMessage(d, control: c) }
            }
            #expect(sent == 1)
            let (r, fds) = try await keeper.value
            #expect(r.closedDescriptors == 0)
            try #require(fds.count == 1 && fds[0] >= 0)
            defer { close(fds[0]) }
            #expect(write(p.write, "kept", 4) == 4)
            var buffer = [UInt8](repeating: 0, count: 8)
            #expect(read(fds[0], &buffer, 8) == 4)
            #expect(Array(buffer[..<4]) == Array("kept".utf8))

            // The Unix batch: closed by default, kept on request.
            for keep in [false, true] {
                let receiver = Task(executorPreference: loop) { () async throws -> [CInt] in
                    started.add(1)
                    let batch = try UDPBatch(capacity: 4, messageSize: 16)
                    let n = try await b.async.receiveMessages(batch, keepingDescriptors: keep)
                    #expect(n == 1)
                    return rightsIn(batch[0].controlMessages)
                }
                await expectWaiting(started, keep ? 5 : 4)
                _ = try await a.async.sendMessage([3], control: rights)
                let fds = try await receiver.value
                try #require(fds.count == 1)
                if keep {
                    #expect(fds[0] >= 0 && fcntl(fds[0], F_GETFD) >= 0)
                    close(fds[0])
                } else {
                    #expect(fds[0] == -1)
                }
            }
        }
    }

    @Test("sendCredentials reaches a waiting receiveMessage with the sender's pid, uid and gid")
    func credentials() throws {
        try onLoop { loop in
            let started = Counter()
            let (a, b) = try UnixDatagramConn.pair()
            defer {
                a.close()
                b.close()
            }
            try b.setPassCredentials(true)
            b.setReadDeadline(.after(.seconds(10)))
            let receiver = Task(executorPreference: loop) { () async throws -> [([UInt8], Credentials?)] in
                started.add(1)
                var got: [([UInt8], Credentials?)] = []
                for _ in 0..<2 {
                    var bytes = [UInt8](repeating: 0, count: 16)
                    var control = [UInt8](repeating: 0, count: 64)
                    let r = try await b.async.receiveMessage(into: &bytes, control: &control)
                    let credentials = control.withUnsafeMutableBytes {
                        ControlMessages($0, count: r.controlCount).credentials
                    }
                    got.append((Array(bytes[..<r.count]), credentials))
                }
                return got
            }
            await expectWaiting(started, 1)
            #expect(try await a.async.sendCredentials([1, 2, 3]) == 3)
            let raw = try await withRawHeap(copying: [4, 5]) { d in
                try await a.async.sendCredentials(d, credentials: .current)
            }
            #expect(raw == 2)
            let got = try await receiver.value
            #expect(got.map(\.0) == [[1, 2, 3], [4, 5]])
            let mine = Credentials(pid: getpid(), uid: geteuid(), gid: getegid())
            #expect(got.allSatisfy { $0.1 == mine })
        }
    }

    @Test("descriptor waits honour deadlines and cancellation: nothing received, nothing sent")
    func unixDeadlinesAndCancellation() throws {
        try onLoop { loop in
            let started = Counter()
            let (a, b) = try UnixConn.pair()
            defer {
                a.close()
                b.close()
            }
            let p = try makePipe()
            defer {
                close(p.read)
                close(p.write)
            }
            await expectDeadlineAndCancellation(on: loop, setDeadline: { b.setReadDeadline($0) }) {
                var data = [UInt8](repeating: 0, count: 8)
                var fds = [CInt](repeating: -1, count: 2)
                return try await b.async.receiveDescriptors(into: &data, descriptors: &fds)
            }
            // A full socket buffer: the send waits.
            let filled = fill(a)
            #expect(filled > 0)
            let pipeEnd = p.read
            await expectDeadlineAndCancellation(on: loop, setDeadline: { a.setWriteDeadline($0) }) {
                try await a.async.sendDescriptors([pipeEnd], data: [9])
            }
            // Exactly the filling bytes are queued: neither the byte nor the descriptor went.
            let drained = drain(b)
            #expect(drained.bytes == filled && drained.descriptors == 0)
            // Descriptors sent now are the next thing received.
            let receiver = Task(executorPreference: loop) { () async throws -> ReceivedDescriptors in
                started.add(1)
                var data = [UInt8](repeating: 0, count: 8)
                var fds = [CInt](repeating: -1, count: 2)
                let r = try await b.async.receiveDescriptors(into: &data, descriptors: &fds)
                for fd in fds[..<r.descriptorCount] { close(fd) }
                #expect(data[0] == 9)
                return r
            }
            await expectWaiting(started, 1)
            _ = try await a.async.sendDescriptors([pipeEnd], data: [9])
            let r = try await receiver.value
            #expect(r.count == 1 && r.descriptorCount == 1)
        }
    }

    // MARK: - The error queue

    @Test(
        "a waiting receiveError gets the ICMP error of a send to a closed port",
        arguments: ["127.0.0.1:0", "[::1]:0"]
    )
    func errorQueue(_ address: String) throws {
        try onLoop { loop in
            let started = Counter()
            let udp = try UDPConn.listen(address)
            defer { udp.close() }
            try udp.setReceiveErrors(true)
            let target = try closedPort(address)
            let payload = Array("knock knock".utf8)
            udp.setReadDeadline(.after(.seconds(10)))
            let receiver = Task(executorPreference: loop) { () async throws -> ([UInt8], ErrorQueueMessage) in
                started.add(1)
                var bytes = [UInt8](repeating: 0, count: 64)
                var control = [UInt8](repeating: 0, count: 128)
                let entry = try await udp.async.receiveError(into: &bytes, control: &control)
                return (Array(bytes[..<entry.message.count]), entry)
            }
            await expectWaiting(started, 1)
            #expect(try await udp.async.send(payload, to: target) == payload.count)
            let (bytes, entry) = try await receiver.value
            let error = try #require(entry.error)
            let v6 = address.hasPrefix("[")
            #expect(error.errno == Errno.ECONNREFUSED)
            #expect(error.origin == (v6 ? .icmp6 : .icmp))
            #expect(error.type == (v6 ? 1 : 3))
            #expect(error.code == (v6 ? 4 : 3))
            let offender = try #require(error.offender)
            #expect(try IPAddr(UDPAddr(offender)).ip == (v6 ? .v6(.loopback) : .v4(.loopback)))
            #expect(entry.message.flags.contains(.errorQueue))
            #expect(bytes == payload)
            #expect(try InetSockaddr(entry.message.sender) == target)

            // The raw-buffer form, a second time.
            let again = Task(executorPreference: loop) { () async throws -> ErrorQueueMessage in
                started.add(1)
                var bytes = [UInt8](repeating: 0, count: 64)
                var control = [UInt8](repeating: 0, count: 128)
                return try await withRawHeap(&bytes) { b in
                    try await withRawHeap(&control) { c in try await udp.async.receiveError(into: b, control: c) }
                }
            }
            await expectWaiting(started, 2)
            _ = try await udp.async.send(payload, to: target)
            #expect(try await again.value.error?.errno == Errno.ECONNREFUSED)
        }
    }

    @Test("a waiting receiveError: ordinary data does not end it, the deadline and cancellation do")
    func errorQueueDeadlineAndCancellation() throws {
        try onLoop { loop in
            let udp = try UDPConn.listen("127.0.0.1:0")
            defer { udp.close() }
            try udp.setReceiveErrors(true)
            // A queued datagram keeps the socket readable: the wait must not spin on it.
            _ = try await udp.async.send([1, 2, 3], to: try udp.endpoint())
            let cpuStart = threadCPUTime()
            await expectDeadlineAndCancellation(on: loop, setDeadline: { udp.setReadDeadline($0) }) {
                var bytes = [UInt8](repeating: 0, count: 64)
                var control = [UInt8](repeating: 0, count: 128)
                return try await udp.async.receiveError(into: &bytes, control: &control)
            }
            #expect(threadCPUTime() - cpuStart < .milliseconds(60))
            // Nothing was consumed: the datagram is there, and an error arriving now is received.
            var bytes = [UInt8](repeating: 0, count: 64)
            let r = try await udp.async.receive(into: &bytes)
            #expect(Array(bytes[..<r.count]) == [1, 2, 3])
            _ = try await udp.async.send([4], to: try closedPort("127.0.0.1:0"))
            var control = [UInt8](repeating: 0, count: 128)
            #expect(
                try await udp.async.receiveError(into: &bytes, control: &control).error?.errno == Errno.ECONNREFUSED
            )
        }
    }

    @Test("a reset while receiveError waits ends it with the socket's pending error, not a wait forever")
    func errorQueueNoProgress() throws {
        try onLoop { loop in
            let started = Counter()
            let listener = try TCPListener("127.0.0.1:0")
            defer { listener.close() }
            let client = try TCPConn.dial(try listener.endpoint())
            defer { client.close() }
            let server = try await listener.async.accept()
            try await client.async.finishConnect()
            try client.setReceiveErrors(true)
            // A bound: a wait that ignored the reset would end here instead.
            client.setReadDeadline(.after(.seconds(5)))
            let waiter = Task(executorPreference: loop) { () async throws -> ErrorQueueMessage in
                started.add(1)
                var bytes = [UInt8](repeating: 0, count: 16)
                var control = [UInt8](repeating: 0, count: 128)
                return try await client.async.receiveError(into: &bytes, control: &control)
            }
            await expectWaiting(started, 1)
            try server.setLinger(.zero)
            server.close()
            let resetAt = Deadline.now
            let error = await expectAsyncSocketError(.connectionReset) { try await waiter.value }
            #expect(error?.errno == Errno.ECONNRESET)
            #expect(Deadline.now.nanoseconds - resetAt.nanoseconds < 2_000_000_000)
        }
    }

    // MARK: - Typed and text destinations, the untyped and raw sockets

    @Test("UDP, Unix datagram and untyped sends to typed and text addresses reach waiting receivers")
    func destinations() throws {
        try onLoop { loop in
            let started = Counter()
            let rx = try UDPConn.listen("127.0.0.1:0")
            let tx = try UDPConn.listen("127.0.0.1:0")
            defer {
                rx.close()
                tx.close()
            }
            let address = try rx.endpoint()
            let receiver = Task(executorPreference: loop) { () async throws -> [[UInt8]] in
                started.add(1)
                rx.setReadDeadline(.after(.seconds(10)))
                var got: [[UInt8]] = []
                var buffer = [UInt8](repeating: 0, count: 64)
                for _ in 0..<4 {
                    let r = try await rx.async.receive(into: &buffer)
                    got.append(Array(buffer[..<r.count]))
                }
                return got
            }
            await expectWaiting(started, 1)
            _ = try await tx.async.send([1], to: address)
            _ = try await tx.async.send([2, 2], to: "\(address)")
            _ = try await withRawHeap(copying: [3, 3, 3]) { try await tx.async.send($0, to: address) }
            _ = try await withRawHeap(copying: [4, 4, 4, 4]) { try await tx.async.send($0, to: "\(address)") }
            #expect(try await receiver.value == [[1], [2, 2], [3, 3, 3], [4, 4, 4, 4]])

            // Unix datagrams to a path and to a UnixAddr.
            let path = "@sock-async-extras-\(getpid())"
            let unixRx = try UnixDatagramConn.listen(path)
            let (unixTx, other) = try UnixDatagramConn.pair()
            defer {
                unixRx.close()
                unixTx.close()
                other.close()
            }
            unixRx.setReadDeadline(.after(.seconds(10)))
            let unixReceiver = Task(executorPreference: loop) { () async throws -> [[UInt8]] in
                started.add(1)
                var got: [[UInt8]] = []
                var buffer = [UInt8](repeating: 0, count: 64)
                for _ in 0..<4 {
                    let r = try await unixRx.async.receive(into: &buffer)
                    got.append(Array(buffer[..<r.count]))
                }
                return got
            }
            await expectWaiting(started, 2)
            let unixAddress = try UnixAddr(name: path, network: .unixgram)
            // A connected socket may not name another destination: use an unconnected one.
            let lone = try UnixDatagramConn(NetSocket(family: .unix, type: .datagram, protocol: .default))
            defer { lone.close() }
            _ = try await lone.async.send([5], to: path)
            _ = try await lone.async.send([6, 6], to: unixAddress)
            _ = try await withRawHeap(copying: [7, 7, 7]) { try await lone.async.send($0, to: path) }
            _ = try await withRawHeap(copying: [8, 8, 8, 8]) { try await lone.async.send($0, to: unixAddress) }
            #expect(try await unixReceiver.value == [[5], [6, 6], [7, 7, 7], [8, 8, 8, 8]])

            // The untyped socket: accept, receive and send.
            let listening = try NetSocket(family: .inet, type: .stream, protocol: .tcp)
            defer { listening.close() }
            try listening.bind("127.0.0.1:0")
            try listening.listen()
            listening.setReadDeadline(.after(.seconds(10)))
            let listeningAddress = try listening.localAddress()
            let acceptor = Task(executorPreference: loop) { () async throws -> SocketAddress in
                started.add(1)
                let (socket, peer) = try await listening.async.accept()
                socket.close()
                return peer
            }
            await expectWaiting(started, 3)
            let dialer = try TCPConn.dial(try TCPAddr(listeningAddress))
            defer { dialer.close() }
            try await dialer.async.finishConnect(timeout: .seconds(5))
            #expect(try await acceptor.value == (try dialer.localAddress()))

            let datagrams = try NetSocket(family: .inet, type: .datagram, protocol: .udp)
            defer { datagrams.close() }
            try datagrams.bind("127.0.0.1:0")
            datagrams.setReadDeadline(.after(.seconds(10)))
            let datagramAddress = try datagrams.localAddress()
            let untypedReceiver = Task(executorPreference: loop) { () async throws -> ([UInt8], SocketAddress) in
                started.add(1)
                var buffer = [UInt8](repeating: 0, count: 16)
                let r = try await withRawHeap(&buffer) { try await datagrams.async.receive(into: $0) }
                return (Array(buffer[..<r.count]), r.sender)
            }
            await expectWaiting(started, 4)
            let sent = try await withRawHeap(copying: [9, 8, 7]) {
                try await datagrams.async.send($0, to: datagramAddress)
            }
            #expect(sent == 3)
            let (bytes, from) = try await untypedReceiver.value
            #expect(bytes == [9, 8, 7] && from == datagramAddress)
        }
    }

    @Test("raw ICMP: an echo request sent to a text and a typed address, the reply received waiting")
    func rawEcho() throws {
        try requireRoot("a raw socket needs CAP_NET_RAW")
        try onLoop { loop in
            let started = Counter()
            let raw = try RawConn.icmp4()
            defer { raw.close() }
            let identifier = UInt16(truncatingIfNeeded: getpid())
            let receiver = Task(executorPreference: loop) { () async throws -> [[UInt8]] in
                started.add(1)
                // The loopback raw socket sees the requests too: keep the replies (type 0) for us.
                var replies: [[UInt8]] = []
                var buffer = [UInt8](repeating: 0, count: 256)
                raw.setReadDeadline(.after(.seconds(5)))
                while replies.count < 2 {
                    let r = try await raw.async.receive(into: &buffer)
                    // An IPv4 raw socket receives the IP header first.
                    let headerLength = Int(buffer[0] & 0x0F) * 4
                    let icmp = Array(buffer[headerLength..<r.count])
                    if icmp.count >= 8, icmp[0] == 0, icmp[4] == UInt8(identifier >> 8),
                        icmp[5] == UInt8(identifier & 0xFF)
                    {
                        replies.append(icmp)
                    }
                }
                return replies
            }
            await expectWaiting(started, 1)
            let first = echoRequest(identifier: identifier, sequence: 1, payload: pattern(24, seed: 1))
            let second = echoRequest(identifier: identifier, sequence: 2, payload: pattern(24, seed: 2))
            #expect(try await raw.async.send(first, to: "127.0.0.1") == first.count)
            let sent = try await withRawHeap(copying: second) {
                try await raw.async.send($0, to: IPAddr(parsing: "127.0.0.1"))
            }
            #expect(sent == second.count)
            let replies = try await receiver.value
            #expect(replies.map { Array($0[6..<8]) } == [[0, 1], [0, 2]])
            #expect(replies.map { Array($0[8...]) } == [pattern(24, seed: 1), pattern(24, seed: 2)])
        }
    }
}

@Suite(
    "EventLoop: async SCTP messages (one-to-one and one-to-many)",
    .serialized,
    .enabled(if: SCTPTestEnv.shouldRun, SCTPTestEnv.skipReason)
)
struct AsyncExtrasSCTPTests {
    @Test("one-to-one: a waiting receiveMessage gets each message whole, with its stream and PPID")
    func oneToOne() throws {
        try onLoop { loop in
            let started = Counter()
            let pair = try SCTPPair()
            defer { pair.close() }
            let (client, server) = (pair.client, pair.server)
            let receiver = Task(executorPreference: loop) { () async throws -> [([UInt8], SCTPMessage)] in
                started.add(1)
                var got: [([UInt8], SCTPMessage)] = []
                var buffer = [UInt8](repeating: 0, count: 4096)
                for round in 0..<2 {
                    let message =
                        round == 0
                        ? try await server.async.receiveMessage(into: &buffer)
                        : try await withRawHeap(&buffer) { try await server.async.receiveMessage(into: $0) }
                    got.append((Array(buffer[..<message.count]), message))
                }
                return got
            }
            await expectWaiting(started, 1)
            let first = pattern(1000, seed: 1)
            let second = pattern(500, seed: 2)
            #expect(
                try await client.async.sendMessage(first, info: SCTPSendInfo(stream: 1, payloadProtocolID: 42)) == 1000
            )
            let sent = try await withRawHeap(copying: second) {
                try await client.async.sendMessage($0, info: SCTPSendInfo(stream: 0, payloadProtocolID: 7))
            }
            #expect(sent == 500)
            let got = try await receiver.value
            #expect(got.map(\.0) == [first, second])
            #expect(got.allSatisfy { $0.1.isComplete && !$0.1.isNotification })
            #expect(got.map { $0.1.info?.stream } == [1, 0])
            #expect(got.map { $0.1.info?.payloadProtocolID } == [42, 7])

            // The other way, with the socket's default send parameters (no info).
            let back = Task(executorPreference: loop) { () async throws -> [UInt8] in
                started.add(1)
                var buffer = [UInt8](repeating: 0, count: 64)
                let message = try await client.async.receiveMessage(into: &buffer)
                return Array(buffer[..<message.count])
            }
            await expectWaiting(started, 2)
            _ = try await server.async.sendMessage([5, 4, 3])
            #expect(try await back.value == [5, 4, 3])
        }
    }

    @Test("one-to-many: messages to an SCTPAddr and a sockaddr, replies by association, all awaited")
    func oneToMany() throws {
        try onLoop { loop in
            let started = Counter()
            let server = try SCTPEndpoint("127.0.0.1:0")
            let client = try SCTPEndpoint("127.0.0.1:0", listen: false)
            defer {
                server.close()
                client.close()
            }
            server.setDeadline(.after(.seconds(10)))
            client.setDeadline(.after(.seconds(10)))
            let address = try server.endpoint()
            let receiver = Task(executorPreference: loop) { () async throws -> [([UInt8], SCTPMessage)] in
                started.add(1)
                var got: [([UInt8], SCTPMessage)] = []
                var buffer = [UInt8](repeating: 0, count: 4096)
                while got.count < 3 {
                    let message = try await server.async.receiveMessage(into: &buffer)
                    if message.isNotification { continue }
                    got.append((Array(buffer[..<message.count]), message))
                }
                return got
            }
            await expectWaiting(started, 1)
            // The first message sets the association up implicitly.
            _ = try await client.async.sendMessage(
                [1, 1],
                info: SCTPSendInfo(stream: 1, payloadProtocolID: 11),
                to: address
            )
            _ = try await withRawHeap(copying: [2, 2]) {
                try await client.async.sendMessage($0, info: SCTPSendInfo(payloadProtocolID: 22), to: address)
            }
            let sockaddr = SockaddrInet4(address: IPv4Address(127, 0, 0, 1), port: address.port)
            _ = try await withRawHeap(copying: [3, 3]) { try await client.async.sendMessage($0, to: sockaddr) }
            let got = try await receiver.value
            #expect(got.map(\.0) == [[1, 1], [2, 2], [3, 3]])
            #expect(got.map { $0.1.info?.payloadProtocolID } == [11, 22, 0])
            let association = try #require(got[0].1.association)
            #expect(got.allSatisfy { $0.1.association == association })

            // A reply on the association, received waiting.
            let reply = Task(executorPreference: loop) { () async throws -> ([UInt8], SCTPMessage) in
                started.add(1)
                var buffer = [UInt8](repeating: 0, count: 64)
                while true {
                    let message = try await client.async.receiveMessage(into: &buffer)
                    if !message.isNotification { return (Array(buffer[..<message.count]), message) }
                }
            }
            await expectWaiting(started, 2)
            _ = try await server.async.sendMessage([9, 9, 9], info: SCTPSendInfo(stream: 1, association: association))
            let (bytes, message) = try await reply.value
            #expect(bytes == [9, 9, 9] && message.info?.stream == 1)
            #expect(try SCTPAddr(message.sender).port == address.port)
        }
    }

    @Test("a waiting SCTP receive honours the read deadline and cancellation; nothing is consumed")
    func deadlineAndCancellation() throws {
        try onLoop { loop in
            let pair = try SCTPPair()
            defer { pair.close() }
            let (client, server) = (pair.client, pair.server)
            await expectDeadlineAndCancellation(on: loop, setDeadline: { server.setReadDeadline($0) }) {
                var buffer = [UInt8](repeating: 0, count: 64)
                return try await server.async.receiveMessage(into: &buffer)
            }
            _ = try await client.async.sendMessage(pattern(48, seed: 3), info: SCTPSendInfo(stream: 1))
            var buffer = [UInt8](repeating: 0, count: 64)
            let message = try await server.async.receiveMessage(into: &buffer)
            #expect(Array(buffer[..<message.count]) == pattern(48, seed: 3) && message.isComplete)
        }
    }
}

/// The descriptors of every `SCM_RIGHTS` message in `messages` (-1 for one closed on receive).
func rightsIn(_ messages: ControlMessages) -> [CInt] {
    var fds: [CInt] = []
    for message in messages {
        if case .rights(let list) = message.kind { fds += list }
    }
    return fds
}

/// An ICMPv4 echo request with its checksum.
func echoRequest(identifier: UInt16, sequence: UInt16, payload: [UInt8]) -> [UInt8] {
    var packet: [UInt8] = [8, 0, 0, 0, UInt8(identifier >> 8), UInt8(identifier & 0xFF)]
    packet += [UInt8(sequence >> 8), UInt8(sequence & 0xFF)] + payload
    var sum: UInt32 = 0
    for i in stride(from: 0, to: packet.count, by: 2) {
        sum += UInt32(packet[i]) << 8 + (i + 1 < packet.count ? UInt32(packet[i + 1]) : 0)
    }
    while sum >> 16 != 0 { sum = (sum & 0xFFFF) + (sum >> 16) }
    let checksum = ~UInt16(sum)
    packet[2] = UInt8(checksum >> 8)
    packet[3] = UInt8(checksum & 0xFF)
    return packet
}
#endif
