// IPv6 text: the parser against glibc's inet_pton, RFC 5952 formatting against inet_ntop, round
// trips, and IPAddress/IPAddr (either family, zones).

import SockPOSIX

#if canImport(Glibc)
import Glibc
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIPv6Text(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    withExactCopy(UnsafeRawBufferPointer(start: data, count: size)) { text in
        let parsed = try? IPv6Address(parsing: text)
        if !text.contains(0) {
            var cText = Array(text)
            cText.append(0)
            var c = in6_addr()
            let rc = cText.withUnsafeBufferPointer { p in
                p.withMemoryRebound(to: CChar.self) { inet_pton(AF_INET6, $0.baseAddress, &c) }
            }
            require((rc == 1) == (parsed != nil), "Sock and inet_pton disagree on \(Array(text)): rc \(rc)")
            if let parsed { require(parsed == IPv6Address(c), "value differs from inet_pton") }
        } else {
            require(parsed == nil, "accepted text with a NUL byte")
        }
        checkIPAddress(text)
        guard let address = parsed else { return 0 }
        guard let out = formatted(capacity: IPv6Address.maxTextLength, { try address.format(into: $0) }) else {
            require(false, "format into maxTextLength bytes failed")
            return 0
        }
        require(Array(address.description.utf8) == out, "description differs from format")
        require(out.withUnsafeBytes { try? IPv6Address(parsing: $0) } == address, "round trip changed the address")
        require(formatted(capacity: out.count - 1, { try address.format(into: $0) }) == nil, "short buffer accepted")
        // RFC 5952 text equals glibc's inet_ntop, except where glibc writes the deprecated
        // IPv4-compatible form (`::a.b.c.d` for ::/96) that RFC 5952 does not use.
        let compatible = address.highBits == 0 && address.lowBits >> 32 == 0 && address.lowBits > 1
        if !compatible {
            var c = address.in6Addr
            var buffer = [CChar](repeating: 0, count: 64)
            _ = inet_ntop(AF_INET6, &c, &buffer, 64)
            let glibc = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            require(glibc == out, "canonical text \(out) differs from inet_ntop \(glibc)")
        }
        return 0
    }
}

/// Either family, with or without a zone: round trips through description and format(into:).
func checkIPAddress(_ text: UnsafeRawBufferPointer) {
    if let any = try? IPAddress(parsing: text) {
        let again = Array(any.description.utf8).withUnsafeBytes { try? IPAddress(parsing: $0) }
        require(again == any, "IPAddress round trip")
        if case .v4(let v4) = any { require((try? IPv4Address(parsing: text)) == v4, "IPAddress v4 differs") }
    }
    guard let addr = try? IPAddr(parsing: text) else { return }
    if addr.zone != nil, case .v4 = addr.ip { require(false, "zone on an IPv4 address") }
    guard let out = formatted(capacity: 64, { try addr.format(into: $0) }) else {
        require(false, "IPAddr format into 64 bytes failed")
        return
    }
    require(Array(addr.description.utf8) == out, "IPAddr description differs from format")
    require(out.withUnsafeBytes { try? IPAddr(parsing: $0) } == addr, "IPAddr round trip")
}
