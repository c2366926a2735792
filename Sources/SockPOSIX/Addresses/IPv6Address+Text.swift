// IPv6 text: RFC 4291 §2.2 parsing and RFC 5952 canonical formatting, without allocating.

extension IPv6Address: CustomStringConvertible, LosslessStringConvertible {
    /// The longest canonical text, `ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff` (39 bytes; an
    /// IPv4-mapped address is at most 22).
    public static var maxTextLength: Int { 39 }

    /// Parses an IPv6 address in any RFC 4291 §2.2 text form, or returns nil.
    ///
    /// Accepted: eight groups of 1–4 hex digits in either case (`2001:DB8:0:0:0:0:0:1`), one `::`
    /// standing for one or more zero groups (`2001:db8::1`, `::`, `1::`), and a dotted quad in
    /// place of the last two groups (`::ffff:192.0.2.1`, `64:ff9b::192.0.2.1`). Rejected: `:::`,
    /// a second `::`, a `::` that stands for no group, more than four hex digits, fewer or more
    /// than eight groups, a leading or trailing single `:`, a dotted quad anywhere but at the end
    /// or with leading zeros, brackets, zones (`%eth0`: see ``IPAddr`` and ``IPv6Zone``) and any
    /// other text.
    @inlinable
    public init?(_ text: some StringProtocol) {
        guard let address = withUTF8Bytes(of: text, IPv6Address.parse) else { return nil }
        self = address
    }

    /// Parses an IPv6 address; see `init(_:)`.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.malformedIPv6`.
    @inlinable
    public init(parsing text: some StringProtocol) throws(SocketError) {
        guard let address = withUTF8Bytes(of: text, IPv6Address.parse) else {
            throw SocketError.invalid(.malformedIPv6, .parseAddress)
        }
        self = address
    }

    /// Parses an IPv6 address from UTF-8 bytes, without allocating; see `init(_:)`.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.malformedIPv6`.
    public init(parsing utf8: UnsafeRawBufferPointer) throws(SocketError) {
        guard let address = IPv6Address.parse(utf8) else { throw SocketError.invalid(.malformedIPv6, .parseAddress) }
        self = address
    }

    /// Parses an IPv6 address from UTF-8 bytes, without allocating; see `init(_:)`.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.malformedIPv6`.
    public init(parsing utf8: Span<UInt8>) throws(SocketError) {
        guard let address = utf8.withUnsafeBytes(IPv6Address.parse) else {
            throw SocketError.invalid(.malformedIPv6, .parseAddress)
        }
        self = address
    }

    /// Shifts one 16-bit group in at the low end.
    private mutating func shiftIn(_ group: UInt16) {
        highBits = highBits << 16 | lowBits >> 48
        lowBits = lowBits << 16 | UInt64(group)
    }

    /// The parser behind every entry point. Groups before a `::` collect in `head`, groups after
    /// it in `tail`; at the end `head` is shifted past the zero run and the tail.
    @usableFromInline
    static func parse(_ text: UnsafeRawBufferPointer) -> IPv6Address? {
        let end = text.count
        var head = IPv6Address.any
        var tail = IPv6Address.any
        var groups = 0
        var ellipsis = -1  // number of groups before the `::`, once seen
        var index = 0
        if end >= 2 && text[0] == ASCII.colon && text[1] == ASCII.colon {
            ellipsis = 0
            index = 2
            if index == end { return .any }
        }
        while index < end {
            if groups == 8 { return nil }
            var value: UInt16 = 0
            var cursor = index
            while cursor < end, let digit = ASCII.hexValue(text[cursor]) {
                if cursor - index == 4 { return nil }  // a fifth hex digit
                value = value << 4 | UInt16(digit)
                cursor += 1
            }
            if cursor == index { return nil }  // no digits: ":::", ":1", "1:", ...
            if cursor < end && text[cursor] == ASCII.dot {
                // A dotted quad: only as the last two groups.
                if groups > 6 || (ellipsis < 0 && groups != 6) { return nil }
                guard let v4 = IPv4Address.parse(text.slice(index..<end)) else { return nil }
                let high = UInt16(truncatingIfNeeded: v4.hostOrder >> 16)
                let low = UInt16(truncatingIfNeeded: v4.hostOrder)
                if ellipsis < 0 {
                    head.shiftIn(high)
                    head.shiftIn(low)
                } else {
                    tail.shiftIn(high)
                    tail.shiftIn(low)
                }
                groups += 2
                index = end
                break
            }
            if ellipsis < 0 { head.shiftIn(value) } else { tail.shiftIn(value) }
            groups += 1
            index = cursor
            if index == end { break }
            if text[index] != ASCII.colon { return nil }
            index += 1
            if index == end { return nil }  // trailing single colon
            if text[index] == ASCII.colon {
                if ellipsis >= 0 { return nil }  // a second "::"
                ellipsis = groups
                index += 1
            }
        }
        if ellipsis < 0 {
            return groups == 8 ? head : nil
        }
        // The "::" must stand for at least one zero group (as in Go's netip and glibc's inet_pton).
        guard groups <= 7 else { return nil }
        for _ in ellipsis..<8 { head.shiftIn(0) }
        head.highBits |= tail.highBits
        head.lowBits |= tail.lowBits
        return head
    }

    /// The RFC 5952 canonical text: lowercase hex without leading zeros, the longest run of two or
    /// more zero groups (the first one on a tie) written as `::`, a single zero group written as
    /// `0`, and an IPv4-mapped address written as `::ffff:a.b.c.d`. Addresses of up to 15
    /// characters (`::1`, `fe80::1`) cost no allocation; longer ones allocate once. Use
    /// ``format(into:)`` on hot paths.
    public var description: String {
        makeString(capacity: IPv6Address.maxTextLength) { write(to: &$0) }
    }

    /// Writes the RFC 5952 canonical text (see ``description``) as ASCII into `buffer`, without
    /// allocating, and returns the number of bytes written (at most ``maxTextLength``). No NUL
    /// terminator is written.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.bufferTooSmall` when the text does
    ///   not fit; the buffer's contents are then unspecified.
    public func format(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int {
        try formatText(into: buffer) { write(to: &$0) }
    }

    func write(to writer: inout TextWriter) {
        if let v4 = unmappedV4 {
            for byte in "::ffff:".utf8 { writer.append(byte) }
            v4.write(to: &writer)
            return
        }
        // The longest run of zero groups (length >= 2), first on ties.
        var bestStart = -1
        var bestLength = 1
        var runStart = -1
        for index in 0..<9 {
            if index < 8 && self[group: index] == 0 {
                if runStart < 0 { runStart = index }
            } else if runStart >= 0 {
                if index - runStart > bestLength {
                    bestStart = runStart
                    bestLength = index - runStart
                }
                runStart = -1
            }
        }
        var index = 0
        while index < 8 {
            if index == bestStart {
                writer.append(ASCII.colon)
                writer.append(ASCII.colon)
                index += bestLength
                continue
            }
            if index > 0 && index != bestStart + bestLength { writer.append(ASCII.colon) }
            writer.appendHex(self[group: index])
            index += 1
        }
    }
}
