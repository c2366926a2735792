/// An address family (a socket's *domain*: `AF_INET`, `AF_INET6`, `AF_UNIX`, ...), the first
/// argument of `socket(2)`.
///
/// Sock names the families it supports; ``init(rawValue:)`` takes any other number (`AF_NETLINK`,
/// `AF_VSOCK`, ...) for ``NetSocket/init(family:type:protocol:)``.
@frozen
public struct AddressFamily: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The C value (`AF_*`).
    public var rawValue: CInt

    /// Wraps a C `AF_*` value.
    @inlinable
    public init(rawValue: CInt) { self.rawValue = rawValue }

    /// `AF_UNSPEC`.
    @inlinable public static var unspecified: AddressFamily { AddressFamily(rawValue: SC.AF_UNSPEC) }
    /// `AF_UNIX` (`AF_LOCAL`): Unix-domain sockets.
    @inlinable public static var unix: AddressFamily { AddressFamily(rawValue: SC.AF_UNIX) }
    /// `AF_INET`: IPv4.
    @inlinable public static var inet: AddressFamily { AddressFamily(rawValue: SC.AF_INET) }
    /// `AF_INET6`: IPv6 (and IPv4-mapped addresses on a dual-stack socket).
    @inlinable public static var inet6: AddressFamily { AddressFamily(rawValue: SC.AF_INET6) }

    /// The C name (`AF_INET6`), or the number for a family Sock does not name.
    public var description: String {
        switch self {
        case .unspecified: "AF_UNSPEC"
        case .unix: "AF_UNIX"
        case .inet: "AF_INET"
        case .inet6: "AF_INET6"
        default: "AF_\(rawValue)"
        }
    }
}
