// nio-async-pingpong, nio-async-pingpong-default: Sock's `pingpong` done with SwiftNIO's
// NIOAsyncChannel. No C baseline; compare reports them against Sock's `pingpong`.

import CBenchSupport
import CMallocCount
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `nio-async-pingpong`: the tasks run on the event loop, the way SwiftNIO's own benchmarks run
/// NIOAsyncChannel (`TCPEchoAsyncChannel` in swift-nio 2.101.3's `Benchmarks/`): the concurrency
/// runtime's `swift_task_enqueueGlobal_hook` hands every job to `eventLoop.executor.enqueue(job)`.
func nioAsyncPingPong(_ parameters: RunParameters) -> Measurement {
    nioAsyncPingPong(parameters, workload: "nio-async-pingpong", tasksOnEventLoop: true)
}

/// `nio-async-pingpong-default`: the same code, its tasks on the default global executor (on Linux
/// Dispatch's cooperative pool), the event loop doing only the I/O.
func nioAsyncPingPongDefault(_ parameters: RunParameters) -> Measurement {
    nioAsyncPingPong(parameters, workload: "nio-async-pingpong-default", tasksOnEventLoop: false)
}

/// The same op as `pingpong` (one 64-byte round trip over an AF_UNIX SOCK_STREAM socketpair: A
/// writes 64 B, B reads them and writes them back, A reads 64 B) with SwiftNIO 2.101.3: both ends are
/// `SocketChannel`s on ONE event loop (`MultiThreadedEventLoopGroup(numberOfThreads: 1)`,
/// `ClientBootstrap.withConnectedSocket`), each wrapped as `NIOAsyncChannel<ByteBuffer, ByteBuffer>`.
/// B is a child task, `for try await buffer in inbound { try await outbound.write(buffer) }`; A is
/// the parent task: `outbound.write(ping)`, then `for try await` over its inbound, counting 64
/// received bytes as one round trip and writing the next ping.
///
/// The warm-up, the clock and the malloc counter run in A's task: `mc_begin()` and the clock after
/// `warmup` round trips, the clock and `mc_end()` after `iterations` more. The count is
/// process-wide: it includes the event loop thread and, for the default executor, the
/// cooperative pool's threads (the main thread is blocked in `wait()`).
func nioAsyncPingPong(_ parameters: RunParameters, workload: String, tasksOnEventLoop: Bool) -> Measurement {
    var fds: [Int32] = [-1, -1]
    guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
        fail("\(workload): socketpair: errno \(errno)")
    }
    let (fdA, fdB) = (fds[0], fds[1])
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let loop = group.next()
    if tasksOnEventLoop { setEnqueueGlobalHook(loop) }
    let result: Measurement
    do {
        result = try loop.makeFutureWithTask {
            try await nioAsyncPingPongTask(parameters, loop: loop, fdA: fdA, fdB: fdB)
        }.wait()
    } catch {
        fail("\(workload): \(error)")
    }
    if tasksOnEventLoop { setEnqueueGlobalHook(nil) }
    do {
        try group.syncShutdownGracefully()
    } catch {
        fail("\(workload): shutting the event loop down: \(error)")
    }
    return result
}

/// Wraps one connected socket as an async channel on `loop` (NIO owns and closes the descriptor).
private func nioAsyncChannel(
    _ fd: Int32,
    on loop: any EventLoop
) async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
    try await ClientBootstrap(group: loop).withConnectedSocket(fd) { channel in
        channel.eventLoop.makeCompletedFuture {
            try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                wrappingChannelSynchronously: channel,
                configuration: .init(inboundType: ByteBuffer.self, outboundType: ByteBuffer.self)
            )
        }
    }
}

private func nioAsyncPingPongTask(
    _ parameters: RunParameters,
    loop: any EventLoop,
    fdA: Int32,
    fdB: Int32
) async throws -> Measurement {
    let size = 64
    let a = try await nioAsyncChannel(fdA, on: loop)
    let b = try await nioAsyncChannel(fdB, on: loop)
    let ping = ByteBuffer(repeating: UInt8(ascii: "x"), count: size)
    let total = parameters.warmup + parameters.iterations
    return try await a.executeThenClose { aInbound, aOutbound in
        try await b.executeThenClose { bInbound, bOutbound in
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask {
                    for try await buffer in bInbound {
                        try await bOutbound.write(buffer)
                    }
                }
                var received = 0
                var completed = 0
                var t0: UInt64 = 0
                var result: Measurement?
                if parameters.warmup == 0 {
                    mc_begin()
                    t0 = bench_now_ns()
                }
                try await aOutbound.write(ping)
                for try await buffer in aInbound {
                    received += buffer.readableBytes
                    guard received >= size else { continue }  // a short read: the rest follows
                    guard received == size else { fail("nio async pingpong: \(received) bytes for one ping") }
                    received = 0
                    completed += 1
                    if completed == parameters.warmup {
                        mc_begin()
                        t0 = bench_now_ns()
                    } else if completed == total {
                        let t1 = bench_now_ns()
                        let mallocs = mc_end()
                        result = Measurement(nsPerOp: Double(t1 - t0) / Double(parameters.iterations), mallocs: mallocs)
                        break
                    }
                    try await aOutbound.write(ping)
                }
                tasks.cancelAll()  // ends B's loop; its error, if any, is discarded (the work is done)
                guard let result else { fail("nio async pingpong: A's inbound ended after \(completed) round trips") }
                return result
            }
        }
    }
}

/// What the concurrency runtime calls, when set, instead of enqueueing a job on the global
/// executor: the job and the original enqueue function (SwiftNIO's benchmarks' type).
typealias EnqueueGlobalHook = @convention(thin) (UnownedJob, @convention(thin) (UnownedJob) -> Void) -> Void

/// The loop the hook hands jobs to (a thin function captures nothing: it reads this global).
/// Written only while no task runs (before the first one is made, after the last one ended).
nonisolated(unsafe) private var hookLoop: (any EventLoop)?

/// Installs (`loop`) or removes (`nil`) the global enqueue hook that runs every task on `loop`,
/// as swift-nio 2.101.3's `Benchmarks/.../TCPEchoAsyncChannel` benchmark does
/// (`eventLoop.executor.enqueue(job)`; here through `ExecutorJob(job)`, the non-deprecated
/// spelling of the same call), except that the hook's address comes from C
/// (`bench_enqueue_global_hook_slot`), not from `dlsym`, which cannot find it in a binary linked
/// with `--static-swift-stdlib`.
func setEnqueueGlobalHook(_ loop: (any EventLoop)?) {
    let slot = bench_enqueue_global_hook_slot().assumingMemoryBound(to: EnqueueGlobalHook?.self)
    if let loop {
        hookLoop = loop
        slot.pointee = { job, _ in hookLoop!.executor.enqueue(ExecutorJob(job)) }
    } else {
        slot.pointee = nil
        hookLoop = nil
    }
}
