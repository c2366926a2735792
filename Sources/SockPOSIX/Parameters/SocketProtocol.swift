/// A protocol number (`IPPROTO_TCP`, `IPPROTO_UDP`, ...), the third argument of `socket(2)`.
///
/// ``default`` (0) lets the kernel pick the family's protocol for the type. SockLinux adds
/// `.sctp`; ``init(rawValue:)`` takes any other number.
@frozen
public struct SocketProtocol: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The C value (`IPPROTO_*`, or 0).
    public var rawValue: CInt

    /// Wraps a C protocol number.
    @inlinable
    public init(rawValue: CInt) { self.rawValue = rawValue }

    /// 0: the default protocol of the family and type (Unix sockets use it).
    @inlinable public static var `default`: SocketProtocol { SocketProtocol(rawValue: 0) }
    /// `IPPROTO_TCP`.
    @inlinable public static var tcp: SocketProtocol { SocketProtocol(rawValue: SC.IPPROTO_TCP) }
    /// `IPPROTO_UDP`.
    @inlinable public static var udp: SocketProtocol { SocketProtocol(rawValue: SC.IPPROTO_UDP) }
    /// `IPPROTO_ICMP` (raw ICMPv4 sockets).
    @inlinable public static var icmp: SocketProtocol { SocketProtocol(rawValue: SC.IPPROTO_ICMP) }
    /// `IPPROTO_ICMPV6` (raw ICMPv6 sockets).
    @inlinable public static var icmpv6: SocketProtocol { SocketProtocol(rawValue: SC.IPPROTO_ICMPV6) }
    /// `IPPROTO_RAW`: a raw IPv4 socket that sends complete IP packets (header included).
    @inlinable public static var raw: SocketProtocol { SocketProtocol(rawValue: SC.IPPROTO_RAW) }

    /// The C name (`IPPROTO_TCP`), `0` for the default, or the number for one Sock does not name.
    public var description: String {
        switch self {
        case .default: "0"
        case .tcp: "IPPROTO_TCP"
        case .udp: "IPPROTO_UDP"
        case .icmp: "IPPROTO_ICMP"
        case .icmpv6: "IPPROTO_ICMPV6"
        case .raw: "IPPROTO_RAW"
        default: "IPPROTO_\(rawValue)"
        }
    }
}
