#if os(Linux)
import Glibc
import SockLinux
import SockPOSIX
import Testing

/// A pipe: (read end, write end), close-on-exec.
func makePipe() throws -> (read: CInt, write: CInt) {
    var fds: [CInt] = [-1, -1]
    guard pipe(&fds) == 0 else { throw NamespaceError("pipe: errno \(errno)") }
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    return (fds[0], fds[1])
}

/// A temporary file holding `text`, opened for reading (and already unlinked).
func makeFile(_ text: String) throws -> CInt {
    var template = Array("/tmp/sock-rights-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else { throw NamespaceError("mkstemp: errno \(errno)") }
    template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    let bytes = Array(text.utf8)
    guard write(fd, bytes, bytes.count) == bytes.count, lseek(fd, 0, SEEK_SET) == 0 else {
        throw NamespaceError("write: errno \(errno)")
    }
    return fd
}

@Suite("Unix extras: SCM_RIGHTS, SCM_CREDENTIALS, SO_PEERCRED")
struct UnixRightsTests {
    @Test("a pipe's read end and an open file arrive and work", arguments: [UnixNetwork.unix, .unixgram, .unixpacket])
    func passDescriptors(_ network: UnixNetwork) throws {
        if network == .unixgram {
            let (a, b) = try UnixDatagramConn.pair()
            defer {
                a.close()
                b.close()
            }
            try checkPassDescriptors(from: a, to: b)
        } else {
            let (a, b) = try UnixConn.pair(network)
            defer {
                a.close()
                b.close()
            }
            try checkPassDescriptors(from: a, to: b)
        }
    }

    /// Sends a pipe's read end and a file from `a`; checks they arrive on `b` and work.
    func checkPassDescriptors(from a: some Connection & UnixSocket, to b: some Connection & UnixSocket) throws {
        let p = try makePipe()
        let file = try makeFile("file contents")
        defer {
            close(p.read)
            close(p.write)
            close(file)
        }
        let sent = try a.sendDescriptors([p.read, file], data: Array("fds".utf8))
        #expect(sent == 3)

        var data = [UInt8](repeating: 0, count: 16)
        var fds = [CInt](repeating: -1, count: 4)
        b.setReadDeadline(.after(.seconds(2)))
        let r = try data.withMutableRaw { (d) throws(SocketError) in
            try fds.withUnsafeMutableBufferPointer { (f) throws(SocketError) in
                try b.receiveDescriptors(into: d, descriptors: f)
            }
        }
        #expect(r.count == 3 && Array(data[..<3]) == Array("fds".utf8))
        #expect(r.descriptorCount == 2)
        let (pipeCopy, fileCopy) = (fds[0], fds[1])
        defer {
            close(pipeCopy)
            close(fileCopy)
        }
        #expect(pipeCopy != p.read && fileCopy != file)
        // Close-on-exec (MSG_CMSG_CLOEXEC).
        #expect(fcntl(pipeCopy, F_GETFD) & FD_CLOEXEC != 0)
        #expect(fcntl(fileCopy, F_GETFD) & FD_CLOEXEC != 0)
        // Read through the received descriptors.
        #expect(write(p.write, "through the pipe", 16) == 16)
        var buffer = [UInt8](repeating: 0, count: 32)
        #expect(read(pipeCopy, &buffer, 32) == 16)
        #expect(String(decoding: buffer[..<16], as: UTF8.self) == "through the pipe")
        #expect(pread(fileCopy, &buffer, 32, 0) == 13)
        #expect(String(decoding: buffer[..<13], as: UTF8.self) == "file contents")
    }

    @Test("a stream send with no payload still carries the descriptors (one zero byte)")
    func emptyPayloadOnStream() throws {
        let (a, b) = try UnixConn.pair(.unix)
        defer {
            a.close()
            b.close()
        }
        let p = try makePipe()
        defer {
            close(p.read)
            close(p.write)
        }
        #expect(try a.sendDescriptors([p.write], data: []) == 1)
        var fds = [CInt](repeating: -1, count: 1)
        b.setReadDeadline(.after(.seconds(2)))
        let r = try fds.withUnsafeMutableBufferPointer { (f) throws(SocketError) in
            try b.receiveDescriptors(into: UnsafeMutableRawBufferPointer(start: nil, count: 0), descriptors: f)
        }
        #expect(r.count == 1 && r.descriptorCount == 1)
        close(fds[0])
    }

    @Test("too many descriptors for the buffer: all are closed and the caller is told")
    func tooManyDescriptors() throws {
        let (a, b) = try UnixDatagramConn.pair()
        defer {
            a.close()
            b.close()
        }
        let p = try makePipe()
        defer { close(p.read) }
        // Three copies of the write end go out; the receiver makes room for one.
        #expect(try a.sendDescriptors([p.write, p.write, p.write], data: [1]) == 1)
        var fds = [CInt](repeating: -1, count: 1)
        var data = [UInt8](repeating: 0, count: 4)
        b.setReadDeadline(.after(.seconds(2)))
        expectSocketError(.invalidArgument, detail: .controlBufferTooSmall) { () throws(SocketError) in
            try data.withMutableRaw { (d) throws(SocketError) in
                try fds.withUnsafeMutableBufferPointer { (f) throws(SocketError) in
                    try b.receiveDescriptors(into: d, descriptors: f)
                }
            }
        }
        // If any received copy of the write end were still open, the read end would not see EOF.
        close(p.write)
        var byte: UInt8 = 0
        #expect(read(p.read, &byte, 1) == 0, "a received descriptor leaked")
    }

    @Test("descriptor counts outside 1...253 are rejected")
    func descriptorCounts() throws {
        let (a, b) = try UnixDatagramConn.pair()
        defer {
            a.close()
            b.close()
        }
        expectSocketError(.invalidArgument, detail: .descriptorCountInvalid) { () throws(SocketError) in
            try a.sendDescriptors([], data: [1])
        }
        expectSocketError(.invalidArgument, detail: .descriptorCountInvalid) { () throws(SocketError) in
            try a.sendDescriptors([CInt](repeating: 0, count: 254), data: [1])
        }
        expectSocketError(.wouldBlock) { () throws(SocketError) in
            var fds = [CInt](repeating: -1, count: 2)
            return try fds.withUnsafeMutableBufferPointer { (f) throws(SocketError) in
                try b.receiveDescriptors(into: UnsafeMutableRawBufferPointer(start: nil, count: 0), descriptors: f)
            }
        }
    }

    @Test("credentials arrive with SO_PASSCRED and match the sender's pid and uid", arguments: [false, true])
    func credentials(_ explicit: Bool) throws {
        let (a, b) = try UnixDatagramConn.pair()
        defer {
            a.close()
            b.close()
        }
        try b.setPassCredentials(true)
        let payload: [UInt8] = [1, 2, 3]
        if explicit {
            _ = try payload.withRaw { (p) throws(SocketError) in try a.sendCredentials(p) }
        } else {
            _ = try a.write(payload)
        }
        var data = [UInt8](repeating: 0, count: 8)
        var control = [UInt8](repeating: 0, count: 64)
        b.setReadDeadline(.after(.seconds(2)))
        let r = try b.receiveMessage(into: &data, control: &control)
        let credentials = control.withUnsafeMutableBytes { ControlMessages($0, count: r.controlCount).credentials }
        #expect(credentials?.pid == getpid())
        #expect(credentials?.uid == geteuid())
        #expect(credentials?.gid == getegid())
        #expect(r.count == 3)
    }

    @Test("credentials other than one's own: root may claim them, others get .permissionDenied")
    func forgedCredentials() throws {
        let (a, b) = try UnixDatagramConn.pair()
        defer {
            a.close()
            b.close()
        }
        let forged = Credentials(pid: 1, uid: 0, gid: 0)
        func send(_ credentials: Credentials) throws(SocketError) -> Int {
            try [9].withRaw { (p) throws(SocketError) in try a.sendCredentials(p, credentials: credentials) }
        }
        if isRoot {
            // CAP_SYS_ADMIN may claim another pid; a pid that does not exist is still refused.
            #expect(try send(forged) == 1)
            let error = expectSocketError(.other) { () throws(SocketError) in
                try send(Credentials(pid: Int32.max, uid: 0, gid: 0))
            }
            #expect(error?.errno == ESRCH)
        } else {
            let error = expectSocketError(.permissionDenied) { () throws(SocketError) in try send(forged) }
            #expect(error?.errno == EPERM)
        }
    }

    @Test("sending and receiving descriptors allocates nothing")
    func zeroAllocations() throws {
        let (a, b) = try UnixDatagramConn.pair()
        defer {
            a.close()
            b.close()
        }
        let p = try makePipe()
        defer {
            close(p.read)
            close(p.write)
        }
        let out = UnsafeMutableBufferPointer<CInt>.allocate(capacity: 2)
        let into = UnsafeMutableBufferPointer<CInt>.allocate(capacity: 4)
        let data = UnsafeMutableRawBufferPointer.allocate(byteCount: 8, alignment: 1)
        defer {
            out.deallocate()
            into.deallocate()
            data.deallocate()
        }
        out[0] = p.read
        out[1] = p.write
        b.setReadDeadline(.after(.seconds(2)))
        var received = 0
        try expectNoMallocs("sendDescriptors + receiveDescriptors") {
            _ = try a.sendDescriptors(UnsafeBufferPointer(out), data: UnsafeRawBufferPointer(data))
            let r = try b.receiveDescriptors(into: data, descriptors: into)
            received = r.descriptorCount
            for i in 0..<r.descriptorCount { close(into[i]) }
        }
        #expect(received == 2)
    }
}
#endif
