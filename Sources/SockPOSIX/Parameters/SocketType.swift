/// A socket type (`SOCK_STREAM`, `SOCK_DGRAM`, ...), the second argument of `socket(2)`, without
/// the creation flags (Sock always adds `SOCK_NONBLOCK | SOCK_CLOEXEC` itself).
@frozen
public struct SocketType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The C value (`SOCK_*`).
    public var rawValue: CInt

    /// Wraps a C `SOCK_*` value (without `SOCK_NONBLOCK` or `SOCK_CLOEXEC`).
    @inlinable
    public init(rawValue: CInt) { self.rawValue = rawValue }

    /// `SOCK_STREAM`: a reliable byte stream (TCP, Unix stream, one-to-one SCTP).
    @inlinable public static var stream: SocketType { SocketType(rawValue: SC.SOCK_STREAM) }
    /// `SOCK_DGRAM`: datagrams (UDP, Unix datagram).
    @inlinable public static var datagram: SocketType { SocketType(rawValue: SC.SOCK_DGRAM) }
    /// `SOCK_SEQPACKET`: reliable messages that keep their boundaries (Unix seqpacket,
    /// one-to-many SCTP).
    @inlinable public static var seqPacket: SocketType { SocketType(rawValue: SC.SOCK_SEQPACKET) }
    /// `SOCK_RAW`: raw network-layer packets (needs `CAP_NET_RAW`).
    @inlinable public static var raw: SocketType { SocketType(rawValue: SC.SOCK_RAW) }

    /// The C name (`SOCK_STREAM`), or the number for a type Sock does not name.
    public var description: String {
        switch self {
        case .stream: "SOCK_STREAM"
        case .datagram: "SOCK_DGRAM"
        case .seqPacket: "SOCK_SEQPACKET"
        case .raw: "SOCK_RAW"
        default: "SOCK_\(rawValue)"
        }
    }
}
