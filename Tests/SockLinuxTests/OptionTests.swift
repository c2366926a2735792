#if os(Linux)
import SockLinux
import SockPOSIX
import Testing

/// One accessor pair on a socket of the type that has it, and how to check that a value
/// round-trips through getsockopt.
struct OptionCase: Sendable, CustomTestStringConvertible {
    let name: String
    var needsRoot = false
    /// Makes the socket, runs the check on it, closes it.
    let run: @Sendable () throws -> Void

    var testDescription: String { name }

    /// A case checked on the socket `make` returns.
    static func on<S: Socket>(
        _ name: String,
        needsRoot: Bool = false,
        _ make: @escaping @Sendable () throws -> S,
        _ check: @escaping @Sendable (S) throws -> Void
    ) -> OptionCase {
        OptionCase(name: name, needsRoot: needsRoot) {
            let socket = try make()
            defer { socket.close() }
            try check(socket)
        }
    }
}

/// The sockets the option cases run on.
enum OptionSocket {
    /// An unconnected IPv4 TCP socket, with the connection's options (TCPConn's view).
    static func tcp4() throws -> TCPConn { try TCPConn(NetSocket(family: .inet, type: .stream, protocol: .tcp)) }
    /// An unconnected IPv6 TCP socket.
    static func tcp6() throws -> TCPConn { try TCPConn(NetSocket(family: .inet6, type: .stream, protocol: .tcp)) }
    static func listener4() throws -> TCPListener { try TCPListener("127.0.0.1:0") }
    static func udp4() throws -> UDPConn { try UDPConn.listen("127.0.0.1:0") }
    static func udp6() throws -> UDPConn { try UDPConn.listen("[::1]:0") }
    /// One end of a stream socket pair (the other end closes when its last copy goes away).
    static func unixPair() throws -> UnixConn { try UnixConn.pair().0 }
}

