#if os(Linux)
import Sock

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `listen --keep-open` (`-k`) and `listen --broker`: every client at once, on Sock's
/// ``EventLoop`` (one thread, edge-triggered epoll), as ncat's `-k` and `--broker`.
///
/// - `--keep-open`: what each client sends goes to stdout (each read whole, so the bytes of one
///   client's write are not cut by another's); stdin goes to every client connected when it is
///   read. At the end of stdin each client's sending side is shut down once it has been sent
///   everything (a client that connects later gets its end of stream at once).
/// - `--broker`: what each client sends goes to every other client; stdin is not read and
///   nothing is written to stdout.
///
/// A client that ends its stream is closed (as ncat does): it has nothing more to say, and in
/// these modes nothing is addressed to it alone. A client whose pending output passes
/// ``ManyPeers/outboxLimit`` (it does not read) is dropped, so one stuck client cannot hold the
/// memory of all the others. A client's reset is reported and ends that client only. The server
/// runs until `--timeout` passes with no connection and no traffic, or until it is interrupted.
enum ManyPeers {
    enum Mode {
        case keepOpen
        case broker
    }

    /// Bytes waiting for one client beyond which it is dropped.
    static let outboxLimit = 16 << 20
    /// The one read buffer: every read runs on the loop's thread and is relayed before the
    /// reading task suspends again, so all clients share it.
    static let readSize = 65536

    /// The loop to serve on, created before sockcat says it listens, so its descriptors are
    /// there from the start. Raises the descriptor limit first (each client costs one).
    static func makeLoop() throws(Failure) -> EventLoop {
        raiseDescriptorLimit()
        do throws(SocketError) {
            return try EventLoop()
        } catch {
            throw Failure(error, "event loop")
        }
    }

    /// Serves `listener` on `loop` until `--timeout` passes idle (or a signal ends sockcat).
    /// - Throws: `Failure` when accept fails for good or stdout is gone.
    static func serve(
        _ listener: NetSocket,
        on loop: EventLoop,
        mode: Mode,
        timeout: Duration?,
        preserveMessages: Bool
    ) throws(Failure) {
        let hub = Hub(listener: listener, mode: mode, timeout: timeout, preserveMessages: preserveMessages)
        defer { hub.deallocate() }
        do {
            try loop.run { try await hub.run(on: loop) }
        } catch let failure as Failure {
            throw failure
        } catch let error as SocketError {
            throw Failure(error, "serving clients")
        } catch {
            throw Failure("serving clients: \(error)", status: .ioError)
        }
    }

    /// Raises the soft limit on open descriptors to the hard one: each client costs one.
    static func raiseDescriptorLimit() {
        var limit = rlimit()
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(resource, &limit)
    }
}

/// Bytes waiting to be sent to one client, in fixed buffers: a write in flight reads from the
/// head buffer's sent..<used, which appends never move (they fill the spare capacity or add a
/// buffer). With `preserveMessages` (unixpacket, SCTP) every append is its own buffer, written by
/// one call, so message boundaries survive.
private final class Outbox: @unchecked Sendable {
    final class Buffer: @unchecked Sendable {
        let base: UnsafeMutableRawPointer
        let capacity: Int
        var used = 0
        var sent = 0

        init(capacity: Int) {
            self.capacity = capacity
            base = .allocate(byteCount: capacity, alignment: 16)
        }

        deinit { base.deallocate() }
    }

    static let bufferSize = 16384
    let preserveMessages: Bool
    private(set) var buffers: [Buffer] = []
    private(set) var pending = 0

    init(preserveMessages: Bool) { self.preserveMessages = preserveMessages }

    func append(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        pending += bytes.count
        if !preserveMessages, let tail = buffers.last, tail.capacity - tail.used >= bytes.count {
            (tail.base + tail.used).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
            tail.used += bytes.count
            return
        }
        let buffer = Buffer(capacity: max(Outbox.bufferSize, bytes.count))
        buffer.base.copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        buffer.used = bytes.count
        buffers.append(buffer)
    }

    /// The next bytes to write, or nil when nothing waits.
    /// The writer keeps `buffer` while its write is in flight, so the bytes stay valid even if
    /// the client is removed meanwhile.
    var next: (buffer: Buffer, bytes: UnsafeRawBufferPointer)? {
        guard let head = buffers.first, head.sent < head.used else { return nil }
        return (head, UnsafeRawBufferPointer(start: head.base + head.sent, count: head.used - head.sent))
    }

    /// `count` bytes of ``next`` were written.
    func consume(_ count: Int) {
        guard let head = buffers.first else { return }
        head.sent += count
        pending -= count
        if head.sent == head.used {
            if buffers.count > 1 || preserveMessages {
                buffers.removeFirst()
            } else {
                head.sent = 0  // the last buffer is kept for the next appends
                head.used = 0
            }
        }
    }

