import Sock
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct ConversionsExample {
    @Test func textKernelFormatAndBack() throws {
        // README: conversions
        // Text, both ways, in pure Swift (no Foundation, no getaddrinfo, no heap for the value).
        let endpoint = try TCPAddr(parsing: "[fe80::1%1]:8080")
        print(endpoint)  // [fe80::1%1]:8080

        // To the kernel's format (sockaddr_in6 here), to hand to any C API.
        let sockaddr = try endpoint.sockaddr()
        let length = sockaddr.withUnsafeSockaddr { pointer, length in length }  // 28

        // From a C sockaddr (here, the one above) back to typed values.
        let decoded = try sockaddr.withUnsafeSockaddr { (pointer, length) throws(SocketError) in
            try SocketAddress(decoding: pointer, length: length)
        }
        let back = try TCPAddr(decoded)  // == endpoint
        let udp = UDPAddr(ip: back.ip, port: back.port, zone: back.zone)  // Go's UDPAddr
        let ip = IPAddr(back)  // Go's IPAddrFromTCPAddr
        let c: sockaddr_in6? = decoded.inet6?.raw  // the C struct itself
        // END README

        #expect(endpoint.description == "[fe80::1%1]:8080")
        #expect(length == 28)
        #expect(back == endpoint)
        #expect(udp.description == "[fe80::1%1]:8080")
        #expect(ip.description == "fe80::1%1")
        #expect(c?.sin6_port == UInt16(8080).bigEndian)
        #expect(c?.sin6_scope_id == 1)
    }
}
