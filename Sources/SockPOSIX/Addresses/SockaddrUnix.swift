#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A Unix-domain socket address in kernel format: a C `sockaddr_un` stored inline with its exact
/// `socklen_t` length (no heap).
///
/// Three kinds, with the lengths C, Go's `net`, Python and socat use, so they interoperate:
/// - a **filesystem path**: length `offsetof(sun_path) + strlen + 1`; a path of exactly
///   ``maxPathLength`` bytes (108 on Linux, 104 on the BSDs) fills `sun_path` with no NUL;
/// - an **abstract name** (Linux only): a leading NUL and the name bytes, length `2 + 1 + n`
///   exactly, no trailing NUL; written `@name` in text;
/// - **unnamed**: length 2, what an unbound peer reports (binding it autobinds on Linux).
///
/// ```swift
/// let a = try SockaddrUnix(path: "/run/app.sock")
/// let b = try SockaddrUnix(parsing: "@app")       // abstract (Linux)
/// let c = try SockaddrUnix(abstractName: "app")   // the same address
/// ```
///
/// Too-long names are an error, never truncated.
@frozen
public struct SockaddrUnix: Sockaddr, Hashable, CustomStringConvertible {
    @usableFromInline var storage: sockaddr_un
    @usableFromInline var storedLength: socklen_t

    /// The size of `sun_path`: the longest filesystem path, 108 on Linux, 104 on the BSDs.
    public static var maxPathLength: Int { AddressLayout.unixPathCapacity }

    /// The longest abstract name, 107 bytes (`sun_path` minus the leading NUL). Linux only.
    public static var maxAbstractNameLength: Int { AddressLayout.unixPathCapacity - 1 }

    /// An empty `sockaddr_un` of family `AF_UNIX` holding `count` bytes of `sun_path`.
    @inlinable
    init(pathBytes count: Int) {
        storage = sockaddr_un()
        storage.sun_family = AddressLayout.unix
        storedLength = socklen_t(AddressLayout.unixPathOffset + count)
        #if canImport(Darwin) || os(FreeBSD) || os(OpenBSD)
        storage.sun_len = UInt8(storedLength)
        #endif
    }

    /// The unnamed address: length 2 (`sizeof(sa_family_t)` on Linux), no name. An unbound peer
    /// reports it; binding it on Linux autobinds to a kernel-chosen abstract name.
    @inlinable
    public static var unnamed: SockaddrUnix { SockaddrUnix(pathBytes: 0) }

    /// Creates a filesystem-path address from UTF-8 bytes (no `@` translation).
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.emptyPath`, `.pathContainsNUL` or
    ///   `.pathTooLong` (more than ``maxPathLength`` bytes).
    public init(path bytes: UnsafeRawBufferPointer) throws(SocketError) {
        self = try SockaddrUnix.makePath(bytes).get()
    }

    /// Creates a filesystem-path address (no `@` translation: `@x` is a file named `@x`); see
    /// `init(path:)`.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.emptyPath`, `.pathContainsNUL` or
    ///   `.pathTooLong`.
    @inlinable
    public init(path: some StringProtocol) throws(SocketError) {
        self = try withUTF8Bytes(of: path, SockaddrUnix.makePath).get()
    }

    @usableFromInline
    static func makePath(_ bytes: UnsafeRawBufferPointer) -> Result<SockaddrUnix, SocketError> {
        guard !bytes.isEmpty else { return .failure(.invalid(.emptyPath, .encodeAddress)) }
        guard ASCII.firstIndex(of: 0, in: bytes) == nil else {
            return .failure(.invalid(.pathContainsNUL, .encodeAddress))
        }
        let capacity = AddressLayout.unixPathCapacity
        guard bytes.count <= capacity else { return .failure(.invalid(.pathTooLong, .encodeAddress)) }
        // The counted NUL is already in the zeroed storage; a full-size path has none.
        var address = SockaddrUnix(pathBytes: bytes.count < capacity ? bytes.count + 1 : capacity)
        Swift.withUnsafeMutableBytes(of: &address.storage.sun_path) { $0.copyMemory(from: bytes) }
        return .success(address)
    }

