#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A listening one-to-one SCTP socket (`SOCK_STREAM`, `IPPROTO_SCTP`): each accepted
/// association is an ``SCTPConn``. Linux-only.
///
/// `SO_REUSEADDR` is on; `SO_REUSEPORT` only when asked. ``accept()`` is non-blocking:
/// `.wouldBlock` when nothing is pending, unless a read deadline is set. Options set on the
/// listener (``SCTPSocket/setSCTPInitMessage(_:)``, notification subscriptions, ...) are
/// inherited by the connections it accepts.
@frozen
public struct SCTPListener: Listener, SCTPSocket, Hashable {
    /// The socket underneath.
    public let netSocket: NetSocket

    /// Binds `address` (every address of a multi-homed one, with `sctp_bindx`) and listens. Linux-only.
    ///
    /// - Parameters:
    ///   - address: where to listen; port 0 picks a free port (read it back with ``endpoint()``).
    ///     The socket is `AF_INET6` when any address is IPv6 (an unspecified `[::]` also accepts
    ///     IPv4 unless `ipv6Only`), `AF_INET` otherwise.
    ///   - initMessage: `SCTP_INITMSG` for the associations it accepts (streams offered and
    ///     accepted), if any.
    ///   - reusePort: sets `SO_REUSEPORT` before binding.
    ///   - ipv6Only: sets `IPV6_V6ONLY` on IPv6 sockets.
    ///   - backlog: the `listen(2)` backlog.
    /// - Throws: `.protocolNotSupported` (no SCTP in the kernel), `.addressInUse`,
    ///   `.addressNotAvailable`, `.permissionDenied`, `.invalidArgument`, ...
    public init(
        _ address: SCTPAddr,
        initMessage: SCTPInitMessage? = nil,
        reusePort: Bool = false,
        ipv6Only: Bool? = nil,
        backlog: CInt = defaultBacklog
    ) throws(SocketError) {
        let family = AddressFamily(rawValue: CInt(address.socketFamily()))
        netSocket = try NetSocket.listening(
            family: family,
            type: .stream,
            protocol: .sctp,
            options: ListenOptions(reusePort: reusePort, ipv6Only: ipv6Only, backlog: backlog),
            prepare: { (socket) throws(SocketError) in
                try socket.enableReceiveInfo()
                if let initMessage { try SCTPConn(unchecked: socket).setSCTPInitMessage(initMessage) }
            },
            bind: { (socket) throws(SocketError) in try socket.bindSCTP(address) }
        )
    }

    /// Parses `address` (see ``SCTPAddr``: `"127.0.0.1:0"`, `"[::1]:9"`, `"127.0.0.1/127.0.0.2:0"`)
    /// and listens on it. Linux-only.
    /// - Throws: the parse errors of `init(parsing:)`, then as
    ///   ``init(_:initMessage:reusePort:ipv6Only:backlog:)``.
    public init(_ address: String, initMessage: SCTPInitMessage? = nil) throws(SocketError) {
        try self.init(try SCTPAddr(parsing: address), initMessage: initMessage)
    }

    /// Takes ownership of an open descriptor after checking that it is a listening one-to-one SCTP socket (the kernel's
    /// `SO_TYPE`, `SO_DOMAIN`, `SO_PROTOCOL`, `SO_ACCEPTCONN`; nothing changes on the descriptor
    /// before they match). Received messages carry ``SCTPReceiveInfo`` only if the descriptor's
    /// owner turned `SCTP_RECVRCVINFO` on. If the init throws, `fd` is untouched and still the
    /// caller's. Linux-only.
    /// - Throws: `.notSupported` (ENOTSOCK), `.closed` (EBADF), `.invalidArgument` with
    ///   `.socketKindMismatch`.
    public init(adopting fd: CInt) throws(SocketError) {
        netSocket = try NetSocket.adopting(
            fd,
            families: [.inet, .inet6],
            types: [.stream],
            protocol: .sctp,
            listening: true
        )
    }

    /// Accepts one pending association (`accept4(2)`, non-blocking; see the class
    /// documentation). The connection has `SCTP_RECVRCVINFO` on, like every Sock SCTP socket. Linux-only.
    /// - Throws: `.wouldBlock`, `.timedOut`, `.closed`, `.tooManyOpenFiles`, ...
    public func accept() throws(SocketError) -> SCTPConn {
        let socket = try netSocket.acceptSocket()
        do throws(SocketError) {
            try socket.enableReceiveInfo()
        } catch {
            socket.close()
            throw error
        }
        return SCTPConn(unchecked: socket)
    }

    /// The bound endpoint (`getsockname`), with the real port when bound to port 0.
    /// ``SCTPSocket/localAddresses(association:)`` lists every bound address. Linux-only.
    /// - Throws: `.closed`.
    public func endpoint() throws(SocketError) -> SCTPAddr {
        try SCTPAddr(try localAddress())
    }
}
#endif
