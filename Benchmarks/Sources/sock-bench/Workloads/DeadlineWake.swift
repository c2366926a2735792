// deadline-wake: wake-up latency of a read waiting on a deadline. C baseline: baseline/w_deadline_wake.c.

import CBenchSupport
import CMallocCount
import Sock
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One op, over an AF_UNIX stream socketpair (`UnixConn.pair()`): the reader (this thread) writes a
/// 1-byte "go" to a peer thread, sets a read deadline 1 s ahead (`setReadDeadline`) and reads
/// 1 byte (Sock: read -> EAGAIN -> ppoll until the deadline -> read). The peer, on "go", sleeps
/// 50 us, stamps `bench_now_ns()` into a shared atomic and writes 1 byte. The op's figure is the
/// reader's clock after its read returned minus that stamp; `nsPerOp` is the MEDIAN over the
/// measured ops (latencies stored in an array made before timing). Mallocs are counted
/// process-wide over the measured ops.
///
/// Sock's ends are always non-blocking; the C peer's blocking read becomes a Sock read with a
/// far-off read deadline (it waits in ppoll), which is outside the measured interval.
func deadlineWake(_ parameters: RunParameters) -> Measurement {
    let reader: UnixConn
    let context: PeerContext
    do throws(SocketError) {
        let (a, b) = try UnixConn.pair()
        reader = a
        context = PeerContext(b)
    } catch {
        fail("deadline-wake: socketpair: \(error)")
    }
    var thread = pthread_t()
    let started = pthread_create(&thread, nil, deadlinePeer, Unmanaged.passRetained(context).toOpaque())
    guard started == 0 else { fail("deadline-wake: pthread_create: \(started)") }

    var latencies = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: parameters.iterations)
    defer { latencies.deallocate() }
    latencies.initialize(repeating: 0)
    let byte = UnsafeMutableRawBufferPointer.allocate(byteCount: 1, alignment: 1)
    defer { byte.deallocate() }
    byte.storeBytes(of: UInt8(ascii: "g"), as: UInt8.self)

    for _ in 0..<parameters.warmup { _ = wakeOnce(reader, byte, context) }
    mc_begin()
    for i in 0..<parameters.iterations { latencies[i] = wakeOnce(reader, byte, context) }
    let mallocs = mc_end()
    reader.close()  // the peer reads end of stream and returns
    pthread_join(thread, nil)
    context.conn.close()

    latencies.sort()
    let m = parameters.iterations / 2
    let median =
        parameters.iterations % 2 == 1
        ? Double(latencies[m]) : (Double(latencies[m - 1]) + Double(latencies[m])) / 2
    return Measurement(nsPerOp: median, mallocs: mallocs)
}

/// The peer thread's socket and the stamp it leaves before writing.
private final class PeerContext: Sendable {
    let conn: UnixConn
    let stamp = Atomic<UInt64>(0)

    init(_ conn: UnixConn) { self.conn = conn }
}

/// One op: "go", a 1 s read deadline, a read that waits; returns the wake-up latency in ns.
@inline(__always)
private func wakeOnce(_ reader: UnixConn, _ byte: UnsafeMutableRawBufferPointer, _ context: PeerContext) -> UInt64 {
    do throws(SocketError) {
        guard try reader.write(UnsafeRawBufferPointer(byte)) == 1 else { fail("deadline-wake: write failed") }
        reader.setReadDeadline(.after(.seconds(1)))
        guard try reader.read(into: byte) == 1 else { fail("deadline-wake: read returned end of stream") }
    } catch {
        fail("deadline-wake: read: \(error)")
    }
    let now = bench_now_ns()
    return now &- context.stamp.load(ordering: .acquiring)
}

/// The peer: on each "go" byte, sleep 50 us, stamp the clock, write one byte; return at end of
/// stream (the reader closed its end).
private func deadlinePeer(_ argument: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    let context = Unmanaged<PeerContext>.fromOpaque(argument!).takeRetainedValue()
    let conn = context.conn
    let byte = UnsafeMutableRawBufferPointer.allocate(byteCount: 1, alignment: 1)
    defer { byte.deallocate() }
    var delay = timespec(tv_sec: 0, tv_nsec: 50_000)
    while true {
        do throws(SocketError) {
            conn.setReadDeadline(.distantFuture)
            let n = try conn.read(into: byte)
            if n == 0 { return nil }
            _ = nanosleep(&delay, nil)
            context.stamp.store(bench_now_ns(), ordering: .releasing)
            byte.storeBytes(of: UInt8(ascii: "d"), as: UInt8.self)
            guard try conn.write(UnsafeRawBufferPointer(byte)) == 1 else { fail("deadline-wake: peer write failed") }
        } catch {
            fail("deadline-wake: peer: \(error)")
        }
    }
}
