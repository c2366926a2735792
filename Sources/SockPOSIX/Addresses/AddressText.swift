// Byte-level helpers shared by the address parsers and formatters. Parsing and formatting work
// on raw UTF-8 bytes so they never allocate; `String` appears only in `description`.

/// Runs `body` over the UTF-8 bytes of `text`.
///
/// Zero-copy for native Swift strings and their substrings (small strings are copied to the stack
/// by the standard library, still without a heap allocation). A non-contiguous string (a bridged
/// `NSString` on Darwin) is copied once into a native `String`.
@inlinable
func withUTF8Bytes<Text: StringProtocol, R>(of text: Text, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    if let result = text.utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
        return result
    }
    var copy = String(text)
    return copy.withUTF8 { body(UnsafeRawBufferPointer($0)) }
}

/// ASCII byte values and classification.
@usableFromInline
enum ASCII {
    static let colon: UInt8 = 0x3A
    static let dot: UInt8 = 0x2E
    static let percent: UInt8 = 0x25
    static let openBracket: UInt8 = 0x5B
    static let closeBracket: UInt8 = 0x5D
    static let at: UInt8 = 0x40
    static let zero: UInt8 = 0x30
    static let minus: UInt8 = 0x2D
    static let plus: UInt8 = 0x2B
    static let slash: UInt8 = 0x2F

    /// The value of a decimal digit, or nil.
    @inline(__always)
    static func decimalValue(_ byte: UInt8) -> UInt8? {
        byte &- 0x30 < 10 ? byte &- 0x30 : nil
    }

    /// The value of a hexadecimal digit (either case), or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        if byte &- 0x30 < 10 { return byte &- 0x30 }
        let lower = byte | 0x20
        if lower &- 0x61 < 6 { return lower &- 0x61 &+ 10 }
        return nil
    }

    /// The lowercase hexadecimal digit for `value` (0...15).
    @inline(__always)
    static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? 0x30 &+ value : 0x57 &+ value
    }

    /// Parses a non-empty run of decimal digits that fits `limit`; nil otherwise. Leading zeros
    /// are accepted.
    static func parseDecimal(_ text: UnsafeRawBufferPointer, limit: UInt32) -> UInt32? {
        guard !text.isEmpty else { return nil }
        var value: UInt32 = 0
        for byte in text {
            guard let digit = decimalValue(byte) else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = times10.addingReportingOverflow(UInt32(digit))
            guard !overflow1, !overflow2, next <= limit else { return nil }
            value = next
        }
        return value
    }

    /// The index of the first `byte` in `text`, or nil.
    static func firstIndex(of byte: UInt8, in text: UnsafeRawBufferPointer) -> Int? {
        var index = 0
        while index < text.count {
            if text[index] == byte { return index }
            index += 1
        }
        return nil
    }

    /// The index of the last `byte` in `text`, or nil.
    static func lastIndex(of byte: UInt8, in text: UnsafeRawBufferPointer) -> Int? {
        var index = text.count
        while index > 0 {
            index -= 1
            if text[index] == byte { return index }
        }
        return nil
    }
}

extension UnsafeRawBufferPointer {
    /// The bytes in `range`, rebased to start at index 0 (no copy).
    @inline(__always)
    func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: self[range])
    }
}

/// Writes ASCII text into a caller's buffer without allocating. Writing past the end sets
/// ``overflowed`` and drops the byte, so a formatter can run to completion and report once.
struct TextWriter {
    let buffer: UnsafeMutableRawBufferPointer
    private(set) var count = 0
    private(set) var overflowed = false

    init(_ buffer: UnsafeMutableRawBufferPointer) {
        self.buffer = buffer
    }

    mutating func append(_ byte: UInt8) {
        if count < buffer.count {
            buffer[count] = byte
            count += 1
        } else {
            overflowed = true
        }
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        for byte in bytes { append(byte) }
    }

    /// Appends `value` in decimal, without leading zeros.
    mutating func appendDecimal(_ value: UInt32) {
        var divisor: UInt32 = 1
        while value / divisor >= 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            append(ASCII.zero &+ UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// Appends `value` in lowercase hexadecimal, without leading zeros.
    mutating func appendHex(_ value: UInt16) {
        var shift = 12
        while shift > 0 && (value >> UInt16(shift)) == 0 { shift -= 4 }
        while shift >= 0 {
            append(ASCII.hexDigit(UInt8((value >> UInt16(shift)) & 0xF)))
            shift -= 4
        }
    }

    /// The number of bytes written, or `.bufferTooSmall` if the text did not fit.
    func finish() throws(SocketError) -> Int {
        if overflowed { throw SocketError.invalid(.bufferTooSmall, .formatAddress) }
        return count
    }
}

/// Builds a `String` from a formatter that writes at most `capacity` bytes. The text is formatted
/// on the stack first, so a result of up to 15 bytes is stored inline by the standard library (no
/// allocation); a longer one allocates once.
func makeString(capacity: Int, _ write: (inout TextWriter) -> Void) -> String {
    withUnsafeTemporaryAllocation(byteCount: capacity, alignment: 1) { buffer in
        var writer = TextWriter(buffer)
        write(&writer)
        return String(decoding: UnsafeRawBufferPointer(rebasing: buffer[0..<writer.count]), as: UTF8.self)
    }
}

/// The shared body of every `format(into:)`: runs a formatter over `buffer`.
func formatText(
    into buffer: UnsafeMutableRawBufferPointer,
    _ write: (inout TextWriter) -> Void
) throws(SocketError) -> Int {
    var writer = TextWriter(buffer)
    write(&writer)
    return try writer.finish()
}
