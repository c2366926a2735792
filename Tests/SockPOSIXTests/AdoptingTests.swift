// Issue 14, items 3 and 5: adopting a descriptor checks what it is before touching it, and says
// who owns it when the init throws; a receive with an address on a stream never discards bytes.

import SockPOSIX
import SockTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Adopting descriptors: checked before anything changes; stream receives keep their bytes")
struct AdoptingTests {
    func isNonBlocking(_ fd: CInt) -> Bool { fcntl(fd, F_GETFL) & O_NONBLOCK != 0 }

    /// Before the fix, adopting a pipe as a socket set O_NONBLOCK on the pipe's open file
    /// description, shared with whoever holds the other copies (the writer's process too).
    @Test("a pipe is refused as a socket (ENOTSOCK), left blocking, and stays the caller's")
    func pipeRefused() throws {
        var fds: [CInt] = [-1, -1]
        #expect(pipe(&fds) == 0)
        defer { fds.forEach { close($0) } }
        let refused = expectSocketError(.notSupported) { () throws(SocketError) in try NetSocket(adopting: fds[0]) }
        #expect(refused?.errno == ENOTSOCK)
        expectSocketError(.notSupported) { () throws(SocketError) in try UnixConn(adopting: fds[0]) }
        #expect(!isNonBlocking(fds[0]), "the pipe was switched to non-blocking")
        #expect(fcntl(fds[0], F_GETFD) >= 0, "the caller's descriptor was closed")
        // A directory is no socket either.
        let dir = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { close(dir) }
        expectSocketError(.notSupported) { () throws(SocketError) in try TCPConn(adopting: dir) }
    }

    @Test("a socket of another kind is refused for a typed socket, untouched, still the caller's")
    func kindChecked() throws {
        let udp = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(udp) }
        expectSocketError(.invalidArgument, detail: .socketKindMismatch) { () throws(SocketError) in
            try TCPConn(adopting: udp)
        }
        #expect(!isNonBlocking(udp))
        #expect(fcntl(udp, F_GETFD) >= 0)

        // A listening TCP socket is a TCPListener, not a TCPConn.
        let listening = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listening, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        #expect(listen(listening, 8) == 0)
        expectSocketError(.invalidArgument, detail: .socketKindMismatch) { () throws(SocketError) in
            try TCPConn(adopting: listening)
        }
        let listener = try TCPListener(adopting: listening)  // now Sock's: it closes it
        defer { listener.close() }
        #expect(isNonBlocking(listening))
        let client = try TCPDialer(timeout: .seconds(5)).dial(try listener.endpoint())
        defer { client.close() }
        listener.setReadDeadline(.after(.seconds(5)))
        try listener.accept().close()
        #expect(listener.family == .inet && listener.type == .stream && listener.protocol == .tcp)
    }

    @Test("an adopted Unix listener reads its address from the kernel")
    func unixListenerAdopted() throws {
        let name = "@sock-adopt-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let original = try UnixListener(name)
        let copy = try original.releaseFileDescriptor()
        let adopted = try UnixListener(adopting: copy)
        defer { adopted.close() }
        #expect(adopted.address.name == name)
        #expect(adopted.network == .unix)
        let client = try UnixConn.dial(name)
        defer { client.close() }
        adopted.setReadDeadline(.after(.seconds(5)))
        try adopted.accept().close()
    }

    /// Before the fix, `receiveFrom` on a TCP socket passed MSG_TRUNC: the kernel discarded the
    /// bytes and the caller got the buffer's previous contents as data.
    @Test("a receive with the sender on a stream socket returns the new bytes, never the buffer's old ones")
    func streamReceiveKeepsBytes() throws {
        let listener = try TCPListener("127.0.0.1:0")
        defer { listener.close() }
        let client = try TCPDialer(timeout: .seconds(5)).dial(try listener.endpoint())
        defer { client.close() }
        listener.setReadDeadline(.after(.seconds(5)))
        let server = try listener.accept().netSocket  // the untyped socket has receive(into:)
        defer { server.close() }
        try client.writeAll(Array("NEW-DATA".utf8))
        var buffer = Array("PREVIOUS-CLIENT-SECRET".utf8)
        server.setReadDeadline(.after(.seconds(5)))
        let received = try buffer.withUnsafeMutableBytes { (b) throws(SocketError) -> MessageResult in
            try server.receive(into: b)
        }
        #expect(received.count == 8 && !received.isTruncated)
        #expect(Array(buffer[..<8]) == Array("NEW-DATA".utf8))
        // Nothing was discarded: no more bytes are pending, and the stream goes on.
        try client.writeAll(Array("MORE".utf8))
        var more = [UInt8](repeating: 0, count: 8)
        #expect(try server.read(into: &more) == 4)
    }
}
