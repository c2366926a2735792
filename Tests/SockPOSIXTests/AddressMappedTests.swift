import SockPOSIX
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`), the form an IPv4 peer has on a dual-stack IPv6
/// socket: the predicates, equality and hashing answer as for the IPv4 address, as Go's `net.IP`
/// does, so an IPv4 deny-list cannot fail open.
@Suite("Address: IPv4-mapped IPv6")
struct AddressMappedTests {
    /// Addresses that cover every IPv4 class, each edge of a range next to its inside.
    static let samples: [IPv4Address] = [
        IPv4Address(0, 0, 0, 0), IPv4Address(0, 0, 0, 1), IPv4Address(127, 0, 0, 1), IPv4Address(127, 255, 255, 254),
        IPv4Address(126, 255, 255, 255), IPv4Address(10, 1, 2, 3), IPv4Address(11, 0, 0, 1),
        IPv4Address(172, 16, 0, 1), IPv4Address(172, 31, 255, 255), IPv4Address(172, 32, 0, 1),
        IPv4Address(192, 168, 1, 1), IPv4Address(192, 169, 0, 1), IPv4Address(169, 254, 1, 1),
        IPv4Address(169, 255, 0, 1), IPv4Address(224, 0, 0, 251), IPv4Address(224, 0, 1, 1),
        IPv4Address(239, 255, 255, 250), IPv4Address(240, 0, 0, 1), IPv4Address(100, 64, 0, 1),
        IPv4Address(8, 8, 8, 8), IPv4Address(255, 255, 255, 255),
    ]

    /// Every predicate, by name, on each of the three types.
    static var predicates:
        [(name: String, v4: KeyPath<IPv4Address, Bool>, v6: KeyPath<IPv6Address, Bool>, ip: KeyPath<IPAddress, Bool>)]
    {
        [
            ("isUnspecified", \.isUnspecified, \.isUnspecified, \.isUnspecified),
            ("isLoopback", \.isLoopback, \.isLoopback, \.isLoopback),
            ("isPrivate", \.isPrivate, \.isPrivate, \.isPrivate),
            ("isLinkLocal", \.isLinkLocal, \.isLinkLocal, \.isLinkLocal),
            ("isMulticast", \.isMulticast, \.isMulticast, \.isMulticast),
            ("isLinkLocalMulticast", \.isLinkLocalMulticast, \.isLinkLocalMulticast, \.isLinkLocalMulticast),
        ]
    }

    /// The names of the predicates true for `address`.
    static func classes(_ address: IPAddress) -> Set<String> {
        Set(predicates.filter { address[keyPath: $0.ip] }.map(\.name))
    }

    @Test("every predicate answers for ::ffff:a.b.c.d as for a.b.c.d", arguments: samples)
    func predicatesSeeThrough(v4: IPv4Address) {
        let mapped = IPv6Address(v4Mapped: v4)
        for predicate in Self.predicates {
            let expected = v4[keyPath: predicate.v4]
            #expect(mapped[keyPath: predicate.v6] == expected, "IPv6Address(\(mapped)).\(predicate.name)")
            #expect(IPAddress.v6(mapped)[keyPath: predicate.ip] == expected, ".v6(\(mapped)).\(predicate.name)")
            #expect(IPAddress.v4(v4)[keyPath: predicate.ip] == expected, ".v4(\(v4)).\(predicate.name)")
        }
    }

    @Test(
        "the classes of mapped addresses, spelled out",
        arguments: [
            ("::ffff:0.0.0.0", ["isUnspecified"]), ("::ffff:127.0.0.1", ["isLoopback"]),
            ("::ffff:127.255.255.254", ["isLoopback"]), ("::ffff:10.1.2.3", ["isPrivate"]),
            ("::ffff:172.16.0.1", ["isPrivate"]), ("::ffff:172.31.255.255", ["isPrivate"]),
            ("::ffff:172.32.0.1", []), ("::ffff:192.168.1.1", ["isPrivate"]), ("::ffff:169.254.1.1", ["isLinkLocal"]),
            ("::ffff:224.0.0.251", ["isMulticast", "isLinkLocalMulticast"]),
            ("::ffff:239.255.255.250", ["isMulticast"]),
            ("::ffff:8.8.8.8", []), ("::ffff:100.64.0.1", []), ("::ffff:255.255.255.255", []),
        ] as [(String, Set<String>)]
    )
    func mappedClasses(text: String, expected: Set<String>) throws {
        let address = try IPAddress(parsing: text)
        #expect(address.isV4Mapped)
        #expect(Self.classes(address) == expected)
    }

    @Test(
        "IPv6 addresses keep their IPv6 classes",
        arguments: [
            ("::", ["isUnspecified"]), ("::1", ["isLoopback"]), ("fe80::1", ["isLinkLocal"]),
            ("febf::1", ["isLinkLocal"]), ("fec0::1", []), ("ff02::1", ["isMulticast", "isLinkLocalMulticast"]),
            ("ff05::2", ["isMulticast"]), ("fd00::1", ["isPrivate"]), ("fc00::", ["isPrivate"]), ("fe00::1", []),
            ("2001:db8::1", []), ("::127.0.0.1", []), ("::ffff:0:127.0.0.1", []), ("64:ff9b::127.0.0.1", []),
            ("::ffff:0:0:1", []), ("::fffe:10.0.0.1", []),
        ] as [(String, Set<String>)]
    )
    func nativeClasses(text: String, expected: Set<String>) throws {
        let address = try IPAddress(parsing: text)
        #expect(!address.isV4Mapped)
        #expect(Self.classes(address) == expected)
        guard case .v6(let v6) = address else {
            Issue.record("\(text) parsed as \(address)")
            return
        }
        #expect(v6.isUniqueLocal == expected.contains("isPrivate"))
    }

    @Test("a mapped address equals its IPv4 address and hashes the same", arguments: samples)
    func equalityAndHash(v4: IPv4Address) {
        let mapped = IPAddress.v6(IPv6Address(v4Mapped: v4))
        #expect(mapped == .v4(v4) && IPAddress.v4(v4) == mapped)
        #expect(mapped.hashValue == IPAddress.v4(v4).hashValue)
        #expect(Set<IPAddress>([.v4(v4)]).contains(mapped))
        #expect(Set<IPAddress>([mapped]).contains(.v4(v4)))
        #expect(Set<IPAddress>([mapped, .v4(v4)]).count == 1)
        #expect([IPAddress.v4(v4): "denied"][mapped] == "denied")
        // Another address is still another address.
        let next = IPv4Address(hostOrder: v4.hostOrder &+ 1)
        #expect(mapped != .v4(next) && !Set<IPAddress>([.v4(next)]).contains(mapped))
    }

    @Test("the text and the enum case still tell a mapped address from IPv4")
    func stillDistinguishable() throws {
        let mapped = try IPAddress(parsing: "::ffff:127.0.0.1")
        #expect(mapped == .v4(.loopback))
        #expect(mapped.description == "::ffff:127.0.0.1" && IPAddress.v4(.loopback).description == "127.0.0.1")
        #expect(mapped.family == sa_family_t(AF_INET6))
        #expect(mapped.isV4Mapped && !IPAddress.v4(.loopback).isV4Mapped)
        guard case .v6(let v6) = mapped else {
            Issue.record("parsed as \(mapped)")
            return
        }
        #expect(v6.isV4Mapped && v6.unmappedV4 == .loopback)
        #expect(mapped.unmapped.description == "127.0.0.1")
    }

    @Test("only ::ffff:0:0/96 is seen through: IPv4-compatible, SIIT and NAT64 forms are IPv6")
    func onlyMappedForm() throws {
        for text in [
            "::127.0.0.1", "::ffff:0:127.0.0.1", "64:ff9b::127.0.0.1", "::fffe:127.0.0.1", "1::ffff:127.0.0.1",
        ] {
            let address = try IPAddress(parsing: text)
            #expect(address != .v4(.loopback), "\(text)")
            #expect(!address.isLoopback, "\(text)")
            #expect(!Set<IPAddress>([.v4(.loopback)]).contains(address), "\(text)")
        }
        #expect(IPAddress.v6(.loopback) != .v4(.loopback) && IPAddress.v6(.any) != .v4(.any))
    }

    @Test("endpoints compare their addresses the same way; ports and zones still count")
    func endpoints() throws {
        let mapped = IPAddress.v6(IPv6Address(v4Mapped: IPv4Address(192, 0, 2, 1)))
        let plain = IPAddress.v4(IPv4Address(192, 0, 2, 1))
        #expect(TCPAddr(ip: mapped, port: 80) == TCPAddr(ip: plain, port: 80))
        #expect(TCPAddr(ip: mapped, port: 80).hashValue == TCPAddr(ip: plain, port: 80).hashValue)
        #expect(TCPAddr(ip: mapped, port: 80) != TCPAddr(ip: plain, port: 81))
        #expect(UDPAddr(ip: mapped, port: 53) == UDPAddr(ip: plain, port: 53))
        #expect(Set([UDPAddr(ip: mapped, port: 53), UDPAddr(ip: plain, port: 53)]).count == 1)
        #expect(IPAddr(ip: mapped) == IPAddr(ip: plain))
        #expect(Set<IPAddr>([IPAddr(ip: plain)]).contains(IPAddr(ip: mapped)))
        #expect(TCPAddr(ip: mapped, port: 80, zone: .scopeID(1)) != TCPAddr(ip: plain, port: 80))
        #expect(try TCPAddr(parsing: "[::ffff:192.0.2.1]:80") == TCPAddr(parsing: "192.0.2.1:80"))
        #expect(try TCPAddr(parsing: "[::ffff:192.0.2.1]:80").description == "[::ffff:192.0.2.1]:80")
        // The kernel formats stay byte-exact: compare `unmapped` there.
        let v4 = SockaddrInet4(address: IPv4Address(192, 0, 2, 1), port: 80)
        #expect(InetSockaddr.v6(SockaddrInet6(v4Mapped: v4)) != .v4(v4))
        #expect(InetSockaddr.v6(SockaddrInet6(v4Mapped: v4)).unmapped == .v4(v4))
    }

    @Test("a dual-stack listener sees a Sock IPv4 client as ::ffff:127.0.0.1; an IPv4 deny-list denies it")
    func dualStackSockClient() throws {
        let listener = try TCPListener("[::]:0", ipv6Only: false)
        defer { listener.close() }
        let port = try listener.endpoint().port
        let client = try TCPConn.dial("127.0.0.1:\(port)")
        defer { client.close() }
        listener.setReadDeadline(.after(.seconds(5)))
        let server = try listener.accept()
        defer { server.close() }
        try client.finishConnect(until: .after(.seconds(5)))
        try expectDenied(server, clientPort: client.localEndpoint().port)
    }

    @Test("a dual-stack listener sees a Python IPv4 client as ::ffff:127.0.0.1; an IPv4 deny-list denies it")
    func dualStackPythonClient() throws {
        let listener = try TCPListener("[::]:0", ipv6Only: false)
        defer { listener.close() }
        let port = try listener.endpoint().port
        let peer = try PythonPeer(
            """
            import socket
            s = socket.create_connection(("127.0.0.1", \(port)), timeout=10)
            print(s.getsockname()[1], flush=True)
            s.recv(1)
            """
        )
        defer { peer.finish() }
        let clientPort = try #require(UInt16(peer.firstLine()))
        listener.setReadDeadline(.after(.seconds(5)))
        let server = try listener.accept()
        defer { server.close() }
        try expectDenied(server, clientPort: clientPort)
    }

    @Test("the control: an IPv6 client on the same listener is ::1, not 127.0.0.1")
    func dualStackIPv6Client() throws {
        let listener = try TCPListener("[::]:0", ipv6Only: false)
        defer { listener.close() }
        let client = try TCPConn.dial("[::1]:\(try listener.endpoint().port)")
        defer { client.close() }
        listener.setReadDeadline(.after(.seconds(5)))
        let server = try listener.accept()
        defer { server.close() }
        let peer = try #require(server.remoteEndpoint)
        #expect(peer.ip == .v6(.loopback) && peer.ip.isLoopback)
        #expect(peer.ip != .v4(.loopback) && !Set<IPAddress>([.v4(.loopback)]).contains(peer.ip))
    }

    /// The accepted connection's peer is the mapped form of 127.0.0.1, and every IPv4 check sees
    /// through it.
    func expectDenied(_ server: TCPConn, clientPort: UInt16, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard case .inet6(let raw) = server.peer.kind else {
            Issue.record("the peer of a dual-stack listener is \(server.peer)", sourceLocation: sourceLocation)
            return
        }
        #expect(raw.address == IPv6Address(v4Mapped: .loopback), sourceLocation: sourceLocation)
        let peer = try #require(server.remoteEndpoint, sourceLocation: sourceLocation)
        #expect(peer.ip.isV4Mapped, sourceLocation: sourceLocation)
        #expect(peer.description == "[::ffff:127.0.0.1]:\(clientPort)", sourceLocation: sourceLocation)
        let deniedIPs: Set<IPAddress> = [.v4(.loopback)]
        #expect(deniedIPs.contains(peer.ip), "the IPv4 deny-list fails open", sourceLocation: sourceLocation)
        #expect(peer.ip == .v4(.loopback), sourceLocation: sourceLocation)
        #expect(peer.ip.isLoopback, sourceLocation: sourceLocation)
        let deniedEndpoints: Set<TCPAddr> = [TCPAddr(ip: .v4(.loopback), port: clientPort)]
        #expect(deniedEndpoints.contains(peer), sourceLocation: sourceLocation)
    }
}

extension AddressAllocationTests {
    /// The loops index the arrays: a debug build's `for x in array` allocates an iterator box per
    /// element, whatever the element.
    @Test("predicates, equality and hashing across the mapped and IPv4 forms cost no allocation")
    func mappedComparisons() {
        let plain = AddressMappedTests.samples.map { IPAddress.v4($0) }
        let mapped = AddressMappedTests.samples.map { IPAddress.v6(IPv6Address(v4Mapped: $0)) }
        let deniedIPs: Set<IPAddress> = [.v4(.loopback), .v4(IPv4Address(10, 1, 2, 3))]
        let deniedEndpoints: Set<TCPAddr> = [TCPAddr(ip: .v4(.loopback), port: 80)]
        let peer = TCPAddr(ip: .v6(IPv6Address(v4Mapped: .loopback)), port: 80)
        var sink = 0
        expectNoMallocs("the predicates") {
            for i in mapped.indices {
                let ip = mapped[i]
                sink &+= ip.isUnspecified || ip.isLoopback || ip.isPrivate ? 1 : 0
                sink &+= ip.isLinkLocal || ip.isMulticast || ip.isLinkLocalMulticast || ip.isV4Mapped ? 1 : 0
            }
        }
        expectNoMallocs("IPAddress ==") {
            for i in mapped.indices where mapped[i] == plain[i] { sink &+= 1 }
        }
        expectNoMallocs("IPAddress.hash(into:)") {
            for i in mapped.indices {
                var hasher = Hasher()
                hasher.combine(mapped[i])
                sink &+= hasher.finalize()
            }
        }
        expectNoMallocs("Set<IPAddress>.contains") {
            for i in mapped.indices where deniedIPs.contains(mapped[i]) { sink &+= 1 }
        }
        expectNoMallocs("Set<TCPAddr>.contains") { sink &+= deniedEndpoints.contains(peer) ? 1 : 0 }
        #expect(sink != 0)
    }
}
