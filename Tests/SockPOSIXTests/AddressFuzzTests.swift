import SockPOSIX
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Random input through every parser and decoder that reads bytes from outside: none may crash,
/// and whatever parses must format to text that parses back to the same value.
@Suite("Address: random input")
struct AddressFuzzTests {
    @Test("text parsers never crash, and what they accept round-trips")
    func textParsers() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789abcdefABCDEF:.%[]@/-+ lo\u{0}\u{FF}".utf8)
        for _ in 0..<30_000 {
            let length = Int.random(in: 0...40, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            try bytes.withUnsafeBytes { raw in
                if let endpoint = try? TCPAddr(parsing: raw) {
                    #expect(try TCPAddr(parsing: endpoint.description) == endpoint)
                }
                if let address = try? IPAddr(parsing: raw) {
                    #expect(try IPAddr(parsing: address.description) == address)
                }
                if let zone = try? IPv6Zone(parsing: raw) {
                    #expect(IPv6Zone(zone.description) == zone)
                }
                if let unix = try? SockaddrUnix(parsing: raw) {
                    let text = try formatted(capacity: 128) { buffer throws(SocketError) in
                        try unix.format(into: buffer)
                    }
                    let again = try text.withUnsafeBytes { raw throws(SocketError) in try SockaddrUnix(parsing: raw) }
                    #expect(again == unix)
                }
            }
        }
    }

    @Test("the kernel-address decoder never crashes on random storage and lengths")
    func decoder() {
        var generator = SystemRandomNumberGenerator()
        let families = [AF_INET, AF_INET6, AF_UNIX, AF_UNSPEC, AF_PACKET, 255].map { sa_family_t($0) }
        for _ in 0..<20_000 {
            var storage = sockaddr_storage()
            withUnsafeMutableBytes(of: &storage) { raw in
                for index in raw.indices { raw[index] = UInt8.random(in: 0...255, using: &generator) }
                raw.storeBytes(of: families.randomElement(using: &generator)!, toByteOffset: 0, as: sa_family_t.self)
            }
            let length = socklen_t.random(in: 0...140, using: &generator)
            let decoded = withUnsafePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    try? SocketAddress(decoding: $0, length: length)
                }
            }
            guard let decoded else { continue }
            _ = decoded.description
            #expect(decoded.kind != .truncated)
            if let unix = decoded.unix { _ = unix.description }
        }
    }
}
