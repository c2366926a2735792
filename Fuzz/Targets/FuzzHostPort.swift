// host:port text (TCPAddr/UDPAddr), zones, Unix address text: every accepted text round-trips
// through description and format(into:), and every rejection is a specific parse error.

import SockPOSIX

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHostPort(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    withExactCopy(UnsafeRawBufferPointer(start: data, count: size)) { text in
        checkEndpoint(text)
        checkZone(text)
        checkUnix(text)
        return 0
    }
}

func checkEndpoint(_ text: UnsafeRawBufferPointer) {
    let tcp: TCPAddr
    do {
        tcp = try TCPAddr(parsing: text)
    } catch {
        require(error.code == .invalidArgument && error.detail != nil && error.errno == 0, "bad error \(error)")
        require(error.operation == .parseAddress, "bad operation \(error)")
        require((try? UDPAddr(parsing: text)) == nil, "UDPAddr accepts what TCPAddr rejects")
        return
    }
    if tcp.zone != nil, case .v4 = tcp.ip { require(false, "zone on IPv4") }
    guard let out = formatted(capacity: 63, { try tcp.format(into: $0) }) else {
        require(false, "format into 63 bytes failed")
        return
    }
    require(Array(tcp.description.utf8) == out, "description differs from format")
    require(out.withUnsafeBytes { try? TCPAddr(parsing: $0) } == tcp, "round trip changed \(tcp)")
    let udp = try? UDPAddr(parsing: text)
    require(udp?.ip == tcp.ip && udp?.port == tcp.port && udp?.zone == tcp.zone, "UDPAddr differs")
    // Numeric zones and zone-less endpoints convert to a sockaddr without any lookup.
    if tcp.zone == nil || { if case .scopeID = tcp.zone! { return true } else { return false } }() {
        guard let sa = try? tcp.sockaddr() else {
            require(false, "sockaddr() failed for \(tcp)")
            return
        }
        require(sa.port == tcp.port, "sockaddr port")
        let back = TCPAddr(sa)
        require(back.ip == tcp.ip && back.port == tcp.port, "sockaddr round trip \(tcp) -> \(back)")
    }
}

func checkZone(_ text: UnsafeRawBufferPointer) {
    guard let zone = try? IPv6Zone(parsing: text) else { return }
    let again = try? IPv6Zone(parsing: zone.description)
    require(again == zone, "zone round trip")
}

func checkUnix(_ text: UnsafeRawBufferPointer) {
    let address: SockaddrUnix
    do {
        address = try SockaddrUnix(parsing: text)
    } catch {
        let d = error.detail
        require(d == .pathTooLong || d == .pathContainsNUL, "unexpected Unix error \(error)")
        return
    }
    // Never truncated: the length covers every byte of the name.
    require(Int(address.length) >= 2, "length below the family")
    guard let out = formatted(capacity: 1 + SockaddrUnix.maxPathLength, { try address.format(into: $0) }) else {
        require(false, "Unix format failed")
        return
    }
    require(out.elementsEqual(text), "Unix text \(Array(text)) formats as \(out)")
    require(out.withUnsafeBytes { try? SockaddrUnix(parsing: $0) } == address, "Unix round trip")
    let decoded = address.withUnsafeSockaddr { p, n in try? SocketAddress(decoding: p, length: n) }
    require(decoded?.unix == address, "Unix sockaddr decode round trip")
}
