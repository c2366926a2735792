// EMFILE: with RLIMIT_NOFILE lowered (in a child process: lowering it in the test runner would
// starve every other test), accept throws `.tooManyOpenFiles`, the listener keeps working once
// descriptors are freed, and no pending connection is lost. The limit can only be lowered here
// (no CAP_SYS_RESOURCE), which is all the test needs.

import Sock
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("EMFILE: out of descriptors")
struct EMFILETests {
    @Test("accept under EMFILE throws .tooManyOpenFiles, then accepts every pending connection")
    func acceptUnderEMFILE() {
        let r = runChild("emfile", function: "acceptUnderEMFILEChild")
        r.report.forEach { print($0) }
        #expect(r.status == 0, "child failed:\n\(childFailureSummary(r.output))")
        #expect(
            r.report.contains { $0.hasPrefix("CHILD: emfile") },
            "no report from the child:\n\(childFailureSummary(r.output))"
        )
    }

    @Test(childOnly("emfile"))
    func acceptUnderEMFILEChild() throws {
        let pending = 8
        let listener = try TCPListener("127.0.0.1:0")
        let endpoint = try listener.endpoint()
        // Clients connect and send one byte each; the kernel completes the handshakes and queues
        // the connections (with their data) in the listener's backlog.
        var clients: [TCPConn] = []
        for i in 0..<pending {
            let client = try TCPConn.dial(endpoint)
            try client.finishConnect(until: .after(.seconds(5)))
            _ = try client.write([UInt8(i)])
            clients.append(client)
        }
        // Lower the limit to what is open now plus a few, then fill the table.
        var limit = rlimit()
        getrlimit(RLIMIT_NOFILE_VALUE, &limit)
        let originalSoft = limit.rlim_cur
        limit.rlim_cur = rlim_t(openDescriptorCount() + 16)
        #expect(setrlimit(RLIMIT_NOFILE_VALUE, &limit) == 0, "setrlimit: errno \(errno)")
        var fillers: [CInt] = []
        while true {
            let fd = open("/dev/null", O_RDONLY | O_CLOEXEC)
            if fd < 0 { break }
            fillers.append(fd)
        }
        let fillerErrno = errno
        // Out of descriptors: accept, socket and socketpair fail with a clear error.
        let acceptError = expectSocketError(.tooManyOpenFiles) { () throws(SocketError) in try listener.accept() }
        let dialError = expectSocketError(.tooManyOpenFiles) { () throws(SocketError) in try TCPConn.dial(endpoint) }
        // One free descriptor: socketpair needs two and must not leak the one.
        close(fillers.removeLast())
        let countWithOneFree = openDescriptorCount()
        let pairError = expectSocketError(.tooManyOpenFiles) { () throws(SocketError) in try UnixConn.pair() }
        let countAfterPair = openDescriptorCount()
        // Free the descriptors: every pending connection is still there, with its byte.
        fillers.forEach { close($0) }
        limit.rlim_cur = originalSoft
        setrlimit(RLIMIT_NOFILE_VALUE, &limit)
        listener.setReadDeadline(.after(.seconds(5)))
        var received: [UInt8] = []
        for _ in 0..<pending {
            let conn = try listener.accept()
            conn.setReadDeadline(.after(.seconds(5)))
            var byte: [UInt8] = [0xFF]
            #expect(try conn.read(into: &byte) == 1)
            received.append(byte[0])
            conn.close()
        }
        // And nothing more is queued.
        listener.setReadDeadline(nil)
        expectSocketError(.wouldBlock) { () throws(SocketError) in try listener.accept() }
        clients.forEach { $0.close() }
        print(
            "CHILD: emfile filled with \(fillers.count) descriptors (open errno \(fillerErrno)); accept -> "
                + "\(acceptError.map { "\($0)" } ?? "no error"); dial -> \(dialError.map { "\($0)" } ?? "no error"); "
                + "socketpair -> \(pairError.map { "\($0)" } ?? "no error") with \(countWithOneFree) open before and "
                + "\(countAfterPair) after; then accepted \(received.count) of \(pending) pending: \(received)"
        )
        #expect(fillerErrno == EMFILE)
        #expect(acceptError?.errno == EMFILE && acceptError?.operation == .accept)
        #expect(countAfterPair == countWithOneFree, "a failed socketpair leaked a descriptor")
        #expect(received.sorted() == (0..<UInt8(pending)).map { $0 }, "lost or mixed connections: \(received)")
    }
}

/// `RLIMIT_NOFILE` as the type `getrlimit` takes (Glibc imports it as an enum case).
let RLIMIT_NOFILE_VALUE = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
