// Issue 14: attacks on a Sock program by a hostile peer, a shared namespace or another library in
// the same process, each performed here against the real code. Each test fails on the code before
// the fix (noted per test).

import SockPOSIX
import SockTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Hardening: the inert descriptor, close with waiters, the error-queue wait")
struct HardeningTests {
    // MARK: - Item 6: the inert descriptor closed behind Sock's back

    /// Before the fix, `close()` dup'd whatever file had taken the inert descriptor's number onto
    /// the closed socket, and a read on the "closed" socket returned that file's contents.
    @Test("a closed socket never reads another file, even when another library closed Sock's inert descriptor")
    func inertDescriptorClobbered() {
        let r = runChild("inert-clobber", function: "inertDescriptorClobberedChild")
        r.report.forEach { print($0) }
        #expect(r.status == 0, "child failed:\n\(childFailureSummary(r.output))")
        #expect(r.report.contains { $0.hasPrefix("CHILD: inert") }, "no report:\n\(childFailureSummary(r.output))")
    }

    @Test(childOnly("inert-clobber"))
    func inertDescriptorClobberedChild() throws {
        let (a, b) = try UnixConn.pair()
        defer { b.close() }
        let inert = InertDescriptor.current
        #expect(inert >= 0)
        // Another library closes the number behind Sock's back; a secret file takes it.
        close(inert)
        let path = "/tmp/sock-inert-secret-\(getpid())"
        let secret = open(path, O_CREAT | O_RDWR | O_TRUNC | O_CLOEXEC, 0o600)
        defer { unlink(path) }
        #expect(secret == inert, "the secret file should take the freed number (\(secret) vs \(inert))")
        _ = "TOPSECRET-key-material".withCString { write(secret, $0, 22) }
        lseek(secret, 0, SEEK_SET)

        a.close()
        var buffer = [UInt8](repeating: 0, count: 64)
        let error = expectSocketError(.closed) { () throws(SocketError) in try a.read(into: &buffer) }
        #expect(error?.errno == EBADF)
        #expect(!buffer.starts(with: Array("TOPSECRET".utf8)), "a closed socket read another file")
        // The closed socket's number now names a fresh inert descriptor, not the secret file.
        var stat = stat()
        #expect(fstat(a.fileDescriptor, &stat) == 0)
        #expect(stat.st_mode & S_IFMT == S_IFCHR, "parked on \(stat.st_mode), not /dev/null")
        #expect(InertDescriptor.current != secret)
        // The secret file is untouched and still ours.
        #expect(lseek(secret, 0, SEEK_CUR) == 0)
        close(secret)
        print("CHILD: inert descriptor replaced after being closed behind Sock's back; the closed socket reads .closed")
    }

    // MARK: - Item 7: close with a waiting thread

    /// Before the fix, `close()` with a thread waiting shut the socket down, which ended the
    /// connection for another holder of the same socket (here a `dup`, as another process that
    /// received it would hold it): the peer saw end of stream.
    @Test("close wakes a waiting thread without shutting the socket down for its other holders")
    func closeWithWaiterKeepsOtherHolders() throws {
        let (a, b) = try UnixConn.pair()
        defer { b.close() }
        let other = dup(a.fileDescriptor)  // another holder of the same socket
        #expect(other >= 0)
        defer { close(other) }
        a.setReadDeadline(.after(.seconds(10)))
        let outcome = Shared<SocketError?>(nil)
        let waiter = TestThread {
            var buffer = [UInt8](repeating: 0, count: 8)
            do throws(SocketError) {
                _ = try a.read(into: &buffer)
            } catch {
                outcome.set(error)
            }
        }
        // Wait until the reader is registered as a waiter, then close.
        for _ in 0..<5000 where a.netSocket.waiterCount == 0 { usleep(1000) }
        #expect(a.netSocket.waiterCount == 1)
        let closedAt = Deadline.now
        a.close()
        waiter.join()
        let woken = Deadline.now.nanoseconds - closedAt.nanoseconds
        #expect(outcome.get()?.code == .closed)
        #expect(woken < 1_000_000_000, "the waiter took \(woken) ns to wake")
        // The socket lives on in its other holder: both directions still work.
        #expect(send(other, "still here", 10, Int32(MSG_NOSIGNAL)) == 10)
        var buffer = [UInt8](repeating: 0, count: 16)
        b.setReadDeadline(.after(.seconds(5)))
        #expect(try b.read(into: &buffer) == 10)
        #expect(try b.write(Array("back".utf8)) == 4)
        var back = [UInt8](repeating: 0, count: 8)
        var pfd = pollfd(fd: other, events: Int16(POLLIN), revents: 0)
        #expect(poll(&pfd, 1, 5000) == 1)
        #expect(read(other, &back, 8) == 4)
    }

