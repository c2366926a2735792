#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What every SCTP socket shares: ``SCTPConn`` and ``SCTPListener`` (one-to-one style,
/// `SOCK_STREAM`) and ``SCTPEndpoint`` (one-to-many style, `SOCK_SEQPACKET`). Linux-only.
///
/// The protocol carries the SCTP API that is the same for all three: message I/O with stream,
/// PPID and flags (`sendMessage(_:info:)`,
/// `receiveMessage(into:)`), notification subscriptions (``subscribe(to:enabled:association:)``),
/// the SCTP options (`setSCTP...` / `sctp...`) and the address lists. Only SCTP sockets conform,
/// so the compiler refuses SCTP options on any other socket.
public protocol SCTPSocket: IPSocket {}

extension NetSocket {
    /// A new SCTP socket of `type` (`.stream` for one-to-one, `.seqPacket` for one-to-many) with
    /// `SCTP_RECVRCVINFO` on, so every received message carries its ``SCTPReceiveInfo``; then
    /// `configure` runs (closed on error, like every socket Sock makes).
    ///
    /// - Throws: `.protocolNotSupported` when the kernel has no SCTP (EPROTONOSUPPORT for
    ///   `SOCK_STREAM`, ESOCKTNOSUPPORT for `SOCK_SEQPACKET`), `.addressFamilyNotSupported`,
    ///   `.tooManyOpenFiles`.
    static func sctp(
        family: AddressFamily,
        type: SocketType,
        peer: SocketAddress? = nil,
        _ configure: (NetSocket) throws(SocketError) -> Void
    ) throws(SocketError) -> NetSocket {
        try configured(family: family, type: type, protocol: .sctp, peer: peer) { (socket) throws(SocketError) in
            try socket.enableReceiveInfo()
            try configure(socket)
        }
    }

    /// `setsockopt(SOL_SCTP, SCTP_RECVRCVINFO, 1)`.
    func enableReceiveInfo() throws(SocketError) {
        try setBoolOption(level: .sctp, name: SCTPC.RECVRCVINFO, true)
    }

    /// Binds `address`: `bind(2)` for one address, `sctp_bindx(SCTP_BINDX_ADD_ADDR)` (the
    /// `SCTP_SOCKOPT_BINDX_ADD` option) for several, which binds them all to the same port.
    func bindSCTP(_ address: SCTPAddr) throws(SocketError) {
        let family = sa_family_t(self.family.rawValue)
        if address.addressCount == 1 {
            try bind(try address.sockaddr(at: 0, matching: family))
        } else {
            try address.withPackedSockaddrs(matching: family) { packed throws(SocketError) in
                try setOption(level: .sctp, name: SCTPC.SOCKOPT_BINDX_ADD, bytes: packed)
            }
        }
    }

    /// Starts connecting to `address`: `connect(2)` for one address, `sctp_connectx` (the
    /// `SCTP_SOCKOPT_CONNECTX` option) for several. Returns normally or throws `.inProgress`
    /// while the handshake runs.
    func connectSCTP(_ address: SCTPAddr) throws(SocketError) {
        let family = sa_family_t(self.family.rawValue)
        if address.addressCount == 1 {
            try connect(to: try address.sockaddr(at: 0, matching: family))
            return
        }
        try address.withPackedSockaddrs(matching: family) { packed throws(SocketError) in
            do throws(SocketError) {
                try setOption(level: .sctp, name: SCTPC.SOCKOPT_CONNECTX, bytes: packed)
            } catch {
                throw SocketError(error.code, errno: error.errno, operation: .connect, detail: error.detail)
            }
        }
    }
}
#endif
