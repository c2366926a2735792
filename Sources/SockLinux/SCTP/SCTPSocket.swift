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
/// the SCTP options (`setSCTP...` / `sctp...`) and the address lists. It is not meant to be
/// adopted outside Sock.
public protocol SCTPSocket: NetSocket {}

extension NetSocket {
    /// A fresh non-blocking, close-on-exec SCTP descriptor of `type` (`SOCK_STREAM` or
    /// `SOCK_SEQPACKET`) with `SCTP_RECVRCVINFO` on, so every received message carries its
    /// ``SCTPReceiveInfo``.
    ///
    /// - Throws: `.protocolNotSupported` when the kernel has no SCTP (EPROTONOSUPPORT for
    ///   `SOCK_STREAM`, ESOCKTNOSUPPORT for `SOCK_SEQPACKET`), `.addressFamilyNotSupported`,
    ///   `.tooManyOpenFiles`.
    static func newSCTPDescriptor(family: sa_family_t, type: CInt) throws(SocketError) -> CInt {
        let fd = try NetSocket.newDescriptor(domain: family, type: type, proto: SCTPC.IPPROTO_SCTP)
        do throws(SocketError) {
            try enableReceiveInfo(fd)
        } catch {
            _ = Sys.close(fd)
            throw error
        }
        return fd
    }

    /// `setsockopt(SOL_SCTP, SCTP_RECVRCVINFO, 1)` on a descriptor nobody else holds yet.
    static func enableReceiveInfo(_ fd: CInt) throws(SocketError) {
        var one: CInt = 1
        let r = Sys.setsockopt(fd, SCTPC.SOL_SCTP, SCTPC.RECVRCVINFO, &one, socklen_t(MemoryLayout<CInt>.size))
        if r < 0 { throw SocketError(errno: CInt(truncatingIfNeeded: -r), operation: .setsockopt) }
    }

    /// Binds `address`: `bind(2)` for one address, `sctp_bindx(SCTP_BINDX_ADD_ADDR)` (the
    /// `SCTP_SOCKOPT_BINDX_ADD` option) for several, which binds them all to the same port.
    func bindSCTP(_ address: SCTPAddr) throws(SocketError) {
        let family = sa_family_t(domain)
        if address.addressCount == 1 {
            try bind(try address.sockaddr(at: 0, matching: family))
        } else {
            try address.withPackedSockaddrs(matching: family) { packed throws(SocketError) in
                try setOption(level: SCTPC.SOL_SCTP, name: SCTPC.SOCKOPT_BINDX_ADD, bytes: packed)
            }
        }
    }

    /// Starts connecting to `address`: `connect(2)` for one address, `sctp_connectx` (the
    /// `SCTP_SOCKOPT_CONNECTX` option) for several. Returns normally or throws `.inProgress`
    /// while the handshake runs.
    func connectSCTP(_ address: SCTPAddr) throws(SocketError) {
        let family = sa_family_t(domain)
        if address.addressCount == 1 {
            try connect(to: try address.sockaddr(at: 0, matching: family))
            return
        }
        try address.withPackedSockaddrs(matching: family) { packed throws(SocketError) in
            try withFileDescriptor { fd throws(SocketError) in
                let r = Sys.setsockopt(
                    fd,
                    SCTPC.SOL_SCTP,
                    SCTPC.SOCKOPT_CONNECTX,
                    packed.baseAddress,
                    socklen_t(packed.count)
                )
                if r < 0 { throw SocketError(errno: CInt(truncatingIfNeeded: -r), operation: .connect) }
            }
        }
    }
}
#endif
