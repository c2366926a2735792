// Faults: partial writes under a full send buffer. Small socket buffers and a slow reader force
// short writes and would-blocks; a writer that resumes from the count each write returns must
// deliver every byte, in order, with nothing lost or repeated.

import Sock
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Faults: partial writes")
struct FaultPartialWriteTests {
    @Test("write() resumed from each short count delivers every byte in order")
    func shortWritesDeliverEverything() throws {
        let (client, server) = try tcpPair()
        defer {
            client.close()
            server.close()
        }
        // Small buffers, but not so small that TCP falls back to zero-window probing (whose
        // timer backs off for seconds).
        try client.setSendBufferSize(16384)
        try server.setReceiveBufferSize(32768)
        let total = 8 << 20
        let received = Shared<(count: Int, firstWrong: Int?)?>(nil)
        let reader = TestThread {
            server.setReadDeadline(.after(.seconds(60)))
            received.set(try? drainChecking(server, limit: total, chunk: 777))
        }
        let payload = UnsafeMutableRawBufferPointer.allocate(byteCount: total, alignment: 8)
        defer { payload.deallocate() }
        fillPattern(payload, from: 0)
        var offset = 0
        var shortWrites = 0
        var wouldBlocks = 0
        var calls = 0
        while offset < total {
            // Ask for up to 256 KiB at a time: far more than the buffer takes.
            let want = min(256 << 10, total - offset)
            let chunk = UnsafeRawBufferPointer(rebasing: payload[offset..<(offset + want)])
            guard let n = try nonBlocking({ () throws(SocketError) -> Int in try client.write(chunk) }) else {
                wouldBlocks += 1
                _ = try client.waitReady(.write, until: .after(.seconds(10)))
                continue
            }
            calls += 1
            if n < want { shortWrites += 1 }
            offset += n
        }
        try client.shutdown(.write)
        reader.join()
        let got = received.get()
        print(
            "partial writes: \(total) bytes in \(calls) writes, \(shortWrites) short, \(wouldBlocks) would-block waits; received \(String(describing: got?.count))"
        )
        #expect(got?.count == total)
        #expect(got?.firstWrong == nil, "wrong byte at \(String(describing: got?.firstWrong))")
        #expect(shortWrites > 0 && wouldBlocks > 0, "the send buffer never filled")
    }

    @Test("writev with many small buffers, resumed after short writes, delivers every byte in order")
    func shortWritevDeliversEverything() throws {
        let (a, b) = try UnixConn.pair()
        defer {
            a.close()
            b.close()
        }
        try a.setSendBufferSize(4096)
        let total = 2 << 20
        let received = Shared<(count: Int, firstWrong: Int?)?>(nil)
        let reader = TestThread {
            b.setReadDeadline(.after(.seconds(60)))
            received.set(try? drainChecking(b, limit: total, chunk: 1000))
        }
        let payload = UnsafeMutableRawBufferPointer.allocate(byteCount: total, alignment: 8)
        defer { payload.deallocate() }
        fillPattern(payload, from: 0)
        var offset = 0
        var shortWrites = 0
        let pieces = 64
        var iov = [iovec](repeating: iovec(), count: pieces)
        a.setWriteDeadline(.after(.seconds(30)))
        while offset < total {
            // Up to 64 buffers of 1..1000 bytes from the current offset.
            var cursor = offset
            var count = 0
            while count < pieces && cursor < total {
                let size = min(1 + (cursor * 7 % 1000), total - cursor)
                iov[count] = iovec(iov_base: payload.baseAddress! + cursor, iov_len: size)
                cursor += size
                count += 1
            }
            let n = try iov.withUnsafeBufferPointer { (p) throws(SocketError) -> Int in
                try a.writev(UnsafeBufferPointer(rebasing: p[0..<count]))
            }
            if n < cursor - offset { shortWrites += 1 }
            offset += n
        }
        try a.shutdown(.write)
        reader.join()
        let got = received.get()
        print("partial writev: \(total) bytes, \(shortWrites) short writes; received \(String(describing: got?.count))")
        #expect(got?.count == total)
        #expect(got?.firstWrong == nil, "wrong byte at \(String(describing: got?.firstWrong))")
        #expect(shortWrites > 0)
    }
}
