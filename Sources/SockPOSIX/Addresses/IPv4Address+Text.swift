// IPv4 dotted-quad text: strict parsing and zero-allocation formatting.

extension IPv4Address: CustomStringConvertible, LosslessStringConvertible {
    /// The longest dotted quad, `255.255.255.255`.
    public static var maxTextLength: Int { 15 }

    /// Parses a strict dotted quad (`192.0.2.1`), or returns nil.
    ///
    /// Exactly four decimal parts 0...255, no leading zeros (`01.2.3.4` is rejected, as in Go's
    /// `netip`, because C's `inet_aton` would read it as octal), no spaces, signs, zones or other
    /// trailing text.
    @inlinable
    public init?(_ text: some StringProtocol) {
        guard let address = withUTF8Bytes(of: text, IPv4Address.parse) else { return nil }
        self = address
    }

    /// Parses a strict dotted quad; see `init(_:)`.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.malformedIPv4`.
    @inlinable
    public init(parsing text: some StringProtocol) throws(SocketError) {
        guard let address = withUTF8Bytes(of: text, IPv4Address.parse) else {
            throw SocketError.invalid(.malformedIPv4, .parseAddress)
        }
        self = address
    }

    /// Parses a strict dotted quad from UTF-8 bytes, without allocating; see `init(_:)`.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.malformedIPv4`.
    public init(parsing utf8: UnsafeRawBufferPointer) throws(SocketError) {
        guard let address = IPv4Address.parse(utf8) else { throw SocketError.invalid(.malformedIPv4, .parseAddress) }
        self = address
    }

    /// Parses a strict dotted quad from UTF-8 bytes, without allocating; see `init(_:)`.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.malformedIPv4`.
    public init(parsing utf8: Span<UInt8>) throws(SocketError) {
        guard let address = utf8.withUnsafeBytes(IPv4Address.parse) else {
            throw SocketError.invalid(.malformedIPv4, .parseAddress)
        }
        self = address
    }

    /// The parser behind every entry point.
    @usableFromInline
    static func parse(_ text: UnsafeRawBufferPointer) -> IPv4Address? {
        var value: UInt32 = 0
        var part: UInt32 = 0
        var digits = 0
        var dots = 0
        for byte in text {
            if let digit = ASCII.decimalValue(byte) {
                if digits > 0 && part == 0 { return nil }  // leading zero
                part = part * 10 + UInt32(digit)
                digits += 1
                if part > 255 { return nil }
            } else if byte == ASCII.dot {
                if digits == 0 || dots == 3 { return nil }
                value = value << 8 | part
                dots += 1
                part = 0
                digits = 0
            } else {
                return nil
            }
        }
        guard digits > 0 && dots == 3 else { return nil }
        return IPv4Address(hostOrder: value << 8 | part)
    }

    /// The dotted quad, e.g. `192.0.2.1`. Creating the `String` costs no allocation (it fits the
    /// standard library's inline small-string storage).
    public var description: String {
        makeString(capacity: IPv4Address.maxTextLength) { write(to: &$0) }
    }

    /// Writes the dotted quad as ASCII into `buffer`, without allocating, and returns the number
    /// of bytes written (at most ``maxTextLength``). No NUL terminator is written.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.bufferTooSmall` when the text does
    ///   not fit; the buffer's contents are then unspecified.
    public func format(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int {
        try formatText(into: buffer) { write(to: &$0) }
    }

    func write(to writer: inout TextWriter) {
        writer.appendDecimal(hostOrder >> 24)
        writer.append(ASCII.dot)
        writer.appendDecimal(hostOrder >> 16 & 0xFF)
        writer.append(ASCII.dot)
        writer.appendDecimal(hostOrder >> 8 & 0xFF)
        writer.append(ASCII.dot)
        writer.appendDecimal(hostOrder & 0xFF)
    }
}
