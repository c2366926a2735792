// Descriptor safety under concurrency: worker threads read, write, wait on deadlines and call
// options on sockets while churn threads close them and open new ones, so the kernel hands the
// freed numbers straight out again. Every pair's messages carry the pair's own 64-bit id, and
// every option call checks the socket's own type and family: a byte or an answer from another
// socket means an operation ran on a recycled descriptor.
//
// SOCK_STRESS_OPS sets the number of worker operations (default 1,000,000, which issue 8 asks
// for; about 5 s here. scripts/sanitizers.sh lowers it).

import Sock
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// One connected pair under test; `id` tags every message it carries.
final class StressPair: Sendable {
    let a: NetSocket
    let b: NetSocket
    let id: UInt64
    let type: CInt
    let family: sa_family_t
    /// The control experiment's descriptors: the pair's sockets taken out of Sock
    /// (`releaseFileDescriptor()`) and closed with plain `close(2)` by ``close()``, the way a
    /// wrapper without any descriptor safety would close them.
    let naive: (a: CInt, b: CInt)?

    init(
        _ a: NetSocket,
        _ b: NetSocket,
        id: UInt64,
        type: CInt,
        family: sa_family_t,
        naive: (a: CInt, b: CInt)? = nil
    ) {
        self.a = a
        self.b = b
        self.id = id
        self.type = type
        self.family = family
        self.naive = naive
    }

    func close() {
        if let naive {
            Glibc.close(naive.a)
            Glibc.close(naive.b)
        }
        a.close()
        b.close()
    }

    /// The same pair for the control: Sock lets go of both sockets and ``close()`` closes their
    /// numbers at once, whoever is using them.
    func makeNaive() throws(SocketError) -> StressPair {
        let fds = (a: try a.releaseFileDescriptor(), b: try b.releaseFileDescriptor())
        return StressPair(a, b, id: id, type: type, family: family, naive: fds)
    }

    /// A new pair: a Unix seqpacket pair or a connected UDP pair on 127.0.0.1 (both keep message
    /// boundaries, so every read returns whole tagged messages).
    static func make(id: UInt64) throws(SocketError) -> StressPair {
        if id % 3 == 0 {
            let receiver = try UDPConn.listen(UDPAddr(ip: .v4(.loopback), port: 0))
            let sender = try UDPConn.dial(try receiver.endpoint())
            // Connected both ways, so a datagram from any other socket is filtered by the kernel
            // even if a port number is reused.
            try receiver.netSocket.connect(to: try sender.localAddress())
            return StressPair(
                sender.netSocket,
                receiver.netSocket,
                id: id,
                type: SC.SOCK_DGRAM,
                family: sa_family_t(SC.AF_INET)
            )
        }
        let (a, b) = try UnixConn.pair(.unixpacket)
        return StressPair(a.netSocket, b.netSocket, id: id, type: SC.SOCK_SEQPACKET, family: sa_family_t(SC.AF_UNIX))
    }
}

/// What the workers saw.
struct StressTally: Sendable {
    var operations = 0
    var reads = 0
    var bytesChecked = 0
    var writes = 0
    var waits = 0
    var optionCalls = 0
    var closedErrors = 0
    var otherExpectedErrors = 0
    var foreign: [String] = []
    var unexpected: [String] = []

    mutating func merge(_ other: StressTally) {
        operations += other.operations
        reads += other.reads
        bytesChecked += other.bytesChecked
        writes += other.writes
        waits += other.waits
        optionCalls += other.optionCalls
        closedErrors += other.closedErrors
        otherExpectedErrors += other.otherExpectedErrors
        foreign += other.foreign.prefix(5)
        unexpected += other.unexpected.prefix(5)
    }
}

@Suite("Descriptor safety under concurrent close and reuse")
struct DescriptorSafetyTests {
    static let messageSize = 16
    /// The id of decoy messages written into fresh sockets that no pair owns.
    static let decoyID: UInt64 = 0xDEAD_BEEF_DEAD_BEEF

    @Test("no operation ever runs on a recycled descriptor (reads, writes, waits, options)")
    func recycledDescriptors() throws {
        let target = environmentCount("SOCK_STRESS_OPS", default: 1_000_000)
        let run = try Self.stress(operations: target, unguarded: false)
        let tally = run.tally
        print(
            "descriptor stress: \(tally.operations) operations (target \(target)) in \(run.seconds) s: "
                + "\(tally.reads) reads (\(tally.bytesChecked) bytes checked), \(tally.writes) writes, "
                + "\(tally.waits) deadline waits, \(tally.optionCalls) option calls; \(run.churned) pairs "
                + "closed and reopened, \(run.churned) decoy sockets; \(tally.closedErrors) raced a close (.closed), "
                + "\(tally.otherExpectedErrors) peer-gone errors; foreign \(tally.foreign.count), "
                + "unexpected \(tally.unexpected.count)"
        )
        #expect(tally.operations >= target)
        #expect(tally.foreign.isEmpty, "operations on a wrong descriptor: \(tally.foreign)")
        #expect(tally.unexpected.isEmpty, "unexpected errors: \(tally.unexpected)")
        #expect(run.churned > 0 && tally.closedErrors > 0, "the churn never raced a worker")
        #expect(tally.bytesChecked > 0)
    }

