// IPv4 text: the strict dotted-quad parser against glibc's inet_pton, and format/parse round trips.

import SockPOSIX

#if canImport(Glibc)
import Glibc
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIPv4Text(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    withExactCopy(UnsafeRawBufferPointer(start: data, count: size)) { text in
        let parsed = try? IPv4Address(parsing: text)
        // Differential: glibc's inet_pton(AF_INET) is also strict (four decimal parts, no leading
        // zeros); both must agree on every NUL-free input.
        if !text.contains(0) {
            var cText = Array(text)
            cText.append(0)
            var c = in_addr()
            let rc = cText.withUnsafeBufferPointer { p in
                p.withMemoryRebound(to: CChar.self) { inet_pton(AF_INET, $0.baseAddress, &c) }
            }
            require((rc == 1) == (parsed != nil), "Sock and inet_pton disagree on \(Array(text)): rc \(rc)")
            if let parsed { require(parsed.networkOrder == c.s_addr, "value differs from inet_pton") }
        } else {
            require(parsed == nil, "accepted text with a NUL byte")
        }
        // The Span and String entry points agree with the raw-buffer one.
        let viaString = IPv4Address(String(decoding: text, as: UTF8.self))
        if String(validating: text, as: UTF8.self) != nil { require(viaString == parsed, "String parse differs") }
        guard let address = parsed else { return 0 }
        // Round trip: format -> parse gives the same address; the text is canonical (reformatting
        // the reparsed address gives the same bytes), fits maxTextLength, and matches description.
        guard let out = formatted(capacity: IPv4Address.maxTextLength, { try address.format(into: $0) }) else {
            require(false, "format into maxTextLength bytes failed")
            return 0
        }
        require(Array(address.description.utf8) == out, "description differs from format")
        let back = out.withUnsafeBytes { try? IPv4Address(parsing: $0) }
        require(back == address, "round trip changed the address")
        // A buffer one byte short must fail cleanly.
        require(formatted(capacity: out.count - 1, { try address.format(into: $0) }) == nil, "short buffer accepted")
        return 0
    }
}
