import SockPOSIX
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Address: IPv4 text")
struct AddressIPv4Tests {
    static let valid: [(String, UInt32)] = [
        ("0.0.0.0", 0),
        ("127.0.0.1", 0x7F00_0001),
        ("255.255.255.255", 0xFFFF_FFFF),
        ("192.0.2.1", 0xC000_0201),
        ("10.0.0.255", 0x0A00_00FF),
        ("1.2.3.4", 0x0102_0304),
        ("100.64.0.10", 0x6440_000A),
    ]

    static let invalid: [String] = [
        "", ".", "...", "1", "1.2", "1.2.3", "1.2.3.4.5", "1.2.3.4.",
        ".1.2.3", "1..2.3", "1.2..3",
        "01.2.3.4", "1.02.3.4", "1.2.3.04", "1.2.3.00", "00.0.0.0", "0.0.0.010",  // leading zeros (Go rejects)
        "256.1.1.1", "1.2.3.256", "1000.1.1.1", "999.999.999.999", "4294967295.0.0.0",
        " 1.2.3.4", "1.2.3.4 ", "1.2.3.4\n", "1.2. 3.4",
        "+1.2.3.4", "-1.2.3.4", "1.2.3.-4", "0x7f.0.0.1", "a.b.c.d", "1.2.3.a",
        "1.2.3.4%eth0", "1.2.3.4:80", "1.2.3.4/24", "[1.2.3.4]", "::ffff:1.2.3.4", "::1",
        "127.1", "2130706433",  // inet_aton shorthands are not literals here
        "1.2.3.4\u{0}", "１.2.3.4",
    ]

    @Test("parses valid dotted quads and formats them back", arguments: valid)
    func parsesValid(text: String, value: UInt32) throws {
        let address = try IPv4Address(parsing: text)
        #expect(address.hostOrder == value)
        #expect(IPv4Address(text) == address)
        #expect(address.description == text)
        // The same through the byte and span entry points.
        let bytes = Array(text.utf8)
        let fromBytes = try bytes.withUnsafeBytes { raw throws(SocketError) in try IPv4Address(parsing: raw) }
        #expect(fromBytes == address)
        #expect(try IPv4Address(parsing: bytes.span) == address)
        #expect(try IPv4Address(parsing: text[...]) == address)  // Substring
    }

    @Test("rejects malformed dotted quads with .malformedIPv4", arguments: invalid)
    func rejectsInvalid(text: String) {
        #expect(IPv4Address(text) == nil, "accepted \(text.debugDescription)")
        let error = expectInvalid { () throws(SocketError) in try IPv4Address(parsing: text) }
        #expect(error?.detail == .malformedIPv4)
        #expect(error?.operation == .parseAddress)
    }

    @Test("agrees with inet_pton on every valid literal, and inet_pton rejects the leading-zero forms")
    func agreesWithInetPton() {
        for (text, _) in Self.valid {
            var c = in_addr()
            #expect(inet_pton(AF_INET, text, &c) == 1)
            #expect(IPv4Address(c) == IPv4Address(text))
            #expect(IPv4Address(text)?.inAddr.s_addr == c.s_addr)
        }
        for text in ["01.2.3.4", "256.1.1.1", "1.2.3"] {
            var c = in_addr()
            #expect(inet_pton(AF_INET, text, &c) == 0)
        }
    }

    @Test("accepts exactly what glibc inet_pton accepts, on random text")
    func differentialAgainstInetPton() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0125..".utf8)
        var accepted = 0
        for _ in 0..<50_000 {
            let length = Int.random(in: 0...15, using: &generator)
            let text = String(
                decoding: (0..<length).map { _ in alphabet.randomElement(using: &generator)! },
                as: UTF8.self
            )
            var c = in_addr()
            let glibc = inet_pton(AF_INET, text, &c) == 1
            let sock = IPv4Address(text)
            #expect((sock != nil) == glibc, "\(text.debugDescription): Sock \(sock != nil), glibc \(glibc)")
            if let sock, glibc { #expect(sock == IPv4Address(c)) }
            if glibc { accepted += 1 }
        }
        #expect(accepted > 100)
    }

    @Test("constants, byte orders and classification")
    func constantsAndProperties() {
        #expect(IPv4Address.any.description == "0.0.0.0")
        #expect(IPv4Address.loopback.description == "127.0.0.1")
        #expect(IPv4Address.broadcast.description == "255.255.255.255")
        #expect(IPv4Address.loopback.inAddr.s_addr == UInt32(INADDR_LOOPBACK).bigEndian)
        #expect(IPv4Address.any.inAddr.s_addr == UInt32(INADDR_ANY))

        let a = IPv4Address(192, 0, 2, 1)
        #expect(a.hostOrder == 0xC000_0201)
        #expect(a.networkOrder == UInt32(0xC000_0201).bigEndian)
        #expect(IPv4Address(networkOrder: a.networkOrder) == a)
        #expect(a.octets == (192, 0, 2, 1))
        #expect(IPv4Address(octets: (192, 0, 2, 1)) == a)
        withUnsafeBytes(of: a.inAddr) { #expect(Array($0) == [192, 0, 2, 1]) }
        #expect(IPv4Address(10, 0, 0, 1) < IPv4Address(10, 0, 1, 0))

        #expect(IPv4Address(127, 255, 0, 1).isLoopback)
        #expect(!IPv4Address(128, 0, 0, 1).isLoopback)
        #expect(IPv4Address(224, 0, 0, 251).isMulticast && IPv4Address(224, 0, 0, 251).isLinkLocalMulticast)
        #expect(IPv4Address(239, 1, 1, 1).isMulticast && !IPv4Address(239, 1, 1, 1).isLinkLocalMulticast)
        #expect(!IPv4Address(240, 0, 0, 1).isMulticast)
        #expect(IPv4Address.any.isUnspecified && IPv4Address.broadcast.isBroadcast)
        #expect(IPv4Address(169, 254, 1, 1).isLinkLocal)
        #expect(IPv4Address(10, 1, 2, 3).isPrivate && IPv4Address(172, 31, 0, 1).isPrivate)
        #expect(IPv4Address(192, 168, 0, 1).isPrivate && !IPv4Address(172, 32, 0, 1).isPrivate)
        #expect(a.v4Mapped.description == "::ffff:192.0.2.1")
    }

    @Test("format(into:) writes exactly the text and reports a short buffer")
    func formatIntoBuffer() throws {
        let address = IPv4Address.broadcast
        #expect(
            try formatted(capacity: 16) { buffer throws(SocketError) in try address.format(into: buffer) }
                == Array("255.255.255.255".utf8)
        )
        #expect(
            try formatted(capacity: IPv4Address.maxTextLength) { buffer throws(SocketError) in
                try address.format(into: buffer)
            }.count == 15
        )
        let error = expectInvalid { () throws(SocketError) in
            try formatted(capacity: 14) { buffer throws(SocketError) in try address.format(into: buffer) }
        }
        #expect(error?.detail == .bufferTooSmall)
        #expect(error?.operation == .formatAddress)
    }

    @Test("every address round-trips through its text")
    func roundTrips() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let address = IPv4Address(hostOrder: UInt32.random(in: 0...UInt32.max, using: &generator))
            #expect(try IPv4Address(parsing: address.description) == address)
        }
    }
}
