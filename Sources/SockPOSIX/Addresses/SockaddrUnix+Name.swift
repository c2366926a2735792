#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// SockaddrUnix: what the address names (path, abstract name, nothing), its text form, equality.

extension SockaddrUnix {
    /// The kind of name, read from the length and the first `sun_path` byte.
    @usableFromInline
    enum Kind {
        case unnamed, path, abstract
    }

    /// The number of `sun_path` bytes the length covers.
    @inlinable
    var pathByteCount: Int { Int(storedLength) - AddressLayout.unixPathOffset }

    @inlinable
    var kind: Kind {
        let count = pathByteCount
        if count <= 0 { return .unnamed }
        let first = Swift.withUnsafeBytes(of: storage.sun_path) { $0[0] }
        if first != 0 { return .path }
        // On the BSDs a leading NUL is not a name space: such an address is unnamed.
        return AddressLayout.hasAbstractNamespace ? .abstract : .unnamed
    }

    /// True for the unnamed address (length 2; see ``unnamed``).
    @inlinable public var isUnnamed: Bool { kind == .unnamed }

    /// True for a Linux abstract-namespace address.
    @inlinable public var isAbstract: Bool { kind == .abstract }

    /// Calls `body` with the name's bytes: the path without its NUL, or the abstract name without
    /// its leading NUL, or no bytes for the unnamed address. No allocation.
    public func withUnsafeNameBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let count = pathByteCount
        let kind = self.kind
        return try Swift.withUnsafeBytes(of: storage.sun_path) { path throws(E) -> R in
            switch kind {
            case .unnamed:
                return try body(path.slice(0..<0))
            case .abstract:
                return try body(path.slice(1..<count))
            case .path:
                let used = path.slice(0..<count)
                return try body(used.slice(0..<(ASCII.firstIndex(of: 0, in: used) ?? count)))
            }
        }
    }

    /// The filesystem path, or nil for an abstract or unnamed address. Creating the `String`
    /// allocates for paths longer than 15 bytes.
    public var path: String? {
        guard kind == .path else { return nil }
        return withUnsafeNameBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// The abstract name's bytes (without the leading NUL), or nil when the address is not
    /// abstract. Allocates an array; ``withUnsafeNameBytes(_:)`` does not.
    public var abstractName: [UInt8]? {
        guard kind == .abstract else { return nil }
        return withUnsafeNameBytes { Array($0) }
    }

    /// Parses the text notation used by Go's `net`, socat and ``description``: `@name` is a Linux
    /// abstract name (on other systems `@` is an ordinary path character), the empty string is
    /// the ``unnamed`` address, anything else a filesystem path.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.pathTooLong` or `.pathContainsNUL`.
    @inlinable
    public init(parsing text: some StringProtocol) throws(SocketError) {
        self = try withUTF8Bytes(of: text, SockaddrUnix.parse).get()
    }

    /// Parses the `@name` / path / empty text notation, or returns nil; see
    /// `init(parsing:)`.
    @inlinable
    public init?(_ text: some StringProtocol) {
        guard case .success(let address) = withUTF8Bytes(of: text, SockaddrUnix.parse) else { return nil }
        self = address
    }

    /// Parses the `@name` / path / empty text notation from UTF-8 bytes, without allocating; see
    /// `init(parsing:)`.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.pathTooLong` or `.pathContainsNUL`.
    public init(parsing utf8: UnsafeRawBufferPointer) throws(SocketError) {
        self = try SockaddrUnix.parse(utf8).get()
    }

    @usableFromInline
    static func parse(_ text: UnsafeRawBufferPointer) -> Result<SockaddrUnix, SocketError> {
        if text.isEmpty { return .success(.unnamed) }
        if AddressLayout.hasAbstractNamespace && text[0] == ASCII.at {
            return makeAbstract(text.slice(1..<text.count))
        }
        return makePath(text)
    }

    /// The text notation: the path, `@` followed by the abstract name (bytes that are not UTF-8
    /// are replaced), or the empty string for the unnamed address.
    public var description: String {
        makeString(capacity: 1 + AddressLayout.unixPathCapacity) { write(to: &$0) }
    }

    /// Writes the ``description`` text's bytes (the abstract name's bytes unchanged) into
    /// `buffer` without allocating; returns the number of bytes written (at most 109).
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.bufferTooSmall`.
    public func format(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int {
        try formatText(into: buffer) { write(to: &$0) }
    }

    func write(to writer: inout TextWriter) {
        if kind == .abstract { writer.append(ASCII.at) }
        withUnsafeNameBytes { writer.append($0) }
    }

    /// Equal when both name the same thing: same kind and same name bytes (so a path compares
    /// equal whether or not the kernel counted its NUL).
    public static func == (lhs: SockaddrUnix, rhs: SockaddrUnix) -> Bool {
        guard lhs.kind == rhs.kind else { return false }
        return lhs.withUnsafeNameBytes { left in rhs.withUnsafeNameBytes { right in left.elementsEqual(right) } }
    }

    /// Hashes the kind and the name bytes.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind == .abstract)
        withUnsafeNameBytes { hasher.combine(bytes: $0) }
    }
}
