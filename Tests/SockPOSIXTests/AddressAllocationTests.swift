import CTestSupport
import SockPOSIX
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Zero heap allocations for address parse, format-into-buffer, encode and decode, counted by the
/// malloc interposer in CTestSupport (per thread, so parallel tests don't interfere).
@Suite(
    "Address: zero allocations",
    .enabled(if: ctest_malloc_interposed() != 0, "the malloc interposer is not active in this build (sanitizer?)")
)
struct AddressAllocationTests {
    /// Runs `body` once to warm up (lazy metadata), then 100 times under the counter
    /// (`countMallocs` suspends Swift Testing's will-throw hooks, so error paths are measured as
    /// a production process runs them).
    func expectNoMallocs(_ what: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () -> Void) {
        body()
        let count = countMallocs {
            for _ in 0..<100 { body() }
        }
        #expect(count == 0, "\(what): \(count ?? 0) mallocs in 100 runs", sourceLocation: sourceLocation)
    }

    @Test("parsing text costs no allocation, on success and on error")
    func parse() {
        let v4Text = "192.168.100.200"
        let v6Text = "2001:db8:85a3::8a2e:370:7334"  // longer than a small string
        let v6Long = String(repeating: "2001:db8:85a3:0:0:8a2e:370:7334", count: 1)
        let endpointText = "[fe80::1%eth0]:8080"
        let substring = "xx2001:db8::1yy".dropFirst(2).dropLast(2)
        let bytes = Array("2001:db8::1".utf8)
        var sink = 0
        expectNoMallocs("IPv4Address(parsing: String)") {
            sink &+= Int((try? IPv4Address(parsing: v4Text))?.hostOrder ?? 0)
        }
        expectNoMallocs("IPv6Address(parsing: String)") {
            sink &+= Int((try? IPv6Address(parsing: v6Text))?.lowBits ?? 0)
        }
        expectNoMallocs("IPv6Address(String)") { sink &+= Int(IPv6Address(v6Long)?.lowBits ?? 0) }
        expectNoMallocs("IPv6Address(parsing: Substring)") {
            sink &+= Int((try? IPv6Address(parsing: substring))?.lowBits ?? 0)
        }
        expectNoMallocs("IPv6Address(parsing: UnsafeRawBufferPointer)") {
            bytes.withUnsafeBytes { raw in sink &+= Int((try? IPv6Address(parsing: raw))?.lowBits ?? 0) }
        }
        expectNoMallocs("IPv6Address(parsing: Span)") {
            sink &+= Int((try? IPv6Address(parsing: bytes.span))?.lowBits ?? 0)
        }
        expectNoMallocs("IPAddress(parsing:)") { sink &+= (try? IPAddress(parsing: v6Text)) == nil ? 0 : 1 }
        expectNoMallocs("TCPAddr(parsing:) with a zone") {
            sink &+= Int((try? TCPAddr(parsing: endpointText))?.port ?? 0)
        }
        expectNoMallocs("UDPAddr(parsing:)") { sink &+= Int((try? UDPAddr(parsing: "127.0.0.1:53"))?.port ?? 0) }
        expectNoMallocs("IPAddr(parsing:)") { sink &+= (try? IPAddr(parsing: "fe80::1%3")) == nil ? 0 : 1 }
        expectNoMallocs("typed parse errors") {
            do throws(SocketError) {
                _ = try IPv6Address(parsing: "1::2::3")
            } catch {
                sink &+= Int(error.detail == .malformedIPv6 ? 1 : 0)
            }
            do throws(SocketError) {
                _ = try TCPAddr(parsing: "localhost:80")
            } catch {
                sink &+= Int(error.detail == .hostNotLiteral ? 1 : 0)
            }
        }
        #expect(sink != 0)
    }

    @Test("formatting into a buffer costs no allocation")
    func format() throws {
        let v4 = IPv4Address(192, 168, 100, 200)
        let v6 = try IPv6Address(parsing: "2001:db8:85a3::8a2e:370:7334")
        let mapped = IPv6Address(v4Mapped: v4)
        let endpoint = try TCPAddr(parsing: "[fe80::1%eth0]:8080")
        let s6 = SockaddrInet6(address: v6, port: 443, scopeID: 2)
        let unix = try SockaddrUnix(path: "/run/some/longer/path/to/a/socket.sock")
        var buffer = [UInt8](repeating: 0, count: 128)
        var sink = 0
        buffer.withUnsafeMutableBytes { raw in
            expectNoMallocs("IPv4Address.format(into:)") { sink &+= (try? v4.format(into: raw)) ?? 0 }
            expectNoMallocs("IPv6Address.format(into:)") { sink &+= (try? v6.format(into: raw)) ?? 0 }
            expectNoMallocs("mapped IPv6Address.format(into:)") { sink &+= (try? mapped.format(into: raw)) ?? 0 }
            expectNoMallocs("TCPAddr.format(into:)") { sink &+= (try? endpoint.format(into: raw)) ?? 0 }
            expectNoMallocs("SockaddrInet6.format(into:)") { sink &+= (try? s6.format(into: raw)) ?? 0 }
            expectNoMallocs("SockaddrUnix.format(into:)") { sink &+= (try? unix.format(into: raw)) ?? 0 }
            let small = UnsafeMutableRawBufferPointer(rebasing: raw[0..<4])
            expectNoMallocs("format(into:) error") { sink &+= (try? v6.format(into: small)) ?? 1 }
        }
        expectNoMallocs("IPv4Address.description (a small string)") { sink &+= v4.description.utf8.count }
        expectNoMallocs("IPv6Address.description of ::1") { sink &+= IPv6Address.loopback.description.utf8.count }
        // The control: a description longer than a small string does allocate, so the counter sees it.
        let counted = countMallocs { sink &+= v6.description.utf8.count }
        #expect((counted ?? 0) >= 1, "the malloc counter saw no allocation for a 28-byte String")
        #expect(sink != 0)
    }

