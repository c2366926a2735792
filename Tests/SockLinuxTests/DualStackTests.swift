#if os(Linux)
// Issue 14, item 10: IPV6_V6ONLY is set explicitly on every IPv6 listener and UDP socket, never
// left to the net.ipv6.bindv6only sysctl, which an administrator (or a container image) may set
// to 1: a service written for a dual-stack "[::]:port" would then silently stop accepting IPv4.
import SockLinux
import SockPOSIX
import SockTestSupport
import Testing

@Suite("Dual stack: IPV6_V6ONLY explicit, whatever net.ipv6.bindv6only says")
struct DualStackTests {
    @Test("with bindv6only=1 in the namespace, [::]:0 listeners still accept IPv4 (and refuse it when asked)")
    func explicitV6Only() throws {
        try requireRoot("network namespaces")
        let net = try NetworkNamespacePair.make()
        defer { net.destroy() }
        net.sysctl(net.a, "net.ipv6.bindv6only=1")
        try net.inA {
            let listener = try TCPListener("[::]:0")
            defer { listener.close() }
            #expect(try listener.ipv6Only() == false)
            let port = try listener.endpoint().port
            let client = try TCPDialer(timeout: .seconds(5)).dial("127.0.0.1:\(port)")
            defer { client.close() }
            listener.setReadDeadline(.after(.seconds(5)))
            let conn = try listener.accept()
            defer { conn.close() }
            #expect(conn.remoteEndpoint?.ip == .v4(.loopback))  // ::ffff:127.0.0.1 equals it

            let udp = try UDPConn.listen("[::]:0")
            defer { udp.close() }
            #expect(try udp.ipv6Only() == false)

            let only = try TCPListener("[::]:0", ipv6Only: true)
            defer { only.close() }
            #expect(try only.ipv6Only() == true)
            expectSocketError(.connectionRefused) { () throws(SocketError) in
                try TCPDialer(timeout: .seconds(5)).dial("127.0.0.1:\(try only.endpoint().port)")
            }
        }
    }
}
#endif
