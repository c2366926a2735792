#if os(Linux)
import CIOUringExample
import Sock
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The DocC article "Integrating with io_uring or an event loop": Sock exposes each socket's
/// descriptor; an io_uring (here a minimal raw-syscall ring, `CIOUringExample`) reads from it.
@Suite struct IOUringExample {
    @Test func socketReadCompletesThroughTheRing() throws {
        var setupError: CInt = 0
        guard let ring = ciou_ring_create(8, &setupError) else {
            let reason = "io_uring_setup failed (errno \(-setupError)): no io_uring here, or it is disabled"
            print("SKIP: \(reason)")
            try Test.cancel(Comment(rawValue: reason))
        }
        defer { ciou_ring_destroy(ring) }

        // README: io-uring
        let (a, b) = try UnixConn.pair()
        // The kernel writes into this buffer after submit returns: it must outlive the operation.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 8)
        defer { buffer.deallocate() }
        var result: Int32 = 0
        var tag: UInt64 = 0
        var waited: Int32 = 0
        try b.withFileDescriptor { fd throws(SocketError) in
            // fd stays b's while b lives: after a concurrent b.close() a submission fails with EBADF.
            _ = ciou_submit_recv(ring, fd, buffer.baseAddress, UInt32(buffer.count), 7)  // IORING_OP_RECV
            waited = ciou_wait_completion(ring, 50, &result, &tag)  // 0: nothing to read, still pending
            _ = try a.write(Array("hello, ring".utf8))
            waited = ciou_wait_completion(ring, 1000, &result, &tag)  // 1: result == 11, tag == 7
        }
        // END README

        #expect(waited == 1)
        #expect(result == 11)
        #expect(tag == 7)
        #expect(Array(UnsafeRawBufferPointer(rebasing: buffer[..<11])) == Array("hello, ring".utf8))
        a.close()
        b.close()
    }

    @Test func readinessWithPoll() throws {
        // README: event-loop
        // Any readiness loop works the same way: wait on fileDescriptor, then call Sock, which
        // never blocks (.wouldBlock if the wake-up was spurious).
        let (a, b) = try UnixConn.pair()
        _ = try a.write(Array("ready".utf8))
        var events = [pollfd(fd: b.fileDescriptor, events: Int16(POLLIN), revents: 0)]
        let ready = poll(&events, 1, 1000)  // or epoll_wait, kevent, an io_uring POLL_ADD, ...
        var buffer = [UInt8](repeating: 0, count: 16)
        let n = try b.read(into: &buffer)
        // END README

        #expect(ready == 1)
        #expect(n == 5)
        a.close()
        b.close()
    }
}
#endif
