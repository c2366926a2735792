import SockPOSIX
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Address: Unix-domain sockaddrs")
struct AddressUnixTests {
    static let familyBytes: [UInt8] = withUnsafeBytes(of: sa_family_t(AF_UNIX)) { Array($0) }

    @Test("the layout constants match the C struct")
    func layout() {
        #expect(MemoryLayout<sockaddr_un>.offset(of: \.sun_path) == 2)
        #expect(SockaddrUnix.maxPathLength == MemoryLayout<sockaddr_un>.size - 2)
        #if os(Linux)
        #expect(SockaddrUnix.maxPathLength == 108)
        #expect(SockaddrUnix.maxAbstractNameLength == 107)
        #endif
    }

    @Test("a path has length 2 + strlen + 1 and round-trips")
    func path() throws {
        let address = try SockaddrUnix(path: "/tmp/test.sock")
        #expect(address.length == 2 + 14 + 1)
        #expect(sockaddrBytes(address) == Self.familyBytes + Array("/tmp/test.sock".utf8) + [0])
        #expect(address.path == "/tmp/test.sock")
        #expect(!address.isAbstract && !address.isUnnamed && address.abstractName == nil)
        #expect(address.description == "/tmp/test.sock")
        #expect(address.family == sa_family_t(AF_UNIX))
        #expect(try SockaddrUnix(parsing: "/tmp/test.sock") == address)
        #expect(try SockaddrUnix(path: "@not-abstract").path == "@not-abstract")  // init(path:) never translates "@"
        #expect(try SockaddrUnix(path: "relative").length == 2 + 8 + 1)
    }

    @Test("path lengths: 107 and 108 bytes fit (108 without a NUL), 109 is .pathTooLong, never truncated")
    func pathLengths() throws {
        let max = SockaddrUnix.maxPathLength
        let almost = "/" + String(repeating: "a", count: max - 2)
        let a = try SockaddrUnix(path: almost)
        #expect(a.length == socklen_t(2 + max))  // 107 bytes + NUL
        #expect(a.path == almost)

        let full = "/" + String(repeating: "b", count: max - 1)
        let b = try SockaddrUnix(path: full)
        #expect(b.length == socklen_t(2 + max))  // 108 bytes, no NUL
        #expect(sockaddrBytes(b).last == UInt8(ascii: "b"))
        #expect(b.path == full)

        for tooLong in [full + "c", String(repeating: "x", count: 4096)] {
            let error = expectInvalid { () throws(SocketError) in try SockaddrUnix(path: tooLong)
            }
            #expect(error?.detail == .pathTooLong)
            #expect(SockaddrUnix(tooLong) == nil)
        }
    }

    @Test("a NUL in a path and an empty path are errors")
    func badPaths() {
        let nul = expectInvalid { () throws(SocketError) in try SockaddrUnix(path: "/tmp/a\u{0}b")
        }
        #expect(nul?.detail == .pathContainsNUL)
        let empty = expectInvalid { () throws(SocketError) in try SockaddrUnix(path: "") }
        #expect(empty?.detail == .emptyPath)
    }

    #if os(Linux)
    @Test("@name is abstract: a leading NUL and the name, length 2 + 1 + n, no trailing NUL")
    func abstract() throws {
        let address = try SockaddrUnix(parsing: "@abstract")
        #expect(address.isAbstract && !address.isUnnamed && address.path == nil)
        #expect(address.length == 2 + 1 + 8)
        #expect(sockaddrBytes(address) == Self.familyBytes + [0] + Array("abstract".utf8))
        #expect(address.abstractName == Array("abstract".utf8))
        #expect(address.description == "@abstract")
        #expect(try SockaddrUnix(abstractName: "abstract") == address)
        #expect(try SockaddrUnix(abstractName: Array("abstract".utf8).span) == address)
        #expect(try UnixAddr(name: "@abstract", network: .unixpacket).address == address)

        // "@" alone: the empty abstract name, one NUL byte (what binding "" means to the Go seed).
        let empty = try SockaddrUnix(parsing: "@")
        #expect(empty.length == 3 && empty.isAbstract && empty.abstractName == [])

        // Names given as bytes may hold NULs, kept exactly.
        let raw: [UInt8] = [0x61, 0, 0x62, 0]
        let withNULs = try raw.withUnsafeBytes { bytes throws(SocketError) in try SockaddrUnix(abstractName: bytes) }
        #expect(withNULs.length == 2 + 1 + 4)
        #expect(withNULs.abstractName == raw)

        let longest = String(repeating: "n", count: SockaddrUnix.maxAbstractNameLength)
        #expect(try SockaddrUnix(parsing: "@" + longest).length == socklen_t(MemoryLayout<sockaddr_un>.size))
        let error = expectInvalid { () throws(SocketError) in
            try SockaddrUnix(parsing: "@" + longest + "n")
        }
        #expect(error?.detail == .pathTooLong)
        #expect(try SockaddrUnix(parsing: "@x") != SockaddrUnix(path: "@x"))
    }
    #endif