    #if os(Linux) || os(Android)
    /// Creates a Linux abstract-namespace address from the name's bytes (without the leading NUL;
    /// the name may contain NULs). The length is `2 + 1 + n`, with no trailing NUL, which is what
    /// C, Go's `net`, Python and socat use. Linux only.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.pathTooLong` (more than
    ///   ``maxAbstractNameLength`` bytes).
    public init(abstractName bytes: UnsafeRawBufferPointer) throws(SocketError) {
        self = try SockaddrUnix.makeAbstract(bytes).get()
    }

    /// Creates a Linux abstract-namespace address from the name's bytes; see
    /// `init(abstractName:)`. Linux only.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.pathTooLong`.
    public init(abstractName bytes: Span<UInt8>) throws(SocketError) {
        self = try bytes.withUnsafeBytes(SockaddrUnix.makeAbstract).get()
    }

    /// Creates a Linux abstract-namespace address from the UTF-8 bytes of `name` (without `@`);
    /// see `init(abstractName:)`. Linux only.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.pathTooLong`.
    @inlinable
    public init(abstractName name: some StringProtocol) throws(SocketError) {
        self = try withUTF8Bytes(of: name, SockaddrUnix.makeAbstract).get()
    }
    #endif

    @usableFromInline
    static func makeAbstract(_ bytes: UnsafeRawBufferPointer) -> Result<SockaddrUnix, SocketError> {
        guard AddressLayout.hasAbstractNamespace else { return .failure(.invalid(.unsupportedFamily, .encodeAddress)) }
        guard bytes.count <= maxAbstractNameLength else { return .failure(.invalid(.pathTooLong, .encodeAddress)) }
        var address = SockaddrUnix(pathBytes: 1 + bytes.count)
        Swift.withUnsafeMutableBytes(of: &address.storage.sun_path) { path in
            UnsafeMutableRawBufferPointer(rebasing: path[1...]).copyMemory(from: bytes)
        }
        return .success(address)
    }

    /// Wraps a C `sockaddr_un` and its length as the kernel reported or expects it. The family
    /// (and `sun_len` on the BSDs) is set to `AF_UNIX`; bytes past `length` are cleared.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.truncatedAddress` when `length`
    ///   is below 2 (no room for the family) or `.pathTooLong` when it exceeds
    ///   `sizeof(sockaddr_un)`.
    public init(_ raw: sockaddr_un, length: socklen_t) throws(SocketError) {
        guard Int(length) >= AddressLayout.unixPathOffset else {
            throw SocketError.invalid(.truncatedAddress, .decodeAddress)
        }
        guard length <= AddressLayout.unixMaxLength else { throw SocketError.invalid(.pathTooLong, .decodeAddress) }
        self.init(pathBytes: Int(length) - AddressLayout.unixPathOffset)
        var source = raw
        let count = Int(length) - AddressLayout.unixPathOffset
        Swift.withUnsafeBytes(of: &source.sun_path) { from in
            Swift.withUnsafeMutableBytes(of: &storage.sun_path) { to in
                to.copyMemory(from: from.slice(0..<count))
            }
        }
    }

    /// The C `sockaddr_un`.
    @inlinable public var raw: sockaddr_un { storage }

    /// The exact length to pass to the kernel: 2 for unnamed, `2 + strlen + 1` for a path
    /// (`2 + 108` for a full one), `2 + 1 + n` for an abstract name.
    @inlinable public var length: socklen_t { storedLength }

    /// `AF_UNIX`.
    @inlinable public var family: sa_family_t { AddressLayout.unix }

    /// Calls `body` with a pointer to the `sockaddr_un` and its exact ``length``.
    @inlinable
    public func withUnsafeSockaddr<R, E: Error>(
        _ body: (UnsafePointer<sockaddr>, socklen_t) throws(E) -> R
    ) throws(E) -> R {
        try withSockaddrPointer(to: storage, length: storedLength, body)
    }
}
