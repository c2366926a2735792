// Faults: a storm of signals. A no-op handler is installed WITHOUT SA_RESTART, so every signal
// makes the syscall the target thread is in (ppoll, send, recv, accept) fail with EINTR; a
// second thread sends it SIGUSR1 every 50 µs with pthread_kill. Sock must retry without a
// spurious error and without losing (or extending) the deadline.

import Sock
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Signals the handler has seen (process-wide; the handler can only touch globals).
let signalsHandled = Atomic<Int>(0)

/// Installs the no-op SIGUSR1 handler (no SA_RESTART) for the duration of `body`.
func withSignalHandler<R>(_ body: () throws -> R) rethrows -> R {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in signalsHandled.add(1, ordering: .relaxed) }
    action.sa_flags = 0
    sigemptyset(&action.sa_mask)
    var old = sigaction()
    precondition(sigaction(SIGUSR1, &action, &old) == 0)
    defer { sigaction(SIGUSR1, &old, nil) }
    return try body()
}

/// Runs `body` on a new thread while another thread sends it SIGUSR1 every `interval`; returns
/// the body's result and the number of signals handled while the body ran.
///
/// The storm is made to hold on a loaded machine (CI runs other builds beside the suite): the body
/// starts only once the first signal has been handled, so a short body cannot finish before the
/// storm thread was ever scheduled, and the storm thread asks for SCHED_FIFO (allowed as root;
/// otherwise it keeps the normal policy and says so), so it wakes every `interval` instead of
/// whenever the scheduler gets round to it.
func underSignalStorm<R: Sendable>(
    interval: Duration = .microseconds(50),
    _ body: @escaping @Sendable () -> R
) -> (
    R, signals: Int
) {
    withSignalHandler {
        let result = Shared<(R, signals: Int)?>(nil)
        let worker = TestThread {
            // Threads inherit the creator's signal mask, and the test runner's (libdispatch)
            // threads block signals: unblock SIGUSR1 here, or it is never delivered.
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, SIGUSR1)
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
            let armed = signalsHandled.load(ordering: .relaxed)
            let waitStart = now()
            while signalsHandled.load(ordering: .relaxed) == armed && now() - waitStart < 10_000_000_000 {
                pause(.microseconds(100))
            }
            let before = signalsHandled.load(ordering: .relaxed)
            let value = body()
            result.set((value, signalsHandled.load(ordering: .relaxed) - before))
        }
        let target = worker.thread
        let storm = TestThread {
            var param = sched_param()
            param.sched_priority = 1
            let realtime = pthread_setschedparam(pthread_self(), CInt(SCHED_FIFO), &param)
            if realtime != 0 { print("signal storm: SCHED_FIFO refused (\(realtime)), normal scheduling") }
            while result.get() == nil {
                pthread_kill(target, SIGUSR1)
                pause(interval)
            }
        }
        worker.join()
        storm.join()
        return result.get()!
    }
}

@Suite("Faults: EINTR storms", .serialized)
struct FaultSignalTests {
    @Test("a deadline read on a silent socket times out on time under a signal storm")
    func deadlineReadTimesOut() throws {
        let (a, b) = try UnixConn.pair()
        defer {
            a.close()
            b.close()
        }
        let timeout: Int64 = 1_000_000_000
        let (outcome, signals) = underSignalStorm { () -> (SocketError?, Int64) in
            let start = now()
            b.setReadDeadline(Deadline(monotonicNanoseconds: start + timeout))
            var buffer = [UInt8](repeating: 0, count: 16)
            do throws(SocketError) {
                _ = try b.read(into: &buffer)
                return (nil, now() - start)
            } catch {
                return (error, now() - start)
            }
        }
        let (error, elapsed) = outcome
        print(
            "EINTR storm, silent read: \(signals) signals handled, \(error.map { "\($0)" } ?? "no error") after \(elapsed / 1_000_000) ms"
        )
        #expect(error?.code == .timedOut, "got \(String(describing: error))")
        #expect(elapsed >= timeout, "returned before the deadline: \(elapsed) ns")
        #expect(elapsed < timeout * 3 / 2, "the deadline slipped: \(elapsed) ns")
        #expect(signals > 100, "the storm did not reach the reader (\(signals) signals)")
    }

