#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Platform facts about the C socket address structs, in one place.
///
/// Linux (glibc, musl) has a 16-bit `sa_family_t` at offset 0 and a 108-byte `sun_path`. The BSDs
/// (Darwin, FreeBSD, OpenBSD) have a `*_len` byte at offset 0, an 8-bit `sa_family_t` at offset 1
/// and a 104-byte `sun_path`. The address family values come from the C library (`AF_INET6` is
/// 10 on Linux, 30 on Darwin, 28 on FreeBSD).
@usableFromInline
enum AddressLayout {
    @inlinable static var inet4: sa_family_t { sa_family_t(AF_INET) }
    @inlinable static var inet6: sa_family_t { sa_family_t(AF_INET6) }
    @inlinable static var unix: sa_family_t { sa_family_t(AF_UNIX) }
    @inlinable static var unspecified: sa_family_t { sa_family_t(AF_UNSPEC) }

    /// `offsetof(struct sockaddr_un, sun_path)`: 2 everywhere (Linux: the 16-bit family; BSD:
    /// `sun_len` and the 8-bit family).
    @inlinable static var unixPathOffset: Int { 2 }

    /// `sizeof(((struct sockaddr_un *)0)->sun_path)`: 108 on Linux, 104 on the BSDs.
    @inlinable static var unixPathCapacity: Int { MemoryLayout<sockaddr_un>.size - unixPathOffset }

    /// The length a kernel needs at least to read the family field.
    @inlinable static var familyEnd: Int { 2 }

    @inlinable static var inet4Length: socklen_t { socklen_t(MemoryLayout<sockaddr_in>.size) }
    @inlinable static var inet6Length: socklen_t { socklen_t(MemoryLayout<sockaddr_in6>.size) }
    @inlinable static var unixMaxLength: socklen_t { socklen_t(MemoryLayout<sockaddr_un>.size) }
    @inlinable static var storageLength: socklen_t { socklen_t(MemoryLayout<sockaddr_storage>.size) }

    /// True where the abstract Unix socket namespace exists (Linux only).
    @inlinable static var hasAbstractNamespace: Bool {
        #if os(Linux) || os(Android)
        true
        #else
        false
        #endif
    }
}

/// Calls `body` with a pointer to `value` (a C `sockaddr_*` struct) viewed as a `sockaddr`, and
/// `length`: the one implementation of every ``Sockaddr/withUnsafeSockaddr(_:)``.
@inlinable
func withSockaddrPointer<Raw, R, E: Error>(
    to value: Raw,
    length: socklen_t,
    _ body: (UnsafePointer<sockaddr>, socklen_t) throws(E) -> R
) throws(E) -> R {
    try withUnsafePointer(to: value) { pointer throws(E) -> R in
        try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(E) -> R in
            try body(address, length)
        }
    }
}