    /// The control experiment: the same stress on sockets without Sock's descriptor safety: raw
    /// `send`/`recv` on numbers that the churn closes with plain `close(2)` while workers use them.
    /// The detector must catch them landing on recycled descriptors; otherwise the test above could
    /// not fail. It runs in a child process: an unguarded write may land on any descriptor of the
    /// process.
    @Test("control: unguarded raw reads and writes on the same workload are caught (child process)")
    func unguardedIsCaught() {
        // Its races are deliberate: ThreadSanitizer (scripts/sanitizers.sh) must not report them.
        let tsan = getenv("TSAN_OPTIONS").map { String(cString: $0) + ":" } ?? ""
        let r = runChild("unguarded", function: "unguardedChild", environment: ["TSAN_OPTIONS": tsan + "report_bugs=0"])
        r.report.forEach { print($0) }
        #expect(r.status == 0, "child failed:\n\(childFailureSummary(r.output))")
        #expect(r.report.contains { $0.hasPrefix("CHILD: unguarded") }, "no report:\n\(childFailureSummary(r.output))")
    }

    @Test(childOnly("unguarded"))
    func unguardedChild() throws {
        let run = try Self.stress(operations: 200_000, unguarded: true)
        print(
            "CHILD: unguarded control: \(run.tally.operations) operations, \(run.churned) churns, \(run.tally.foreign.count) foreign messages caught, e.g. \(run.tally.foreign.first ?? "-")"
        )
        #expect(!run.tally.foreign.isEmpty, "the detector missed operations on recycled descriptors")
    }