    @Test("a deadline read gets data that arrives during a signal storm, with no spurious error")
    func deadlineReadGetsData() throws {
        let (a, b) = try UnixConn.pair()
        defer {
            a.close()
            b.close()
        }
        let writer = TestThread {
            pause(.milliseconds(300))
            _ = try? a.write(Array("storm".utf8))
        }
        defer { writer.join() }
        let (outcome, signals) = underSignalStorm { () -> (Int, SocketError?, Int64) in
            let start = now()
            b.setReadDeadline(.after(.seconds(5)))
            var buffer = [UInt8](repeating: 0, count: 16)
            do throws(SocketError) {
                return (try b.read(into: &buffer), nil, now() - start)
            } catch {
                return (-1, error, now() - start)
            }
        }
        print("EINTR storm, read with data: \(signals) signals, \(outcome.0) bytes after \(outcome.2 / 1_000_000) ms")
        #expect(outcome.1 == nil, "spurious error \(String(describing: outcome.1))")
        #expect(outcome.0 == 5)
        #expect(outcome.2 < 2_000_000_000)
        #expect(signals > 100)
    }

    @Test("writeAll with no deadline (the blocking-style loop) delivers every byte in order under a signal storm")
    func writeAllUnderStorm() throws {
        let (client, server) = try tcpPair()
        defer {
            client.close()
            server.close()
        }
        // Small, but not so small that TCP falls back to zero-window probing (which backs off
        // for seconds): the writer still fills the buffer and waits hundreds of times.
        try client.setSendBufferSize(16384)
        try server.setReceiveBufferSize(32768)
        let total = 4 << 20
        let received = Shared<(count: Int, firstWrong: Int?)?>(nil)
        let reader = TestThread {
            server.setReadDeadline(.after(.seconds(60)))
            received.set(try? drainChecking(server, limit: total, chunk: 1500))
        }
        let (error, signals) = underSignalStorm { () -> SocketError? in
            let payload = UnsafeMutableRawBufferPointer.allocate(byteCount: total, alignment: 8)
            defer { payload.deallocate() }
            fillPattern(payload, from: 0)
            do throws(SocketError) {
                try client.writeAll(UnsafeRawBufferPointer(payload))
                return nil
            } catch {
                return error
            }
        }
        reader.join()
        let got = received.get()
        #expect(got?.count == total, "received \(String(describing: got?.count)) of \(total)")
        #expect(got?.firstWrong == nil, "wrong byte at \(String(describing: got?.firstWrong))")
        print("EINTR storm, writeAll of \(total) bytes: \(signals) signals, \(error.map { "\($0)" } ?? "no error")")
        #expect(error == nil)
        #expect(signals > 10)
    }

    @Test("accept and waitReady with deadlines hold under a signal storm")
    func acceptAndWaitUnderStorm() throws {
        let listener = try TCPListener("127.0.0.1:0")
        defer { listener.close() }
        let endpoint = try listener.endpoint()
        let dialer = TestThread {
            pause(.milliseconds(200))
            let conn = try? TCPConn.dial(endpoint)
            try? conn?.finishConnect(until: .after(.seconds(5)))
            pause(.milliseconds(500))
            conn?.close()
        }
        defer { dialer.join() }
        let (outcome, signals) = underSignalStorm { () -> (String, Int64, Int64) in
            var text = ""
            listener.setReadDeadline(.after(.seconds(5)))
            let start = now()
            var acceptTime: Int64 = -1
            do throws(SocketError) {
                let conn = try listener.accept()
                acceptTime = now() - start
                // A wait that must time out: nothing is sent on this connection.
                let waitStart = now()
                do throws(SocketError) {
                    _ = try conn.waitReady(.read, until: .after(.milliseconds(250)))
                    text = "waitReady returned ready"
                } catch {
                    text = error.code == .timedOut ? "ok" : "waitReady: \(error)"
                }
                conn.close()
                return (text, acceptTime, now() - waitStart)
            } catch {
                return ("accept: \(error)", acceptTime, 0)
            }
        }
        print(
            "EINTR storm, accept after \(outcome.1 / 1_000_000) ms, wait \(outcome.2 / 1_000_000) ms: \(outcome.0); \(signals) signals"
        )
        #expect(outcome.0 == "ok")
        #expect(outcome.1 >= 150_000_000 && outcome.1 < 2_000_000_000)
        #expect(outcome.2 >= 250_000_000 && outcome.2 < 375_000_000, "waitReady deadline slipped")
        #expect(signals > 100)
    }
}
