#if os(Linux)
import SockLinux
import SockPOSIX
import Testing

/// One accessor pair and how to check that a value round-trips through getsockopt.
struct OptionCase: Sendable, CustomTestStringConvertible {
    enum Kind: Sendable {
        case tcp4, tcp6, listener4, udp4, udp6, unixPair
    }
    let name: String
    let kind: Kind
    var needsRoot = false
    let check: @Sendable (NetSocket) throws -> Void

    var testDescription: String { name }

    func makeSocket() throws -> NetSocket {
        switch kind {
        case .tcp4: return try NetSocket(domain: SC.AF_INET, type: SC.SOCK_STREAM, protocol: SC.IPPROTO_TCP)
        case .tcp6: return try NetSocket(domain: SC.AF_INET6, type: SC.SOCK_STREAM, protocol: SC.IPPROTO_TCP)
        case .listener4: return try TCPListener("127.0.0.1:0")
        case .udp4: return try UDPConn.listen("127.0.0.1:0")
        case .udp6: return try UDPConn.listen("[::1]:0")
        case .unixPair: return try UnixConn.pair().0
        }
    }
}

let optionCases: [OptionCase] = [
    // TCP
    OptionCase(name: "TCP_USER_TIMEOUT", kind: .tcp4) { s in
        try s.setUserTimeout(.milliseconds(1500))
        #expect(try s.userTimeout() == .milliseconds(1500))
        try s.setUserTimeout(.microseconds(1))  // rounds up to 1 ms, never to 0 (off)
        #expect(try s.userTimeout() == .milliseconds(1))
    },
    OptionCase(name: "TCP_NOTSENT_LOWAT", kind: .tcp4) { s in
        try s.setNotSentLowWatermark(16384)
        #expect(try s.notSentLowWatermark() == 16384)
    },
    OptionCase(name: "TCP_KEEPIDLE", kind: .tcp4) { s in
        try s.setKeepAliveIdle(.seconds(60))
        #expect(try s.keepAliveIdle() == .seconds(60))
    },
    OptionCase(name: "TCP_KEEPINTVL", kind: .tcp4) { s in
        try s.setKeepAliveInterval(.seconds(10))
        #expect(try s.keepAliveInterval() == .seconds(10))
    },
    OptionCase(name: "TCP_KEEPCNT", kind: .tcp4) { s in
        try s.setKeepAliveCount(5)
        #expect(try s.keepAliveCount() == 5)
    },
    OptionCase(name: "setKeepAlivePeriod (SO_KEEPALIVE + KEEPIDLE + KEEPINTVL)", kind: .tcp4) { s in
        #expect(try s.keepAlive() == false)
        try s.setKeepAlivePeriod(.milliseconds(1200))  // rounded up, not truncated to 1 s
        #expect(try s.keepAlive() == true)
        #expect(try s.keepAliveIdle() == .seconds(2))
        #expect(try s.keepAliveInterval() == .seconds(2))
    },
    OptionCase(name: "TCP_QUICKACK", kind: .tcp4) { s in
        try s.setQuickAck(false)
        #expect(try s.quickAck() == false)
        try s.setQuickAck(true)
        #expect(try s.quickAck() == true)
    },
    OptionCase(name: "TCP_CORK", kind: .tcp4) { s in
        try s.setCork(true)
        #expect(try s.cork() == true)
        try s.setCork(false)
        #expect(try s.cork() == false)
    },
    OptionCase(name: "TCP_MAXSEG", kind: .tcp4) { s in
        try s.setMaxSegmentSize(1200)
        #expect(try s.maxSegmentSize() == 1200)
    },
    OptionCase(name: "TCP_DEFER_ACCEPT", kind: .listener4) { s in
        try s.setDeferAccept(.seconds(5))
        // Kept as SYN-ACK retransmissions: reads back as the time they take, at least 5 s.
        let value = try s.deferAccept()
        #expect(value >= .seconds(5) && value <= .seconds(15), "got \(value)")
        try s.setDeferAccept(.zero)
        #expect(try s.deferAccept() == .zero)
    },
    OptionCase(name: "TCP_FASTOPEN", kind: .listener4) { s in
        try s.setFastOpen(queueLength: 16)
        #expect(try s.fastOpenQueueLength() == 16)
    },
    OptionCase(name: "TCP_FASTOPEN_CONNECT", kind: .tcp4) { s in
        try s.setFastOpenConnect(true)
        #expect(try s.fastOpenConnect() == true)
    },
    OptionCase(name: "TCP_CONGESTION", kind: .tcp4) { s in
        try s.setCongestionControl("reno")
        #expect(try s.congestionControl() == "reno")
        var name = [UInt8](repeating: 0, count: 16)
        let length = try name.withMutableRaw { (p) throws(SocketError) in try s.congestionControl(into: p) }
        #expect(Array(name[..<length]) == Array("reno".utf8))
    },
    OptionCase(name: "TCP_SYNCNT", kind: .tcp4) { s in
        try s.setSynCount(3)
        #expect(try s.synCount() == 3)
    },
    OptionCase(name: "TCP_LINGER2", kind: .tcp4) { s in
        try s.setFinWait2Timeout(.seconds(30))
        #expect(try s.finWait2Timeout() == .seconds(30))
    },
    OptionCase(name: "TCP_WINDOW_CLAMP", kind: .tcp4) { s in
        try s.setWindowClamp(65536)
        #expect(try s.windowClamp() == 65536)
    },
    // Socket level
    OptionCase(name: "SO_BUSY_POLL", kind: .udp4) { s in
        try s.setBusyPoll(.microseconds(50))
        #expect(try s.busyPoll() == .microseconds(50))
    },
    OptionCase(name: "SO_PRIORITY", kind: .udp4) { s in
        try s.setPriority(3)
        #expect(try s.priority() == 3)
    },
    OptionCase(name: "SO_MARK", kind: .tcp4, needsRoot: true) { s in
        try s.setMark(0xdead_beef)
        #expect(try s.mark() == 0xdead_beef)
    },
    OptionCase(name: "SO_ZEROCOPY", kind: .tcp4) { s in
        try s.setZeroCopy(true)
        #expect(try s.zeroCopy() == true)
    },
    OptionCase(name: "SO_INCOMING_CPU", kind: .udp4) { s in
        try s.setIncomingCPU(0)
        #expect(try s.incomingCPU() == 0)
    },
    OptionCase(name: "SO_RCVLOWAT", kind: .tcp4) { s in
        try s.setReceiveLowWatermark(100)
        #expect(try s.receiveLowWatermark() == 100)
    },
    OptionCase(name: "SO_BINDTODEVICE", kind: .udp4, needsRoot: true) { s in
        #expect(try s.boundDevice() == nil)
        try s.bindToDevice(try InterfaceName("lo"))
        #expect(try s.boundDevice() == (try InterfaceName("lo")))
        try s.bindToDevice(nil)
        #expect(try s.boundDevice() == nil)
    },
    OptionCase(name: "SO_PASSCRED", kind: .unixPair) { s in
        try s.setPassCredentials(true)
        #expect(try s.passCredentials() == true)
    },
    // IP level, both families
    OptionCase(name: "IP_TRANSPARENT", kind: .tcp4, needsRoot: true) { s in
        try s.setTransparent(true)
        #expect(try s.transparent() == true)
    },
    OptionCase(name: "IPV6_TRANSPARENT", kind: .tcp6, needsRoot: true) { s in
        try s.setTransparent(true)
        #expect(try s.transparent() == true)
    },
    OptionCase(name: "IP_FREEBIND", kind: .tcp4) { s in
        try s.setFreeBind(true)
        #expect(try s.freeBind() == true)
    },
    OptionCase(name: "IPV6_FREEBIND", kind: .tcp6) { s in
        try s.setFreeBind(true)
        #expect(try s.freeBind() == true)
    },
    OptionCase(name: "IP_PKTINFO / IP_RECVTOS / IP_RECVTTL / IP_RECVERR / SO_TIMESTAMPNS", kind: .udp4) { s in
        try checkReceiveOptions(s)
    },
    OptionCase(name: "IPV6_RECVPKTINFO / RECVTCLASS / RECVHOPLIMIT / RECVERR", kind: .udp6) { s in
        try checkReceiveOptions(s)
    },
    // UDP
    OptionCase(name: "UDP_SEGMENT", kind: .udp4) { s in
        try s.setSegmentSize(1400)
        #expect(try s.segmentSize() == 1400)
        try s.setSegmentSize(0)
        #expect(try s.segmentSize() == 0)
    },
    OptionCase(name: "UDP_GRO", kind: .udp6) { s in
        try s.setGRO(true)
        #expect(try s.gro() == true)
        try s.setGRO(false)
        #expect(try s.gro() == false)
    },
    // Multicast sending options (no traffic)
    OptionCase(name: "IP_MULTICAST_TTL / LOOP / ALL / IF", kind: .udp4) { s in
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
    OptionCase(name: "IPV6_MULTICAST_HOPS / LOOP / ALL / IF", kind: .udp6) { s in
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
func checkReceiveOptions(_ s: NetSocket) throws {
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
        let socket = try option.makeSocket()
        defer { socket.close() }
        try option.check(socket)
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
        let tcp = try NetSocket(domain: SC.AF_INET, type: SC.SOCK_STREAM, protocol: SC.IPPROTO_TCP)
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
        let tcp = try NetSocket(domain: SC.AF_INET, type: SC.SOCK_STREAM, protocol: SC.IPPROTO_TCP)
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
        // TCP options on a UDP socket.
        expectSocketError(.notSupported) { () throws(SocketError) in try udp.setCork(true) }
        expectSocketError(.notSupported) { () throws(SocketError) in _ = try udp.userTimeout() }
        // MSS 1...87 is refused by the kernel.
        expectSocketError(.invalidArgument) { () throws(SocketError) in try tcp.setMaxSegmentSize(40) }
        // UDP options on a TCP socket.
        expectSocketError(.notSupported) { () throws(SocketError) in try tcp.setGRO(true) }
    }

    @Test("every accessor says .closed on a closed socket")
    func closed() throws {
        let tcp = try NetSocket(domain: SC.AF_INET, type: SC.SOCK_STREAM, protocol: SC.IPPROTO_TCP)
        tcp.close()
        expectSocketError(.closed) { () throws(SocketError) in try tcp.setUserTimeout(.seconds(1)) }
        expectSocketError(.closed) { () throws(SocketError) in _ = try tcp.keepAliveCount() }
        expectSocketError(.closed) { () throws(SocketError) in try tcp.setKeepAlivePeriod(.seconds(5)) }
        expectSocketError(.closed) { () throws(SocketError) in _ = try tcp.congestionControl() }
        expectSocketError(.closed) { () throws(SocketError) in try tcp.setCongestionControl("reno") }
        expectSocketError(.closed) { () throws(SocketError) in _ = try tcp.boundDevice() }
        expectSocketError(.closed) { () throws(SocketError) in try tcp.setMulticastInterface(.any) }
        expectSocketError(.closed) { () throws(SocketError) in try tcp.joinGroup(.v4(IPv4Address(239, 1, 2, 3))) }
        expectSocketError(.closed) { () throws(SocketError) in _ = try tcp.peerCredentials() }
        expectSocketError(.closed) { () throws(SocketError) in _ = try tcp.busyPoll() }
    }

    @Test("option getters and setters allocate nothing")
    func zeroAllocations() throws {
        let tcp = try NetSocket(domain: SC.AF_INET, type: SC.SOCK_STREAM, protocol: SC.IPPROTO_TCP)
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
