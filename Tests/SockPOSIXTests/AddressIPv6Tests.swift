import SockPOSIX
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Address: IPv6 text")
struct AddressIPv6Tests {
    /// Valid RFC 4291 text and the canonical RFC 5952 form it must format to.
    static let valid: [(String, String)] = [
        ("::", "::"),
        ("::1", "::1"),
        ("1::", "1::"),
        ("0:0:0:0:0:0:0:0", "::"),
        ("0:0:0:0:0:0:0:1", "::1"),
        ("2001:db8::1", "2001:db8::1"),
        ("2001:0db8::0001", "2001:db8::1"),
        ("2001:DB8::A:B", "2001:db8::a:b"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),  // first of two equal runs
        ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),  // the longer run wins
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),  // a single zero group is not compressed
        ("2001:db8::1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"),
        ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),
        ("::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"),
        ("1:0:0:0:0:0:0:0", "1::"),
        ("0:0:1:0:0:0:0:0", "0:0:1::"),
        ("fe80::1", "fe80::1"),
        ("FE80:0000:0000:0000:0202:B3FF:FE1E:8329", "fe80::202:b3ff:fe1e:8329"),
        ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
        ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
        ("::FFFF:c000:0201", "::ffff:192.0.2.1"),  // mapped is always written with a dotted quad
        ("0:0:0:0:0:ffff:1.2.3.4", "::ffff:1.2.3.4"),
        ("::ffff:0.0.0.0", "::ffff:0.0.0.0"),
        ("64:ff9b::192.0.2.33", "64:ff9b::c000:221"),  // NAT64: parsed, formatted in hex (as Go)
        ("::1.2.3.4", "::102:304"),  // deprecated IPv4-compatible: hex (as Go)
        ("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"),
        ("1::5:6:1.2.3.4", "1::5:6:102:304"),
        ("ff02::fb", "ff02::fb"),
        ("2001:db8:0:0:0:0:2:1", "2001:db8::2:1"),
        ("2001:db8:0:1:0:0:0:1", "2001:db8:0:1::1"),
        ("0:0:0:1:0:0:0:0", "0:0:0:1::"),
        ("1:0:1:0:1:0:1:0", "1:0:1:0:1:0:1:0"),
    ]

    static let invalid: [String] = [
        "", ":", ":::", "::::", "1:::2", "1::2::3", "::1::", ":1::", ":1:2:3:4:5:6:7:8", "1::2:",
        "1:2:3:4:5:6:7:8:", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8", "1:2:3:4::5:6:7:8",  // "::" standing for no group
        "12345::", "02001:db8::1", "1:2:3:4:5:6:7:00000",  // more than four hex digits
        "g::1", "::g", "2001:db8::1x", "1.2.3.4", "1.2.3.4::", "::1.2.3.4:5", "::1.2.3.4.5",
        "::ffff:1.2.3", "::ffff:01.2.3.4", "::ffff:256.1.1.1", "::ffff:1.2.3.4%eth0",
        "1:2:3:4:5:6:7:1.2.3.4", "1:2:3:4:5:6::1.2.3.4", "1:2:3:4:5:1.2.3.4", "1.2.3.4:1::",
        "[::1]", "[::1]:80", "fe80::1%eth0", "fe80::1%", " ::1", "::1 ", "::1\n", "::-1", "::+1",
        "0x1::", "1:2:3:4:5:6:7:8%1", "\u{0}::1",
    ]

    @Test("parses valid text and formats the RFC 5952 canonical form", arguments: valid)
    func parsesAndCanonicalises(text: String, canonical: String) throws {
        let address = try IPv6Address(parsing: text)
        #expect(address.description == canonical)
        #expect(IPv6Address(text) == address)
        #expect(try IPv6Address(parsing: canonical) == address)  // parse ∘ format = id
        let bytes = Array(text.utf8)
        #expect(try bytes.withUnsafeBytes { raw throws(SocketError) in try IPv6Address(parsing: raw) } == address)
        #expect(try IPv6Address(parsing: bytes.span) == address)

        var c = in6_addr()
        #expect(inet_pton(AF_INET6, text, &c) == 1, "inet_pton rejects \(text)")
        #expect(IPv6Address(c) == address)
    }

    @Test("rejects malformed text with .malformedIPv6", arguments: invalid)
    func rejectsInvalid(text: String) {
        #expect(IPv6Address(text) == nil, "accepted \(text.debugDescription)")
        let error = expectInvalid { () throws(SocketError) in try IPv6Address(parsing: text) }
        #expect(error?.detail == .malformedIPv6)
    }

    @Test("formatting agrees with glibc inet_ntop outside the IPv4-embedded ranges")
    func agreesWithInetNtop() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5000 {
            // Mostly-zero groups make zero runs of every length and position.
            var groups = [UInt16](repeating: 0, count: 8)
            for index in 0..<8 where Int.random(in: 0..<3, using: &generator) == 0 {
                groups[index] = UInt16.random(in: 1...UInt16.max, using: &generator)
            }
            let address = IPv6Address(
                groups[0],
                groups[1],
                groups[2],
                groups[3],
                groups[4],
                groups[5],
                groups[6],
                groups[7]
            )
            if address.highBits == 0 && address.lowBits >> 48 == 0 { continue }  // ::a.b.c.d forms differ by design
            var c = address.in6Addr
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            #expect(inet_ntop(AF_INET6, &c, &text, socklen_t(text.count)) != nil)
            let expected = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            #expect(address.description == expected)
            #expect(try IPv6Address(parsing: address.description) == address)
        }
    }

    @Test("accepts exactly what glibc inet_pton accepts, on random text")
    func differentialAgainstInetPton() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123:.afF".utf8)
        var accepted = 0
        for _ in 0..<50_000 {
            let length = Int.random(in: 0...24, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            let text = String(decoding: bytes, as: UTF8.self)
            var c = in6_addr()
            let glibc = inet_pton(AF_INET6, text, &c) == 1
            let sock = IPv6Address(text)
            #expect((sock != nil) == glibc, "\(text.debugDescription): Sock \(sock != nil), glibc \(glibc)")
            if let sock, glibc {
                #expect(sock == IPv6Address(c), "\(text)")
                accepted += 1
            }
        }
        #expect(accepted > 100)  // the alphabet makes valid addresses often enough to mean something
    }

    @Test("every address round-trips through its text")
    func roundTrips() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let address = IPv6Address(highBits: generator.next(), lowBits: generator.next())
            #expect(try IPv6Address(parsing: address.description) == address)
            let mapped = IPv6Address(v4Mapped: IPv4Address(hostOrder: UInt32(truncatingIfNeeded: generator.next())))
            #expect(try IPv6Address(parsing: mapped.description) == mapped)
        }
    }

    @Test("constants, groups, C conversions and classification")
    func constantsAndProperties() throws {
        #expect(IPv6Address.any.description == "::")
        #expect(IPv6Address.loopback.description == "::1")
        #expect(IPv6Address(in6addr_loopback) == .loopback)
        #expect(IPv6Address(in6addr_any) == .any)

        let a = IPv6Address(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1)
        #expect(try IPv6Address(parsing: "2001:db8::1") == a)
        #expect(a.highBits == 0x2001_0db8_0000_0000 && a.lowBits == 1)
        #expect(a[group: 0] == 0x2001 && a[group: 1] == 0xdb8 && a[group: 7] == 1)
        a.withUnsafeBytes { #expect(Array($0) == [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]) }
        withUnsafeBytes(of: a.in6Addr) {
            #expect(Array($0) == [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
        }
        #expect(IPv6Address(a.in6Addr) == a)
        let bytes: [UInt8] = Array(0..<16)
        #expect(bytes.withUnsafeBytes { IPv6Address(bytes: $0) }?.description == "1:203:405:607:809:a0b:c0d:e0f")
        #expect(bytes.dropLast().withUnsafeBytes { IPv6Address(bytes: $0) } == nil)
        #expect(IPv6Address.any < IPv6Address.loopback && IPv6Address.loopback < a)

        let mapped = IPv6Address(v4Mapped: IPv4Address(192, 0, 2, 1))
        #expect(mapped.isV4Mapped && mapped.unmappedV4 == IPv4Address(192, 0, 2, 1))
        #expect(!a.isV4Mapped && a.unmappedV4 == nil)
        #expect(try IPv6Address(parsing: "::ffff:1.2.3.4").unmappedV4 == IPv4Address(1, 2, 3, 4))
        #expect(try !IPv6Address(parsing: "::fffe:1.2.3.4").isV4Mapped)
        #expect(try IPv6Address(parsing: "fe80::1").isLinkLocal && !a.isLinkLocal)
        #expect(try IPv6Address(parsing: "febf::1").isLinkLocal && !IPv6Address(parsing: "fec0::1").isLinkLocal)
        #expect(try IPv6Address(parsing: "ff02::1").isMulticast && IPv6Address(parsing: "ff02::1").isLinkLocalMulticast)
        #expect(try IPv6Address(parsing: "fd00::2").isUniqueLocal && IPv6Address(parsing: "fc00::").isUniqueLocal)
        #expect(IPv6Address.any.isUnspecified && IPv6Address.loopback.isLoopback && !a.isLoopback)
    }

    @Test("format(into:) writes exactly the text and reports a short buffer")
    func formatIntoBuffer() throws {
        let longest = try IPv6Address(parsing: "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")
        let text = try formatted(capacity: IPv6Address.maxTextLength) { buffer throws(SocketError) in
            try longest.format(into: buffer)
        }
        #expect(text.count == 39 && String(decoding: text, as: UTF8.self) == longest.description)
        let error = expectInvalid { () throws(SocketError) in
            try formatted(capacity: 38) { buffer throws(SocketError) in try longest.format(into: buffer) }
        }
        #expect(error?.detail == .bufferTooSmall)
        let none = expectInvalid { () throws(SocketError) in
            try formatted(capacity: 0) { buffer throws(SocketError) in try IPv6Address.any.format(into: buffer) }
        }
        #expect(none?.detail == .bufferTooSmall)
    }

    @Test("IPAddress parses either family and names the failure")
    func ipAddress() throws {
        #expect(try IPAddress(parsing: "192.0.2.1") == .v4(IPv4Address(192, 0, 2, 1)))
        #expect(try IPAddress(parsing: "::1") == .v6(.loopback))
        #expect(IPAddress("::ffff:1.2.3.4")?.unmapped == .v4(IPv4Address(1, 2, 3, 4)))
        #expect(IPAddress.v4(IPv4Address(1, 2, 3, 4)).ipv6Form.description == "::ffff:1.2.3.4")
        #expect(IPAddress.v6(.loopback).family == sa_family_t(AF_INET6))
        #expect(IPAddress.v4(.loopback).family == sa_family_t(AF_INET))
        #expect(IPAddress.v4(.loopback).isLoopback && IPAddress.v6(.loopback).isLoopback)
        #expect(IPAddress.v4(.any).isUnspecified && IPAddress.v6(.any).isUnspecified)
        #expect(IPAddress("2001:db8::1")?.description == "2001:db8::1")
        let cases: [(String, SocketError.Detail)] = [
            ("1.2.3.256", .malformedIPv4), ("01.2.3.4", .malformedIPv4), ("", .malformedIPv4),
            ("1::2::3", .malformedIPv6), ("fe80::1%eth0", .malformedIPv6),
            ("localhost", .hostNotLiteral), ("example.com", .hostNotLiteral),
        ]
        for (text, detail) in cases {
            let error = expectInvalid { () throws(SocketError) in try IPAddress(parsing: text) }
            #expect(error?.detail == detail, "\(text)")
        }
    }
}