    static func stress(
        operations target: Int,
        unguarded: Bool
    ) throws -> (
        tally: StressTally, churned: Int, seconds: Double
    ) {
        let workers = 4
        let slotCount = 48
        let nextID = Atomic<UInt64>(1)
        var initial: [StressPair] = []
        for _ in 0..<slotCount {
            let pair = try StressPair.make(id: nextID.wrappingAdd(1, ordering: .relaxed).oldValue)
            initial.append(unguarded ? try pair.makeNaive() : pair)
        }
        let slots = Shared(initial)
        let done = Shared(false)
        let total = Shared(StressTally())
        let churned = Counter()
        let started = now()

        var threads: [TestThread] = []
        for w in 0..<workers {
            let quota = target / workers + (w < target % workers ? 1 : 0)
            threads.append(
                TestThread {
                    var rng = SystemRandomNumberGenerator()
                    var tally = StressTally()
                    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256, alignment: 8)
                    defer { buffer.deallocate() }
                    while tally.operations < quota {
                        let pair = slots.update { $0[Int.random(in: 0..<$0.count, using: &rng)] }
                        if unguarded {
                            DescriptorSafetyTests.operateUnguarded(on: pair, buffer, &tally, &rng)
                        } else {
                            DescriptorSafetyTests.operate(on: pair, buffer, &tally, &rng)
                        }
                    }
                    total.update { $0.merge(tally) }
                }
            )
        }
        // Churn: replace pairs (closing sockets that workers may be using right now) and open
        // decoy sockets holding foreign messages, which take over the freed numbers.
        let churners = (0..<2).map { _ in
            TestThread {
                var rng = SystemRandomNumberGenerator()
                var held: [StressPair] = []
                while !done.get() {
                    do throws(SocketError) {
                        let made = try StressPair.make(id: nextID.wrappingAdd(1, ordering: .relaxed).oldValue)
                        let fresh = unguarded ? try made.makeNaive() : made
                        let old = slots.update { slots in
                            let i = Int.random(in: 0..<slots.count, using: &rng)
                            defer { slots[i] = fresh }
                            return slots[i]
                        }
                        old.close()
                        churned.add(1)
                        let decoy = try StressPair.make(id: DescriptorSafetyTests.decoyID)
                        DescriptorSafetyTests.writeMessage(decoy.a, id: DescriptorSafetyTests.decoyID)
                        held.append(decoy)
                        if held.count > 8 { held.removeFirst().close() }
                        // Thousands of replacements a second per thread: often enough to race the
                        // workers all the time, rarely enough that most operations find data.
                        pause(.microseconds(50))
                    } catch {
                        total.update { $0.unexpected.append("churn: \(error)") }
                    }
                }
                held.forEach { $0.close() }
            }
        }
        threads.forEach { $0.join() }
        done.set(true)
        churners.forEach { $0.join() }
        slots.get().forEach { $0.close() }
        return (total.get(), churned.value, Double(now() - started) / 1e9)
    }

    /// The control's operations: raw `send`/`recv` on the naive numbers, with no guard.
    static func operateUnguarded(
        on pair: StressPair,
        _ buffer: UnsafeMutableRawBufferPointer,
        _ tally: inout StressTally,
        _ rng: inout SystemRandomNumberGenerator
    ) {
        tally.operations += 1
        var message = (pair.id, pair.id)
        guard let naive = pair.naive else { preconditionFailure("the control runs on naive pairs only") }
        _ = withUnsafeBytes(of: &message) {
            Glibc.send(naive.a, $0.baseAddress, $0.count, CInt(MSG_DONTWAIT | MSG_NOSIGNAL))
        }
        let n = Glibc.recv(naive.b, buffer.baseAddress, buffer.count, CInt(MSG_DONTWAIT))
        if n > 0 { check(UnsafeRawBufferPointer(rebasing: buffer[..<n]), pair, &tally) }
    }

    static func writeMessage(_ socket: NetSocket, id: UInt64) {
        var message = (id, id)
        _ = withUnsafeBytes(of: &message) { try? socket.write($0) }
    }

    /// One random operation on `pair`, checking whatever comes back.
    static func operate(
        on pair: StressPair,
        _ buffer: UnsafeMutableRawBufferPointer,
        _ tally: inout StressTally,
        _ rng: inout SystemRandomNumberGenerator
    ) {
        tally.operations += 1
        do throws(SocketError) {
            switch Int.random(in: 0..<8, using: &rng) {
            case 0, 1, 2:
                var message = (pair.id, pair.id)
                _ = try withUnsafeBytes(of: &message) { (m) throws(SocketError) -> Int in try pair.a.write(m) }
                tally.writes += 1
            case 3, 4:
                // Write, then read: most reads find a message (this pair's, or nobody's).
                writeMessage(pair.a, id: pair.id)
                pair.b.setReadDeadline(.after(.microseconds(Int.random(in: 0...2000, using: &rng))))
                let n = try pair.b.read(into: buffer)
                tally.reads += 1
                check(UnsafeRawBufferPointer(rebasing: buffer[..<n]), pair, &tally)
            case 5:
                _ = try pair.b.waitReady(.read, until: .after(.microseconds(500)))
                tally.waits += 1
            case 6:
                // Answers that only the right socket gives.
                let type = try kernelType(pair.a)
                let local = try pair.b.localAddress()
                tally.optionCalls += 1
                if type != pair.type || local.family != pair.family {
                    tally.foreign.append("pair \(pair.id): type \(type), family \(local.family)")
                }
            default:
                try pair.b.setReceiveBufferSize(65536)
                _ = try pair.b.withFileDescriptor { (fd) throws(SocketError) -> Int in
                    // Under the guard, the number must still be this socket: check with fstat-free
                    // getsockopt through the library (SO_TYPE).
                    let type = try kernelType(pair.b)
                    if type != pair.type { tally.foreign.append("pair \(pair.id): fd \(fd) has type \(type)") }
                    return 0
                }
                tally.optionCalls += 1
            }
        } catch {
            switch error.code {
            case .closed: tally.closedErrors += 1
            case .wouldBlock, .timedOut: break
            case .brokenPipe, .connectionReset, .connectionRefused, .notConnected: tally.otherExpectedErrors += 1
            default: tally.unexpected.append("pair \(pair.id): \(error)")
            }
        }
    }

    /// The type the kernel reports for the socket's descriptor (`SO_TYPE`), not the one the
    /// `NetSocket` stored at creation: only the right descriptor gives the right answer.
    static func kernelType(_ socket: NetSocket) throws(SocketError) -> CInt {
        try socket.getOption(level: .socket, name: OptionName(rawValue: SC.SO_TYPE), as: CInt.self)
    }

    /// Every message read must be this pair's.
    static func check(_ bytes: UnsafeRawBufferPointer, _ pair: StressPair, _ tally: inout StressTally) {
        if bytes.isEmpty { return }  // end of stream: the peer was closed
        tally.bytesChecked += bytes.count
        guard bytes.count == messageSize else {
            tally.foreign.append("pair \(pair.id): a \(bytes.count)-byte message")
            return
        }
        let first = bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
        let second = bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        if first != pair.id || second != pair.id {
            tally.foreign.append("pair \(pair.id) read a message of \(first == decoyID ? "a decoy" : "pair \(first)")")
        }
    }
}
