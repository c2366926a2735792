import SockPOSIX
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Address: zones and host:port endpoints")
struct AddressEndpointTests {
    static let loopbackIndex = UInt32(if_nametoindex("lo"))

    @Test("zones parse as scope ids or interface names")
    func zones() throws {
        #expect(try IPv6Zone(parsing: "3") == .scopeID(3))
        #expect(try IPv6Zone(parsing: "0") == .scopeID(0))
        #expect(try IPv6Zone(parsing: "4294967295") == .scopeID(.max))
        #expect(try IPv6Zone(parsing: "eth0") == .interface(InterfaceName("eth0")))
        #expect(try IPv6Zone(parsing: "fifteen-chars-x").description == "fifteen-chars-x")
        #expect(IPv6Zone("eth0")?.description == "eth0")
        #expect(IPv6Zone("42")?.description == "42")
        for bad in [
            "", "4294967296", "99999999999999999999", "sixteen-chars-xx", "a/b", "a:b", "a b", "a%b", "a]", ".", "..",
            "a\u{0}b", "\t", "é", "eth\u{7F}",
        ] {
            #expect(IPv6Zone(bad) == nil, "accepted \(bad.debugDescription)")
            let error = expectInvalid { () throws(SocketError) in try IPv6Zone(parsing: bad) }
            #expect(error?.detail == .malformedZone)
        }
        let name = try InterfaceName("wlan0")
        #expect(name.count == 5 && name.description == "wlan0")
        #expect(name.withCString { String(cString: $0) } == "wlan0")
        let full = try InterfaceName("abcdefghijklmno")
        #expect(full.withCString { strlen($0) } == 15)
        let error = expectInvalid { () throws(SocketError) in try InterfaceName("") }
        #expect(error?.detail == .malformedInterfaceName)
    }

    @Test("zone names resolve with if_nametoindex; unknown names are .unknownInterface")
    func zoneResolution() throws {
        try #require(Self.loopbackIndex != 0, "this host has no 'lo' interface")
        #expect(try IPv6Zone(parsing: "lo").resolveScopeID() == Self.loopbackIndex)
        #expect(try IPv6Zone.scopeID(7).resolveScopeID() == 7)
        let error = expectInvalid { () throws(SocketError) in
            try IPv6Zone(parsing: "nosuchif0").resolveScopeID()
        }
        #expect(error?.detail == .unknownInterface)

        let endpoint = try TCPAddr(parsing: "[fe80::1%lo]:80")
        guard case .v6(let encoded) = try endpoint.sockaddr() else {
            Issue.record("expected an IPv6 sockaddr")
            return
        }
        #expect(encoded.scopeID == Self.loopbackIndex)
        #expect(encoded.port == 80)
        let unknown = expectInvalid { () throws(SocketError) in
            try TCPAddr(parsing: "[fe80::1%nosuchif0]:80").sockaddr()
        }
        #expect(unknown?.detail == .unknownInterface)
        #expect(unknown?.operation == .encodeAddress)
    }

    static let validHostPorts: [(String, String, String)] = [
        // text, canonical description, the zone's text ("" for none)
        ("127.0.0.1:80", "127.0.0.1:80", ""),
        ("0.0.0.0:0", "0.0.0.0:0", ""),
        ("255.255.255.255:65535", "255.255.255.255:65535", ""),
        ("[::1]:80", "[::1]:80", ""),
        ("[::]:443", "[::]:443", ""),
        ("[2001:0DB8::0001]:8080", "[2001:db8::1]:8080", ""),
        ("[::ffff:192.0.2.1]:53", "[::ffff:192.0.2.1]:53", ""),
        ("[fe80::1%eth0]:80", "[fe80::1%eth0]:80", "eth0"),
        ("[fe80::1%3]:80", "[fe80::1%3]:80", "3"),
        ("[::1%lo]:5000", "[::1%lo]:5000", "lo"),
        ("[::1%4294967295]:1", "[::1%4294967295]:1", "4294967295"),
        (":80", "[::]:80", ""),
        ("127.0.0.1:0080", "127.0.0.1:80", ""),
    ]

