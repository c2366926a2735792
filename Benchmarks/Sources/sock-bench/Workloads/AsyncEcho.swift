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
