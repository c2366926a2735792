// Async I/O on Sock's event loop: the 64-byte socketpair round trip of `unix-pingpong`, with
// `async` operations, on each backend. Each run of the closure starts a loop on the benchmark's
// thread, an echo task and a warm-up; only the steady-state round trips are measured
// (`startMeasurement`/`stopMeasurement`), and they are held to zero heap allocations.

#if os(Linux)
import Benchmark
import Sock

/// Registers the async benchmarks.
func asyncBenchmarks() {
    asyncPingPong("async-pingpong", backend: .epoll)
    asyncPingPong("async-pingpong-uring", backend: .ioURing)
}

/// `NAME`: a round trip (async write of 64 B on A, the echo task reads and writes it back, async
/// read on A) on a loop of `backend`; a loop that cannot get io_uring fails the benchmark rather
/// than measure epoll under the io_uring name.
private func asyncPingPong(_ name: String, backend: EventLoop.Backend) {
    Benchmark(name) { benchmark in
        nonisolated(unsafe) let measured = benchmark
        let rounds = benchmark.scaledIterations.count
        do {
            let loop = try EventLoop(backend: backend)
            guard loop.backend == backend else {
                benchmark.error("\(name): the loop runs on \(loop.backend): \(loop.fallbackReason ?? "")")
                return
            }
            try loop.run {
                let (a, b) = try UnixConn.pair()
                defer {
                    a.close()
                    b.close()
                }
                let echo = Task(executorPreference: loop) { () async throws -> Void in
                    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 16)
                    defer { buffer.deallocate() }
                    while true {
                        var got = 0
                        while got < 64 {
                            let n = try await b.async.read(
                                into: UnsafeMutableRawBufferPointer(rebasing: buffer[got...])
                            )
                            if n == 0 { return }
                            got += n
                        }
                        try await b.async.writeAll(UnsafeRawBufferPointer(buffer))
                    }
                }
                let out = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 16)
                let back = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 16)
                out.initializeMemory(as: UInt8.self, repeating: 0x61)
                defer {
                    out.deallocate()
                    back.deallocate()
                }
                for round in 0..<(200 + rounds) {
                    if round == 200 { measured.startMeasurement() }
                    try await a.async.writeAll(UnsafeRawBufferPointer(out))
                    var got = 0
                    while got < 64 {
                        let n = try await a.async.read(into: UnsafeMutableRawBufferPointer(rebasing: back[got...]))
                        if n == 0 { throw SocketError(.connectionReset, operation: .read) }
                        got += n
                    }
                }
                measured.stopMeasurement()
                try a.shutdown(.write)
                try await echo.value
            }
        } catch {
            benchmark.error("\(name): \(error)")
        }
    }
}
#endif
