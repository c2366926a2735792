import SockPOSIX
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Address: decoding what the kernel returns")
struct AddressSocketAddressTests {
    /// Decodes `bytes` as a kernel address of `length` bytes.
    static func decode(_ bytes: [UInt8], length: Int) throws(SocketError) -> SocketAddress {
        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) { $0.copyBytes(from: bytes.prefix(128)) }
        return try withUnsafePointer(to: &storage) { pointer throws(SocketError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(SocketError) in
                try SocketAddress(decoding: address, length: socklen_t(length))
            }
        }
    }

    @Test("every family decodes to its typed view")
    func typedViews() throws {
        let v4 = SockaddrInet4(address: IPv4Address(192, 0, 2, 1), port: 80)
        let decoded4 = try Self.decode(sockaddrBytes(v4), length: 16)
        #expect(decoded4.inet4 == v4 && decoded4.inet6 == nil && decoded4.unix == nil)
        #expect(decoded4.kind == .inet4(v4) && decoded4.family == sa_family_t(AF_INET))
        #expect(decoded4.description == "192.0.2.1:80")

        let v6 = SockaddrInet6(address: try IPv6Address(parsing: "fe80::1"), port: 443, flowInfo: 0x12345, scopeID: 2)
        let decoded6 = try Self.decode(sockaddrBytes(v6), length: 28)
        #expect(decoded6.inet6 == v6 && decoded6.inet6?.flowInfo == 0x12345 && decoded6.inet6?.scopeID == 2)
        #expect(decoded6.description == "[fe80::1%2]:443")

        let path = try SockaddrUnix(path: "/tmp/k.sock")
        let decodedPath = try Self.decode(sockaddrBytes(path), length: Int(path.length))
        #expect(decodedPath.unix == path && decodedPath.unix?.length == path.length)

        let unnamed = try Self.decode(sockaddrBytes(SockaddrUnix.unnamed), length: 2)
        #expect(unnamed.unix?.isUnnamed == true)

        let empty = try Self.decode([], length: 0)
        #expect(empty.kind == .unspecified && empty.family == sa_family_t(AF_UNSPEC) && empty == SocketAddress())

        // An unknown family is kept, not rejected.
        var other = [UInt8](repeating: 0, count: 20)
        withUnsafeBytes(of: sa_family_t(AF_PACKET)) { other.replaceSubrange(0..<2, with: $0) }
        let packet = try Self.decode(other, length: 20)
        #expect(packet.kind == .other(sa_family_t(AF_PACKET)) && packet.length == 20)
        #expect(throws: SocketError.self) { try InetSockaddr(packet) }
    }

    @Test(
        "short lengths are .truncatedAddress",
        arguments: [
            (AF_INET, 15), (AF_INET, 8), (AF_INET6, 27), (AF_INET6, 24), (AF_INET6, 16), (AF_UNIX, 1), (AF_INET, 1),
            (AF_INET, 129),
        ]
    )
    func truncated(family: Int32, length: Int) {
        var bytes = [UInt8](repeating: 0, count: 128)
        withUnsafeBytes(of: sa_family_t(family)) { bytes.replaceSubrange(0..<2, with: $0) }
        let error = expectInvalid { () throws(SocketError) in
            try Self.decode(bytes, length: length)
        }
        #expect(error?.detail == .truncatedAddress)
        #expect(error?.operation == .decodeAddress)
    }

    @Test("an oversized AF_UNIX length is rejected")
    func oversizedUnix() {
        var bytes = [UInt8](repeating: 0x41, count: 128)
        withUnsafeBytes(of: sa_family_t(AF_UNIX)) { bytes.replaceSubrange(0..<2, with: $0) }
        let error = expectInvalid { () throws(SocketError) in try Self.decode(bytes, length: 111)
        }
        #expect(error?.detail == .pathTooLong)
    }

    @Test("the zero-copy fill path reads what getsockname writes, for each family")
    func fillFromGetsockname() throws {
        // IPv4: bind 127.0.0.1:0, read the kernel's choice of port.
        let fd4 = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        try #require(fd4 >= 0)
        defer { close(fd4) }
        let bindRC = SockaddrInet4(address: .loopback, port: 0).withUnsafeSockaddr { bind(fd4, $0, $1) }
        try #require(bindRC == 0)
        var local = SocketAddress()
        let rc = local.withUnsafeMutableStorage { pointer, length in getsockname(fd4, pointer, &length) }
        #expect(rc == 0)
        try local.validate(.getsockname)
        #expect(local.length == 16)
        let v4 = try #require(local.inet4)
        #expect(v4.address == .loopback && v4.port != 0)
        #expect(try TCPAddr(local).description == "127.0.0.1:\(v4.port)")

        // IPv6 (skips with a reason when the host has no IPv6).
        let fd6 = socket(AF_INET6, Int32(SOCK_DGRAM.rawValue), 0)
        if fd6 < 0 {
            print("skipping the IPv6 getsockname check: socket(AF_INET6) failed, errno \(errno)")
        } else {
            defer { close(fd6) }
            let bound = SockaddrInet6(address: .loopback, port: 0).withUnsafeSockaddr { bind(fd6, $0, $1) }
            try #require(bound == 0, "bind [::1]:0 failed, errno \(errno)")
            var local6 = SocketAddress()
            #expect(local6.withUnsafeMutableStorage { getsockname(fd6, $0, &$1) } == 0)
            #expect(local6.length == 28)
            #expect(local6.inet6?.address == .loopback && local6.inet6?.port != 0)
        }

        // Unix, unbound: the kernel reports length 2 (unnamed).
        let fdu = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        try #require(fdu >= 0)
        defer { close(fdu) }
        var unbound = SocketAddress()
        #expect(unbound.withUnsafeMutableStorage { getsockname(fdu, $0, &$1) } == 0)
        #expect(unbound.length == 2 && unbound.unix?.isUnnamed == true)

        #if os(Linux)
        // Unix, bound to an abstract name built by Sock: the kernel stores and returns exactly our bytes.
        let name = try SockaddrUnix(parsing: uniqueAbstractName("getsockname"))
        #expect(name.withUnsafeSockaddr { bind(fdu, $0, $1) } == 0)
        var bound = SocketAddress()
        #expect(bound.withUnsafeMutableStorage { getsockname(fdu, $0, &$1) } == 0)
        #expect(bound.length == name.length)
        #expect(bound.unix == name)
        #expect(bound == SocketAddress(name))
        #endif
    }

    @Test("a kernel-reported length beyond the storage is kept and reported by validate")
    func oversizedReport() {
        var address = SocketAddress()
        address.withUnsafeMutableStorage { _, length in length = 200 }
        #expect(address.length == 200)
        #expect(address.kind == .truncated)
        #expect(address.withUnsafeSockaddr { $1 } == 128)
        let error = expectInvalid { () throws(SocketError) in try address.validate(.accept) }
        #expect(error?.detail == .truncatedAddress && error?.operation == .accept)
    }

    @Test("copying typed addresses into SocketAddress and the C storage round trip")
    func copies() throws {
        let v6 = SockaddrInet6(address: .loopback, port: 9)
        let any = SocketAddress(v6)
        #expect(any.length == 28 && any.inet6 == v6)
        let again = try SocketAddress(any.raw, length: any.length)
        #expect(again == any && again.hashValue == any.hashValue)
        #expect(
            SocketAddress(SockaddrInet4(address: .loopback, port: 9))
                != SocketAddress(SockaddrInet4(address: .loopback, port: 10))
        )
        #expect(try InetSockaddr(any) == .v6(v6))
    }
}
