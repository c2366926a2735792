// SockLinux hot paths: sendMessages/receiveMessages batches, GSO send, GRO receive, TCP_INFO and
// a control-message parse. Fixtures are made once, when the suite registers; each benchmark is
// held to zero heap allocations.

#if os(Linux)
import Benchmark
import Sock

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Registers the SockLinux benchmarks.
func linuxBenchmarks() {
    batches()
    gsoAndGro()
    tcpInfo()
    controlMessageParse()
}

/// A receiver bound to 127.0.0.1 with a big queue and a sender connected to it.
private func udpPair(_ what: String) -> (receiver: UDPConn, sender: UDPConn) {
    do throws(SocketError) {
        let receiver = try UDPConn.listen(UDPAddr(ip: .v4(IPv4Address(127, 0, 0, 1)), port: 0))
        do throws(SocketError) {
            try receiver.setOption(level: .socket, name: OptionName(rawValue: CInt(SO_RCVBUFFORCE)), CInt(32 << 20))
        } catch {
            try receiver.setReceiveBufferSize(4 << 20)
        }
        let sender = try UDPConn.dial(try receiver.endpoint())
        receiver.setReadDeadline(.distantFuture)  // datagrams still in the softirq are waited for
        return (receiver, sender)
    } catch {
        fixtureFailed(what, error)
    }
}

/// `send-receive-messages`: 64 datagrams of 64 B sent with one `sendMessages` and received with
/// `receiveMessages` into a reused `UDPBatch` of 64 (one op = one batch each way).
private func batches() {
    let (receiver, sender) = udpPair("batch sockets")
    let send: UDPBatch
    let receive: UDPBatch
    do throws(SocketError) {
        send = try UDPBatch(capacity: 64, messageSize: 64, controlSize: 0)
        receive = try UDPBatch(capacity: 64, messageSize: 2048, controlSize: 0)
        for i in 0..<64 {
            send.buffer(at: i).initializeMemory(as: UInt8.self, repeating: 0x75)
            try send.setMessage(at: i, count: 64)
        }
    } catch {
        fixtureFailed("batches", error)
    }
    Benchmark("send-receive-messages") { benchmark in
        for _ in benchmark.scaledIterations {
            do throws(SocketError) {
                var sent = 0
                while sent < 64 { sent += try sender.sendMessages(send, range: sent..<64) }
                var received = 0
                while received < 64 {
                    let n = try receiver.receiveMessages(receive, maxCount: 64 - received)
                    for i in 0..<n { blackHole(receive[i].count) }
                    received += n
                }
            } catch {
                fixtureFailed("send-receive-messages", error)
            }
        }
    }
}

/// `gso-send`: one 61,600 B `sendSegmented` in 1400 B segments (a UDP_SEGMENT control message) to
/// a GRO receiver, drained with one plain `read` into 64 KiB.
/// `gro-receive`: one 61,600 B `write` with the `setSegmentSize(1400)` option, received with
/// `receiveMessage` and the segment size parsed from its UDP_GRO control message.
/// Both ops are a send plus its receive: on one thread, the receive is what empties the queue.
private func gsoAndGro() {
    let segment = 1400
    let total = 44 * segment
    let payload = UnsafeRawBufferPointer(fixtureBuffer(total, fill: 0x67))
    let buffer = fixtureBuffer(65_536)
    let control = fixtureBuffer(64, fill: 0)

    let (gsoReceiver, gsoSender) = udpPair("gso sockets")
    do throws(SocketError) { try gsoReceiver.setGRO(true) } catch { fixtureFailed("gro option", error) }
    Benchmark("gso-send") { benchmark in
        for _ in benchmark.scaledIterations {
            do throws(SocketError) {
                blackHole(try gsoSender.sendSegmented(payload, segmentSize: segment))
                var got = 0
                while got < total { got += try gsoReceiver.read(into: buffer) }
            } catch {
                fixtureFailed("gso-send", error)
            }
        }
    }

    let (groReceiver, groSender) = udpPair("gro sockets")
    do throws(SocketError) {
        try groReceiver.setGRO(true)
        try groSender.setSegmentSize(segment)
    } catch {
        fixtureFailed("gro options", error)
    }
    Benchmark("gro-receive") { benchmark in
        for _ in benchmark.scaledIterations {
            do throws(SocketError) {
                blackHole(try groSender.write(payload))
                var got = 0
                while got < total {
                    let message = try groReceiver.receiveMessage(into: buffer, control: control)
                    blackHole(ControlMessages(control, count: message.controlCount).groSegmentSize)
                    got += message.count
                }
            } catch {
                fixtureFailed("gro-receive", error)
            }
        }
    }
}

/// `tcp-info`: `tcpInfo()` (getsockopt TCP_INFO into an inline buffer) on a connected loopback
/// TCP socket, reading two fields.
private func tcpInfo() {
    let client: TCPConn
    let server: TCPConn
    do throws(SocketError) {
        let listener = try TCPListener(TCPAddr(ip: .v4(IPv4Address(127, 0, 0, 1)), port: 0))
        client = try TCPDialer(timeout: .seconds(5)).dial(try listener.endpoint())
        listener.setReadDeadline(.after(.seconds(5)))
        server = try listener.accept()
        listener.close()
    } catch {
        fixtureFailed("tcp connection", error)
    }
    Benchmark("tcp-info") { benchmark in
        for _ in benchmark.scaledIterations {
            do throws(SocketError) {
                let info = try client.tcpInfo()
                blackHole(info.rto)
                blackHole(info.retransmits)
            } catch {
                fixtureFailed("tcp-info", error)
            }
        }
        blackHole(server)
    }
}

/// `control-message-parse`: walk a control buffer holding a UDP_GRO segment size and a TTL
/// (as the kernel writes them) with `ControlMessages`, decoding each message's `kind`.
private func controlMessageParse() {
    let control = fixtureBuffer(128, fill: 0)
    let used: Int
    do throws(SocketError) {
        var builder = ControlMessageBuilder(control)
        try builder.appendSegmentSize(1400)
        try builder.appendTTL(64)
        used = builder.count
    } catch {
        fixtureFailed("control buffer", error)
    }
    let bytes = UnsafeRawBufferPointer(rebasing: control[..<used])
    Benchmark("control-message-parse") { benchmark in
        for _ in benchmark.scaledIterations {
            for message in ControlMessages(bytes) {
                blackHole(message.kind)
            }
        }
    }
}
#endif
