import Sock

/// The receiving side of `sink`: one bound UDP socket, a 64 KiB receive buffer (a GRO-coalesced
/// receive can be that large) or a batch of them (`--batch`), and the loss accounting.
struct Sink {
    static let messageCapacity = 65536
    static let controlCapacity = 64

    let conn: UDPConn
    let gro: Bool
    let batch: Int
    let buffer: UnsafeMutableRawBufferPointer
    let control: UnsafeMutableRawBufferPointer
    #if os(Linux)
    var batchReceiver: BatchReceiver?
    #endif

    private var report = LoadReport(role: "sink")
    private var counts = LoadAccounting()
    /// The receive buffer the kernel granted (SO_RCVBUF as read back), for the summary.
    private(set) var receiveBuffer: Int?

    /// Binds `address`. `receiveBufferSize` is SO_RCVBUF in bytes (`--rcvbuf`); without it sockcat
    /// asks for 64 MiB, which the kernel caps at `net.core.rmem_max`.
    init(address: UDPAddr, gro: Bool, batch: Int, receiveBufferSize: Int? = nil) throws(Failure) {
        do throws(SocketError) {
            conn = try UDPConn.listen(address)
            Console.error("sockcat: listening on \(try conn.endpoint())")
        } catch {
            throw Failure(error, "listen udp \(address)")
        }
        self.gro = gro
        self.batch = batch
        buffer = .allocate(byteCount: Sink.messageCapacity, alignment: 16)
        control = .allocate(byteCount: Sink.controlCapacity, alignment: 16)
        if let receiveBufferSize {
            do throws(SocketError) {
                try conn.setReceiveBufferSize(receiveBufferSize)
            } catch {
                throw Failure(error, "--rcvbuf \(receiveBufferSize) (setsockopt SO_RCVBUF)")
            }
        } else {
            // A deep queue rides out bursts; the kernel caps it at net.core.rmem_max (doubled).
            try? conn.setReceiveBufferSize(64 << 20)
        }
        receiveBuffer = try? conn.receiveBufferSize()
        if gro {
            #if os(Linux)
            do throws(SocketError) {
                try conn.setGRO(true)
            } catch {
                throw Failure(error, "UDP GRO (setsockopt UDP_GRO)")
            }
            report.coalesced = 0
            #else
            throw Failure("--gro: UDP GRO is Linux-only", status: .unavailable)
            #endif
        }
        if batch > 1 {
            #if os(Linux)
            do throws(SocketError) {
                batchReceiver = try BatchReceiver(
                    messages: batch,
                    messageCapacity: Sink.messageCapacity,
                    controlCapacity: gro ? Sink.controlCapacity : 0
                )
            } catch {
                throw Failure(error, "--batch")
            }
            #else
            throw Failure("--batch: recvmmsg is Linux-only", status: .unavailable)
            #endif
        }
    }

    func close() {
        conn.close()
        buffer.deallocate()
        control.deallocate()
    }

    /// Receives until the end marker, `count` datagrams, `seconds` after the first one, or a
    /// pause of `timeout` (1 s by default once traffic has started).
    mutating func run(count: UInt64?, seconds: Duration?, timeout: Duration?) throws(Failure) -> LoadReport {
        var progress = Progress()
        let idle = timeout ?? .seconds(1)
        var first: Deadline?
        var last = Deadline.now
        while counts.endTotal == nil {
            if let count, report.datagrams >= count { break }
            var deadline = first == nil ? timeout.map { Deadline.after($0) } ?? .distantFuture : Deadline.after(idle)
            if let first, let seconds {
                let stop = Deadline(monotonicNanoseconds: first.nanoseconds + seconds.nanosecondsForSink)
                if stop.hasExpired { break }
                deadline = min(deadline, stop)
            }
            conn.setReadDeadline(deadline)
            do throws(SocketError) {
                try receiveOnce()
            } catch  where error.code == .timedOut {
                break
            } catch {
                throw Failure(error, "receive")
            }
            last = .now
            if first == nil { first = last }
            if progress.enabled {
                update(seconds: first.map { Double(last.nanoseconds - $0.nanoseconds) / 1e9 } ?? 0)
                progress.update(report)
            }
        }
        progress.finish()
        update(seconds: first.map { Double(last.nanoseconds - $0.nanoseconds) / 1e9 } ?? 0)
        report.endSeen = counts.endTotal != nil
        report.expected = counts.expected
        report.lost = counts.lost
        if counts.foreign > 0 { report.foreign = counts.foreign }
        return report
    }

    /// Copies the counters into the report, with the time since the first datagram (so the live
    /// progress line shows the rate so far).
    private mutating func update(seconds: Double) {
        report.datagrams = counts.datagrams
        report.bytes = counts.bytes
        report.seconds = seconds
        if gro { report.coalesced = counts.coalesced }
    }

    /// One receive call (one datagram, one GRO super-datagram, or one batch).
    private mutating func receiveOnce() throws(SocketError) {
        report.syscalls += 1
        #if os(Linux)
        if let receiver = batchReceiver {
            let received = try receiver.receive(on: conn)
            for index in 0..<received {
                let message = receiver.message(index)
                account(message.payload, segmentSize: message.segmentSize)
            }
            return
        }
        if gro {
            let result = try conn.receiveMessage(into: buffer, control: control)
            let segmentSize = ControlMessages(control, count: result.controlCount).groSegmentSize
            account(UnsafeRawBufferPointer(rebasing: buffer[..<result.count]), segmentSize: segmentSize)
            return
        }
        #endif
        let result = try conn.receive(into: buffer)
        account(UnsafeRawBufferPointer(rebasing: buffer[..<result.count]), segmentSize: nil)
    }

    /// Counts one received payload (see ``LoadAccounting``).
    private mutating func account(_ payload: UnsafeRawBufferPointer, segmentSize: Int?) {
        counts.account(payload, segmentSize: segmentSize)
    }
}

extension Duration {
    /// Nanoseconds, clamped to Int64.
    fileprivate var nanosecondsForSink: Int64 {
        let (seconds, attoseconds) = components
        let (ns, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? Int64.max : ns &+ attoseconds / 1_000_000_000
    }
}
