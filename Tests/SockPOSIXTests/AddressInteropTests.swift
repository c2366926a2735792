import SockPOSIX
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Address: interoperability with C and Python")
struct AddressInteropTests {
    @Test("an IPv4 sockaddr equals the one built with inet_pton", arguments: ["127.0.0.1", "192.0.2.1", "0.0.0.0"])
    func inet4MatchesC(text: String) throws {
        var c = sockaddr_in()
        c.sin_family = sa_family_t(AF_INET)
        c.sin_port = UInt16(8080).bigEndian
        #expect(inet_pton(AF_INET, text, &c.sin_addr) == 1)
        let sock = SockaddrInet4(address: try IPv4Address(parsing: text), port: 8080)
        #expect(sockaddrBytes(sock) == withUnsafeBytes(of: c) { Array($0) })
        #expect(SockaddrInet4(c) == sock)
        #expect(sockaddrBytes(try TCPAddr(parsing: "\(text):8080").sockaddr()) == sockaddrBytes(sock))
    }

    @Test("an IPv6 sockaddr equals the one built with inet_pton", arguments: ["::1", "2001:db8::1", "::ffff:1.2.3.4"])
    func inet6MatchesC(text: String) throws {
        var c = sockaddr_in6()
        c.sin6_family = sa_family_t(AF_INET6)
        c.sin6_port = UInt16(443).bigEndian
        c.sin6_flowinfo = UInt32(0xABCDE).bigEndian
        c.sin6_scope_id = 4
        #expect(inet_pton(AF_INET6, text, &c.sin6_addr) == 1)
        let sock = SockaddrInet6(address: try IPv6Address(parsing: text), port: 443, flowInfo: 0xABCDE, scopeID: 4)
        #expect(sockaddrBytes(sock) == withUnsafeBytes(of: c) { Array($0) })
        #expect(SockaddrInet6(c) == sock)
    }

    #if os(Linux)
    @Test("SockaddrUnix(\"@x\") has the bytes and length Python's bind(\"\\0x\") gives")
    func abstractMatchesPython() throws {
        let name = uniqueAbstractName("py")
        let sock = try SockaddrUnix(parsing: name)
        // Python binds the same abstract name and prints what the kernel reports back.
        let script = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.bind(b"\\0" + sys.argv[1].encode())
            print(s.getsockname().hex())
            """
        let result = runProcess(["python3", "-c", script, String(name.dropFirst())])
        try #require(result.status == 0, "python3 failed: \(result.output)")
        let reported = result.output.split(whereSeparator: \.isWhitespace).first.map(String.init) ?? ""
        // getsockname() in Python returns sun_path[0 ..< addrlen - 2]: a NUL and the name, no trailing NUL.
        let expected = sock.withUnsafeSockaddr { pointer, length in
            UnsafeRawBufferPointer(start: pointer, count: Int(length))[2...].map { byte in
                let digits = Array("0123456789abcdef".utf8)
                return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]], as: UTF8.self)
            }.joined()
        }
        #expect(reported == expected)
        #expect(sock.length == socklen_t(2 + 1 + name.utf8.count - 1))
    }

    @Test("a Python listener on an abstract name accepts a connect to SockaddrUnix(\"@name\"), and vice versa")
    func abstractConnectsBothWays() throws {
        // Sock binds; Python connects to "\0name" (exact length) and says hello.
        let name = uniqueAbstractName("listen")
        let address = try SockaddrUnix(parsing: name)
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(listener >= 0)
        defer { close(listener) }
        try #require(address.withUnsafeSockaddr { bind(listener, $0, $1) } == 0, "bind errno \(errno)")
        try #require(listen(listener, 4) == 0)
        let client = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(b"\\0" + sys.argv[1].encode())
            s.sendall(b"hello")
            """
        let result = runProcess(["timeout", "10", "python3", "-c", client, String(name.dropFirst())])
        #expect(result.status == 0, "python could not connect to Sock's abstract name: \(result.output)")
        let peer = accept(listener, nil, nil)
        #expect(peer >= 0)
        if peer >= 0 {
            var buffer = [UInt8](repeating: 0, count: 5)
            #expect(read(peer, &buffer, 5) == 5 && buffer == Array("hello".utf8))
            close(peer)
        }

        // Python binds; Sock connects to SockaddrUnix("@name") (exact length, or the kernel refuses).
        let pyName = uniqueAbstractName("pylisten")
        let server = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.bind(b"\\0" + sys.argv[1].encode())
            s.listen(1)
            print("ready", flush=True)
            c, _ = s.accept()
            c.sendall(b"world")
            c.close()
            """
        let thread = TestThread {
            _ = runProcess(["timeout", "10", "python3", "-c", server, String(pyName.dropFirst())])
        }
        defer { thread.join() }
        let target = try SockaddrUnix(parsing: pyName)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var connected = false
        for _ in 0..<200 where !connected {  // until Python has bound, at most ~10 s
            connected = target.withUnsafeSockaddr { connect(fd, $0, $1) } == 0
            if !connected { usleep(50_000) }
        }
        try #require(connected, "could not connect to Python's abstract name \(pyName)")
        var buffer = [UInt8](repeating: 0, count: 5)
        #expect(read(fd, &buffer, 5) == 5 && buffer == Array("world".utf8))
    }
    #endif
}
