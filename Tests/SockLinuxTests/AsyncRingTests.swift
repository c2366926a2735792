#if os(Linux)
import CPlatform
import CTestSupport
import Glibc
import SockLinux
import SockPOSIX
import SockTestSupport
import Synchronization
import Testing

/// Whether this process can run the io_uring backend, and if not, why (printed as the skip reason).
enum RingTestEnv {
    static let availability = IOURing.probe()
    static var available: Bool { availability == .available }
    static var skipReason: Comment { Comment(rawValue: "\(availability)") }
}

/// A failure with the context a test gives it.
struct RingTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// What descriptor `fd` of this process refers to ("socket:[INODE]"), or "".
func descriptorTarget(_ fd: CInt) -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    let n = readlink("/proc/self/fd/\(fd)", &buffer, 255)
    return n > 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
}

/// Whether every descriptor referring to one of `targets` (sockets, by inode) is closed within
/// 5 s: a check that other suites running in parallel cannot disturb, unlike a descriptor count.
func socketsClosed(_ targets: [String]) -> (Bool, [String]) {
    var open: [String] = []
    for _ in 0..<100 {
        open = []
        if let dir = opendir("/proc/self/fd") {
            while let entry = readdir(dir) {
                // Through the entry's address: copying `d_name` (a 256-byte tuple) reads past a
                // short entry at the end of the directory buffer (ASan: heap-buffer-overflow).
                let name = String(
                    cString: (UnsafeRawPointer(entry) + MemoryLayout<dirent>.offset(of: \dirent.d_name)!)
                        .assumingMemoryBound(to: CChar.self)
                )
                guard let fd = CInt(name) else { continue }
                let target = descriptorTarget(fd)
                if targets.contains(target) { open.append("\(fd)=\(target)") }
            }
            closedir(dir)
        }
        if open.isEmpty { return (true, []) }
        pause(.milliseconds(50))
    }
    return (false, open)
}

/// A byte of the test pattern at `offset` (a stream of 251-periodic bytes: a lost, repeated or
/// reordered chunk shows).
@inline(__always)
func patternByte(_ offset: Int) -> UInt8 { UInt8(truncatingIfNeeded: offset % 251) }

/// Reads from `conn` (synchronously, on the calling thread, with a deadline) until end of stream;
/// returns the count and the offset of the first byte off the pattern (nil: every byte right).
func drainSync(_ conn: some Connection, startAfter delay: Duration) throws -> (Int, Int?) {
    pause(delay)
    conn.setReadDeadline(.after(.seconds(20)))
    var buffer = [UInt8](repeating: 0, count: 65_536)
    var total = 0
    var firstBad: Int?
    while true {
        let n = try conn.read(into: &buffer)
        if n == 0 { return (total, firstBad) }
        if firstBad == nil {
            for i in 0..<n where buffer[i] != patternByte(total + i) {
                firstBad = total + i
                break
            }
        }
        total += n
    }
}

