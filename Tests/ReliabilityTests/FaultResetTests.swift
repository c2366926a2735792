// Faults: a peer that resets the connection (SO_LINGER 0, then close: the kernel sends RST).
// The next read or write throws `.connectionReset`, later writes `.brokenPipe`, and the process
// survives: Sock sends with MSG_NOSIGNAL, so no SIGPIPE. The write cases run in a child process
// with SIGPIPE at its default action (terminate), so a missing MSG_NOSIGNAL would kill it.

import Sock
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Faults: peer reset")
struct FaultResetTests {
    @Test("a reset peer gives .connectionReset on the next read")
    func resetOnRead() throws {
        let (client, server) = try tcpPair()
        defer { client.close() }
        _ = try server.write(Array("hello".utf8))
        try server.setLinger(.zero)
        server.close()
        client.setReadDeadline(.after(.seconds(5)))
        // Data that arrived before the RST may be discarded by it; either way the read ends in a
        // reset, never a clean end of stream.
        var buffer = [UInt8](repeating: 0, count: 64)
        var error: SocketError?
        for _ in 0..<3 where error == nil {
            do throws(SocketError) {
                let n = try client.read(into: &buffer)
                #expect(n > 0, "a reset read as end of stream")
            } catch let e {
                error = e
            }
        }
        #expect(error?.code == .connectionReset, "got \(String(describing: error))")
        #expect(error?.errno == ECONNRESET)
    }

    @Test("writes to a reset peer: .connectionReset, then .brokenPipe, no SIGPIPE (child with SIGPIPE default)")
    func resetOnWrite() {
        let r = runChild("resetWrite", function: "resetOnWriteChild")
        r.report.forEach { print($0) }
        #expect(
            r.status == 0,
            "child failed (status \(r.status); 141 = killed by SIGPIPE):\n\(childFailureSummary(r.output))"
        )
        #expect(
            r.report.contains { $0.hasPrefix("CHILD: reset") },
            "no report from the child:\n\(childFailureSummary(r.output))"
        )
    }

    @Test(childOnly("resetWrite"))
    func resetOnWriteChild() throws {
        signal(SIGPIPE, SIG_DFL)
        // 1. Idle connection: the peer resets; the first write reports the reset, the next ones
        //    a broken pipe (the kernel clears the pending error once reported).
        let (client, server) = try tcpPair()
        try server.setLinger(.zero)
        server.close()
        pause(.milliseconds(50))
        let first = expectSocketError(.connectionReset) { () throws(SocketError) in try client.write([1, 2, 3]) }
        let second = expectSocketError(.brokenPipe) { () throws(SocketError) in try client.write([4, 5, 6]) }
        client.close()

        // 2. Mid-stream: a writer streams with writeAll while the peer reads a little and resets.
        let (writer, reader) = try tcpPair()
        try writer.setSendBufferSize(16384)
        let outcome = Shared<SocketError?>(nil)
        let sent = 64 << 20
        // The pattern is written before the reader's deadline starts: under ThreadSanitizer on a
        // loaded machine, filling 64 MiB took longer than the reader's 10 s.
        let payload = UnsafeMutableRawBufferPointer.allocate(byteCount: sent, alignment: 8)
        defer { payload.deallocate() }
        fillPattern(payload, from: 0)
        nonisolated(unsafe) let source = UnsafeRawBufferPointer(payload)  // read by the writer thread only
        let thread = TestThread {
            writer.setWriteDeadline(.after(.seconds(20)))
            do throws(SocketError) {
                try writer.writeAll(source)
            } catch {
                outcome.set(error)
            }
        }
        reader.setReadDeadline(.after(.seconds(10)))
        let got = try drainChecking(reader, limit: 256 << 10)
        try reader.setLinger(.zero)
        reader.close()
        thread.join()
        writer.close()
        let midStream = outcome.get()
        print(
            "CHILD: reset idle write -> \(first.map { "\($0)" } ?? "-"), then \(second.map { "\($0)" } ?? "-"); "
                + "mid-stream writeAll after the reader took \(got.count) bytes -> "
                + "\(midStream.map { "\($0)" } ?? "completed")"
        )
        #expect(got.firstWrong == nil)
        #expect(midStream?.code == .connectionReset, "writeAll after a reset: \(String(describing: midStream))")
    }
}
