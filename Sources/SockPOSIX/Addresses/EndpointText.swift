// `host:port` text shared by every IP endpoint type and the inet sockaddrs: `192.0.2.1:80`,
// `[2001:db8::1]:80`, `[fe80::1%eth0]:80`, `:80`.

/// The parsed parts of an endpoint's text.
@usableFromInline
struct EndpointParts: Sendable {
    @usableFromInline var ip: IPAddress
    @usableFromInline var zone: IPv6Zone?
    @usableFromInline var port: UInt16

    init(ip: IPAddress, zone: IPv6Zone?, port: UInt16) {
        self.ip = ip
        self.zone = zone
        self.port = port
    }
}

@usableFromInline
enum EndpointText {
    /// The longest endpoint text: `[` + 39 + `%` + 15 + `]:` + 5 = 63 bytes.
    static var maxLength: Int { 63 }

    /// Writes `a.b.c.d:port` or `[v6%zone]:port`.
    static func write(_ ip: IPAddress, zone: IPv6Zone?, port: UInt16, to writer: inout TextWriter) {
        if case .v6 = ip { writer.append(ASCII.openBracket) }
        ip.write(to: &writer)
        if let zone {
            writer.append(ASCII.percent)
            zone.write(to: &writer)
        }
        if case .v6 = ip { writer.append(ASCII.closeBracket) }
        writer.append(ASCII.colon)
        writer.appendDecimal(UInt32(port))
    }

    /// Parses an address with an optional zone: `192.0.2.1`, `2001:db8::1`, `fe80::1%eth0`.
    static func parseHost(_ text: UnsafeRawBufferPointer) -> Result<(IPAddress, IPv6Zone?), SocketError> {
        guard let percent = ASCII.firstIndex(of: ASCII.percent, in: text) else {
            return IPAddress.parse(text).map { ($0, nil) }
        }
        let addressText = text.slice(0..<percent)
        guard let address = IPv6Address.parse(addressText) else {
            // A zone after an IPv4 address is a zone error: zones exist only on IPv6.
            let detail: SocketError.Detail =
                IPv4Address.parse(addressText) != nil ? .malformedZone : IPAddress.failureDetail(addressText)
            return .failure(.invalid(detail, .parseAddress))
        }
        return IPv6Zone.parse(text.slice(percent + 1..<text.count)).map { (.v6(address), $0) }
    }

    /// Parses `host:port` where host is an IPv4 literal, a bracketed IPv6 literal with an
    /// optional zone, or empty (the unspecified address `::`).
    @usableFromInline
    static func parse(_ text: UnsafeRawBufferPointer) -> Result<EndpointParts, SocketError> {
        func fail(_ detail: SocketError.Detail) -> Result<EndpointParts, SocketError> {
            .failure(.invalid(detail, .parseAddress))
        }
        let end = text.count
        guard end > 0 else { return fail(.missingPort) }
        let ip: IPAddress
        let zone: IPv6Zone?
        let portStart: Int
        if text[0] == ASCII.openBracket {
            guard let close = ASCII.firstIndex(of: ASCII.closeBracket, in: text) else {
                return fail(.malformedHostPort)
            }
            if close + 1 == end { return fail(.missingPort) }
            if text[close + 1] != ASCII.colon { return fail(.malformedHostPort) }
            switch parseHost(text.slice(1..<close)) {
            case .success((.v6(let address), let parsedZone)):
                ip = .v6(address)
                zone = parsedZone
            case .success((.v4, _)):
                return fail(.malformedIPv6)  // brackets are for IPv6 only
            case .failure(let error):
                return .failure(error)
            }
            portStart = close + 2
        } else {
            guard let colon = ASCII.lastIndex(of: ASCII.colon, in: text) else { return fail(.missingPort) }
            let host = text.slice(0..<colon)
            // An unbracketed IPv6 literal is ambiguous ("::1:80"); so is a stray bracket.
            for byte in host where byte == ASCII.colon || byte == ASCII.openBracket || byte == ASCII.closeBracket {
                return fail(.malformedHostPort)
            }
            if host.isEmpty {
                ip = .v6(.any)
            } else if let v4 = IPv4Address.parse(host) {
                ip = .v4(v4)
            } else if ASCII.firstIndex(of: ASCII.percent, in: host) != nil {
                return fail(.malformedZone)  // a zone needs a bracketed IPv6 address
            } else {
                return fail(IPAddress.failureDetail(host))
            }
            zone = nil
            portStart = colon + 1
        }
        switch parsePort(text.slice(portStart..<end)) {
        case .success(let port): return .success(EndpointParts(ip: ip, zone: zone, port: port))
        case .failure(let error): return .failure(error)
        }
    }

    /// Parses a decimal port 0...65535 (leading zeros allowed, no sign, no service names).
    static func parsePort(_ text: UnsafeRawBufferPointer) -> Result<UInt16, SocketError> {
        guard !text.isEmpty else { return .failure(.invalid(.missingPort, .parseAddress)) }
        var digits = text
        if text[0] == ASCII.minus { digits = text.slice(1..<text.count) }  // "-1": a number out of range
        guard !digits.isEmpty, digits.allSatisfy({ ASCII.decimalValue($0) != nil }) else {
            return .failure(.invalid(.malformedHostPort, .parseAddress))
        }
        guard digits.count == text.count, let value = ASCII.parseDecimal(digits, limit: 65535) else {
            return .failure(.invalid(.portOutOfRange, .parseAddress))
        }
        return .success(UInt16(value))
    }
}
