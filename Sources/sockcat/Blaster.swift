import Sock

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The sending side of `blast`: one connected UDP socket and a send buffer of `segmentsPerSend`
/// datagrams (one GSO send), or a batch of `batch` such messages (`--batch`).
struct Blaster {
    let conn: UDPConn
    let size: Int
    let segmentsPerSend: Int
    let batch: Int
    /// At most this many datagrams per second (`--rate`), or as fast as the socket takes them.
    let rate: Int?
    let buffer: UnsafeMutableRawBufferPointer
    #if os(Linux)
    var batchSender: BatchSender?
    #endif

    init(target: UDPAddr, size: Int, segmentsPerSend: Int, batch: Int, rate: Int? = nil) throws(Failure) {
        do throws(SocketError) {
            conn = try UDPConn.dial(target)
        } catch {
            throw Failure(error, "connect udp \(target)")
        }
        self.size = size
        self.segmentsPerSend = segmentsPerSend
        self.batch = batch
        self.rate = rate
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size * segmentsPerSend, alignment: 16)
        buffer.initializeMemory(as: UInt8.self, repeating: 0x5A)
        if segmentsPerSend > 1 {
            #if os(Linux)
            do throws(SocketError) {
                try conn.setSegmentSize(size)
            } catch {
                throw Failure(error, "UDP GSO (setsockopt UDP_SEGMENT \(size))")
            }
            #else
            throw Failure("--gso: UDP GSO is Linux-only", status: .unavailable)
            #endif
        }
        if batch > 1 {
            #if os(Linux)
            do throws(SocketError) {
                batchSender = try BatchSender(messages: batch, datagramSize: size, datagramsPerMessage: segmentsPerSend)
            } catch {
                throw Failure(error, "--batch")
            }
            #else
            throw Failure("--batch: sendmmsg is Linux-only", status: .unavailable)
            #endif
        }
    }

    func close() {
        conn.close()
        buffer.deallocate()
    }

    /// Sends until `count` datagrams went out or `seconds` passed, then the end marker.
    func run(count: UInt64?, seconds: Duration?) throws(Failure) -> LoadReport {
        var report = LoadReport(role: "blast")
        report.rateLimit = rate
        var progress = Progress()
        let clock = ContinuousClock()
        let start = clock.now
        let stopAt = seconds.map { start + $0 }
        var sequence: UInt64 = 0
        while true {
            if let count, sequence >= count { break }
            if let stopAt, clock.now >= stopAt { break }
            if let rate, !pace(sequence, rate: rate, since: start, stopAt: stopAt, clock: clock) { break }
            let remaining = count.map { Int(min($0 - sequence, UInt64(Int.max))) } ?? Int.max
            let sent = try sendOnce(from: sequence, limit: remaining)
            sequence += UInt64(sent)
            report.datagrams += UInt64(sent)
            report.bytes += UInt64(sent * size)
            report.syscalls += 1
            if progress.enabled {
                report.seconds = Double((clock.now - start) / .microseconds(1)) / 1e6
                progress.update(report)
            }
        }
        report.seconds = Double((clock.now - start) / .microseconds(1)) / 1e6
        progress.finish()
        try sendEnd(total: sequence)
        return report
    }

    /// Waits until datagram `sequence` may go at `rate` datagrams/s after `start` (nanosleep: this
    /// loop is synchronous). Returns false when the run's end comes first.
    private func pace(
        _ sequence: UInt64,
        rate: Int,
        since start: ContinuousClock.Instant,
        stopAt: ContinuousClock.Instant?,
        clock: ContinuousClock
    ) -> Bool {
        let due = start + .nanoseconds(Int64(min(Double(sequence) * 1e9 / Double(rate), 9e18)))
        if let stopAt, due >= stopAt { return false }
        while true {
            let left = clock.now.duration(to: due)
            if left <= .zero { return true }
            let (seconds, attoseconds) = left.components
            var pause = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
            nanosleep(&pause, nil)
        }
    }

    /// One send call carrying up to `limit` datagrams numbered from `first`.
    private func sendOnce(from first: UInt64, limit: Int) throws(Failure) -> Int {
        let perMessage = segmentsPerSend
        let datagrams = min(limit, perMessage * batch)
        #if os(Linux)
        let sender = batchSender
        #endif
        if batch == 1 {
            for index in 0..<datagrams {
                LoadFormat.write(
                    kind: LoadFormat.dataKind,
                    value: first + UInt64(index),
                    into: buffer.baseAddress! + index * size
                )
            }
        }
        while true {
            do throws(SocketError) {
                #if os(Linux)
                if let sender { return try sender.send(datagrams, from: first, on: conn) }
                #endif
                _ = try conn.write(UnsafeRawBufferPointer(rebasing: buffer[..<(datagrams * size)]))
                return datagrams
            } catch  where error.code == .wouldBlock {
                do throws(SocketError) {
                    _ = try conn.waitReady(.write, until: .after(.seconds(5)))
                } catch {
                    throw Failure(error, "send")
                }
            } catch {
                throw Failure(error, "send")
            }
        }
    }

    /// Three end markers a few milliseconds apart, so a busy sink sees at least one. A connected
    /// UDP socket learns from ICMP that the sink has gone (`.connectionRefused`): then it stops.
    private func sendEnd(total: UInt64) throws(Failure) {
        if segmentsPerSend > 1 {
            #if os(Linux)
            try? conn.setSegmentSize(0)
            #endif
        }
        let marker = UnsafeMutableRawBufferPointer.allocate(byteCount: LoadFormat.headerSize, alignment: 8)
        defer { marker.deallocate() }
        LoadFormat.write(kind: LoadFormat.endKind, value: total, into: marker.baseAddress!)
        for _ in 0..<3 {
            var pause = timespec(tv_sec: 0, tv_nsec: 5_000_000)
            nanosleep(&pause, nil)
            do throws(SocketError) {
                _ = try conn.write(UnsafeRawBufferPointer(marker))
            } catch  where error.code == .wouldBlock {
                continue
            } catch  where error.code == .connectionRefused {
                return  // the sink has stopped (it got a marker, or had its count): nobody left to tell
            } catch {
                throw Failure(error, "send end marker")
            }
        }
    }
}
