#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An address already in the kernel's `struct sockaddr` format, stored inline (no heap).
///
/// Conforming types: ``SockaddrInet4``, ``SockaddrInet6``, ``SockaddrUnix``, ``SocketAddress``
/// (the decoded form of whatever the kernel returns) and ``InetSockaddr``.
public protocol Sockaddr: Sendable {
    /// The address family (`AF_INET`, `AF_INET6`, `AF_UNIX`, ...).
    var family: sa_family_t { get }

    /// Calls `body` with a pointer to the kernel-format address and its exact length.
    /// The pointer is valid only inside `body`.
    func withUnsafeSockaddr<R, E: Error>(
        _ body: (UnsafePointer<sockaddr>, socklen_t) throws(E) -> R
    ) throws(E) -> R
}
