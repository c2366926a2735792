import SockPOSIX
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Close and descriptor safety")
struct CloseTests {
    @Test("double close is fine; use after close throws .closed")
    func doubleClose() throws {
        let (a, b) = try UnixConn.pair()
        defer { b.close() }
        a.close()
        a.close()
        #expect(a.isClosed)
        var buf = [UInt8](repeating: 0, count: 4)
        let errors = [
            expectSocketError(.closed) { try a.read(into: &buf) },
            expectSocketError(.closed) { try a.write(buf) },
            // A UnixConn has no TCP options any more: the same setsockopt through the generic call.
            expectSocketError(.closed) {
                try a.setOption(level: .tcp, name: OptionName(rawValue: SC.TCP_NODELAY), CInt(1))
            },
            expectSocketError(.closed) { try a.localAddress() },
            expectSocketError(.closed) { try a.shutdown(.both) },
            expectSocketError(.closed) { try a.releaseFileDescriptor() },
        ]
        // Sock's own check and the kernel's answer on the parked number both say EBADF.
        #expect(errors.allSatisfy { $0?.errno == EBADF }, "\(errors)")
        // The peer sees end of stream: the descriptor really was closed.
        #expect(try b.read(into: &buf) == 0)
    }

    @Test("a close while another thread waits in a deadline read wakes it with .closed")
    func closeWakesWaiter() throws {
        let (a, b) = try UnixConn.pair()
        defer { b.close() }
        a.setReadDeadline(.after(.seconds(20)))
        let result = Shared<SocketError.Code?>(nil)
        let reader = TestThread {
            var buf = [UInt8](repeating: 0, count: 4)
            do {
                _ = try a.read(into: &buf)
            } catch let error as SocketError {
                result.set(error.code)
            } catch {}
        }
        usleep(100_000)
        let start = Deadline.monotonicNow()
        a.close()
        reader.join()
        let elapsed = Deadline.monotonicNow() - start
        #expect(result.get() == .closed)
        #expect(elapsed < 2_000_000_000, "the waiter took \(elapsed) ns to wake")
    }

    @Test("a close while a thread waits in accept wakes it with .closed")
    func closeWakesAccept() throws {
        let listener = try TCPListener("127.0.0.1:0")
        listener.setReadDeadline(.after(.seconds(20)))
        let result = Shared<SocketError.Code?>(nil)
        let waiter = TestThread {
            do {
                _ = try listener.accept()
            } catch let error as SocketError {
                result.set(error.code)
            } catch {}
        }
        usleep(100_000)
        listener.close()
        waiter.join()
        #expect(result.get() == .closed)
    }

    @Test("releaseFileDescriptor hands the socket over on a new number and parks its own")
    func release() throws {
        let (a, b) = try UnixConn.pair()
        defer { b.close() }
        let fd = try a.releaseFileDescriptor()
        #expect(a.isClosed)
        #expect(fcntl(fd, F_GETFD) & FD_CLOEXEC != 0, "open, close-on-exec")
        #expect(fd != a.fileDescriptor, "a duplicate: operations racing the release keep the old number")
        #expect(isParked(a.fileDescriptor))
        expectSocketError(.closed) { try a.write([1]) }
        let adopted = try NetSocket(adopting: fd)
        defer { adopted.close() }
        #expect(adopted.family == .unix && adopted.type == .stream, "the kind is read from the kernel")
        _ = try adopted.write(Array("z".utf8))
        var buf = [UInt8](repeating: 0, count: 2)
        #expect(try b.read(into: &buf) == 1)
    }

    @Test("close parks the number on the inert descriptor until deinit: every call on it fails with EBADF")
    func closeParksTheNumber() throws {
        let pair = try UnixConn.pair()
        var a: UnixConn? = pair.0
        let b = pair.1
        defer { b.close() }
        let fd = a!.fileDescriptor
        #expect(!isParked(fd))
        a!.close()
        #expect(a!.fileDescriptor == fd, "the number stays the object's")
        #expect(isParked(fd))
        var byte: UInt8 = 0
        errno = 0
        #expect(Glibc.read(fd, &byte, 1) == -1 && errno == EBADF)
        errno = 0
        #expect(Glibc.send(fd, &byte, 1, CInt(MSG_NOSIGNAL)) == -1 && errno == EBADF)
        var type: CInt = 0
        var len = socklen_t(MemoryLayout<CInt>.size)
        errno = 0
        #expect(getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == -1 && errno == EBADF)
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        #expect(poll(&pfd, 1, 0) == 1 && Int32(pfd.revents) & POLLNVAL != 0)
        // Not a directory: passed on by mistake (SCM_RIGHTS), the number grants no openat base.
        var info = stat()
        #expect(fstat(fd, &info) == 0 && info.st_mode & S_IFMT == S_IFCHR, "the inert descriptor is /dev/null")
        errno = 0
        #expect(openat(fd, "etc", O_RDONLY) == -1 && errno == ENOTDIR)
        // A zero-length read after close is refused too (the inert descriptor fails before the count).
        expectSocketError(.closed) { try a!.read(into: UnsafeMutableRawBufferPointer(start: nil, count: 0)) }
        // Deinit releases the number (LoadTests counts the descriptors of 10,000 pairs closed this
        // way in a child process; here other tests may take the number at once).
        a = nil
    }

