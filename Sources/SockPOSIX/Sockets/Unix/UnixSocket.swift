/// A Unix-domain socket: ``UnixConn``, ``UnixDatagramConn`` and ``UnixListener``. SockLinux adds
/// what only Unix sockets can do: credentials (`SO_PASSCRED`, `SO_PEERCRED`, `SO_PEERPIDFD`,
/// `SCM_CREDENTIALS`) and descriptor passing (`SCM_RIGHTS`).
public protocol UnixSocket: Socket {}

extension UnixNetwork {
    /// The socket type of this network.
    @inlinable
    public var socketType: SocketType {
        switch self {
        case .unix: .stream
        case .unixgram: .datagram
        case .unixpacket: .seqPacket
        }
    }
}
