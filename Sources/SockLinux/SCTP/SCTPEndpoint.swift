#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A one-to-many SCTP socket (`SOCK_SEQPACKET`, `IPPROTO_SCTP`): one socket talks to many peers,
/// each over its own association. Linux-only.
///
/// Associations are set up implicitly by sending to a new peer
/// (`sendMessage(_:info:to:)`; the first message
/// rides on the handshake), explicitly with `connect(to:)`, or by peers connecting to a
/// listening endpoint. Every received message reports its association
/// (``SCTPMessage/association``); reply on it by setting ``SCTPSendInfo/association``. Subscribe
/// to ``SCTPEventType/associationChange`` to learn when associations come and go.
///
/// ```swift
/// let server = try SCTPEndpoint("127.0.0.1:0")
/// let message = try server.receiveMessage(into: buffer)
/// _ = try server.sendMessage(reply, info: SCTPSendInfo(association: message.association!))
/// ```
@frozen
public struct SCTPEndpoint: Connection, SCTPSocket, Hashable {
    /// The socket underneath.
    public let netSocket: NetSocket

    /// Creates the socket, binds `address` (every address of a multi-homed one) and, when
    /// `listen` is true, accepts associations from peers. Linux-only.
    ///
    /// - Parameters:
    ///   - address: the local address; port 0 picks a free port (``endpoint()`` reads it back).
    ///     The socket is `AF_INET6` when any address is IPv6, `AF_INET` otherwise.
    ///   - listen: `listen(2)`: let peers set up associations. Without it, only this side can
    ///     start them.
    ///   - initMessage: `SCTP_INITMSG` for new associations, if any.
    ///   - backlog: the `listen(2)` backlog (for one-to-many sockets Linux only uses it as an
    ///     on/off switch).
    /// - Throws: `.protocolNotSupported` (no SCTP in the kernel: ESOCKTNOSUPPORT),
    ///   `.addressInUse`, `.addressNotAvailable`, `.invalidArgument`, ...
    public init(
        _ address: SCTPAddr,
        listen: Bool = true,
        initMessage: SCTPInitMessage? = nil,
        backlog: CInt = defaultBacklog
    ) throws(SocketError) {
        let family = AddressFamily(rawValue: CInt(address.socketFamily()))
        netSocket = try NetSocket.sctp(family: family, type: .seqPacket) { (socket) throws(SocketError) in
            if let initMessage { try SCTPEndpoint(unchecked: socket).setSCTPInitMessage(initMessage) }
            // Dual-stack, said explicitly: never left to the net.ipv6.bindv6only sysctl.
            if family == .inet6 { try socket.setBoolOption(level: .ipv6, name: SC.IPV6_V6ONLY, false) }
            try socket.bindSCTP(address)
            if listen { try socket.listen(backlog: backlog) }
        }
    }

    /// Takes ownership of an open descriptor after checking that it is a one-to-many SCTP socket (the kernel's
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
            types: [.seqPacket],
            protocol: .sctp,
            listening: nil
        )
    }

    @usableFromInline
    init(unchecked socket: NetSocket) { self.netSocket = socket }

    /// Parses `address` (see ``SCTPAddr``) and creates a listening endpoint on it. Linux-only.
    /// - Throws: the parse errors of `init(parsing:)`, then as
    ///   ``init(_:listen:initMessage:backlog:)``.
    public init(_ address: String, listen: Bool = true) throws(SocketError) {
        try self.init(try SCTPAddr(parsing: address), listen: listen)
    }

    /// Starts setting up an association with `address` (all of its addresses) without sending
    /// data: `connect(2)`, or `sctp_connectx` for several addresses. Non-blocking: it returns
    /// while the handshake runs; the association's id arrives with the `SCTP_COMM_UP`
    /// notification (``SCTPAssociationChange``) and with every message it carries. Linux-only.
    ///
    /// - Throws: `.networkUnreachable`, `.addressFamilyNotSupported`, `.invalidArgument`
    ///   (`.addressFamilyMismatch`: IPv6 on an IPv4 endpoint), `.alreadyConnected` (there is
    ///   already an association with that peer), `.closed`.
    public func connect(to address: SCTPAddr) throws(SocketError) {
        do throws(SocketError) {
            try netSocket.connectSCTP(address)
        } catch  where error.code == .inProgress {
            // The association is being set up.
        }
    }

    /// The bound endpoint (`getsockname`), with the real port when bound to port 0. Linux-only.
    /// - Throws: `.closed`.
    public func endpoint() throws(SocketError) -> SCTPAddr {
        try SCTPAddr(try localAddress())
    }

    /// Ends one association: gracefully (`SCTP_EOF`: pending data is delivered first, then
    /// SHUTDOWN), or at once with `abort` (`SCTP_ABORT`), by sending an empty message with that
    /// flag. Other associations are not affected. Linux-only.
    /// - Throws: `.invalidArgument` (no such association), `.closed`, ...
    public func endAssociation(_ association: SCTPAssociationID, abort: Bool = false) throws(SocketError) {
        let info = SCTPSendInfo(flags: abort ? .abort : .endOfFile, association: association)
        _ = try sendMessage(UnsafeRawBufferPointer(start: nil, count: 0), info: info)
    }
}
#endif