    @Test("host:port parses and formats", arguments: validHostPorts)
    func validHostPort(text: String, canonical: String, zone: String) throws {
        let tcp = try TCPAddr(parsing: text)
        #expect(tcp.description == canonical)
        #expect(tcp.zone?.description ?? "" == zone)
        #expect(try TCPAddr(parsing: canonical) == tcp)
        let udp = try UDPAddr(parsing: text)
        #expect(udp.ip == tcp.ip && udp.port == tcp.port && udp.zone == tcp.zone)
        #expect(UDPAddr(text) == udp)
        let bytes = Array(text.utf8)
        #expect(try bytes.withUnsafeBytes { raw throws(SocketError) in try TCPAddr(parsing: raw) } == tcp)
        let text = try formatted(capacity: 63) { buffer throws(SocketError) in try tcp.format(into: buffer) }
        #expect(String(decoding: text, as: UTF8.self) == canonical)
    }

    static let invalidHostPorts: [(String, SocketError.Detail)] = [
        ("", .missingPort),
        ("127.0.0.1", .missingPort),
        ("127.0.0.1:", .missingPort),
        ("[::1]", .missingPort),
        ("[::1]:", .missingPort),
        ("127.0.0.1:65536", .portOutOfRange),
        ("127.0.0.1:99999", .portOutOfRange),
        ("127.0.0.1:-1", .portOutOfRange),
        ("127.0.0.1:4294967376", .portOutOfRange),
        ("127.0.0.1:http", .malformedHostPort),
        ("127.0.0.1:+80", .malformedHostPort),
        ("127.0.0.1:8 0", .malformedHostPort),
        ("::1:80", .malformedHostPort),
        ("[::1]80", .malformedHostPort),
        ("[::1", .malformedHostPort),
        ("::1]:80", .malformedHostPort),
        ("[[::1]]:80", .malformedHostPort),
        ("1.2.3.4]:80", .malformedHostPort),
        ("[1.2.3.4]:80", .malformedIPv6),
        ("[1::2::3]:80", .malformedIPv6),
        ("[::1%]:80", .malformedZone),
        ("[fe80::1%a/b]:80", .malformedZone),
        ("1.2.3.4%eth0:80", .malformedZone),
        ("[1.2.3.4%eth0]:80", .malformedZone),
        ("256.0.0.1:80", .malformedIPv4),
        ("01.2.3.4:80", .malformedIPv4),
        ("1.2.3:80", .malformedIPv4),
        ("localhost:80", .hostNotLiteral),
        ("example.com:443", .hostNotLiteral),
    ]

    @Test("host:port rejects bad input with a specific detail", arguments: invalidHostPorts)
    func invalidHostPort(text: String, detail: SocketError.Detail) {
        #expect(TCPAddr(text) == nil)
        let error = expectInvalid { () throws(SocketError) in try TCPAddr(parsing: text) }
        #expect(error?.detail == detail, "\(text.debugDescription): \(String(describing: error))")
        #expect(error?.operation == .parseAddress)
    }

    @Test("endpoints encode to sockaddrs and decode back")
    func sockaddrConversions() throws {
        let v4 = try TCPAddr(parsing: "192.0.2.1:8080")
        guard case .v4(let s4) = try v4.sockaddr() else {
            Issue.record("expected IPv4")
            return
        }
        #expect(s4.address == IPv4Address(192, 0, 2, 1) && s4.port == 8080)
        #expect(TCPAddr(s4) == v4)
        #expect(TCPAddr(InetSockaddr.v4(s4)) == v4)
        #expect(try TCPAddr(SocketAddress(s4)) == v4)

        let scoped = SockaddrInet6(address: try IPv6Address(parsing: "fe80::1"), port: 80, scopeID: 3)
        let fromScoped = UDPAddr(scoped)
        #expect(fromScoped.zone == .scopeID(3))
        #expect(fromScoped.description == "[fe80::1%3]:80")
        guard case .v6(let back) = try fromScoped.sockaddr() else {
            Issue.record("expected IPv6")
            return
        }
        #expect(back == scoped)
        #expect(UDPAddr(SockaddrInet6(address: .loopback, port: 9)).zone == nil)

        // A zone on IPv4 is refused at encoding time.
        let bad = TCPAddr(ip: .v4(.loopback), port: 1, zone: .scopeID(1))
        let error = expectInvalid { () throws(SocketError) in try bad.sockaddr() }
        #expect(error?.detail == .malformedZone)

        // A Unix address is not an IP endpoint.
        let unix = SocketAddress(SockaddrUnix.unnamed)
        let wrong = expectInvalid { () throws(SocketError) in try TCPAddr(unix) }
        #expect(wrong?.detail == .unsupportedFamily)
        #expect(TCPAddr.network == "tcp" && UDPAddr.network == "udp" && IPAddr.network == "ip")
    }

