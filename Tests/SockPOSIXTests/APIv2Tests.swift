// Issue 13, section 3: what a new user tripped over, each fixed and checked here against real
// sockets (and a Python peer where one exists). The code inside `do throws(SocketError) { ... }`
// blocks is the point: it compiles only because every operation has array and span forms that
// need no `withUnsafe...` closure (a closure would infer `any Error`).

import SockPOSIX
import SockTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("API v2: array and span forms, text addresses, getters, typed parameters")
struct APIv2Tests {
    @Test("every stream operation has array and span forms, usable in typed-throws code with no closure")
    func streamForms() throws {
        let (a, b) = try UnixConn.pair()
        defer { for s in [a, b] { s.close() } }
        var out: [UInt8] = Array("hello".utf8)
        var into = [UInt8](repeating: 0, count: 16)
        var control = [UInt8](repeating: 0, count: 64)
        do throws(SocketError) {
            #expect(try a.write(out) == 5)
            #expect(try b.read(into: &into, flags: .peek) == 5)  // recv(MSG_PEEK) leaves the bytes
            #expect(try b.read(into: &into) == 5)
            #expect(into[..<5] == out[...])

            #expect(try a.write(out.span.bytes) == 5)
            var spanElements = into.mutableSpan
            var span = spanElements.mutableBytes
            #expect(try b.read(into: &span) == 5)

            #expect(try a.write(out, flags: []) == 5)
            var peekSpanElements = into.mutableSpan
            var peekSpan = peekSpanElements.mutableBytes
            #expect(try b.read(into: &peekSpan, flags: .peek) == 5)
            #expect(try b.read(into: &into, flags: []) == 5)

            try a.writeAll(out)
            try a.writeAll(out.span.bytes)
            #expect(try b.read(into: &into) == 10)

            #expect(try a.sendMessage(out, control: []) == 5)
            let message = try b.receiveMessage(into: &into, control: &control)
            #expect(message.count == 5 && message.controlCount == 0 && !message.isTruncated)

            #expect(try a.sendMessage(out.span.bytes, control: [UInt8]().span.bytes) == 5)
            var bytesElements = into.mutableSpan
            var bytes = bytesElements.mutableBytes
            var controlSpanElements = control.mutableSpan
            var controlSpan = controlSpanElements.mutableBytes
            #expect(try b.receiveMessage(into: &bytes, control: &controlSpan).count == 5)
        } catch {
            Issue.record("\(error)")
        }
        out[0] = UInt8(ascii: "j")
        // None of these forms allocates (the bytes round trip on a socketpair).
        try expectNoMallocs("array and span stream forms") {
            do throws(SocketError) {
                _ = try a.write(out)
                _ = try b.read(into: &into)
                _ = try a.write(out.span.bytes)
                var spanElements = into.mutableSpan
                var span = spanElements.mutableBytes
                _ = try b.read(into: &span)
                _ = try a.sendMessage(out, control: [])
                _ = try b.receiveMessage(into: &into, control: &control)
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    @Test("every datagram operation has array and span forms, with text addresses, and allocates nothing")
    func datagramForms() throws {
        let server = try UDPConn.listen("127.0.0.1:0")
        let client = try UDPConn.listen("127.0.0.1:0")
        defer { for s in [server, client] { s.close() } }
        let address = try server.endpoint()
        let text = address.description
        server.setReadDeadline(.after(.seconds(5)))
        var into = [UInt8](repeating: 0, count: 64)
        let out: [UInt8] = Array("datagram".utf8)
        do throws(SocketError) {
            #expect(try client.send(out, to: address) == 8)
            let first = try server.receive(into: &into)
            #expect(first.count == 8 && !first.isTruncated)
            #expect(try UDPAddr(first.sender) == client.endpoint())

            #expect(try client.send(out, to: text) == 8)
            #expect(try client.send(out.span.bytes, to: text) == 8)
            #expect(try client.send(out.span.bytes, to: address) == 8)
            var spanElements = into.mutableSpan
            var span = spanElements.mutableBytes
            #expect(try server.receive(into: &span).count == 8)
            #expect(try server.receive(into: &into).count == 8)
            #expect(try server.receive(into: &into, flags: []).count == 8)

            // A reply to the sender the receive reported, as any Sockaddr.
            #expect(try server.send(out, to: first.sender) == 8)
            client.setReadDeadline(.after(.seconds(5)))
            #expect(try client.receive(into: &into).count == 8)

            #expect(try client.sendMessage(out, control: [], to: try address.sockaddr()) == 8)
            var control = [UInt8](repeating: 0, count: 64)
            #expect(try server.receiveMessage(into: &into, control: &control).count == 8)
        } catch {
            Issue.record("\(error)")
        }
        let destination = try address.sockaddr()
        try expectNoMallocs("array and span datagram forms") {
            do throws(SocketError) {
                _ = try client.send(out, to: destination)
                _ = try server.receive(into: &into)
                _ = try client.send(out.span.bytes, to: destination)
                var spanElements = into.mutableSpan
                var span = spanElements.mutableBytes
                _ = try server.receive(into: &span)
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    @Test("addresses in text are accepted by every dialer, dial, connect, bind and datagram send")
    func textAddresses() throws {
        // TCP: the listener, TCPConn.dial and TCPDialer.dial with a local address, all from text.
        let listener = try TCPListener("127.0.0.1:0")
        defer { listener.close() }
        let port = try listener.endpoint().port
        listener.setReadDeadline(.after(.seconds(5)))
        let a = try TCPConn.dial("127.0.0.1:\(port)")
        let b = try TCPDialer(timeout: .seconds(5)).dial("127.0.0.1:\(port)", from: "127.0.0.1:0")
        let accepted = [try listener.accept(), try listener.accept()]
        #expect(try b.localEndpoint().ip == .v4(IPv4Address(127, 0, 0, 1)))
        for s in [a, b] + accepted { s.close() }

        // UDP dial from text, and a send to text.
        let server = try UDPConn.listen("127.0.0.1:0")
        defer { server.close() }
        let connected = try UDPConn.dial(try server.endpoint().description, from: "127.0.0.1:0")
        defer { connected.close() }
        #expect(try connected.write(Array("x".utf8)) == 1)
        server.setReadDeadline(.after(.seconds(5)))
        var buffer = [UInt8](repeating: 0, count: 8)
        let got = try server.receive(into: &buffer)
        #expect(got.count == 1)

        // Unix: listener, dial and datagram send by name (abstract names on Linux).
        let name = "@sock-apiv2-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let unixListener = try UnixListener(name)
        defer { unixListener.close() }
        let unixClient = try UnixConn.dial(name)
        defer { unixClient.close() }
        unixListener.setReadDeadline(.after(.seconds(5)))
        try unixListener.accept().close()
        let gram = try UnixDatagramConn.listen(name + "-gram")
        defer { gram.close() }
        let sender = try UnixDatagramConn.listen("")  // autobind: the receiver can answer
        defer { sender.close() }
        #expect(try sender.send(Array("g".utf8), to: name + "-gram") == 1)
        gram.setReadDeadline(.after(.seconds(5)))
        let datagram = try gram.receive(into: &buffer)
        #expect(datagram.count == 1)
        #expect(try gram.send(Array("r".utf8), to: datagram.sender) == 1)

        // The untyped socket parses text for its own family.
        let raw = try NetSocket(family: .inet, type: .stream, protocol: .tcp)
        defer { raw.close() }
        try raw.bind("127.0.0.1:0")
        // Non-blocking, as every connect: `.inProgress` while the handshake runs.
        if let pending = expectConnectStarted({ () throws(SocketError) in try raw.connect(to: "127.0.0.1:\(port)") }) {
            #expect(pending.code == .inProgress)
            try raw.finishConnect(until: .after(.seconds(5)))
        }
        #expect(try TCPAddr(raw.remoteAddress()).port == port)
        try listener.accept().close()
        expectSocketError(.invalidArgument, detail: .missingPort) { () throws(SocketError) in
            try raw.connect(to: "not an address")
        }
    }

    @Test("a connected UDP socket reports truncation through receive(into:); read(into:) cuts silently (Python peer)")
    func connectedUDPTruncation() throws {
        let conn = try UDPConn.listen("127.0.0.1:0")
        defer { conn.close() }
        let port = try conn.endpoint().port
        // The peer binds first, so the socket can be connected to it before it sends.
        let script = """
            import socket, sys, time
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind(("127.0.0.1", 0))
            print(s.getsockname()[1], flush=True)
            sys.stdin.close()
            time.sleep(0.5)
            for _ in range(2):
                s.sendto(b"0123456789", ("127.0.0.1", \(port)))
            """
        let peer = try PythonPeer(script)
        defer { peer.finish() }
        let peerPort = try #require(UInt16(peer.firstLine()))
        try conn.netSocket.connect(to: "127.0.0.1:\(peerPort)")
        conn.setReadDeadline(.after(.seconds(5)))
        var small = [UInt8](repeating: 0, count: 4)
        let reported = try conn.receive(into: &small)
        #expect(reported.count == 4)
        #expect(reported.isTruncated)
        #expect(try UDPAddr(reported.sender).port == peerPort)
        #expect(try conn.read(into: &small) == 4)  // the same length again, and no word of the rest
        #expect(small == Array("0123".utf8))
    }

    @Test("SocketError.isConnectionLost is true for a reset and a broken pipe from a real peer, false otherwise")
    func connectionLost() throws {
        let listener = try TCPListener("127.0.0.1:0")
        let port = try listener.endpoint().port
        listener.close()
        // Python accepts and closes with SO_LINGER 0: the kernel sends a reset.
        let server = try PythonPeer(
            """
            import socket, struct
            l = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            l.bind(("127.0.0.1", \(port)))
            l.listen(1)
            print("ready", flush=True)
            c, _ = l.accept()
            c.recv(16)
            c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            c.close()
            """
        )
        defer { server.finish() }
        #expect(server.firstLine() == "ready")
        let conn = try TCPDialer(timeout: .seconds(5)).dial("127.0.0.1:\(port)")
        defer { conn.close() }
        try conn.writeAll(Array("hi".utf8))
        conn.setReadDeadline(.after(.seconds(5)))
        var buffer = [UInt8](repeating: 0, count: 16)
        let reset = expectSocketError(.connectionReset) { () throws(SocketError) in try conn.read(into: &buffer) }
        #expect(reset?.isConnectionLost == true)
        // After the reset, writes fail with EPIPE: gone as well.
        let pipe = expectSocketError(.brokenPipe) { () throws(SocketError) in try conn.write(Array("x".utf8)) }
        #expect(pipe?.isConnectionLost == true)
        // A refused connection never existed: not "lost". (The peer has exited: nobody listens.)
        server.finish()
        let refused = expectSocketError(.connectionRefused) { () throws(SocketError) in
            try TCPDialer(timeout: .seconds(5)).dial("127.0.0.1:\(port)")
        }
        #expect(refused?.isConnectionLost == false)
        #expect(SocketError(.timedOut, operation: .read).isConnectionLost == false)
    }

    @Test("setters added or moved in API v2 have getters that read the kernel's value back")
    func gettersReadBack() throws {
        let tcp = try TCPConn(NetSocket(family: .inet, type: .stream, protocol: .tcp))
        defer { tcp.close() }
        #expect(try tcp.keepAlivePeriod() == nil)
        try tcp.setKeepAlivePeriod(.seconds(42))
        #expect(try tcp.keepAlivePeriod() == .seconds(42))
        #expect(try tcp.keepAliveInterval() == .seconds(42))
        try tcp.setKeepAlive(false)
        #expect(try tcp.keepAlivePeriod() == nil)
        try tcp.setLinger(.milliseconds(1500))  // rounded up, never down to a reset
        #expect(try tcp.lingerTimeout() == .seconds(2))
        if geteuid() == 0 {
            let raw = try RawConn.icmp4()
            defer { raw.close() }
            #expect(try raw.headerIncluded() == false)
            try raw.setHeaderIncluded(true)
            #expect(try raw.headerIncluded() == true)
        } else {
            print("SKIP headerIncluded read-back: raw sockets need CAP_NET_RAW")
        }
    }

    @Test("typed parameters keep a rawValue escape hatch and name the C constants")
    func typedParameters() throws {
        #expect(AddressFamily(rawValue: CInt(AF_INET6)) == .inet6)
        #expect(SocketType(rawValue: CInt(SOCK_DGRAM.rawValue)) == .datagram)
        #expect(SocketProtocol(rawValue: CInt(IPPROTO_UDP)) == .udp)
        #expect(MessageFlags(rawValue: CInt(MSG_PEEK)) == .peek)
        #expect(ShutdownDirection(rawValue: CInt(SHUT_WR)) == .write)
        #expect(OptionLevel(rawValue: CInt(SOL_SOCKET)) == .socket)
        #expect(
            "\(AddressFamily.inet6) \(SocketType.seqPacket) \(SocketProtocol.tcp)"
                == "AF_INET6 SOCK_SEQPACKET IPPROTO_TCP"
        )
        #expect("\(AddressFamily(rawValue: 40))" == "AF_40")

        // A socket made with raw values works as one made with the names; the generic option
        // calls take an OptionName for what Sock does not name.
        let socket = try NetSocket(
            family: AddressFamily(rawValue: CInt(AF_INET)),
            type: SocketType(rawValue: CInt(SOCK_STREAM.rawValue)),
            protocol: SocketProtocol(rawValue: CInt(IPPROTO_TCP))
        )
        defer { socket.close() }
        let kernelType: CInt = try socket.getOption(level: .socket, name: OptionName(rawValue: CInt(SO_TYPE)))
        #expect(SocketType(rawValue: kernelType) == .stream)
        try socket.setOption(level: .tcp, name: OptionName(rawValue: CInt(TCP_NODELAY)), CInt(1))
        #expect(try TCPConn(socket).noDelay())
    }

    @Test("typed sockets are values that share one NetSocket: copies are equal, sets work")
    func identity() throws {
        let (a, b) = try UnixConn.pair()
        defer { for s in [a, b] { s.close() } }
        let copy = a
        #expect(copy == a)
        #expect(a != b)
        #expect(Set([a, b, copy]).count == 2)
        copy.close()
        #expect(a.isClosed)  // one socket, whichever value closes it
        let typed = try UnixConn(b.netSocket)
        #expect(typed == b)
    }
}

/// Runs a non-blocking connect: nil when it completed at once, its `.inProgress` error otherwise.
func expectConnectStarted(_ connect: () throws(SocketError) -> Void) -> SocketError? {
    do throws(SocketError) {
        try connect()
        return nil
    } catch {
        return error
    }
}

/// A Python peer that prints one line (its port, or "ready") and then runs on; `finish` waits for
/// it to exit.
final class PythonPeer {
    let pid: pid_t
    let output: Int32
    var line: String?

    init(_ script: String) throws {
        var out: [Int32] = [0, 0]
        guard pipe(&out) == 0 else { throw SocketError(.other, operation: .socket) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_addclose(&actions, out[0])
        let argv = ["/usr/bin/env", "timeout", "-s", "KILL", "20", "python3", "-c", script]
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var child: pid_t = 0
        let r = posix_spawn(&child, argv[0], &actions, nil, &cArgs, environ)
        close(out[1])
        guard r == 0 else {
            close(out[0])
            throw SocketError(.other, operation: .socket)
        }
        pid = child
        output = out[0]
    }

    /// The first line the peer printed.
    func firstLine() -> String {
        if let line { return line }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(output, &byte, 1) == 1, byte != UInt8(ascii: "\n") { bytes.append(byte) }
        line = String(decoding: bytes, as: UTF8.self)
        return line!
    }

    var finished = false

    func finish() {
        guard !finished else { return }
        finished = true
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        close(output)
    }
}