let optionCases: [OptionCase] = [
    // TCP
    .on("TCP_USER_TIMEOUT", OptionSocket.tcp4) { s in
        try s.setUserTimeout(.milliseconds(1500))
        #expect(try s.userTimeout() == .milliseconds(1500))
        try s.setUserTimeout(.microseconds(1))  // rounds up to 1 ms, never to 0 (off)
        #expect(try s.userTimeout() == .milliseconds(1))
    },
    .on("TCP_NOTSENT_LOWAT", OptionSocket.tcp4) { s in
        try s.setNotSentLowWatermark(16384)
        #expect(try s.notSentLowWatermark() == 16384)
    },
    .on("TCP_KEEPIDLE", OptionSocket.tcp4) { s in
        try s.setKeepAliveIdle(.seconds(60))
        #expect(try s.keepAliveIdle() == .seconds(60))
    },
    .on("TCP_KEEPINTVL", OptionSocket.tcp4) { s in
        try s.setKeepAliveInterval(.seconds(10))
        #expect(try s.keepAliveInterval() == .seconds(10))
    },
    .on("TCP_KEEPCNT", OptionSocket.tcp4) { s in
        try s.setKeepAliveCount(5)
        #expect(try s.keepAliveCount() == 5)
    },
    .on("setKeepAlivePeriod (SO_KEEPALIVE + KEEPIDLE + KEEPINTVL)", OptionSocket.tcp4) { s in
        #expect(try s.keepAlive() == false)
        try s.setKeepAlivePeriod(.milliseconds(1200))  // rounded up, not truncated to 1 s
        #expect(try s.keepAlive() == true)
        #expect(try s.keepAliveIdle() == .seconds(2))
        #expect(try s.keepAliveInterval() == .seconds(2))
    },
    .on("TCP_QUICKACK", OptionSocket.tcp4) { s in
        try s.setQuickAck(false)
        #expect(try s.quickAck() == false)
        try s.setQuickAck(true)
        #expect(try s.quickAck() == true)
    },
    .on("TCP_CORK", OptionSocket.tcp4) { s in
        try s.setCork(true)
        #expect(try s.cork() == true)
        try s.setCork(false)
        #expect(try s.cork() == false)
    },
    .on("TCP_MAXSEG", OptionSocket.tcp4) { s in
        try s.setMaxSegmentSize(1200)
        #expect(try s.maxSegmentSize() == 1200)
    },
    .on("TCP_DEFER_ACCEPT", OptionSocket.listener4) { s in
        try s.setDeferAccept(.seconds(5))
        // Kept as SYN-ACK retransmissions: reads back as the time they take, at least 5 s.
        let value = try s.deferAccept()
        #expect(value >= .seconds(5) && value <= .seconds(15), "got \(value)")
        try s.setDeferAccept(.zero)
        #expect(try s.deferAccept() == .zero)
    },
    .on("TCP_FASTOPEN", OptionSocket.listener4) { s in
        try s.setFastOpen(queueLength: 16)
        #expect(try s.fastOpenQueueLength() == 16)
    },
    .on("TCP_FASTOPEN_CONNECT", OptionSocket.tcp4) { s in
        try s.setFastOpenConnect(true)
        #expect(try s.fastOpenConnect() == true)
    },
    .on("TCP_CONGESTION", OptionSocket.tcp4) { s in
        try s.setCongestionControl("reno")
        #expect(try s.congestionControl() == "reno")
        var name = [UInt8](repeating: 0, count: 16)
        let length = try name.withMutableRaw { (p) throws(SocketError) in try s.congestionControl(into: p) }
        #expect(Array(name[..<length]) == Array("reno".utf8))
    },
    .on("TCP_SYNCNT", OptionSocket.tcp4) { s in
        try s.setSynCount(3)
        #expect(try s.synCount() == 3)
    },
    .on("TCP_LINGER2", OptionSocket.tcp4) { s in
        try s.setFinWait2Timeout(.seconds(30))
        #expect(try s.finWait2Timeout() == .seconds(30))
    },
    .on("TCP_WINDOW_CLAMP", OptionSocket.tcp4) { s in
        try s.setWindowClamp(65536)
        #expect(try s.windowClamp() == 65536)
    },
    // Socket level
    .on("SO_BUSY_POLL", OptionSocket.udp4) { s in
        try s.setBusyPoll(.microseconds(50))
        #expect(try s.busyPoll() == .microseconds(50))
    },
    .on("SO_PRIORITY", OptionSocket.udp4) { s in
        try s.setPriority(3)
        #expect(try s.priority() == 3)
    },
    .on("SO_MARK", needsRoot: true, OptionSocket.tcp4) { s in
        try s.setMark(0xdead_beef)
        #expect(try s.mark() == 0xdead_beef)
    },
    .on("SO_ZEROCOPY", OptionSocket.tcp4) { s in
        try s.setZeroCopy(true)
        #expect(try s.zeroCopy() == true)
    },
    .on("SO_INCOMING_CPU", OptionSocket.udp4) { s in
        try s.setIncomingCPU(0)
        #expect(try s.incomingCPU() == 0)
    },
    .on("SO_RCVLOWAT", OptionSocket.tcp4) { s in
        try s.setReceiveLowWatermark(100)
        #expect(try s.receiveLowWatermark() == 100)
    },
    .on("SO_BINDTODEVICE", needsRoot: true, OptionSocket.udp4) { s in
        #expect(try s.boundDevice() == nil)
        try s.bindToDevice(try InterfaceName("lo"))
        #expect(try s.boundDevice() == (try InterfaceName("lo")))
        try s.bindToDevice(nil)
        #expect(try s.boundDevice() == nil)
    },
    .on("SO_PASSCRED", OptionSocket.unixPair) { s in
        try s.setPassCredentials(true)
        #expect(try s.passCredentials() == true)
    },
    // IP level, both families
    .on("IP_TRANSPARENT", needsRoot: true, OptionSocket.tcp4) { s in
        try s.setTransparent(true)
        #expect(try s.transparent() == true)
    },
    .on("IPV6_TRANSPARENT", needsRoot: true, OptionSocket.tcp6) { s in
        try s.setTransparent(true)
        #expect(try s.transparent() == true)
    },
    .on("IP_FREEBIND", OptionSocket.tcp4) { s in
        try s.setFreeBind(true)
        #expect(try s.freeBind() == true)
    },
    .on("IPV6_FREEBIND", OptionSocket.tcp6) { s in
        try s.setFreeBind(true)
        #expect(try s.freeBind() == true)
    },
    .on("IP_PKTINFO / IP_RECVTOS / IP_RECVTTL / IP_RECVERR / SO_TIMESTAMPNS", OptionSocket.udp4) { s in
        try checkReceiveOptions(s)
    },
    .on("IPV6_RECVPKTINFO / RECVTCLASS / RECVHOPLIMIT / RECVERR", OptionSocket.udp6) { s in
        try checkReceiveOptions(s)
    },
    // UDP
    .on("UDP_SEGMENT", OptionSocket.udp4) { s in
        try s.setSegmentSize(1400)
        #expect(try s.segmentSize() == 1400)
        try s.setSegmentSize(0)
        #expect(try s.segmentSize() == 0)
    },
    .on("UDP_GRO", OptionSocket.udp6) { s in
        try s.setGRO(true)
        #expect(try s.gro() == true)
        try s.setGRO(false)
        #expect(try s.gro() == false)
    },
    // Multicast sending options (no traffic)
    .on("IP_MULTICAST_TTL / LOOP / ALL / IF", OptionSocket.udp4) { s in
        try s.setMulticastHopLimit(5)
        #expect(try s.multicastHopLimit() == 5)
        try s.setMulticastLoop(false)
        #expect(try s.multicastLoop() == false)
        try s.setMulticastAll(false)
        #expect(try s.multicastAll() == false)
        #expect(try s.multicastInterface() == .any)
        try s.setMulticastInterface(.address(.loopback))
        #expect(try s.multicastInterface() == .address(.loopback))
        try s.setMulticastInterface(.any)
        #expect(try s.multicastInterface() == .any)
    },
    .on("IPV6_MULTICAST_HOPS / LOOP / ALL / IF", OptionSocket.udp6) { s in
        try s.setMulticastHopLimit(7)
        #expect(try s.multicastHopLimit() == 7)
        try s.setMulticastLoop(false)
        #expect(try s.multicastLoop() == false)
        try s.setMulticastAll(false)
        #expect(try s.multicastAll() == false)
        let lo = try InterfaceName("lo").index()
        try s.setMulticastInterface(.index(lo))
        #expect(try s.multicastInterface() == .index(lo))
        expectSocketError(.invalidArgument, detail: .addressFamilyMismatch) { () throws(SocketError) in
            try s.setMulticastInterface(.address(.loopback))
        }
    },
]