    @Test("unnamed: length 2, the empty text")
    func unnamed() throws {
        let address = SockaddrUnix.unnamed
        #expect(address.length == 2 && address.isUnnamed && !address.isAbstract)
        #expect(address.path == nil && address.abstractName == nil && address.description == "")
        #expect(try SockaddrUnix(parsing: "") == address)
        #expect(try UnixAddr(name: "").name == "")
        address.withUnsafeNameBytes { #expect($0.isEmpty) }
    }

    @Test("decoding kernel lengths, including the seed's edge cases")
    func decoding() throws {
        func decode(_ path: [UInt8], length: Int) throws(SocketError) -> SockaddrUnix {
            var raw = sockaddr_un()
            raw.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &raw.sun_path) { $0.copyBytes(from: path) }
            return try SockaddrUnix(raw, length: socklen_t(length))
        }
        // A path with its counted NUL, as getsockname reports it, equals the constructed one.
        #expect(try decode(Array("/tmp/x".utf8) + [0], length: 2 + 7) == SockaddrUnix(path: "/tmp/x"))
        // Without the NUL in the length, the same path.
        #expect(try decode(Array("/tmp/x".utf8), length: 2 + 6).path == "/tmp/x")
        // A length reaching past the NUL stops at the NUL.
        #expect(try decode(Array("/tmp/x".utf8), length: 110).path == "/tmp/x")
        // 108 bytes, no NUL.
        let full = [UInt8](repeating: UInt8(ascii: "x"), count: SockaddrUnix.maxPathLength)
        #expect(try decode(full, length: 2 + full.count).path == String(repeating: "x", count: full.count))
        // Length 2 (and the seed's "length 0" case, which we reject rather than guess).
        #expect(try decode([], length: 2).isUnnamed)
        let short = expectInvalid { () throws(SocketError) in try decode([], length: 1) }
        #expect(short?.detail == .truncatedAddress)
        let long = expectInvalid { () throws(SocketError) in try decode([], length: 111) }
        #expect(long?.detail == .pathTooLong)
        #if os(Linux)
        // Hand-built abstract names of 4 and 3 bytes (NUL + name), as the kernel reports them.
        let four = try decode([0] + Array("abc".utf8), length: 2 + 4)
        #expect(four.isAbstract && four.abstractName == Array("abc".utf8) && four.description == "@abc")
        let three = try decode([0] + Array("abc".utf8), length: 2 + 3)
        #expect(three.abstractName == Array("ab".utf8))
        // The kernel's view of "\0abstract-test" with addrlen 2 + 1 + 13.
        let kernel = try decode([0] + Array("abstract-test".utf8), length: 2 + 1 + 13)
        #expect(kernel == (try SockaddrUnix(parsing: "@abstract-test")))
        #endif
        // Round trip through the C struct.
        let original = try SockaddrUnix(path: "/run/a.sock")
        #expect(try SockaddrUnix(original.raw, length: original.length) == original)
    }

    @Test("UnixAddr keeps the network")
    func unixAddr() throws {
        let a = try UnixAddr(name: "/tmp/u.sock", network: .unixgram)
        #expect(a.network == .unixgram && a.name == "/tmp/u.sock" && a.description == "/tmp/u.sock")
        #expect(try UnixNetwork(parsing: "unixpacket") == .unixpacket)
        let error = expectInvalid { () throws(SocketError) in try UnixNetwork(parsing: "tcp") }
        #expect(error?.detail == .unknownNetwork)
        #expect(UnixNetwork.allCases.map(\.description) == ["unix", "unixgram", "unixpacket"])
    }
}