    func removeAll() {
        buffers.removeAll()
        pending = 0
    }
}

/// One connected client: its socket, its outbox and its writer's wake-up. Used on the loop's
/// thread only (see ``Hub``).
private final class Client: @unchecked Sendable {
    let id: Int
    let socket: NetSocket
    let name: String
    let outbox: Outbox
    /// Shut the sending side down once the outbox is empty (the end of stdin).
    var shutdownWhenDrained = false
    var closed = false
    /// The writer waits here while the outbox is empty.
    var writerWaiting: CheckedContinuation<Void, Never>?

    init(id: Int, socket: NetSocket, name: String, preserveMessages: Bool) {
        self.id = id
        self.socket = socket
        self.name = name
        outbox = Outbox(preserveMessages: preserveMessages)
    }

    func wakeWriter() {
        if let waiting = writerWaiting {
            writerWaiting = nil
            waiting.resume()
        }
    }
}

/// The server's state. Every method runs on the loop's thread (the tasks all have the loop as
/// their executor preference, and the stdin thread only yields into an `AsyncStream`), which is
/// why a class without locks is sound here.
private final class Hub: @unchecked Sendable {
    let listener: NetSocket
    let mode: ManyPeers.Mode
    let timeout: Duration?
    let preserveMessages: Bool
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: ManyPeers.readSize, alignment: 16)
    var clients: [Int: Client] = [:]
    var nextID = 0
    var stdinEnded = false
    var lastActivity = ContinuousClock.now
    /// Set when the server must stop with an error (stdout is gone).
    var failure: Failure?
    /// The accept loop waits here after EMFILE until a client leaves.
    var slotWaiting: CheckedContinuation<Void, Never>?

    init(listener: NetSocket, mode: ManyPeers.Mode, timeout: Duration?, preserveMessages: Bool) {
        self.listener = listener
        self.mode = mode
        self.timeout = timeout
        self.preserveMessages = preserveMessages
    }

    func deallocate() { readBuffer.deallocate() }

    func run(on loop: EventLoop) async throws {
        var stdin: StdinReader?
        if mode == .keepOpen {
            let reader = StdinReader.start()
            stdin = reader
            Task(executorPreference: loop) { await self.relayStdin(reader) }
        }
        defer {
            // The stream ends here, so nothing stdin brings later reaches a stopped loop.
            stdin?.stop()
            for client in clients.values { remove(client) }
            slotWaiting?.resume()
            slotWaiting = nil
        }
        try await acceptClients(on: loop)
        if let failure { throw failure }
    }

    /// Accepts until `--timeout` passes with no connection and no traffic.
    private func acceptClients(on loop: EventLoop) async throws(Failure) {
        var outOfDescriptors = false
        while failure == nil {
            listener.setReadDeadline(timeout.map { Deadline.after(lastActivity + $0 - ContinuousClock.now) })
            let socket: NetSocket
            do throws(SocketError) {
                socket = try await listener.async.accept().socket
            } catch  where error.code == .timedOut {
                if let timeout, ContinuousClock.now - lastActivity >= timeout {
                    Console.error("sockcat: no connection or traffic for \(timeout), closing")
                    return
                }
                continue
            } catch  where error.code == .tooManyOpenFiles && !clients.isEmpty {
                // The connection stays queued; take it when a client leaves (no timer: a sleep
                // needs a descriptor too).
                if !outOfDescriptors {
                    Console.error(
                        "sockcat: out of descriptors with \(clients.count) clients; "
                            + "new clients wait in the backlog until one leaves"
                    )
                    outOfDescriptors = true  // said once
                }
                await withCheckedContinuation { slotWaiting = $0 }
                continue
            } catch  where error.code == .closed && failure != nil {
                return
            } catch {
                throw Failure(error, "accept")
            }
            lastActivity = .now
            let client = Client(
                id: nextID,
                socket: socket,
                name: Opening.peerText(socket),
                preserveMessages: preserveMessages
            )
            nextID += 1
            client.shutdownWhenDrained = stdinEnded
            clients[client.id] = client
            Console.error("sockcat: connection from \(client.name)")
            Task(executorPreference: loop) { await self.read(client) }
            Task(executorPreference: loop) { await self.write(client) }
        }
    }

    /// One client's reads, relayed as each arrives, until its end of stream.
    private func read(_ client: Client) async {
        while !client.closed {
            let count: Int
            do throws(SocketError) {
                count = try await client.socket.async.read(into: readBuffer)
            } catch {
                if !client.closed { Console.error("sockcat: \(client.name): \(error)") }
                break
            }
            if count == 0 { break }
            lastActivity = .now
            relay(UnsafeRawBufferPointer(rebasing: readBuffer[..<count]), from: client)
        }
        lastActivity = .now  // a client leaving is activity too
        remove(client)
    }

    /// What `client` sent: to stdout (`--keep-open`) or to every other client (`--broker`).
    private func relay(_ bytes: UnsafeRawBufferPointer, from client: Client) {
        switch mode {
        case .keepOpen:
            guard Console.writeAll(bytes, to: Console.stdoutFD) else {
                stop(Failure("cannot write to stdout (errno \(errno))", status: .ioError))
                return
            }
        case .broker:
            for other in clients.values where other.id != client.id { send(bytes, to: other) }
        }
    }

    private func send(_ bytes: UnsafeRawBufferPointer, to client: Client) {
        guard !client.closed else { return }
        client.outbox.append(bytes)
        if client.outbox.pending > ManyPeers.outboxLimit {
            Console.error(
                "sockcat: dropping \(client.name): it does not read (\(client.outbox.pending) bytes waiting)"
            )
            remove(client)
            return
        }
        client.wakeWriter()
    }

    /// One client's writer: sends its outbox as it fills; at the end of stdin, shuts down.
    private func write(_ client: Client) async {
        while !client.closed {
            guard let (buffer, bytes) = client.outbox.next else {
                if client.shutdownWhenDrained {
                    try? client.socket.shutdown(.write)
                    return
                }
                await withCheckedContinuation { client.writerWaiting = $0 }
                continue
            }
            do throws(SocketError) {
                defer { withExtendedLifetime(buffer) {} }  // the bytes stay valid until the write is over
                let written = try await client.socket.async.write(bytes)
                client.outbox.consume(written)
            } catch {
                if !client.closed {
                    Console.error("sockcat: \(client.name): \(error)")
                    remove(client)
                }
                return
            }
        }
    }

    /// Stdin, chunk by chunk, to every client; at its end, each client's sending side is shut down
    /// once drained.
    private func relayStdin(_ stdin: StdinReader) async {
        for await chunk in stdin.chunks {
            lastActivity = .now
            chunk.withUnsafeBytes { bytes in
                for client in clients.values { send(bytes, to: client) }
            }
            stdin.taken()
        }
        stdinEnded = true
        for client in clients.values {
            client.shutdownWhenDrained = true
            client.wakeWriter()
        }
    }

    /// Closes a client (once): its socket, its outbox, its writer.
    private func remove(_ client: Client) {
        guard !client.closed else { return }
        client.closed = true
        clients[client.id] = nil
        client.outbox.removeAll()
        client.socket.close()
        client.wakeWriter()
        if let waiting = slotWaiting {
            slotWaiting = nil
            waiting.resume()
        }
    }

    /// Ends the server with `failure`: the accept loop sees the closed listener.
    private func stop(_ failure: Failure) {
        guard self.failure == nil else { return }
        self.failure = failure
        listener.close()
    }
}

