import SockPOSIX
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Generic socket options")
struct OptionTests {
    @Test("each accessor round-trips through getsockopt")
    func roundTrips() throws {
        let tcp = try TCPListener("[::1]:0")
        defer { tcp.close() }
        #expect(try tcp.reuseAddress(), "TCP listeners get SO_REUSEADDR")
        #expect(try !tcp.reusePort(), "SO_REUSEPORT only when asked")
        try tcp.setReusePort(true)
        #expect(try tcp.reusePort())
        try tcp.setKeepAlive(true)
        #expect(try tcp.keepAlive())
        try tcp.setNoDelay(true)
        #expect(try tcp.noDelay())
        try tcp.setSendBufferSize(65536)
        #expect(try tcp.sendBufferSize() >= 65536)
        try tcp.setReceiveBufferSize(32768)
        #expect(try tcp.receiveBufferSize() >= 32768)
        try tcp.setLinger(.seconds(3))
        #expect(try tcp.lingerTimeout() == .seconds(3))
        try tcp.setLinger(.milliseconds(1500))
        #expect(try tcp.lingerTimeout() == .seconds(2), "a fraction rounds up to whole seconds")
        try tcp.setLinger(nil)
        #expect(try tcp.lingerTimeout() == nil)
        try tcp.setHopLimit(7)
        #expect(try tcp.hopLimit() == 7)
        try tcp.setTrafficClass(0x28)
        #expect(try tcp.trafficClass() == 0x28)
        // Binding a specific IPv6 address makes the kernel set IPV6_V6ONLY; the wildcard does not.
        #expect(try tcp.ipv6Only())
        let wildcard = try UDPConn.listen("[::]:0")
        defer { wildcard.close() }
        #expect(try wildcard.ipv6Only() == false)
        #expect(tcp.type == .stream)
        // The kernel's answer too (SO_TYPE), not only the type Sock stored at creation.
        let kernelType = try tcp.getOption(level: .socket, name: OptionName(rawValue: SC.SO_TYPE), as: CInt.self)
        #expect(kernelType == SocketType.stream.rawValue)

        let udp = try UDPConn.listen("127.0.0.1:0")
        defer { udp.close() }
        try udp.setBroadcast(true)
        #expect(try udp.broadcast())
        try udp.setTTL(9)
        #expect(try udp.ttl() == 9)
        try udp.setTOS(0xb8)
        #expect(try udp.tos() == 0xb8)
    }

    @Test("absurd values are clear errors, never truncated")
    func badValues() throws {
        let udp = try UDPConn.listen("127.0.0.1:0")
        defer { udp.close() }
        #expect(expectSocketError(.invalidArgument) { try udp.setTTL(0) }?.detail == .valueOutOfRange)
        #expect(expectSocketError(.invalidArgument) { try udp.setTTL(256) }?.detail == .valueOutOfRange)
        #expect(expectSocketError(.invalidArgument) { try udp.setTOS(-1) }?.detail == .valueOutOfRange)
        #expect(expectSocketError(.invalidArgument) { try udp.setSendBufferSize(-5) }?.detail == .valueOutOfRange)
        #expect(
            expectSocketError(.invalidArgument) { try udp.setReceiveBufferSize(Int(Int32.max) + 1) }?.detail
                == .valueOutOfRange
        )
        #expect(expectSocketError(.invalidArgument) { try udp.setLinger(.seconds(-1)) }?.detail == .valueOutOfRange)
        // The kernel's own refusal keeps its errno. (A UDPConn has no setNoDelay any more: the
        // same TCP_NODELAY through the generic setOption.)
        let e = expectSocketError(.notSupported) {
            try udp.setOption(level: .tcp, name: OptionName(rawValue: SC.TCP_NODELAY), CInt(1))
        }
        #expect(e?.errno == ENOPROTOOPT || e?.errno == EOPNOTSUPP)
    }

    @Test("an IPv6-only listener refuses IPv4")
    func ipv6Only() throws {
        let listener = try TCPListener(try TCPAddr(parsing: "[::]:0"), ipv6Only: true)
        defer { listener.close() }
        #expect(try listener.ipv6Only())
        let port = try listener.endpoint().port
        expectSocketError(.connectionRefused) {
            try TCPDialer(timeout: .seconds(2)).dial(try TCPAddr(parsing: "127.0.0.1:\(port)"))
        }
    }
}