/// Writes `count` pattern bytes with `async.writeAll` in chunks of `chunk`.
func writePattern(_ conn: some StreamConnection, count: Int, chunk: Int) async throws {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
    defer { buffer.deallocate() }
    var offset = 0
    while offset < count {
        let n = min(chunk, count - offset)
        for i in 0..<n { buffer[i] = patternByte(offset + i) }
        try await conn.async.writeAll(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        offset += n
    }
}

@Suite("EventLoop: io_uring refused, epoll taken and the reason reported")
struct AsyncRingFallbackTests {
    @Test("a seccomp filter refuses io_uring_setup: the loop runs on epoll and says why", arguments: [EPERM, ENOSYS])
    func seccompRefusal(error: CInt) throws {
        // The filter binds only the thread that installs it (no TSYNC): a thread of its own.
        let outcome = Shared<Result<(EventLoop.Backend, String?, Int), any Error>?>(nil)
        let thread = TestThread {
            let installed = ctest_deny_io_uring_setup(error)
            guard installed == 0 else {
                outcome.set(.failure(RingTestFailure("seccomp filter: errno \(installed)")))
                return
            }
            do {
                let loop = try EventLoop(backend: .ioURing)
                // It still runs: a ping-pong through the fallback.
                let echoed = try loop.run { () async throws -> Int in
                    let (a, b) = try UnixConn.pair()
                    defer {
                        a.close()
                        b.close()
                    }
                    _ = try await a.async.write([1, 2, 3] as [UInt8])
                    var buffer = [UInt8](repeating: 0, count: 8)
                    return try await b.async.read(into: &buffer)
                }
                outcome.set(.success((loop.backend, loop.fallbackReason, echoed)))
            } catch {
                outcome.set(.failure(error))
            }
        }
        thread.join()
        let (backend, reason, echoed) = try outcome.get()!.get()
        #expect(backend == .epoll)
        #expect(echoed == 3)
        let expected = error == EPERM ? "EPERM under a seccomp filter" : "seccomp"
        #expect(reason?.contains(expected) == true, "fallback reason: \(reason ?? "none")")
        // The filter stayed on that thread: this one can still use io_uring (when the kernel can).
        if RingTestEnv.available {
            #expect(try EventLoop(backend: .ioURing).backend == .ioURing)
        }
    }
}

@Suite(
    "EventLoop: the io_uring backend (ring reads and writes, backlogs, buffers, close)",
    .serialized,
    .enabled(if: RingTestEnv.available, RingTestEnv.skipReason)
)
struct AsyncRingTests {
    @Test("a loop asked for io_uring uses it; one asked for epoll uses epoll")
    func backendChoice() throws {
        let ring = try EventLoop(backend: .ioURing)
        #expect(ring.backend == .ioURing)
        #expect(ring.fallbackReason == nil)
        let used = try onLoop(backend: .ioURing) { loop in loop.backend }
        #expect(used == .ioURing)
        let epoll = try EventLoop(backend: .epoll)
        #expect(epoll.backend == .epoll)
        #expect(epoll.fallbackReason == nil)
    }

    @Test("the backend SOCK_EVENT_LOOP_BACKEND names is the one default loops use")
    func environmentBackend() throws {
        let named = getenv("SOCK_EVENT_LOOP_BACKEND").map { String(cString: $0) }
        switch named {
        case "io_uring": #expect(try EventLoop().backend == .ioURing)
        case nil, "epoll": #expect(try EventLoop().backend == .epoll)
        default: Issue.record("SOCK_EVENT_LOOP_BACKEND=\(named ?? "") is neither epoll nor io_uring")
        }
    }

    @Test("16 MiB through a full socket buffer: backlog, waits, every byte in order", arguments: [false, true])
    func bulkThroughBacklog(tcp: Bool) throws {
        let targets = try onLoop(backend: .ioURing) { loop in
            if tcp {
                let listener = try TCPListener("127.0.0.1:0")
                defer { listener.close() }
                let a = try TCPConn.dial(try listener.endpoint())
                listener.setReadDeadline(.after(.seconds(2)))
                let b = try listener.accept()
                return try await bulk(a, b, loop)
            } else {
                let (a, b) = try UnixConn.pair()
                return try await bulk(a, b, loop)
            }
        }
        let (closed, open) = socketsClosed(targets)
        #expect(closed, "still open: \(open)")
    }

    /// Writes 16 MiB from `a` to `b`, whose reader starts late, and checks every byte.
    /// Returns what the two descriptors referred to (for the check that they were closed).
    func bulk<C: StreamConnection>(_ a: C, _ b: C, _ loop: EventLoop) async throws -> [String] {
        let targets = [descriptorTarget(a.fileDescriptor), descriptorTarget(b.fileDescriptor)]
        // The peer starts reading late: the socket's buffer fills, sends fail with EAGAIN
        // and the rest waits in the backlog.
        let reader = Task(executorPreference: loop) { () async throws -> (Int, Int?) in
            try await Task.sleep(for: .milliseconds(100))
            var buffer = [UInt8](repeating: 0, count: 7_919)
            var total = 0
            var firstBad: Int?
            while true {
                let n = try await b.async.read(into: &buffer)
                if n == 0 { return (total, firstBad) }
                if firstBad == nil {
                    for i in 0..<n where buffer[i] != patternByte(total + i) {
                        firstBad = total + i
                        break
                    }
                }
                total += n
            }
        }
        try await writePattern(a, count: 16 << 20, chunk: 100_000)
        try a.shutdown(.write)
        let (total, firstBad) = try await reader.value
        #expect(total == 16 << 20)
        #expect(firstBad == nil, "first wrong byte at \(firstBad ?? -1)")
        a.close()
        b.close()
        return targets
    }

    @Test(
        "data and the end of the stream queued before the first read: every byte, then 0",
        arguments: [100, 5_000, 60_000, 70_000, 200_000]
    )
    func endAlreadyQueued(count: Int) throws {
        for tcp in [false, true] {
            try onLoop(backend: .ioURing) { _ in
                if tcp {
                    let listener = try TCPListener("127.0.0.1:0")
                    defer { listener.close() }
                    let a = try TCPConn.dial(try listener.endpoint())
                    listener.setReadDeadline(.after(.seconds(2)))
                    try await Self.readQueued(a, try listener.accept(), count)
                } else {
                    let (a, b) = try UnixConn.pair()
                    try await Self.readQueued(a, b, count)
                }
            }
        }
    }

    static func readQueued<C: StreamConnection>(_ a: C, _ b: C, _ count: Int) async throws {
        defer {
            a.close()
            b.close()
        }
        try a.setSendBufferSize(1 << 20)
        a.setWriteDeadline(.after(.seconds(5)))
        let bytes = (0..<count).map { patternByte($0) }
        try a.writeAll(bytes)
        try a.shutdown(.write)
        try await Task.sleep(for: .milliseconds(20))
        b.setReadDeadline(.after(.seconds(5)))
        var buffer = [UInt8](repeating: 0, count: 3_000)
        var total = 0
        while true {
            let n = try await b.async.read(into: &buffer)
            if n == 0 { break }
            #expect(Array(buffer[..<n]) == Array(bytes[total..<total + n]))
            total += n
        }
        #expect(total == count, "\(C.self)")
    }

    @Test("more unread data than provided buffers: receives resume when reads free them")
    func bufferExhaustion() throws {
        try onLoop(backend: .ioURing) { loop in
            // 24 connections x 192 KiB = 4.5 MiB unread, against 2 MiB of provided buffers.
            let perConnection = 192 * 1024
            var pairs: [(UnixConn, UnixConn)] = []
            for _ in 0..<24 {
                let pair = try UnixConn.pair()
                try pair.0.setSendBufferSize(1 << 20)
                try pair.1.setReceiveBufferSize(1 << 20)
                pairs.append(pair)
            }
            // Arm every receive first (each read waits), then let the data pour in.
            let results = try await withThrowingTaskGroup(of: (Int, Int?).self) { group in
                for (index, (_, b)) in pairs.enumerated() {
                    b.setReadDeadline(.after(.seconds(20)))
                    group.addTask(executorPreference: loop) {
                        var buffer = [UInt8](repeating: 0, count: 1)
                        var total = try await b.async.read(into: &buffer)
                        var firstBad: Int? = buffer[0] == patternByte(0) ? nil : 0
                        // Wait until every connection's data is queued, then read the rest.
                        try await Task.sleep(for: .milliseconds(300))
                        buffer = [UInt8](repeating: 0, count: 3_000)
                        while true {
                            let n: Int
                            do {
                                n = try await b.async.read(into: &buffer)
                            } catch {
                                throw RingTestFailure("connection \(index): after \(total) bytes: \(error)")
                            }
                            if n == 0 { return (total, firstBad) }
                            if firstBad == nil {
                                for i in 0..<n where buffer[i] != patternByte(total + i) {
                                    firstBad = total + i
                                    break
                                }
                            }
                            total += n
                        }
                    }
                }
                for (a, _) in pairs {
                    group.addTask(executorPreference: loop) {
                        try await writePattern(a, count: perConnection, chunk: 65_536)
                        try a.shutdown(.write)
                        return (-1, nil)
                    }
                }
                var results: [(Int, Int?)] = []
                for try await result in group where result.0 >= 0 { results.append(result) }
                return results
            }
            #expect(results.count == 24)
            for (total, firstBad) in results {
                #expect(total == perConnection)
                #expect(firstBad == nil, "first wrong byte at \(firstBad ?? -1)")
            }
            for (a, b) in pairs {
                a.close()
                b.close()
            }
        }
    }

    @Test("close right after writes the peer has not read: the peer still gets every byte, then EOF")
    func closeWithBacklog() throws {
        let (a, b) = try UnixConn.pair()
        let targets = [descriptorTarget(a.fileDescriptor), descriptorTarget(b.fileDescriptor)]
        let drained = Shared<Result<(Int, Int?), any Error>?>(nil)
        let peer = TestThread {
            do {
                drained.set(.success(try drainSync(b, startAfter: .milliseconds(200))))
            } catch {
                drained.set(.failure(error))
            }
        }
        try onLoop(backend: .ioURing) { loop in
            try await writePattern(a, count: 3 << 20, chunk: 200_000)
            a.close()
            // The loop keeps a duplicate of the descriptor until the backlog is sent.
            var turns = 0
            while loop.registrationCount > 0 || turns < 10 {
                try await Task.sleep(for: .milliseconds(20))
                turns += 1
                if turns > 1_000 { break }
            }
        }
        peer.join()
        let (total, firstBad) = try drained.get()!.get()
        #expect(total == 3 << 20)
        #expect(firstBad == nil, "first wrong byte at \(firstBad ?? -1)")
        b.close()
        let (closed, open) = socketsClosed(targets)
        #expect(closed, "still open (the loop's duplicate must be closed): \(open)")
    }

    @Test("shutdown(.write) after queued writes: every byte, then EOF; the read side still works")
    func shutdownAfterBacklog() throws {
        let (a, b) = try UnixConn.pair()
        defer {
            a.close()
            b.close()
        }
        let drained = Shared<Result<(Int, Int?), any Error>?>(nil)
        let peer = TestThread {
            do {
                let result = try drainSync(b, startAfter: .milliseconds(150))
                _ = try b.write([7, 8, 9])
                drained.set(.success(result))
            } catch {
                drained.set(.failure(error))
            }
        }
        try onLoop(backend: .ioURing) { _ in
            try await writePattern(a, count: 2 << 20, chunk: 150_000)
            try a.shutdown(.write)
            var reply = [UInt8](repeating: 0, count: 3)
            let n = try await a.async.read(into: &reply)
            #expect(n == 3 && reply == [7, 8, 9])
        }
        peer.join()
        let (total, firstBad) = try drained.get()!.get()
        #expect(total == 2 << 20)
        #expect(firstBad == nil, "first wrong byte at \(firstBad ?? -1)")
    }

    @Test("a send error shows on a later write: the peer is gone")
    func sendErrorIsReported() throws {
        try onLoop(backend: .ioURing) { _ in
            let (a, b) = try UnixConn.pair()
            defer { a.close() }
            b.close()
            var failure: SocketError?
            for _ in 0..<4 where failure == nil {
                do {
                    _ = try await a.async.write([1, 2, 3] as [UInt8])
                    await Task.yield()
                } catch {
                    failure = error as? SocketError
                }
            }
            #expect(failure?.isConnectionLost == true, "\(String(describing: failure))")
        }
    }

    @Test("close with a receive armed ends the connection: the peer reads EOF")
    func closeCancelsReceive() throws {
        try onLoop(backend: .ioURing) { loop in
            let (a, b) = try UnixConn.pair()
            defer { b.close() }
            let reader = Task(executorPreference: loop) { () async throws -> SocketError? in
                var buffer = [UInt8](repeating: 0, count: 16)
                do {
                    _ = try await a.async.read(into: &buffer)
                    return nil
                } catch {
                    return error as? SocketError
                }
            }
            try await Task.sleep(for: .milliseconds(20))
            a.close()
            let error = try await reader.value
            #expect(error?.code == .closed, "\(String(describing: error))")
            b.setReadDeadline(.after(.seconds(2)))
            var buffer = [UInt8](repeating: 0, count: 16)
            #expect(try b.read(into: &buffer) == 0, "the peer must see the end of the connection")
        }
    }

    @Test("a socket reading through the ring refuses another kind of receive, clearly")
    func mixedReceiveIsRefused() throws {
        try onLoop(backend: .ioURing) { _ in
            let (a, b) = try UnixConn.pair()
            defer {
                a.close()
                b.close()
            }
            _ = try b.write([1, 2, 3, 4])
            var buffer = [UInt8](repeating: 0, count: 2)
            #expect(try await a.async.read(into: &buffer) == 2)
            let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: 2, alignment: 1)
            defer { raw.deallocate() }
            do {
                _ = try await a.async.read(into: raw, flags: .peek)
                Issue.record("a peek on a ring-read socket went through")
            } catch let error as SocketError {
                #expect(error.code == .invalidArgument && error.detail == .ringReceive, "\(error)")
            }
            // The ring's data is still there, in order.
            #expect(try await a.async.read(into: &buffer) == 2 && buffer == [3, 4])
        }
    }
}

#endif
