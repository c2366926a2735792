#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A network interface name such as `eth0`, stored inline (at most `IFNAMSIZ - 1` = 15 bytes, no
/// `String` storage, no heap).
///
/// Valid names are 1–15 bytes of printable ASCII, not `.` or `..`, without `/` or `:` (Linux's
/// `dev_valid_name` rules, restricted to ASCII so every name has an exact text form) and without
/// `%`, `[` or `]`, which delimit zones in address text.
@frozen
public struct InterfaceName: Sendable, Hashable, CustomStringConvertible {
    // Bytes 0..<15 hold the name, byte 15 its length; the two words keep it inline and Hashable.
    @usableFromInline var word0: UInt64
    @usableFromInline var word1: UInt64

    /// The longest name, `IFNAMSIZ - 1`.
    public static var maxLength: Int { 15 }

    /// Creates a name from text.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.malformedInterfaceName` when the
    ///   name is empty, longer than 15 bytes or contains a refused character.
    @inlinable
    public init(_ name: some StringProtocol) throws(SocketError) {
        self = try withUTF8Bytes(of: name, InterfaceName.parse).get()
    }

    /// Creates a name from its bytes, without allocating; see ``init(_:)``.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.malformedInterfaceName`.
    public init(bytes: UnsafeRawBufferPointer) throws(SocketError) {
        self = try InterfaceName.parse(bytes).get()
    }

    @usableFromInline
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<InterfaceName, SocketError> {
        let failure = SocketError.invalid(.malformedInterfaceName, .parseAddress)
        guard bytes.count >= 1 && bytes.count <= maxLength else { return .failure(failure) }
        let isDots = bytes.allSatisfy { $0 == ASCII.dot } && bytes.count <= 2
        if isDots { return .failure(failure) }
        for byte in bytes {
            switch byte {
            case ASCII.slash, ASCII.colon, ASCII.percent, ASCII.openBracket, ASCII.closeBracket:
                return .failure(failure)
            default:
                if byte < 0x21 || byte > 0x7E { return .failure(failure) }  // controls, space, non-ASCII
            }
        }
        var name = InterfaceName(word0: 0, word1: 0)
        Swift.withUnsafeMutableBytes(of: &name) { raw in
            raw.copyMemory(from: bytes)
            raw[15] = UInt8(bytes.count)
        }
        return .success(name)
    }

    @inlinable
    init(word0: UInt64, word1: UInt64) {
        self.word0 = word0
        self.word1 = word1
    }

    /// The length of the name in bytes (1...15).
    public var count: Int {
        Swift.withUnsafeBytes(of: self) { Int($0[15]) }
    }

    /// Calls `body` with the name's bytes (no NUL terminator).
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let count = self.count
        return try Swift.withUnsafeBytes(of: self) { raw throws(E) -> R in try body(raw.slice(0..<count)) }
    }

    /// Calls `body` with the name as a NUL-terminated C string (on the stack, no allocation).
    public func withCString<R, E: Error>(_ body: (UnsafePointer<CChar>) throws(E) -> R) throws(E) -> R {
        try withUnsafeTemporaryAllocation(of: CChar.self, capacity: InterfaceName.maxLength + 1) {
            buffer throws(E) -> R in
            let count = withUnsafeBytes { name in
                for index in 0..<name.count { buffer[index] = CChar(bitPattern: name[index]) }
                return name.count
            }
            buffer[count] = 0
            return try body(buffer.baseAddress!)
        }
    }

    /// The interface's index, looked up with `if_nametoindex` (a blocking ioctl on a throwaway
    /// socket inside the C library; no heap allocation).
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.unknownInterface` when no
    ///   interface has this name.
    public func index() throws(SocketError) -> UInt32 {
        let index = withCString { if_nametoindex($0) }
        if index == 0 { throw SocketError.invalid(.unknownInterface, .encodeAddress) }
        return UInt32(index)
    }

    /// The name as a `String`.
    public var description: String {
        withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }
}
