import Sock
import Testing

@Suite struct AddressesExample {
    @Test func parsingFormattingAndKinds() throws {
        // README: addresses
        // IP addresses: parsed and printed in pure Swift; IPv6 text is canonical (RFC 5952).
        let v6 = try IPAddress(parsing: "2001:DB8:0:0:0:0:0:1")
        print(v6)  // 2001:db8::1
        let endpoint = try UDPAddr(parsing: "[fe80::1%lo]:5353")  // a zone names an interface
        let unix = try UnixAddr(name: "@my-service")  // a Linux abstract name; a path works too

        // Formatting into a caller's buffer allocates nothing.
        var text = [UInt8](repeating: 0, count: 64)
        let count = try text.withUnsafeMutableBytes { try endpoint.format(into: $0) }

        // What the kernel returns (accept, recvfrom, getsockname) is a SocketAddress: switch on it.
        let (a, _) = try UnixConn.pair()
        switch try a.localAddress().kind {
        case .inet4(let address): print("IPv4", address.port)
        case .inet6(let address): print("IPv6", address.scopeID)
        case .unix(let address): print("Unix", address.isUnnamed ? "unnamed" : address.description)
        case .unspecified, .other, .truncated: print("something else")
        }
        // END README

        #expect(v6.description == "2001:db8::1")
        #expect(endpoint.zone?.description == "lo")
        #expect(unix.address.isAbstract)
        #expect(String(decoding: text[0..<count], as: UTF8.self) == "[fe80::1%lo]:5353")
        #expect(try a.localAddress().unix?.isUnnamed == true)
        a.close()
    }
}
