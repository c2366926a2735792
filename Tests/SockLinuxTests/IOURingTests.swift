// The raw io_uring ring (Sources/SockLinux/Async/IOURing): set-up and probe, every preparation,
// multishot receives into a provided-buffer ring, sends without completions, cancellation, wait
// timeouts, and no allocation per operation. Each test skips, printing the probe's reason, where
// io_uring is unavailable.

#if os(Linux)
import SockLinux
import SockPOSIX
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("io_uring: the raw ring")
struct IOURingTests {
    /// A ring, or a skip with the probe's reason.
    func makeRing(entries: UInt32 = 64) throws -> IOURing {
        let availability = IOURing.probe()
        guard availability == .available else { try skip("\(availability)") }
        return try IOURing(entries: entries)
    }

    /// Waits (up to 2 s per wait) until `count` completions have been read, and returns them.
    func completions(_ ring: IOURing, count: Int) throws -> [IOURing.Completion] {
        var all: [IOURing.Completion] = []
        while all.count < count {
            try ring.submitAndWait(minComplete: 1, timeout: .seconds(2))
            ring.peekCompletions { all.append($0) }
        }
        return all
    }

    /// A buffer holding `text`'s bytes (deallocated by the caller).
    func buffer(_ text: String) -> UnsafeMutableRawBufferPointer {
        let bytes = Array(text.utf8)
        let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 8)
        raw.copyBytes(from: bytes)
        return raw
    }

    @Test("the probe agrees with raw io_uring_setup calls, and says available on this kernel")
    func probe() throws {
        let availability = IOURing.probe()
        print("probe: \(availability)")
        // The same question, asked independently: a ring with SINGLE_ISSUER (Linux 6.0) whose
        // features include NODROP, EXT_ARG and CQE_SKIP.
        var params = [UInt8](repeating: 0, count: LinuxABI.sizeof_io_uring_params)
        let single = UInt32(LinuxABI.IORING_SETUP_SINGLE_ISSUER)
        let fd = params.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: single, toByteOffset: LinuxABI.offsetof_io_uring_params_flags, as: UInt32.self)
            return Sys.ioUringSetup(4, raw.baseAddress!)
        }
        guard fd >= 0 else {
            #expect(availability != .available, "io_uring_setup failed with errno \(-fd), the probe disagrees")
            try skip("\(availability)")
        }
        _ = Sys.close(CInt(fd))
        let features = params.withUnsafeBytes {
            $0.loadUnaligned(fromByteOffset: LinuxABI.offsetof_io_uring_params_features, as: UInt32.self)
        }
        let required = UInt32(
            LinuxABI.IORING_FEAT_NODROP | LinuxABI.IORING_FEAT_EXT_ARG | LinuxABI.IORING_FEAT_CQE_SKIP
        )
        #expect(features & required == required, "features \(String(features, radix: 16))")
        #expect(availability == .available)

        let ring = try IOURing(entries: 8)
        print(
            "default setup flags 0x\(String(ring.setupFlags, radix: 16)), features 0x\(String(ring.features, radix: 16))"
        )
        #expect(ring.submissionEntries == 8)
        #expect(ring.completionEntries == 16)
        #expect(ring.setupFlags == IOURing.defaultFlagLadder[0], "Linux 6.1+ takes the first flag set")
    }

    @Test("the table's field sizes are the widths the ring reads and writes")
    func fieldWidths() {
        let widths: [(Int, Int, String)] = [
            (LinuxABI.fieldsize_io_uring_sqe_opcode, 1, "sqe.opcode"),
            (LinuxABI.fieldsize_io_uring_sqe_flags, 1, "sqe.flags"),
            (LinuxABI.fieldsize_io_uring_sqe_ioprio, 2, "sqe.ioprio"),
            (LinuxABI.fieldsize_io_uring_sqe_fd, 4, "sqe.fd"),
            (LinuxABI.fieldsize_io_uring_sqe_off, 8, "sqe.off"),
            (LinuxABI.fieldsize_io_uring_sqe_addr2, 8, "sqe.addr2"),
            (LinuxABI.fieldsize_io_uring_sqe_addr, 8, "sqe.addr"),
            (LinuxABI.fieldsize_io_uring_sqe_len, 4, "sqe.len"),
            (LinuxABI.fieldsize_io_uring_sqe_msg_flags, 4, "sqe.msg_flags"),
            (LinuxABI.fieldsize_io_uring_sqe_poll32_events, 4, "sqe.poll32_events"),
            (LinuxABI.fieldsize_io_uring_sqe_accept_flags, 4, "sqe.accept_flags"),
            (LinuxABI.fieldsize_io_uring_sqe_cancel_flags, 4, "sqe.cancel_flags"),
            (LinuxABI.fieldsize_io_uring_sqe_user_data, 8, "sqe.user_data"),
            (LinuxABI.fieldsize_io_uring_sqe_buf_group, 2, "sqe.buf_group"),
            (LinuxABI.fieldsize_io_uring_cqe_user_data, 8, "cqe.user_data"),
            (LinuxABI.fieldsize_io_uring_cqe_res, 4, "cqe.res"),
            (LinuxABI.fieldsize_io_uring_cqe_flags, 4, "cqe.flags"),
            (LinuxABI.fieldsize_io_uring_buf_addr, 8, "buf.addr"),
            (LinuxABI.fieldsize_io_uring_buf_len, 4, "buf.len"),
            (LinuxABI.fieldsize_io_uring_buf_bid, 2, "buf.bid"),
            (LinuxABI.fieldsize_io_uring_buf_ring_tail, 2, "buf_ring.tail"),
            (LinuxABI.fieldsize_io_uring_buf_reg_ring_addr, 8, "buf_reg.ring_addr"),
            (LinuxABI.fieldsize_io_uring_buf_reg_ring_entries, 4, "buf_reg.ring_entries"),
            (LinuxABI.fieldsize_io_uring_buf_reg_bgid, 2, "buf_reg.bgid"),
            (LinuxABI.fieldsize_io_uring_getevents_arg_ts, 8, "getevents_arg.ts"),
            (LinuxABI.fieldsize___kernel_timespec_tv_sec, 8, "__kernel_timespec.tv_sec"),
            (LinuxABI.fieldsize___kernel_timespec_tv_nsec, 8, "__kernel_timespec.tv_nsec"),
            (LinuxABI.fieldsize_io_uring_params_flags, 4, "params.flags"),
            (LinuxABI.fieldsize_io_sqring_offsets_array, 4, "sq_off.array"),
            (LinuxABI.fieldsize_io_cqring_offsets_cqes, 4, "cq_off.cqes"),
        ]
        for (table, width, name) in widths { #expect(table == width, "\(name)") }
        // The ring's tail overlays entry 0's `resv`; the on-stack records fit their buffers.
        #expect(LinuxABI.offsetof_io_uring_buf_ring_tail == LinuxABI.offsetof_io_uring_buf_resv)
        #expect(LinuxABI.sizeof_io_uring_params <= 128)
        #expect(LinuxABI.sizeof_io_uring_buf_reg <= 48)
        #expect(LinuxABI.sizeof_io_uring_getevents_arg <= 32)
    }

    @Test("the reasons print the errno's meaning")
    func reasons() {
        #expect("\(IOURing.Availability.unavailable(.disabledBySysctl(value: 2)))".contains("io_uring_disabled=2"))
        #expect("\(IOURing.Availability.unavailable(.notInKernel(seccompFilter: true)))".contains("seccomp"))
        let setup = SocketError(errno: LinuxABI.EPERM, operation: .ioUringSetup)
        switch IOURing.reason(for: setup) {
        case .disabledBySysctl, .blockedBySeccomp, .permissionDenied: break
        default: Issue.record("EPERM classified as \(IOURing.reason(for: setup))")
        }
        #expect(IOURing.reason(for: SocketError(errno: LinuxABI.ENOMEM, operation: .ioUringSetup)) == .memoryLockLimit)
        #expect(IOURing.reason(for: SocketError(errno: LinuxABI.ENOMEM, operation: .mmap)) != .memoryLockLimit)
    }

    @Test("explicit flags are used as given: DEFER_TASKRUN without SINGLE_ISSUER is refused")
    func explicitFlags() throws {
        _ = try makeRing()
        let deferred = UInt32(LinuxABI.IORING_SETUP_DEFER_TASKRUN)
        let error = expectSocketError(.invalidArgument) { () throws(SocketError) in
            try IOURing(entries: 4, flags: deferred)
        }
        #expect(error?.operation == .ioUringSetup)
        let plain = try IOURing(entries: 4, flags: 0)
        #expect(plain.setupFlags == 0)
        plain.close()
        plain.close()  // twice is harmless
    }

    @Test("nop round trip: two entries, two completions in order, then none")
    func nop() throws {
        let ring = try makeRing()
        try ring.prepareNop(userData: 42)
        try ring.prepareNop(userData: 0xFFFF_FFFF_FFFF_FFFE)
        #expect(ring.pendingSubmissions == 2)
        #expect(try ring.submitAndWait(minComplete: 2) == 2)
        #expect(ring.pendingSubmissions == 0)
        #expect(ring.readyCompletions == 2)
        var seen: [IOURing.Completion] = []
        #expect(ring.peekCompletions { seen.append($0) } == 2)
        #expect(seen.map(\.userData) == [42, 0xFFFF_FFFF_FFFF_FFFE])
        #expect(seen.allSatisfy { $0.result == 0 && $0.flags == 0 && $0.bufferID == nil && !$0.hasMore })
        #expect(ring.peekCompletions { _ in } == 0)
        #expect(try ring.submit() == 0, "nothing to submit")
    }

    @Test("more entries than the submission ring holds: it is submitted when full")
    func fullRing() throws {
        let ring = try makeRing(entries: 4)
        for i in 0..<10 { try ring.prepareNop(userData: UInt64(i)) }
        let all = try completions(ring, count: 10)
        #expect(all.map(\.userData) == (0..<10).map(UInt64.init))
    }

    @Test("multishot receive: 12 messages through 4 provided buffers with F_MORE and recycling; ENOBUFS ends it")
    func multishotReceive() throws {
        let ring = try makeRing()
        let (a, b) = try UnixConn.pair()
        defer {
            a.close()
            b.close()
        }
        let buffers = try ring.registerBufferRing(group: 3, count: 4, size: 64)
        try ring.prepareReceive(fd: a.fileDescriptor, bufferGroup: 3, multishot: true, userData: 7)
        #expect(try ring.submit() == 1)
        var used = Set<UInt16>()
        for i in 0..<12 {
            let message = Array("message \(i)".utf8)
            _ = try b.write(message)
            let got = try completions(ring, count: 1)
            #expect(got.count == 1)
            let completion = got[0]
            #expect(completion.userData == 7)
            #expect(completion.hasMore, "the receive stays armed")
            let id = try #require(completion.bufferID)
            let n = try completion.value(.receive)
            #expect(Array(buffers.bytes(id, count: n)) == message)
            used.insert(id)
            buffers.recycle(bufferID: id)
        }
        #expect(used.count <= 4)

        // Without recycling, the fifth message finds no buffer: -ENOBUFS, and no F_MORE.
        for i in 0..<4 {
            _ = try b.write(Array("kept \(i)".utf8))
            let completion = try completions(ring, count: 1)[0]
            #expect(completion.hasMore && completion.bufferID != nil)
        }
        _ = try b.write(Array("no room".utf8))
        let last = try completions(ring, count: 1)[0]
        #expect(last.userData == 7)
        #expect(last.errno == LinuxABI.ENOBUFS)
        #expect(!last.hasMore, "the multishot receive ended: re-arm it")
        ring.unregisterBufferRing(group: 3)
    }

    @Test("a send with skip-success posts no completion when it works, and one with -EPIPE when it fails")
    func sendSkipSuccess() throws {
        let ring = try makeRing()
        let (a, b) = try UnixConn.pair()
        defer { a.close() }
        let payload = buffer("ping")
        defer { payload.deallocate() }

        try ring.prepareSend(fd: a.fileDescriptor, UnsafeRawBufferPointer(payload), skipSuccess: true, userData: 1)
        try ring.prepareNop(userData: 2)
        let first = try completions(ring, count: 1)
        #expect(first.map(\.userData) == [2], "only the nop completes")
        try ring.submitAndWait(minComplete: 0)
        #expect(ring.peekCompletions { _ in } == 0)
        var bytes = [UInt8](repeating: 0, count: 16)
        b.setReadDeadline(.after(.seconds(2)))
        let n = try b.read(into: &bytes)
        #expect(Array(bytes[..<n]) == Array("ping".utf8))

        b.close()
        try ring.prepareSend(fd: a.fileDescriptor, UnsafeRawBufferPointer(payload), skipSuccess: true, userData: 3)
        let failed = try completions(ring, count: 1)
        #expect(failed.map(\.userData) == [3])
        #expect(failed.first?.errno == LinuxABI.EPIPE, "MSG_NOSIGNAL: EPIPE, not SIGPIPE")
        let error = expectSocketError(.brokenPipe) { () throws(SocketError) in try failed[0].value(.send) }
        #expect(error?.operation == .send)
    }

    @Test("a pending multishot receive is cancelled by user_data, and requests on a descriptor by fd")
    func cancel() throws {
        let ring = try makeRing()
        let (a, b) = try UnixConn.pair()
        defer {
            a.close()
            b.close()
        }
        _ = try ring.registerBufferRing(group: 1, count: 2, size: 32)
        try ring.prepareReceive(fd: a.fileDescriptor, bufferGroup: 1, multishot: true, userData: 10)
        try ring.submit()
        try ring.prepareCancel(matching: 10, userData: 11)
        let byData = try completions(ring, count: 2).sorted { $0.userData < $1.userData }
        #expect(byData.map(\.userData) == [10, 11])
        #expect(byData[0].errno == LinuxABI.ECANCELED)
        #expect(!byData[0].hasMore)
        #expect(byData[1].result == 0)

        try ring.preparePoll(fd: a.fileDescriptor, events: UInt32(LinuxABI.POLLIN), multishot: true, userData: 12)
        try ring.prepareReceive(fd: a.fileDescriptor, bufferGroup: 1, multishot: true, userData: 13)
        try ring.submit()
        try ring.prepareCancel(fd: a.fileDescriptor, userData: 14)
        let byFD = try completions(ring, count: 3).sorted { $0.userData < $1.userData }
        #expect(byFD.map(\.userData) == [12, 13, 14])
        #expect(byFD[0].errno == LinuxABI.ECANCELED && byFD[1].errno == LinuxABI.ECANCELED)
        #expect(byFD[2].result == 2, "two requests cancelled")

        try ring.prepareCancel(matching: 999, userData: 15)
        #expect(try completions(ring, count: 1)[0].errno == LinuxABI.ENOENT)
    }

    @Test("a wait with a timeout and nothing to complete throws .timedOut with ETIME")
    func waitTimeout() throws {
        let ring = try makeRing()
        let clock = ContinuousClock()
        let start = clock.now
        let error = expectSocketError(.timedOut) { () throws(SocketError) in
            try ring.submitAndWait(minComplete: 1, timeout: .milliseconds(50))
        }
        #expect(error?.errno == LinuxABI.ETIME)
        #expect(error?.operation == .ioUringEnter)
        #expect(clock.now - start >= .milliseconds(45))
        // With an entry submitted, the call returns its count even if the wait times out.
        try ring.prepareNop(userData: 1)
        #expect(try ring.submitAndWait(minComplete: 2, timeout: .milliseconds(20)) == 1)
        #expect(ring.peekCompletions { _ in } == 1)
    }

    @Test("accept (multishot), connect, poll, sendmsg, recvmsg, receive into a buffer and close")
    func otherOperations() throws {
        let ring = try makeRing()
        let listener = try TCPListener("127.0.0.1:0")
        defer { listener.close() }
        let address = UnsafeMutableRawPointer.allocate(byteCount: 128, alignment: 8)
        defer { address.deallocate() }
        let length = try listener.endpoint().sockaddr().withUnsafeSockaddr { sa, len in
            address.copyMemory(from: sa, byteCount: Int(len))
            return len
        }
        let client = try Sys.descriptor(.socket) { Sys.socket(LinuxABI.AF_INET, LinuxABI.SOCK_STREAM, 0) }
        defer { _ = Sys.close(client) }

        try ring.prepareAccept(fd: listener.fileDescriptor, multishot: true, userData: 1)
        try ring.prepareConnect(
            fd: client,
            to: address.assumingMemoryBound(to: sockaddr.self),
            length: length,
            userData: 2
        )
        let connected = try completions(ring, count: 2).sorted { $0.userData < $1.userData }
        #expect(connected.map(\.userData) == [1, 2])
        #expect(connected[0].hasMore, "the multishot accept stays armed")
        let accepted = CInt(try connected[0].value(.accept))
        #expect(try connected[1].value(.connect) == 0)
        #expect(Sys.fcntl(accepted, LinuxABI.F_GETFD) & Int(LinuxABI.FD_CLOEXEC) != 0)
        #expect(Sys.fcntl(accepted, LinuxABI.F_GETFL) & Int(LinuxABI.O_NONBLOCK) != 0)

        // sendmsg from the client; a poll on the accepted end, then recvmsg.
        let out = buffer("over sendmsg")
        let into = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 8)
        let iov = UnsafeMutablePointer<iovec>.allocate(capacity: 2)
        let messages = UnsafeMutablePointer<msghdr>.allocate(capacity: 2)
        defer {
            out.deallocate()
            into.deallocate()
            iov.deallocate()
            messages.deallocate()
        }
        iov[0] = iovec(iov_base: out.baseAddress, iov_len: out.count)
        iov[1] = iovec(iov_base: into.baseAddress, iov_len: into.count)
        messages[0] = msghdr()
        messages[0].msg_iov = iov
        messages[0].msg_iovlen = 1
        messages[1] = msghdr()
        messages[1].msg_iov = iov + 1
        messages[1].msg_iovlen = 1
        try ring.preparePoll(fd: accepted, events: UInt32(LinuxABI.POLLIN), userData: 3)
        try ring.prepareSendMessage(fd: client, messages, userData: 4)
        let sent = try completions(ring, count: 2).sorted { $0.userData < $1.userData }
        #expect(sent.map(\.userData) == [3, 4])
        #expect(try sent[0].value(.poll) & Int(LinuxABI.POLLIN) != 0)
        #expect(try sent[1].value(.sendMessage) == out.count)
        try ring.prepareReceiveMessage(fd: accepted, messages + 1, userData: 5)
        let received = try completions(ring, count: 1)[0]
        let n = try received.value(.receiveMessage)
        #expect(Array(into[..<n]) == Array("over sendmsg".utf8))

        // A plain receive into a buffer, then close through the ring.
        try ring.prepareSend(fd: client, UnsafeRawBufferPointer(out), userData: 6)
        try ring.prepareReceive(fd: accepted, into: into, userData: 7)
        let pair = try completions(ring, count: 2).sorted { $0.userData < $1.userData }
        #expect(try pair[0].value(.send) == out.count)
        #expect(Array(into[..<(try pair[1].value(.receive))]) == Array("over sendmsg".utf8))
        try ring.prepareClose(fd: accepted, userData: 8)
        #expect(try completions(ring, count: 1)[0].value(.close) == 0)
        try ring.prepareCancel(fd: listener.fileDescriptor, userData: 9)
        let cancelled = try completions(ring, count: 2).sorted { $0.userData < $1.userData }
        #expect(cancelled.map(\.userData) == [1, 9])
        #expect(cancelled[0].errno == LinuxABI.ECANCELED)
    }

    @Test("1,000 send/receive cycles (skip-success send, multishot receive, recycle) allocate nothing")
    func noAllocations() throws {
        let ring = try makeRing()
        let (a, b) = try UnixConn.pair()
        defer {
            a.close()
            b.close()
        }
        let buffers = try ring.registerBufferRing(group: 1, count: 8, size: 64)
        let payload = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 8)
        defer { payload.deallocate() }
        payload.initializeMemory(as: UInt8.self, repeating: 0x5A)
        let fd = a.fileDescriptor
        try ring.prepareReceive(fd: fd, bufferGroup: 1, multishot: true, userData: 1)
        var received = 0
        var unexpected = 0
        try expectNoMallocs("1,000 io_uring send/receive cycles") {
            for _ in 0..<1000 {
                try ring.prepareSend(
                    fd: b.fileDescriptor,
                    UnsafeRawBufferPointer(payload),
                    skipSuccess: true,
                    userData: 2
                )
                var done = false
                while !done {
                    try ring.submitAndWait(minComplete: 1)
                    try ring.peekCompletions { (completion) throws(SocketError) in
                        guard completion.userData == 1 else {
                            unexpected += 1
                            return
                        }
                        received += try completion.value(.receive)
                        if let id = completion.bufferID { buffers.recycle(bufferID: id) }
                        if !completion.hasMore {
                            try ring.prepareReceive(fd: fd, bufferGroup: 1, multishot: true, userData: 1)
                        }
                        done = true
                    }
                }
            }
        }
        #expect(unexpected == 0)
        #expect(received == 2 * 1000 * 64, "every byte of both runs arrived")
    }
}
#endif
