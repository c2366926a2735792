// echo-1000: a TCP echo server on Sock's event loop, one loop per core, driven by the same load
// generator as nio-echo-1000 (baseline/loadgen.c, 1,000 connections, 64-byte request/response).

import Sock
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One op = one 64-byte request echoed. The server runs `System` cores' worth of event loops, one
/// per thread, each accepting on its own `SO_REUSEPORT` listener bound to the same port (the kernel
/// spreads the connections), each connection served by a task on the loop that accepted it:
/// `async.read(into:)` into a 2 KiB buffer, `async.writeAll(_:)` of what was read.
func echo1000(_ parameters: RunParameters) -> Measurement {
    echo1000(parameters, name: "echo-1000", backend: .epoll)
}

/// `echo-1000` with its loops on io_uring (fails rather than measure epoll under that name).
func echo1000Uring(_ parameters: RunParameters) -> Measurement {
    echo1000(parameters, name: "echo-1000-uring", backend: .ioURing)
}

private func echo1000(_ parameters: RunParameters, name: String, backend: EventLoop.Backend) -> Measurement {
    runEchoLoad(name, parameters) {
        let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let server = SockEchoServer(loops: cores, backend: backend)
        return EchoServer(port: server.port, stop: { server.stop() })
    }
}

/// N event loops on N threads, each with a `SO_REUSEPORT` listener on one port of 127.0.0.1.
final class SockEchoServer: @unchecked Sendable {
    let port: Int
    private var listeners: [TCPListener] = []
    private var threads: [pthread_t] = []

    init(loops: Int, backend: EventLoop.Backend = .epoll) {
        do throws(SocketError) {
            let first = try TCPListener("127.0.0.1:0", reusePort: true, backlog: 4096)
            let port = try first.endpoint().port
            listeners.append(first)
            for _ in 1..<loops {
                listeners.append(try TCPListener("127.0.0.1:\(port)", reusePort: true, backlog: 4096))
            }
            self.port = Int(port)
        } catch {
            fail("echo-1000: listen: \(error)")
        }
        for listener in listeners {
            let box = Unmanaged.passRetained(ListenerBox(listener, backend))
            var thread = pthread_t()
            let rc = pthread_create(
                &thread,
                nil,
                { argument in
                    let box = Unmanaged<ListenerBox>.fromOpaque(argument!).takeRetainedValue()
                    serveEcho(box.listener, box.backend)
                    return nil
                },
                box.toOpaque()
            )
            if rc != 0 { fail("echo-1000: pthread_create failed") }
            threads.append(thread)
        }
    }

    /// Closes the listeners (each loop's accept ends with `.closed`; its connections have ended,
    /// the load generator closed them) and joins the loop threads.
    func stop() {
        for listener in listeners { listener.close() }
        for thread in threads { pthread_join(thread, nil) }
    }
}

private final class ListenerBox: @unchecked Sendable {
    let listener: TCPListener
    let backend: EventLoop.Backend
    init(_ listener: TCPListener, _ backend: EventLoop.Backend) {
        self.listener = listener
        self.backend = backend
    }
}

/// One loop: accept until the listener closes, one task per connection.
private func serveEcho(_ listener: TCPListener, _ backend: EventLoop.Backend) {
    do {
        let loop = try EventLoop(backend: backend)
        guard loop.backend == backend else { fail("echo server: no \(backend) loop: \(loop.fallbackReason ?? "")") }
        try loop.run {
            await withDiscardingTaskGroup { group in
                while true {
                    let conn: TCPConn
                    do {
                        conn = try await listener.async.accept()
                    } catch {
                        let code = (error as? SocketError)?.code
                        if code == .closed { return }
                        if code == .tooManyOpenFiles { continue }
                        fail("echo-1000: accept: \(error)")
                    }
                    group.addTask {
                        await echo(conn)
                    }
                }
            }
        }
    } catch {
        fail("echo-1000: event loop: \(error)")
    }
}

private func echo(_ conn: TCPConn) async {
    defer { conn.close() }
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 2048, alignment: 16)
    defer { buffer.deallocate() }
    while true {
        do {
            let n = try await conn.async.read(into: buffer)
            if n == 0 { return }
            try await conn.async.writeAll(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        } catch {
            return
        }
    }
}

/// `echo-1000-handoff`: the other many-core design. One listener; loop 0 accepts and hands each
/// connection to the loops in turn (`Task(executorPreference:)` on the chosen loop: a cross-thread
/// enqueue and wake-up per connection), where it is served as in `echo-1000`.
func echo1000Handoff(_ parameters: RunParameters) -> Measurement {
    runEchoLoad("echo-1000-handoff", parameters) {
        let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let server = HandoffEchoServer(loops: cores)
        return EchoServer(port: server.port, stop: { server.stop() })
    }
}

/// N event loops on N threads; loop 0 also accepts on the one listener and spreads the
/// connections round-robin. The other loops' bodies wait on a socketpair that `stop()` closes.
final class HandoffEchoServer: @unchecked Sendable {
    let port: Int
    fileprivate let listener: TCPListener
    fileprivate var loops: [EventLoop] = []
    fileprivate var parks: [(UnixConn, UnixConn)] = []
    private var threads: [pthread_t] = []
    /// Loops running (their bodies started): accepting waits for all of them.
    fileprivate let running = Atomic<Int>(0)

    init(loops count: Int) {
        do throws(SocketError) {
            listener = try TCPListener("127.0.0.1:0", backlog: 4096)
            port = Int(try listener.endpoint().port)
            for _ in 0..<count {
                loops.append(try EventLoop(backend: .epoll))
                parks.append(try UnixConn.pair())
            }
        } catch {
            fail("echo-1000-handoff: set-up: \(error)")
        }
        for index in 0..<count {
            let box = Unmanaged.passRetained(HandoffBox(self, index))
            var thread = pthread_t()
            let rc = pthread_create(
                &thread,
                nil,
                { argument in
                    let box = Unmanaged<HandoffBox>.fromOpaque(argument!).takeRetainedValue()
                    box.server.serve(box.index)
                    return nil
                },
                box.toOpaque()
            )
            if rc != 0 { fail("echo-1000-handoff: pthread_create failed") }
            threads.append(thread)
        }
    }

    fileprivate func serve(_ index: Int) {
        let loop = loops[index]
        do {
            try loop.run {
                self.running.add(1, ordering: .releasing)
                if index == 0 {
                    await self.accept()
                } else {
                    // Parked until stop() closes the other end.
                    var byte = [UInt8](repeating: 0, count: 1)
                    _ = try? await self.parks[index].1.async.read(into: &byte)
                }
            }
        } catch {
            fail("echo-1000-handoff: event loop: \(error)")
        }
    }

    private func accept() async {
        while running.load(ordering: .acquiring) < loops.count { await Task.yield() }
        var next = 0
        while true {
            let conn: TCPConn
            do {
                conn = try await listener.async.accept()
            } catch {
                let code = error.code
                if code == .closed { return }
                if code == .tooManyOpenFiles { continue }
                fail("echo-1000-handoff: accept: \(error)")
            }
            let target = loops[next]
            next = (next + 1) % loops.count
            Task(executorPreference: target) { await echo(conn) }
        }
    }

    func stop() {
        listener.close()
        for (a, _) in parks { a.close() }
        for thread in threads { pthread_join(thread, nil) }
        for (_, b) in parks { b.close() }
    }
}

private final class HandoffBox: @unchecked Sendable {
    let server: HandoffEchoServer
    let index: Int
    init(_ server: HandoffEchoServer, _ index: Int) {
        self.server = server
        self.index = index
    }
}
