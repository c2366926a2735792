// async-pingpong: the `pingpong` round trip with `async` operations on Sock's event loop.
// No C baseline: compare sets its wall time against Sock's synchronous `pingpong` of the same run.

import CBenchSupport
import CMallocCount
import Sock

/// One op = one round trip over `connections` AF_UNIX stream socketpairs served by one loop: a
/// client task per pair writes 64 bytes and awaits them back, a server task per pair awaits 64
/// bytes and writes them back (`async.read(into:)` / `async.write(_:)` on raw buffers). Reads go
/// into 2 KiB buffers and must return exactly 64 bytes: a read shorter than its buffer tells the
/// loop the socket is drained (edge-triggered readiness is cleared without an EAGAIN syscall), as a
/// server reading into a real buffer would. With
/// several pairs the op count is the total over all of them. `global`: the loop also runs as the
/// process's global executor (`runAsGlobalExecutor`); otherwise tasks reach it as a TaskExecutor.
/// `backend`: the loop's backend (the `-uring` workloads fail when io_uring is unavailable rather
/// than measure epoll under their name).
func asyncPingPong(
    _ parameters: RunParameters,
    connections: Int,
    global: Bool,
    backend: EventLoop.Backend = .epoll
) -> Measurement {
    let loop: EventLoop
    do throws(SocketError) {
        loop = try EventLoop(backend: backend)
    } catch {
        fail("async-pingpong: \(error)")
    }
    if loop.backend != backend {
        fail("async-pingpong: the \(backend) backend is unavailable: \(loop.fallbackReason ?? "?")")
    }
    let body: @Sendable () async throws -> Measurement = {
        try await asyncPingPongBody(loop, parameters, connections: connections)
    }
    do {
        let measurement = try global ? loop.runAsGlobalExecutor(body) : loop.run(body)
        if loop.backend != backend {
            fail("async-pingpong: the \(backend) backend is unavailable: \(loop.fallbackReason ?? "?")")
        }
        return measurement
    } catch {
        fail("async-pingpong: \(error)")
    }
}

private func asyncPingPongBody(
    _ loop: EventLoop,
    _ parameters: RunParameters,
    connections: Int
) async throws -> Measurement {
    let size = 64
    var pairs: [(UnixConn, UnixConn)] = []
    for _ in 0..<connections { pairs.append(try UnixConn.pair()) }
    // Each client does its share of the warm-up and of the measured round trips; the clock and the
    // malloc counter run over the measured part of all of them together.
    let perClientWarmup = max(1, parameters.warmup / connections)
    let perClient = max(1, parameters.iterations / connections)
    let warmedUp = Counter(connections)
    let gate = Gate()
    try await withThrowingTaskGroup(of: Void.self) { group in
        for (a, b) in pairs {
            group.addTask {
                let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 2048, alignment: 16)
                defer { buffer.deallocate() }
                let reply = UnsafeRawBufferPointer(rebasing: buffer[0..<size])
                while true {
                    let n = try await b.async.read(into: buffer)
                    if n == 0 { return }
                    guard n == size, try await b.async.write(reply) == size else {
                        fail("async-pingpong: short read or write")
                    }
                }
            }
            group.addTask {
                let out = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
                let into = UnsafeMutableRawBufferPointer.allocate(byteCount: 2048, alignment: 16)
                defer {
                    out.deallocate()
                    into.deallocate()
                }
                out.initializeMemory(as: UInt8.self, repeating: UInt8(ascii: "x"))
                let outView = UnsafeRawBufferPointer(out)
                for round in 0..<(perClientWarmup + perClient) {
                    if round == perClientWarmup {
                        if warmedUp.arrive() { gate.start() } else { await gate.wait() }
                    }
                    guard try await a.async.write(outView) == size, try await a.async.read(into: into) == size else {
                        fail("async-pingpong: short read or write")
                    }
                }
                if warmedUp.leave() { gate.stop() }
                try a.shutdown(.write)
            }
        }
        try await group.waitForAll()
    }
    for (a, b) in pairs {
        a.close()
        b.close()
    }
    return Measurement(
        nsPerOp: Double(gate.t1 - gate.t0) / Double(perClient * connections),
        mallocs: gate.mallocs
    )
}

/// How many clients are still warming up / still measuring (all on the loop's thread).
private final class Counter: @unchecked Sendable {
    var warming: Int
    var measuring: Int
    init(_ n: Int) {
        warming = n
        measuring = n
    }
    func arrive() -> Bool {
        warming -= 1
        return warming == 0
    }
    func leave() -> Bool {
        measuring -= 1
        return measuring == 0
    }
}

/// Holds the clients at the end of their warm-up until all are there, then starts the clock and the
/// malloc counter; the last client to finish stops them.
private final class Gate: @unchecked Sendable {
    var waiting: [CheckedContinuation<Void, Never>] = []
    var t0: UInt64 = 0
    var t1: UInt64 = 0
    var mallocs: UInt64 = 0
    func wait() async {
        await withCheckedContinuation { waiting.append($0) }
    }
    func start() {
        let released = waiting
        waiting = []
        for continuation in released { continuation.resume() }
        mc_begin()
        t0 = bench_now_ns()
    }
    func stop() {
        t1 = bench_now_ns()
        mallocs = mc_end()
    }
}
