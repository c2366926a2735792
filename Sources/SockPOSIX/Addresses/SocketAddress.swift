#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Any socket address the kernel returns (from `accept4`, `recvfrom`, `recvmsg`, `getsockname`,
/// `getpeername`): a C `sockaddr_storage` stored inline (128 bytes) with its length. No heap.
///
/// The socket layer fills it in place with ``withUnsafeMutableStorage(_:)`` (no copy), then
/// checks it with ``validate(_:)``. Read it through the typed views ``inet4``, ``inet6``,
/// ``unix`` or the switchable ``kind``; no text is formatted until ``description`` is asked for.
///
/// ```swift
/// var peer = SocketAddress()
/// let fd = peer.withUnsafeMutableStorage { pointer, length in accept4(listener, pointer, &length, flags) }
/// try peer.validate(.accept)
/// if case .inet4(let v4) = peer.kind { print(v4.port) }
/// ```
@frozen
public struct SocketAddress: Sockaddr, Hashable, CustomStringConvertible {
    @usableFromInline var storage: sockaddr_storage
    @usableFromInline var storedLength: socklen_t

    /// An empty address (length 0, family `AF_UNSPEC`), ready to be filled by the kernel.
    @inlinable
    public init() {
        storage = sockaddr_storage()
        storedLength = 0
    }

    /// Copies a kernel socket address of `length` bytes and checks the length against the
    /// family (see ``validate(_:)``). A length of 0 gives the empty address. Unknown families are
    /// kept as they are (see ``Kind/other(_:)``).
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.truncatedAddress` when `length` is
    ///   1, larger than `sockaddr_storage`, or shorter than the family's struct (`sockaddr_in`:
    ///   16, `sockaddr_in6`: 28); `.pathTooLong` for an `AF_UNIX` length above
    ///   `sizeof(sockaddr_un)`.
    public init(decoding address: UnsafePointer<sockaddr>, length: socklen_t) throws(SocketError) {
        self.init()
        guard length <= AddressLayout.storageLength else {
            throw SocketError.invalid(.truncatedAddress, .decodeAddress)
        }
        Swift.withUnsafeMutableBytes(of: &storage) { to in
            to.copyMemory(from: UnsafeRawBufferPointer(start: UnsafeRawPointer(address), count: Int(length)))
        }
        storedLength = length
        try validate(.decodeAddress)
    }

    /// Copies a C `sockaddr_storage` holding `length` bytes; see ``init(decoding:length:)``.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.truncatedAddress` or `.pathTooLong`.
    public init(_ storage: sockaddr_storage, length: socklen_t) throws(SocketError) {
        guard length <= AddressLayout.storageLength else {
            throw SocketError.invalid(.truncatedAddress, .decodeAddress)
        }
        self.storage = storage
        self.storedLength = length
        try validate(.decodeAddress)
    }

    /// Copies any typed socket address (no allocation).
    @inlinable
    public init(_ address: some Sockaddr) {
        self.init()
        address.withUnsafeSockaddr { pointer, length in
            let count = min(Int(length), MemoryLayout<sockaddr_storage>.size)
            Swift.withUnsafeMutableBytes(of: &storage) { to in
                to.copyMemory(from: UnsafeRawBufferPointer(start: UnsafeRawPointer(pointer), count: count))
            }
            storedLength = socklen_t(count)
        }
    }

    /// Lets a syscall write an address straight into this value's storage, with no copy and no
    /// allocation. `body` receives a pointer to the `sockaddr_storage` and a length set to its
    /// capacity (128), which the syscall replaces with the address's real length, exactly as
    /// `accept4`, `recvfrom`, `getsockname` and `getpeername` expect (for `recvmsg`, store
    /// `msg_namelen` into it). Call ``validate(_:)`` afterwards before trusting the family.
    ///
    /// A length the kernel reports above the capacity (the address was truncated) is kept, so
    /// ``validate(_:)`` reports it; every accessor reads at most the capacity.
    @inlinable
    public mutating func withUnsafeMutableStorage<R, E: Error>(
        _ body: (UnsafeMutablePointer<sockaddr>, inout socklen_t) throws(E) -> R
    ) throws(E) -> R {
        var length = AddressLayout.storageLength
        defer { storedLength = length }
        return try withUnsafeMutablePointer(to: &storage) { pointer throws(E) -> R in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(E) -> R in
                try body(address, &length)
            }
        }
    }

    /// Checks the length against the family: 0 (no address) is fine; otherwise it must cover the
    /// family field, fit `sockaddr_storage`, and cover `sockaddr_in` (16) or `sockaddr_in6` (28)
    /// for those families, or fit `sockaddr_un` for `AF_UNIX`. Other families are not checked.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.truncatedAddress` (or
    ///   `.pathTooLong` for an oversized `AF_UNIX` length), naming `operation`.
    public func validate(_ operation: SocketOperation) throws(SocketError) {
        if storedLength == 0 { return }
        guard Int(storedLength) >= AddressLayout.familyEnd, storedLength <= AddressLayout.storageLength else {
            throw SocketError.invalid(.truncatedAddress, operation)
        }
        switch storage.ss_family {
        case AddressLayout.inet4:
            if storedLength < AddressLayout.inet4Length { throw SocketError.invalid(.truncatedAddress, operation) }
        case AddressLayout.inet6:
            if storedLength < AddressLayout.inet6Length { throw SocketError.invalid(.truncatedAddress, operation) }
        case AddressLayout.unix:
            if unixLength > AddressLayout.unixMaxLength { throw SocketError.invalid(.pathTooLong, operation) }
        default:
            break
        }
    }

    /// The length of an `AF_UNIX` address with Linux's quirk undone: for a path that fills all of
    /// `sun_path` (108 bytes), the kernel reports one byte more (the NUL it stores after
    /// `sun_path`). That length, with that NUL, means the full-length path.
    @inlinable
    var unixLength: socklen_t {
        let max = AddressLayout.unixMaxLength
        guard storedLength == max + 1 else { return storedLength }
        let terminator = Swift.withUnsafeBytes(of: storage) { $0[Int(max)] }
        return terminator == 0 ? max : storedLength
    }

    /// The length in bytes, as the kernel reported it (0 for no address).
    @inlinable public var length: socklen_t { storedLength }

    /// The C `sockaddr_storage`.
    @inlinable public var raw: sockaddr_storage { storage }

    /// The address family (`ss_family`), or `AF_UNSPEC` when the length does not cover it.
    @inlinable
    public var family: sa_family_t {
        Int(storedLength) >= AddressLayout.familyEnd ? storage.ss_family : AddressLayout.unspecified
    }

    /// Calls `body` with a pointer to the storage and the exact length (never more than 128).
    @inlinable
    public func withUnsafeSockaddr<R, E: Error>(
        _ body: (UnsafePointer<sockaddr>, socklen_t) throws(E) -> R
    ) throws(E) -> R {
        try withSockaddrPointer(to: storage, length: min(storedLength, AddressLayout.storageLength), body)
    }
}