/// Stdin read on a thread of its own (a pipe or a file cannot join an epoll set portably, and a
/// regular file cannot at all), handed to the loop through an `AsyncStream`. The thread waits
/// until the loop has taken each chunk, so stdin is read no faster than it is relayed.
private final class StdinReader: @unchecked Sendable {
    let chunks: AsyncStream<[UInt8]>
    private let continuation: AsyncStream<[UInt8]>.Continuation
    private let ready: UnsafeMutablePointer<sem_t>

    private init() {
        (chunks, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        ready = .allocate(capacity: 1)
        sem_init(ready, 0, 0)
    }

    static func start() -> StdinReader {
        let reader = StdinReader()
        var thread = pthread_t()
        let context = Unmanaged.passRetained(reader).toOpaque()
        let rc = pthread_create(
            &thread,
            nil,
            { context in
                let reader = Unmanaged<StdinReader>.fromOpaque(context!).takeRetainedValue()
                reader.loop()
                return nil
            },
            context
        )
        if rc == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<StdinReader>.fromOpaque(context).release()
            reader.continuation.finish()
        }
        return reader
    }

    /// The loop took a chunk: read the next.
    func taken() { sem_post(ready) }

    /// The server stops: later chunks are dropped (the thread stays blocked in `read` until
    /// sockcat exits).
    func stop() { continuation.finish() }

    private func loop() {
        var buffer = [UInt8](repeating: 0, count: ManyPeers.readSize)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(Console.stdinFD, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && errno == EAGAIN {  // a non-blocking stdin (shared with another process)
                var ready = pollfd(fd: Console.stdinFD, events: Int16(POLLIN), revents: 0)
                _ = poll(&ready, 1, -1)
                continue
            }
            guard n > 0 else { break }
            continuation.yield(Array(buffer[..<n]))
            while sem_wait(ready) != 0 && errno == EINTR {}
        }
        continuation.finish()
    }
}
#endif
