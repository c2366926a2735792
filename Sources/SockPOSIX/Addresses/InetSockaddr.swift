#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 socket address in kernel format, stored inline: what a TCP or UDP endpoint
/// encodes to (``IPEndpoint/sockaddr()``).
///
/// Equality is of the kernel structures: `.v6([::ffff:a.b.c.d]:port)` differs from
/// `.v4(a.b.c.d:port)`. To compare peers across the two forms, compare ``unmapped`` or the
/// ``TCPAddr``/``UDPAddr`` (whose addresses compare as ``IPAddress`` does).
@frozen
public enum InetSockaddr: Sockaddr, Hashable, CustomStringConvertible {
    /// A `sockaddr_in`.
    case v4(SockaddrInet4)
    /// A `sockaddr_in6`.
    case v6(SockaddrInet6)

    /// Creates the socket address `address:port`. A scope id applies only to IPv6.
    @inlinable
    public init(address: IPAddress, port: UInt16, scopeID: UInt32 = 0) {
        switch address {
        case .v4(let v4): self = .v4(SockaddrInet4(address: v4, port: port))
        case .v6(let v6): self = .v6(SockaddrInet6(address: v6, port: port, scopeID: scopeID))
        }
    }

    /// Takes the IPv4 or IPv6 address out of a decoded kernel address.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.unsupportedFamily` for any other
    ///   family, or `.truncatedAddress` when the length is short for the family.
    @inlinable
    public init(_ address: SocketAddress) throws(SocketError) {
        switch address.kind {
        case .inet4(let v4): self = .v4(v4)
        case .inet6(let v6): self = .v6(v6)
        case .truncated: throw SocketError.invalid(.truncatedAddress, .decodeAddress)
        default: throw SocketError.invalid(.unsupportedFamily, .decodeAddress)
        }
    }

    /// `AF_INET` or `AF_INET6`.
    @inlinable
    public var family: sa_family_t {
        switch self {
        case .v4: AddressLayout.inet4
        case .v6: AddressLayout.inet6
        }
    }

    /// The IP address.
    @inlinable
    public var address: IPAddress {
        switch self {
        case .v4(let v4): .v4(v4.address)
        case .v6(let v6): .v6(v6.address)
        }
    }

    /// The port in host byte order.
    @inlinable
    public var port: UInt16 {
        get {
            switch self {
            case .v4(let v4): v4.port
            case .v6(let v6): v6.port
            }
        }
        set {
            switch self {
            case .v4(var v4):
                v4.port = newValue
                self = .v4(v4)
            case .v6(var v6):
                v6.port = newValue
                self = .v6(v6)
            }
        }
    }

    /// The address as IPv6: an IPv4 address becomes `[::ffff:a.b.c.d]:port`, the form a
    /// dual-stack `AF_INET6` socket needs to reach an IPv4 peer; IPv6 is unchanged.
    @inlinable
    public var v6Mapped: SockaddrInet6 {
        switch self {
        case .v4(let v4): SockaddrInet6(v4Mapped: v4)
        case .v6(let v6): v6
        }
    }

    /// An IPv4-mapped IPv6 address (`[::ffff:a.b.c.d]:port`, as a dual-stack socket reports an
    /// IPv4 peer) as `.v4`; anything else unchanged. Flow information and scope id are dropped.
    @inlinable
    public var unmapped: InetSockaddr {
        if case .v6(let v6) = self, let v4 = v6.address.unmappedV4 {
            return .v4(SockaddrInet4(address: v4, port: v6.port))
        }
        return self
    }

    /// Calls `body` with the `sockaddr_in` or `sockaddr_in6` and its exact length (16 or 28).
    @inlinable
    public func withUnsafeSockaddr<R, E: Error>(
        _ body: (UnsafePointer<sockaddr>, socklen_t) throws(E) -> R
    ) throws(E) -> R {
        switch self {
        case .v4(let v4): try v4.withUnsafeSockaddr(body)
        case .v6(let v6): try v6.withUnsafeSockaddr(body)
        }
    }

    /// `a.b.c.d:port` or `[v6%scope]:port`.
    public var description: String {
        switch self {
        case .v4(let v4): v4.description
        case .v6(let v6): v6.description
        }
    }

    /// Writes the ``description`` text into `buffer` without allocating; returns the number of
    /// bytes written.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.bufferTooSmall`.
    public func format(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int {
        switch self {
        case .v4(let v4): try v4.format(into: buffer)
        case .v6(let v6): try v6.format(into: buffer)
        }
    }
}
