// Socket hot paths of SockPOSIX: unix ping-pong, TCP read/write, UDP send(to:)/receive(into:) and the
// would-block path. Sockets and buffers are made once, when the suite registers, so the measured
// closure does only the I/O; each benchmark is held to zero heap allocations.

import Benchmark
import Sock

/// A buffer made once and kept for the whole run (benchmark fixtures live as long as the process).
func fixtureBuffer(_ count: Int, fill: UInt8 = 0x78) -> UnsafeMutableRawBufferPointer {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 16)
    buffer.initializeMemory(as: UInt8.self, repeating: fill)
    return buffer
}

/// Stops the benchmark run: a fixture could not be made or an operation failed.
func fixtureFailed(_ what: String, _ error: SocketError) -> Never {
    fatalError("SockBenchmarks: \(what): \(error)")
}

/// Registers the SockPOSIX socket benchmarks.
func socketBenchmarks() {
    unixPingPong()
    tcpReadWrite()
    udpReadFromWriteTo()
    wouldBlock()
}

/// `unix-pingpong`: one round trip (write 64 B on A, read on B, write back, read on A) over a
/// non-blocking `UnixConn.pair()`, as sock-bench's `pingpong`.
private func unixPingPong() {
    let (a, b): (UnixConn, UnixConn)
    do throws(SocketError) { (a, b) = try UnixConn.pair() } catch { fixtureFailed("socketpair", error) }
    let out = fixtureBuffer(64)
    let into = fixtureBuffer(64)
    Benchmark("unix-pingpong") { benchmark in
        for _ in benchmark.scaledIterations {
            do throws(SocketError) {
                blackHole(try a.write(UnsafeRawBufferPointer(out)))
                blackHole(try b.read(into: into))
                blackHole(try b.write(UnsafeRawBufferPointer(into)))
                blackHole(try a.read(into: out))
            } catch {
                fixtureFailed("unix-pingpong", error)
            }
        }
    }
}

/// `tcp-read-write`: 64 B written on one end of a loopback TCP connection and read on the other
/// (`TCPConn.write` / `read(into:)`), one thread.
private func tcpReadWrite() {
    let client: TCPConn
    let server: TCPConn
    do throws(SocketError) {
        let listener = try TCPListener(TCPAddr(ip: .v4(IPv4Address(127, 0, 0, 1)), port: 0))
        client = try TCPDialer(timeout: .seconds(5)).dial(try listener.endpoint())
        listener.setReadDeadline(.after(.seconds(5)))
        server = try listener.accept()
        listener.close()
        try client.setNoDelay(true)
    } catch {
        fixtureFailed("tcp connection", error)
    }
    server.setReadDeadline(.distantFuture)  // a segment in flight on loopback is waited for
    let out = fixtureBuffer(64)
    let into = fixtureBuffer(64)
    Benchmark("tcp-read-write") { benchmark in
        for _ in benchmark.scaledIterations {
            do throws(SocketError) {
                blackHole(try client.write(UnsafeRawBufferPointer(out)))
                var got = 0
                while got < 64 {
                    got += try server.read(into: UnsafeMutableRawBufferPointer(rebasing: into[got...]))
                }
            } catch {
                fixtureFailed("tcp-read-write", error)
            }
        }
    }
}

/// `udp-writeto-readfrom`: one 64 B datagram sent with `send(_:to:)` to a bound `UDPConn` and
/// received with `receive(into:)` (the sender's address decoded in place), one thread, 127.0.0.1.
private func udpReadFromWriteTo() {
    let receiver: UDPConn
    let sender: UDPConn
    let destination: UDPAddr
    do throws(SocketError) {
        receiver = try UDPConn.listen(UDPAddr(ip: .v4(IPv4Address(127, 0, 0, 1)), port: 0))
        sender = try UDPConn.listen(UDPAddr(ip: .v4(IPv4Address(127, 0, 0, 1)), port: 0))
        destination = try receiver.endpoint()
    } catch {
        fixtureFailed("udp sockets", error)
    }
    receiver.setReadDeadline(.distantFuture)
    let out = fixtureBuffer(64)
    let into = fixtureBuffer(2048)
    let to = SocketAddress(SockaddrInet4(address: IPv4Address(127, 0, 0, 1), port: destination.port))
    Benchmark("udp-writeto-readfrom") { benchmark in
        for _ in benchmark.scaledIterations {
            do throws(SocketError) {
                blackHole(try sender.send(UnsafeRawBufferPointer(out), to: to))
                blackHole(try receiver.receive(into: into))
            } catch {
                fixtureFailed("udp-writeto-readfrom", error)
            }
        }
    }
}

/// `would-block`: a read on an empty non-blocking socket with no deadline, which must throw
/// `.wouldBlock` without allocating (the error path of every non-blocking operation).
private func wouldBlock() {
    let (a, b): (UnixConn, UnixConn)
    do throws(SocketError) { (a, b) = try UnixConn.pair() } catch { fixtureFailed("socketpair", error) }
    let into = fixtureBuffer(64)
    Benchmark("would-block") { benchmark in
        for _ in benchmark.scaledIterations {
            do throws(SocketError) {
                blackHole(try a.read(into: into))
                fatalError("SockBenchmarks: would-block: a read on an empty socket returned data")
            } catch {
                guard error.code == .wouldBlock else { fixtureFailed("would-block", error) }
                blackHole(error)
            }
        }
        blackHole(b)
    }
}
