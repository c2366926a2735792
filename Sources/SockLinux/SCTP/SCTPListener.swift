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
public final class SCTPListener: NetSocket, SCTPSocket, @unchecked Sendable {
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
        let family = address.socketFamily()
        super.init(
            owning: try NetSocket.newSCTPDescriptor(family: family, type: LinuxABI.SOCK_STREAM),
            domain: CInt(family),
            type: LinuxABI.SOCK_STREAM,
            protocol: SCTPC.IPPROTO_SCTP
        )
        do throws(SocketError) {
            try setReuseAddress(true)
            if reusePort { try setReusePort(true) }
            if let ipv6Only, domain == LinuxABI.AF_INET6 { try setIPv6Only(ipv6Only) }
            if let initMessage { try setSCTPInitMessage(initMessage) }
            try bindSCTP(address)
            try listen(backlog: backlog)
        } catch {
            close()
            throw error
        }
    }

    /// Parses `address` (see ``SCTPAddr``: `"127.0.0.1:0"`, `"[::1]:9"`, `"127.0.0.1/127.0.0.2:0"`)
    /// and listens on it. Linux-only.
    /// - Throws: the parse errors of `init(parsing:)`, then as
    ///   ``init(_:initMessage:reusePort:ipv6Only:backlog:)``.
    public convenience init(_ address: String, initMessage: SCTPInitMessage? = nil) throws(SocketError) {
        try self.init(try SCTPAddr(parsing: address), initMessage: initMessage)
    }

    /// Accepts one pending association (`accept4(2)`, non-blocking; see the class
    /// documentation). The connection has `SCTP_RECVRCVINFO` on, like every Sock SCTP socket. Linux-only.
    /// - Throws: `.wouldBlock`, `.timedOut`, `.closed`, `.tooManyOpenFiles`, ...
    public func accept() throws(SocketError) -> SCTPConn {
        var peer = SocketAddress()
        let fd = try acceptRaw(&peer)
        let conn = SCTPConn(fd: fd, domain: domain, peer: peer)
        do throws(SocketError) {
            try NetSocket.enableReceiveInfo(fd)
        } catch {
            conn.close()
            throw error
        }
        return conn
    }

    /// The bound endpoint (`getsockname`), with the real port when bound to port 0.
    /// ``SCTPSocket/localAddresses(association:)`` lists every bound address. Linux-only.
    /// - Throws: `.closed`.
    public func endpoint() throws(SocketError) -> SCTPAddr {
        try SCTPAddr(try localAddress())
    }
}
#endif