    @Test("every one of several threads waiting on one socket is woken by close")
    func closeWakesEveryWaiter() throws {
        let (a, b) = try UnixConn.pair()
        defer { b.close() }
        // Fill a's send buffer (no deadline yet: a full buffer is .wouldBlock) so writers wait too.
        try a.setSendBufferSize(4096)
        let chunk = [UInt8](repeating: 7, count: 4096)
        while (try? a.write(chunk)) != nil {}
        a.setDeadline(.after(.seconds(10)))
        let errors = Shared<[SocketError.Code]>([])
        var threads: [TestThread] = []
        for i in 0..<6 {  // more than the four wake-up slots: the rest use the shutdown fallback
            threads.append(
                TestThread {
                    var buffer = [UInt8](repeating: 0, count: 8)
                    do throws(SocketError) {
                        if i % 2 == 0 { _ = try a.read(into: &buffer) } else { try a.writeAll(chunk) }
                    } catch {
                        errors.update { $0.append(error.code) }
                    }
                }
            )
        }
        for _ in 0..<5000 where a.netSocket.waiterCount < 6 { usleep(1000) }
        #expect(a.netSocket.waiterCount == 6)
        a.close()
        for thread in threads { thread.join() }
        #expect(errors.get() == Array(repeating: .closed, count: 6))
    }

    // MARK: - Item 2: the error-queue wait after a reset

    /// Before the fix, `receiveError` with a deadline spun at 100 % CPU for the whole deadline after
    /// a peer reset (ppoll reported POLLERR/POLLHUP at once, the error queue stayed empty), then
    /// threw `.timedOut` and lost the reset.
    @Test("receiveError after a peer reset reports the reset at once instead of spinning until the deadline")
    func errorQueueAfterReset() throws {
        let listener = try TCPListener("127.0.0.1:0")
        defer { listener.close() }
        let client = try TCPDialer(timeout: .seconds(5)).dial(try listener.endpoint())
        defer { client.close() }
        listener.setReadDeadline(.after(.seconds(5)))
        let server = try listener.accept()
        try server.setLinger(.zero)  // close sends a reset
        server.close()
        // Wait until the reset has arrived.
        #expect(try client.waitReady(.read, until: .after(.seconds(5))))
        client.setReadDeadline(.after(.seconds(2)))
        var payload = [UInt8](repeating: 0, count: 64)
        var control = [UInt8](repeating: 0, count: 128)
        let cpuBefore = threadCPUTime()
        let wallBefore = Deadline.now
        let error = expectSocketError(.connectionReset) { () throws(SocketError) in
            try client.netSocket.errorQueueProbe(into: &payload, control: &control)
        }
        let cpu = threadCPUTime() - cpuBefore
        let wall = Duration.nanoseconds(Deadline.now.nanoseconds - wallBefore.nanoseconds)
        print("error-queue wait after a reset: \(error.map { "\($0)" } ?? "no error"), wall \(wall), CPU \(cpu)")
        #expect(wall < .milliseconds(500), "waited \(wall) instead of reporting the reset")
        #expect(cpu < .milliseconds(200), "burnt \(cpu) of CPU")
    }
}

extension NetSocket {
    /// `recvmsg(MSG_ERRQUEUE)` under the I/O policy, as SockLinux's `receiveError` makes it (this
    /// test target depends on SockPOSIX only).
    func errorQueueProbe(into bytes: inout [UInt8], control: inout [UInt8]) throws(SocketError) {
        try bytes.withUnsafeMutableBufferPointer { (b: inout UnsafeMutableBufferPointer<UInt8>) throws(SocketError) in
            try control.withUnsafeMutableBufferPointer {
                (c: inout UnsafeMutableBufferPointer<UInt8>) throws(SocketError) in
                _ = try receiveMessage(
                    into: UnsafeMutableRawBufferPointer(b),
                    control: UnsafeMutableRawBufferPointer(c),
                    flags: CInt(MSG_ERRQUEUE),
                    .error
                )
            }
        }
    }
}
