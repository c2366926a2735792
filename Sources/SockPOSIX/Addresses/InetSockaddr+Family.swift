import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension InetSockaddr {
    /// This address in the form a socket of `family` needs: an IPv4 address on an `AF_INET6`
    /// socket becomes its IPv4-mapped form (`::ffff:a.b.c.d`); an IPv4-mapped IPv6 address on an
    /// `AF_INET` socket becomes plain IPv4.
    /// - Throws: `.invalidArgument` with `.addressFamilyMismatch` for a real IPv6 address on an
    ///   IPv4 socket.
    @inlinable
    package func converted(to family: sa_family_t) throws(SocketError) -> InetSockaddr {
        switch self {
        case .v4 where family == sa_family_t(SC.AF_INET6):
            return .v6(v6Mapped)
        case .v6 where family == sa_family_t(SC.AF_INET):
            let plain = unmapped
            if case .v4 = plain { return plain }
            throw .invalid(.addressFamilyMismatch, .encodeAddress)
        default:
            return self
        }
    }
}

extension IPEndpoint {
    /// The endpoint encoded for a socket of `family` (see ``InetSockaddr/converted(to:)``).
    @inlinable
    package func sockaddr(matching family: sa_family_t) throws(SocketError) -> InetSockaddr {
        try sockaddr().converted(to: family)
    }
}

extension IPAddr {
    /// The address with `port`, encoded for a socket of `family`.
    @inlinable
    package func sockaddr(port: UInt16, matching family: sa_family_t) throws(SocketError) -> InetSockaddr {
        var encoded = try sockaddr()
        switch encoded {
        case .v4(var v4):
            v4.port = port
            encoded = .v4(v4)
        case .v6(var v6):
            v6.port = port
            encoded = .v6(v6)
        }
        return try encoded.converted(to: family)
    }
}