/// The receive-side switches of one socket, on and off again.
func checkReceiveOptions(_ s: some IPSocket) throws {
    try s.setReceivePacketInfo(true)
    #expect(try s.receivePacketInfo() == true)
    try s.setReceiveTrafficClass(true)
    #expect(try s.receiveTrafficClass() == true)
    try s.setReceiveHopLimit(true)
    #expect(try s.receiveHopLimit() == true)
    try s.setReceiveErrors(true)
    #expect(try s.receiveErrors() == true)
    try s.setReceiveTimestamps(true)
    #expect(try s.receiveTimestamps() == true)
    try s.setReceivePacketInfo(false)
    #expect(try s.receivePacketInfo() == false)
    try s.setReceiveErrors(false)
    #expect(try s.receiveErrors() == false)
}

@Suite("Linux socket options")
struct OptionTests {
    @Test("each accessor round-trips through getsockopt", arguments: optionCases)
    func roundTrip(_ option: OptionCase) throws {
        if option.needsRoot { try requireRoot(option.name) }
        try option.run()
    }

    @Test("SO_PEERCRED gives this process's credentials on a socket pair")
    func peerCredentials() throws {
        let (a, b) = try UnixConn.pair()
        defer {
            a.close()
            b.close()
        }
        let credentials = try a.peerCredentials()
        #expect(credentials == Credentials.current)
        #expect(try b.peerCredentials() == Credentials.current)
    }

    @Test("values outside the documented ranges are rejected before any syscall")
    func ranges() throws {
        let tcp = try OptionSocket.tcp4()
        let udp = try UDPConn.listen("127.0.0.1:0")
        defer {
            tcp.close()
            udp.close()
        }
        try tcp.setKeepAliveIdle(.seconds(100))
        let cases: [(String, () throws(SocketError) -> Void)] = [
            ("user timeout < 0", { () throws(SocketError) in try tcp.setUserTimeout(.milliseconds(-1)) }),
            ("user timeout > Int32.max ms", { () throws(SocketError) in try tcp.setUserTimeout(.seconds(3_000_000)) }),
            ("keep-alive idle 0", { () throws(SocketError) in try tcp.setKeepAliveIdle(.zero) }),
            ("keep-alive idle 32768 s", { () throws(SocketError) in try tcp.setKeepAliveIdle(.seconds(32768)) }),
            (
                "keep-alive interval 32768 s",
                { () throws(SocketError) in try tcp.setKeepAliveInterval(.seconds(32768)) }
            ),
            ("keep-alive count 128", { () throws(SocketError) in try tcp.setKeepAliveCount(128) }),
            ("keep-alive period 0", { () throws(SocketError) in try tcp.setKeepAlivePeriod(.zero) }),
            ("SYN count 0", { () throws(SocketError) in try tcp.setSynCount(0) }),
            ("SYN count 128", { () throws(SocketError) in try tcp.setSynCount(128) }),
            ("FIN_WAIT2 121 s", { () throws(SocketError) in try tcp.setFinWait2Timeout(.seconds(121)) }),
            ("MSS 32768", { () throws(SocketError) in try tcp.setMaxSegmentSize(32768) }),
            ("not-sent low watermark < 0", { () throws(SocketError) in try tcp.setNotSentLowWatermark(-1) }),
            ("receive low watermark 0", { () throws(SocketError) in try tcp.setReceiveLowWatermark(0) }),
            ("busy poll < 0", { () throws(SocketError) in try udp.setBusyPoll(.microseconds(-1)) }),
            ("segment size 65536", { () throws(SocketError) in try udp.setSegmentSize(65536) }),
            ("multicast TTL 256", { () throws(SocketError) in try udp.setMulticastHopLimit(256) }),
            ("multicast TTL -1 on IPv4", { () throws(SocketError) in try udp.setMulticastHopLimit(-1) }),
            ("congestion name empty", { () throws(SocketError) in try tcp.setCongestionControl("") }),
            (
                "congestion name 16 bytes",
                { () throws(SocketError) in try tcp.setCongestionControl("abcdefghijklmnop") }
            ),
        ]
        for (what, body) in cases {
            let error = expectSocketError(.invalidArgument, detail: .valueOutOfRange, body)
            #expect(error?.errno == 0, "\(what): Sock must reject it itself")
        }
        // Nothing was changed by the refused calls.
        #expect(try tcp.keepAliveIdle() == .seconds(100))
        #expect(try tcp.keepAlive() == false)
    }

