// async-floor-global: what two awaits cost on Sock's loop with no I/O at all, the floor under every
// async round trip. No C baseline: compare sets its instruction count against async-pingpong-global.

import CBenchSupport
import CMallocCount
import Sock

/// One op = one round trip of a baton between two tasks on one loop that runs as the process's
/// global executor, as in `async-pingpong-global`, but with no socket: task A resumes B's
/// `UnsafeContinuation` and suspends on its own; the loop runs B, which resumes A and suspends.
/// So each op is two suspensions, two resumes, two jobs through the loop's run queue and two turns
/// of its drive loop, which is the part of an async ping-pong that is the concurrency runtime's and
/// the loop's scheduling, without the reads, writes, readiness and waits. `async-pingpong-global`
/// minus this workload is what Sock's operations and the readiness path add.
func asyncFloorGlobal(_ parameters: RunParameters) -> Measurement {
    let loop: EventLoop
    do throws(SocketError) {
        loop = try EventLoop(backend: .epoll)
    } catch {
        fail("async-floor-global: \(error)")
    }
    do {
        return try loop.runAsGlobalExecutor { await batonRoundTrips(parameters) }
    } catch {
        fail("async-floor-global: \(error)")
    }
}

/// The two tasks' shared state; both run on the loop's thread.
private final class Baton: @unchecked Sendable {
    /// The suspended task's continuation, taken by the task that resumes it.
    var waiting: UnsafeContinuation<Bool, Never>?
    var t0: UInt64 = 0
    var t1: UInt64 = 0
    var mallocs: UInt64 = 0

    /// Hands the baton over: resumes the other task with `more`, then suspends until it hands it
    /// back, and returns what it was given (false: the other task has finished).
    func pass(_ more: Bool) async -> Bool {
        await withUnsafeContinuation { continuation in
            let other = waiting
            waiting = continuation
            other?.resume(returning: more)
        }
    }
}

private func batonRoundTrips(_ parameters: RunParameters) async -> Measurement {
    let baton = Baton()
    let rounds = parameters.warmup + parameters.iterations
    await withTaskGroup(of: Void.self) { group in
        // B: suspends first, then answers every pass until A says it is done.
        group.addTask {
            var more = await withUnsafeContinuation { baton.waiting = $0 }
            while more { more = await baton.pass(true) }
        }
        // A: starts once B is waiting (the group's first child runs first on the loop's queue).
        group.addTask {
            while baton.waiting == nil { await Task.yield() }
            for round in 0..<rounds {
                if round == parameters.warmup {
                    mc_begin()
                    baton.t0 = bench_now_ns()
                }
                guard await baton.pass(true) else { fail("async-floor-global: B ended early") }
            }
            baton.t1 = bench_now_ns()
            baton.mallocs = mc_end()
            // B is suspended in `pass`: give it `false` without waiting for an answer.
            let other = baton.waiting
            baton.waiting = nil
            other?.resume(returning: false)
        }
    }
    return Measurement(
        nsPerOp: Double(baton.t1 - baton.t0) / Double(parameters.iterations),
        mallocs: baton.mallocs
    )
}
