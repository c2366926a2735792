// Issue 14, item 1: a local peer passes descriptors (SCM_RIGHTS) with every message to a receiver
// that did not ask for them. Before the fix, each receive installed them all: a reader that only
// wanted credentials went from 8 to 608 open descriptors in 50 messages, a default `UDPBatch` on
// a unixgram socket to 1,207 in 100. The receives run in a child process, where the descriptor
// count is exact.

import Sock
import SockTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Hardening: descriptors a peer passes without being asked are closed")
struct DescriptorBombTests {
    @Test("a stream receiver reading only credentials, and a unixgram batch receiver, keep their descriptor count")
    func descriptorBomb() {
        let r = runChild("descriptor-bomb", function: "descriptorBombChild")
        r.report.forEach { print($0) }
        #expect(r.status == 0, "child failed:\n\(childFailureSummary(r.output))")
        #expect(r.report.count == 3, "missing reports:\n\(childFailureSummary(r.output))")
    }

    /// A Python peer: connects (stream) or sends (datagram) `messages` messages of one byte, each
    /// carrying 12 descriptors of /dev/null.
    func bomb(_ name: String, datagram: Bool, messages: Int) -> (status: Int32, output: String) {
        runPython(
            """
            import socket, os
            fds = [os.open("/dev/null", os.O_RDONLY) for _ in range(12)]
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM if \(datagram ? "True" : "False") else socket.SOCK_STREAM)
            s.settimeout(10)  # never block forever on a full receive queue
            s.connect("\\0\(name.dropFirst())")
            for i in range(\(messages)):
                socket.send_fds(s, [b"x"], fds)
            s.close()
            print("sent")
            """,
            timeout: 20
        )
    }

    @Test(childOnly("descriptor-bomb"))
    func descriptorBombChild() throws {
        // 1. A stream server that turns SO_PASSCRED on and only looks at the credentials.
        let name = "@sock-bomb-\(getpid())"
        let listener = try UnixListener(name)
        defer { listener.close() }
        try listener.setPassCredentials(true)
        // This thread's wake-up descriptor (one per waiting thread, for close) exists from its
        // first wait: make it before counting.
        _ = try? listener.waitReady(.read, until: .after(.milliseconds(1)))
        let before = openDescriptorCount()
        let peer = TestThread { _ = self.bomb(name, datagram: false, messages: 50) }
        listener.setReadDeadline(.after(.seconds(10)))
        var messages = 0
        var closed = 0
        var credentials = 0
        do {  // the connection is freed (its number released) before the count
            let conn = try listener.accept()
            conn.setReadDeadline(.after(.seconds(10)))
            var payload = [UInt8](repeating: 0, count: 1)
            var control = [UInt8](repeating: 0, count: 1024)
            while true {
                let message = try conn.receiveMessage(into: &payload, control: &control)
                if message.count == 0 { break }
                messages += 1
                closed += message.closedDescriptors
                control.withUnsafeMutableBytes { bytes in
                    let parsed = ControlMessages(bytes, count: message.controlCount)
                    if parsed.credentials != nil { credentials += 1 }
                    // What is left of the rights in the control data names no descriptor.
                    for entry in parsed {
                        if case .rights(let list) = entry.kind { #expect(list.allSatisfy { $0 == -1 }) }
                    }
                }
            }
            conn.close()
        }
        peer.join()
        let after = openDescriptorCount()
        print(
            "CHILD: stream, credentials only: \(messages) messages, \(closed) descriptors closed, descriptors \(before) -> \(after)"
        )
        #expect(messages == 50 && credentials == 50)
        #expect(closed == 600)
        #expect(after <= before + 1, "descriptors grew from \(before) to \(after)")

        // 2. A unixgram socket drained with a default UDPBatch.
        let gramName = "@sock-bomb-gram-\(getpid())"
        let gram = try UnixDatagramConn.listen(gramName)
        defer { gram.close() }
        try gram.setReceiveBufferSize(1 << 20)
        let gramBefore = openDescriptorCount()
        // The peer sends while this thread receives (a unixgram queue holds few datagrams).
        let sent = Shared("")
        let sender = TestThread { sent.set(self.bomb(gramName, datagram: true, messages: 100).output) }
        let batch = try UDPBatch(capacity: 16)
        gram.setReadDeadline(.after(.seconds(10)))
        var received = 0
        while received < 100 { received += try gram.receiveMessages(batch) }
        sender.join()
        #expect(sent.get().contains("sent"), "peer: \(sent.get())")
        let gramAfter = openDescriptorCount()
        print("CHILD: unixgram batch: \(received) datagrams, descriptors \(gramBefore) -> \(gramAfter)")
        #expect(gramAfter <= gramBefore + 1, "descriptors grew from \(gramBefore) to \(gramAfter)")

        // 3. Asking to keep them works: the receiver gets 12 open descriptors and owns them.
        #expect(bomb(gramName, datagram: true, messages: 1).output.contains("sent"))
        let keep = try UDPBatch(capacity: 1)
        _ = try gram.receiveMessages(keep, keepingDescriptors: true)
        var kept: [CInt] = []
        for entry in keep[0].controlMessages {
            if case .rights(let list) = entry.kind { kept += Array(list) }
        }
        print("CHILD: keepingDescriptors: \(kept.count) descriptors kept")
        #expect(kept.count == 12 && kept.allSatisfy { fcntl($0, F_GETFD) >= 0 })
        for fd in kept { close(fd) }
    }
}