    @Test("close releases the socket at once while the object lives: the peer sees end of stream")
    func closeReleasesTheSocketAtOnce() throws {
        let (a, b) = try UnixConn.pair()
        defer { b.close() }
        _ = try a.write([7])
        a.close()
        withExtendedLifetime(a) {
            b.setReadDeadline(.after(.seconds(5)))
            var buf = [UInt8](repeating: 0, count: 4)
            #expect((try? b.read(into: &buf)) == 1, "queued data first")
            #expect((try? b.read(into: &buf)) == 0, "then end of stream, with `a` still alive")
        }
    }

    @Test("a closed listener's port can be bound again while the object lives")
    func closedListenerPortIsFree() throws {
        let first = try TCPListener("127.0.0.1:0")
        let endpoint = try first.endpoint()
        first.close()
        try withExtendedLifetime(first) {
            let second = try TCPListener(endpoint)
            defer { second.close() }
            #expect(try second.endpoint().port == endpoint.port)
        }
    }

    @Test("close has close(2)'s semantics: a socket another descriptor shares stays connected")
    func closeDoesNotShutDownASharedSocket() throws {
        let (a, b) = try UnixConn.pair()
        defer { b.close() }
        let shared = dup(a.fileDescriptor)
        #expect(shared >= 0)
        a.close()
        // No waiter was registered, so close did not shut the socket down: the duplicate still
        // writes, and the peer sees no end of stream until the duplicate is closed too.
        var byte: UInt8 = 42
        #expect(Glibc.send(shared, &byte, 1, CInt(MSG_NOSIGNAL)) == 1)
        b.setReadDeadline(.after(.seconds(5)))
        var buf = [UInt8](repeating: 0, count: 4)
        #expect(try b.read(into: &buf) == 1 && buf[0] == 42)
        b.setReadDeadline(nil)
        expectSocketError(.wouldBlock) { try b.read(into: &buf) }
        Glibc.close(shared)
        b.setReadDeadline(.after(.seconds(5)))
        #expect(try b.read(into: &buf) == 0)
    }

    /// Whether `fd` is open on an `O_PATH` file (Sock's inert descriptor, on Linux).
    func isParked(_ fd: CInt) -> Bool {
        let flags = fcntl(fd, F_GETFL)
        return flags >= 0 && flags & 0o10_000_000 != 0  // O_PATH (Glibc's module does not export it)
    }

    /// Threads read, write and wait on deadlines while others close sockets and open new ones, so
    /// the kernel recycles descriptor numbers. Every pair carries its own byte pattern: a byte
    /// from another pair would mean an operation ran on a recycled descriptor.
    @Test("no operation ever touches a recycled descriptor under concurrent close/open")
    func recycleStress() throws {
        let rounds = 300
        let foreign = Counter()
        let operations = Counter()
        for round in 0..<rounds {
            var pairs: [(UnixConn, UnixConn, UInt8)] = []
            for k in 0..<4 {
                let (a, b) = try UnixConn.pair(.unixpacket)
                pairs.append((a, b, UInt8(truncatingIfNeeded: round &* 7 &+ k &* 31 | 1)))
            }
            let snapshot = pairs
            var threads: [TestThread] = []
            for (a, b, pattern) in snapshot {
                threads.append(
                    TestThread {
                        var buf = [UInt8](repeating: 0, count: 64)
                        let payload = [UInt8](repeating: pattern, count: 32)
                        b.setReadDeadline(.after(.milliseconds(20)))
                        for _ in 0..<20 {
                            _ = try? a.write(payload)
                            operations.add(1)
                            if let n = try? b.read(into: &buf) {
                                operations.add(1)
                                if buf[0..<n].contains(where: { $0 != pattern }) { foreign.add(1) }
                            }
                        }
                    }
                )
            }
            // Meanwhile: close half the sockets and open new ones that may reuse the numbers.
            var fresh: [UnixConn] = []
            for (a, b, _) in snapshot.prefix(2) {
                a.close()
                b.close()
                let (x, y) = try UnixConn.pair(.unixpacket)
                _ = try? x.write([UInt8](repeating: 0xEE, count: 32))  // a byte no pair uses
                fresh += [x, y]
            }
            threads.forEach { $0.join() }
            for (a, b, _) in snapshot {
                a.close()
                b.close()
            }
            fresh.forEach { $0.close() }
        }
        print("recycleStress: \(operations.value) operations over \(rounds) rounds")
        #expect(foreign.value == 0)
        #expect(operations.value > rounds * 4 * 10)
    }
}
