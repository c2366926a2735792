// udp-drain: the UDP receive path alone. C baseline: baseline/w_udp_drain.c.

import CBenchSupport
import CMallocCount
import Sock

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One op = one datagram received. A connected `UDPConn` sender fills the receiver's queue on
/// 127.0.0.1 with 64-byte datagrams (`sendMessages`, batches of 64, not timed); the non-blocking
/// receiver drains it with `receiveMessages` (SockLinux, `recvmmsg` with MSG_WAITFORONE), batch 64,
/// into a `UDPBatch` made once and reused, source addresses kept (timed). Rounds of 1024 datagrams
/// (the queue holds only so much: SO_RCVBUF 4 MiB, or SO_RCVBUFFORCE 32 MiB as root); on
/// `.wouldBlock` before a round is complete, wait for readability (fail after 5 s: a datagram was
/// lost). Time and mallocs cover the drains only.
func udpDrain(_ parameters: RunParameters) -> Measurement {
    let batchSize = 64
    let round = 1024
    let size = 64
    let receiver: UDPConn
    let sender: UDPConn
    let receive: UDPBatch
    let send: UDPBatch
    do throws(SocketError) {
        receiver = try UDPConn.listen(UDPAddr(ip: .v4(IPv4Address(127, 0, 0, 1)), port: 0))
        do throws(SocketError) {
            try receiver.setOption(level: .socket, name: OptionName(rawValue: CInt(SO_RCVBUFFORCE)), CInt(32 << 20))
        } catch {
            try receiver.setReceiveBufferSize(4 << 20)
        }
        sender = try UDPConn.dial(try receiver.endpoint())
        receive = try UDPBatch(capacity: batchSize, messageSize: 2048, controlSize: 0)
        send = try UDPBatch(capacity: batchSize, messageSize: size, controlSize: 0)
        for i in 0..<batchSize {
            send.buffer(at: i).initializeMemory(as: UInt8.self, repeating: UInt8(ascii: "u"))
            try send.setMessage(at: i, count: size)
        }
    } catch {
        fail("udp-drain: setup: \(error)")
    }

    var left = parameters.warmup
    while left > 0 {
        let n = min(left, round)
        fill(sender, send, n)
        _ = drain(receiver, receive, n)
        left -= n
    }
    var ns: UInt64 = 0
    var mallocs: UInt64 = 0
    var bytes = 0
    left = parameters.iterations
    while left > 0 {
        let n = min(left, round)
        fill(sender, send, n)
        mc_begin()
        let t0 = bench_now_ns()
        bytes += drain(receiver, receive, n)
        let t1 = bench_now_ns()
        mallocs += mc_end()
        ns += t1 - t0
        left -= n
    }
    guard bytes == parameters.iterations * size else {
        fail("udp-drain: received \(bytes) bytes, expected \(parameters.iterations * size)")
    }
    sender.close()
    receiver.close()
    return Measurement(nsPerOp: Double(ns) / Double(parameters.iterations), mallocs: mallocs)
}

/// Sends exactly `count` datagrams with `sendMessages`, waiting for writability when the socket
/// buffer is full (`.wouldBlock`, or ENOBUFS: `.noMemory`).
private func fill(_ sender: UDPConn, _ batch: UDPBatch, _ count: Int) {
    var n = count
    while n > 0 {
        do throws(SocketError) {
            n -= try sender.sendMessages(batch, count: min(n, batch.capacity))
        } catch  where error.code == .wouldBlock || error.code == .noMemory {
            do throws(SocketError) {
                _ = try sender.waitReady(.write, until: .after(.seconds(5)))
            } catch {
                fail("udp-drain: waiting to send: \(error)")
            }
        } catch {
            fail("udp-drain: sendMessages: \(error)")
        }
    }
}

/// Receives exactly `count` datagrams with `receiveMessages`; returns the bytes seen (kept so the
/// loop is not dead code).
@inline(__always)
private func drain(_ receiver: UDPConn, _ batch: UDPBatch, _ count: Int) -> Int {
    var n = count
    var bytes = 0
    while n > 0 {
        do throws(SocketError) {
            let got = try receiver.receiveMessages(batch, maxCount: min(n, batch.capacity))
            for i in 0..<got { bytes += batch[i].count }
            n -= got
        } catch  where error.code == .wouldBlock {
            // Still in flight (softirq deferred), or lost: waitReady fails the run after 5 s.
            do throws(SocketError) {
                _ = try receiver.waitReady(.read, until: .after(.seconds(5)))
            } catch {
                fail("udp-drain: waiting for datagrams (one was lost?): \(error)")
            }
        } catch {
            fail("udp-drain: receiveMessages: \(error)")
        }
    }
    return bytes
}
