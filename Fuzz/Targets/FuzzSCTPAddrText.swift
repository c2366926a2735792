// SCTPAddr text (`host:port`, `host/host/...:port`) from arbitrary bytes, UTF-8 or not: every
// rejection is a specific parse error; the byte, String and failable parsers agree; an accepted
// text has one address per `/`-separated host, and round-trips through `description` (the type
// is LosslessStringConvertible) and through the single-address `TCPAddr` form.

import SockLinux
import SockPOSIX

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSCTPAddrText(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    withExactCopy(UnsafeRawBufferPointer(start: data, count: size)) { text in
        checkSCTPAddr(text)
        return 0
    }
}

func checkSCTPAddr(_ text: UnsafeRawBufferPointer) {
    let parsed: SCTPAddr
    let asString = String(validating: text, as: UTF8.self)
    do {
        parsed = try SCTPAddr(parsing: text)
    } catch {
        require(error.code == .invalidArgument && error.detail != nil && error.errno == 0, "bad error \(error)")
        require(error.operation == .parseAddress, "bad operation \(error)")
        if let asString {
            require((try? SCTPAddr(parsing: asString)) == nil, "the String parser accepts what the bytes one refuses")
            require(SCTPAddr(asString) == nil, "init?(_:) accepts what init(parsing:) refuses")
        }
        return
    }
    if let asString {
        require((try? SCTPAddr(parsing: asString)) == parsed, "the String parser differs")
        require((try? SCTPAddr(parsing: Substring(asString))) == parsed, "the Substring parser differs")
        require(SCTPAddr(asString) == parsed, "init?(_:) differs")
    }
    let slashes = text.reduce(0) { $0 + ($1 == UInt8(ascii: "/") ? 1 : 0) }
    require(parsed.addressCount == slashes + 1, "\(parsed.addressCount) addresses from \(slashes) slashes")
    require(parsed.addresses.count == parsed.addressCount, "addresses count")
    for index in 0..<parsed.addressCount {
        let address = parsed.address(at: index)
        require(address == parsed.addresses[index], "address(at:) differs from addresses")
        if address.zone != nil, case .v4 = address.ip { require(false, "zone on IPv4") }
    }
    require(parsed.primary == parsed.address(at: 0), "primary")
    // The text form round-trips, through the String and the byte parsers.
    let description = parsed.description
    require(SCTPAddr(description) == parsed, "description \(description) does not parse back to \(parsed)")
    var copy = description
    let again = copy.withUTF8 { try? SCTPAddr(parsing: UnsafeRawBufferPointer($0)) }
    require(again == parsed, "description bytes do not parse back")
    require(!description.utf8.contains(0), "NUL in the description")
    // A single address is the TCPAddr form.
    if parsed.addressCount == 1 {
        let tcp = try? TCPAddr(parsing: text)
        require(tcp.map(SCTPAddr.init) == parsed, "TCPAddr differs")
    }
    // The list form: the same endpoint.
    require(SCTPAddr(addresses: parsed.addresses, port: parsed.port) == parsed, "init(addresses:port:) differs")
}