    @Test("the kernel's own refusals keep their errno")
    func kernelErrors() throws {
        let tcp = try OptionSocket.tcp4()
        let udp = try UDPConn.listen("127.0.0.1:0")
        defer {
            tcp.close()
            udp.close()
        }
        // An algorithm this kernel does not have.
        let unknown = expectSocketError(.notFound) { () throws(SocketError) in
            try tcp.setCongestionControl("nonexistent")
        }
        #expect(unknown?.errno == Errno.ENOENT)
        // TCP options on a UDP socket: UDPConn has no TCP accessors (a compile-time fact now), so
        // the kernel's answer is checked through the generic calls.
        expectSocketError(.notSupported) { () throws(SocketError) in
            try udp.setOption(level: .tcp, name: OptionName(rawValue: LinuxABI.TCP_CORK), CInt(1))
        }
        expectSocketError(.notSupported) { () throws(SocketError) in
            _ = try udp.getOption(level: .tcp, name: OptionName(rawValue: LinuxABI.TCP_USER_TIMEOUT), as: CInt.self)
        }
        // MSS 1...87 is refused by the kernel.
        expectSocketError(.invalidArgument) { () throws(SocketError) in try tcp.setMaxSegmentSize(40) }
        // UDP options on a TCP socket (likewise through the generic call).
        expectSocketError(.notSupported) { () throws(SocketError) in
            try tcp.setOption(level: .udp, name: OptionName(rawValue: LinuxABI.UDP_GRO), CInt(1))
        }
    }

    @Test("every accessor says .closed (EBADF) on a closed socket")
    func closed() throws {
        let tcp = try OptionSocket.tcp4()
        let udp = try OptionSocket.udp4()
        let unix = try OptionSocket.unixPair()
        tcp.close()
        udp.close()
        unix.close()
        expectClosed { () throws(SocketError) in try tcp.setUserTimeout(.seconds(1)) }
        expectClosed { () throws(SocketError) in _ = try tcp.keepAliveCount() }
        expectClosed { () throws(SocketError) in try tcp.setKeepAlivePeriod(.seconds(5)) }
        expectClosed { () throws(SocketError) in _ = try tcp.congestionControl() }
        expectClosed { () throws(SocketError) in try tcp.setCongestionControl("reno") }
        expectClosed { () throws(SocketError) in _ = try tcp.boundDevice() }
        expectClosed { () throws(SocketError) in _ = try tcp.busyPoll() }
        // Multicast options and peer credentials exist only on UDP (and raw) and Unix connections.
        expectClosed { () throws(SocketError) in try udp.setMulticastInterface(.any) }
        expectClosed { () throws(SocketError) in try udp.joinGroup(.v4(IPv4Address(239, 1, 2, 3))) }
        expectClosed { () throws(SocketError) in _ = try unix.peerCredentials() }
    }

    @Test("option getters and setters allocate nothing")
    func zeroAllocations() throws {
        let tcp = try OptionSocket.tcp4()
        defer { tcp.close() }
        var length = 0
        let name = UnsafeMutableRawBufferPointer.allocate(byteCount: 16, alignment: 1)
        defer { name.deallocate() }
        try expectNoMallocs("options") {
            try tcp.setUserTimeout(.seconds(2))
            _ = try tcp.userTimeout()
            try tcp.setKeepAlivePeriod(.seconds(3))
            try tcp.setCongestionControl("reno")
            length = try tcp.congestionControl(into: name)
            _ = try tcp.boundDevice()
            _ = try tcp.tcpInfo()
        }
        #expect(length == 4)
    }
}
#endif