    @Test("IPv4 endpoints map into IPv6 and back (dual-stack sockets)")
    func v4Mapping() throws {
        let v4 = InetSockaddr.v4(SockaddrInet4(address: IPv4Address(192, 0, 2, 1), port: 53))
        let mapped = v4.v6Mapped
        #expect(mapped.description == "[::ffff:192.0.2.1]:53")
        #expect(InetSockaddr.v6(mapped).unmapped == v4)
        #expect(SockaddrInet6(v4Mapped: SockaddrInet4(address: .loopback, port: 1)).address.unmappedV4 == .loopback)
        let native = InetSockaddr.v6(SockaddrInet6(address: .loopback, port: 2))
        #expect(native.unmapped == native && native.v6Mapped == SockaddrInet6(address: .loopback, port: 2))
        var port = native
        port.port = 9
        #expect(port.port == 9 && port.address == .v6(.loopback) && port.family == sa_family_t(AF_INET6))
        #expect(InetSockaddr(address: .v4(.loopback), port: 7).description == "127.0.0.1:7")
        #expect(InetSockaddr(address: .v6(.loopback), port: 7, scopeID: 1).description == "[::1%1]:7")
    }

    @Test("IPAddr parses addresses with zones")
    func ipAddr() throws {
        let a = try IPAddr(parsing: "fe80::1%eth0")
        #expect(a.ip == .v6(try IPv6Address(parsing: "fe80::1")) && a.zone?.description == "eth0")
        #expect(a.description == "fe80::1%eth0")
        #expect(IPAddr("192.0.2.1") == IPAddr(ip: .v4(IPv4Address(192, 0, 2, 1))))
        #expect(IPAddr(try TCPAddr(parsing: "[fe80::2%7]:1")).description == "fe80::2%7")
        let cases: [(String, SocketError.Detail)] = [
            ("1.2.3.4%eth0", .malformedZone), ("fe80::1%", .malformedZone), ("fe80::1%a:b", .malformedZone),
            ("1.2.3.4:80", .malformedIPv6), ("[::1]", .malformedIPv6), ("host", .hostNotLiteral),
        ]
        for (text, detail) in cases {
            let error = expectInvalid { () throws(SocketError) in try IPAddr(parsing: text) }
            #expect(error?.detail == detail, "\(text)")
        }
        guard case .v6(let encoded) = try IPAddr(parsing: "::1%5").sockaddr() else {
            Issue.record("expected IPv6")
            return
        }
        #expect(encoded.scopeID == 5 && encoded.port == 0)
    }

    // Only names from /etc/hosts: a failing lookup would send a DNS query off this machine.
    @Test("resolve(host:port:) looks up names with getaddrinfo and passes literals through")
    func resolve() throws {
        let literal = try TCPAddr.resolve(host: "192.0.2.7", port: 80)
        #expect(literal == [try TCPAddr(parsing: "192.0.2.7:80")])
        let localhost = try TCPAddr.resolve(host: "localhost", port: 8080)
        #expect(localhost.contains(try TCPAddr(parsing: "127.0.0.1:8080")), "\(localhost)")
        #expect(Set(localhost).count == localhost.count)
    }
}