    @Test("encoding to a sockaddr costs no allocation")
    func encode() throws {
        let endpoint = try TCPAddr(parsing: "[2001:db8::1%7]:8080")
        let named = try TCPAddr(parsing: "[fe80::1%lo]:80")
        let path = String(repeating: "p", count: 100)
        let tooLong = String(repeating: "p", count: 200)
        let abstract = "@sock-alloc-test-abstract-name-longer-than-small"
        var sink = 0
        expectNoMallocs("TCPAddr.sockaddr() + withUnsafeSockaddr") {
            let encoded = try? endpoint.sockaddr()
            sink &+=
                encoded?.withUnsafeSockaddr { pointer, length in Int(length) + Int(pointer.pointee.sa_family) } ?? 0
        }
        expectNoMallocs("TCPAddr.sockaddr() resolving a zone name with if_nametoindex") {
            sink &+= Int((try? named.sockaddr())?.port ?? 0)
        }
        expectNoMallocs("SockaddrInet4 build + withUnsafeSockaddr") {
            sink &+= SockaddrInet4(address: .loopback, port: 80).withUnsafeSockaddr { Int($1) }
        }
        expectNoMallocs("SockaddrUnix(path:) of 100 bytes") {
            sink &+= Int((try? SockaddrUnix(path: path))?.length ?? 0)
        }
        expectNoMallocs("SockaddrUnix(parsing: \"@name\")") {
            sink &+= Int((try? SockaddrUnix(parsing: abstract))?.length ?? 0)
        }
        expectNoMallocs("SockaddrUnix path too long (error)") {
            sink &+= (try? SockaddrUnix(path: tooLong)) == nil ? 1 : 0
        }
        expectNoMallocs("InetSockaddr.v6Mapped") {
            sink &+= Int(InetSockaddr.v4(SockaddrInet4(address: .loopback, port: 1)).v6Mapped.port)
        }
        #expect(sink != 0)
    }

    @Test("decoding kernel addresses costs no allocation")
    func decode() throws {
        let v6 = SockaddrInet6(address: try IPv6Address(parsing: "2001:db8::1"), port: 443, scopeID: 3)
        let unix = try SockaddrUnix(parsing: "@decode-alloc-test")
        var storage = sockaddr_storage()
        let length = v6.withUnsafeSockaddr { pointer, length in
            withUnsafeMutableBytes(of: &storage) {
                $0.copyMemory(from: UnsafeRawBufferPointer(start: pointer, count: Int(length)))
            }
            return length
        }
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        try #require(SockaddrInet4(address: .loopback, port: 0).withUnsafeSockaddr { bind(fd, $0, $1) } == 0)
        var sink = 0
        expectNoMallocs("SocketAddress(decoding:length:) + kind + TCPAddr") {
            withUnsafePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                    guard let decoded = try? SocketAddress(decoding: address, length: length) else { return }
                    if case .inet6(let s) = decoded.kind { sink &+= Int(s.port) }
                    sink &+= Int((try? TCPAddr(decoded))?.port ?? 0)
                }
            }
        }
        expectNoMallocs("SocketAddress(unix).unix") { sink &+= Int(SocketAddress(unix).unix?.length ?? 0) }
        expectNoMallocs("withUnsafeMutableStorage + getsockname + validate") {
            var local = SocketAddress()
            _ = local.withUnsafeMutableStorage { getsockname(fd, $0, &$1) }
            if (try? local.validate(.getsockname)) != nil { sink &+= Int(local.inet4?.port ?? 0) }
        }
        expectNoMallocs("truncated decode (error)") {
            withUnsafePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                    sink &+= (try? SocketAddress(decoding: address, length: 20)) == nil ? 1 : 0
                }
            }
        }
        expectNoMallocs("SockaddrUnix equality and hashing") {
            sink &+= unix == unix ? 1 : 0
            var hasher = Hasher()
            unix.hash(into: &hasher)
            sink &+= hasher.finalize() & 1
        }
        #expect(sink != 0)
    }
}
