import CTestSupport
import SockLinux
import SockPOSIX
import Testing

@Suite("SCTPAddr text and conversions (no kernel SCTP needed)")
struct SCTPAddrTests {
    @Test func parsesSingleAddresses() throws {
        let v4 = try SCTPAddr(parsing: "127.0.0.1:9")
        #expect(v4.ip == .v4(.loopback))
        #expect(v4.port == 9)
        #expect(v4.zone == nil)
        #expect(v4.additionalAddresses.isEmpty)
        #expect(v4.addressCount == 1)
        #expect(v4.description == "127.0.0.1:9")

        let v6 = try SCTPAddr(parsing: "[::1]:5000")
        #expect(v6.ip == .v6(.loopback))
        #expect(v6.description == "[::1]:5000")

        let zoned = try SCTPAddr(parsing: "[fe80::1%3]:80")
        #expect(zoned.zone == .scopeID(3))
        #expect(zoned.description == "[fe80::1%3]:80")

        let any = try SCTPAddr(parsing: ":7")
        #expect(any.ip.isUnspecified)
        #expect(any.port == 7)
    }

    @Test func parsesMultiHomedAddresses() throws {
        let two = try SCTPAddr(parsing: "10.0.0.1/10.0.1.1:9")
        #expect(two.addressCount == 2)
        #expect(two.primary == IPAddr(ip: .v4(IPv4Address(10, 0, 0, 1))))
        #expect(two.additionalAddresses == [IPAddr(ip: .v4(IPv4Address(10, 0, 1, 1)))])
        #expect(two.port == 9)
        #expect(two.description == "10.0.0.1/10.0.1.1:9")

        let mixed = try SCTPAddr(parsing: "[2001:db8::1]/192.0.2.1/[fe80::2%7]:4000")
        #expect(mixed.addressCount == 3)
        #expect(mixed.addresses.map(\.description) == ["2001:db8::1", "192.0.2.1", "fe80::2%7"])
        #expect(mixed.description == "[2001:db8::1]/192.0.2.1/[fe80::2%7]:4000")
        #expect(try SCTPAddr(parsing: mixed.description) == mixed)

        // Unbracketed IPv6 is accepted before the last host (it cannot be confused with a port).
        #expect(try SCTPAddr(parsing: "2001:db8::1/[::1]:1").addressCount == 2)
        #expect(
            SCTPAddr("127.0.0.1/127.0.0.2:0")
                == SCTPAddr(
                    addresses: [
                        IPAddr(ip: .v4(.loopback)), IPAddr(ip: .v4(IPv4Address(127, 0, 0, 2))),
                    ],
                    port: 0
                )
        )
    }

    @Test func rejectsMalformedText() {
        let cases: [(String, SocketError.Detail)] = [
            ("127.0.0.1", .missingPort),
            ("127.0.0.1:65536", .portOutOfRange),
            ("::1:80", .malformedHostPort),
            ("/127.0.0.1:9", .malformedHostPort),
            ("127.0.0.1//127.0.0.2:9", .malformedHostPort),
            ("127.0.0.1/:9", .malformedHostPort),
            ("[127.0.0.1]/::1:9", .malformedIPv6),
            ("[::1/127.0.0.1:9", .malformedHostPort),
            ("localhost/127.0.0.1:9", .hostNotLiteral),
            ("1.2.3/127.0.0.1:9", .malformedIPv4),
        ]
        for (text, detail) in cases {
            let error = expectSocketError(.invalidArgument) { () throws(SocketError) in try SCTPAddr(parsing: text) }
            #expect(error?.detail == detail, "\(text): \(String(describing: error))")
            #expect(SCTPAddr(text) == nil)
        }
    }

    @Test func convertsFromAndToOtherEndpoints() throws {
        let tcp = try TCPAddr(parsing: "[::1]:443")
        let sctp = SCTPAddr(tcp)
        #expect(sctp.ip == tcp.ip && sctp.port == 443)
        let decoded = try SCTPAddr(SocketAddress(try tcp.sockaddr()))
        #expect(decoded == sctp)
        #expect(SCTPAddr.network == "sctp")
        #expect(SCTPAddr(addresses: [], port: 1) == nil)
    }

    @Test(.enabled(if: ctest_malloc_interposed() != 0, "the malloc interposer is not active in this build"))
    func singleAddressParsingDoesNotAllocate() throws {
        let text: StaticString = "192.0.2.1:8080"
        let bytes = UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        var parsed = try SCTPAddr(parsing: bytes)  // warm-up: the runtime's lazy type metadata
        let mallocs = try countMallocs {
            parsed = try SCTPAddr(parsing: bytes)
        }
        #expect(mallocs == 0)
        #expect(parsed.port == 8080)
    }
}
