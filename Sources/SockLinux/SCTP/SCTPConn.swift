#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A one-to-one SCTP association (`SOCK_STREAM`, `IPPROTO_SCTP`), from ``SCTPListener/accept()``,
/// ``SCTPConn/dial(_:from:)`` or ``SCTPDialer``. Linux-only.
///
/// Byte I/O works as on a ``TCPConn`` (`read(into:)`,
/// `write(_:)`; non-blocking, with deadlines; a read returns 0
/// once the peer has shut the association down), but SCTP keeps message boundaries: a write sends
/// one message, a read returns at most one. The message API (`sendMessage(_:info:)`,
/// `receiveMessage(into:)`) adds streams, payload
/// protocol ids, unordered delivery and notifications; see ``SCTPSocket`` for the options.
@frozen
public struct SCTPConn: StreamConnection, SCTPSocket, Hashable {
    /// The socket underneath.
    public let netSocket: NetSocket

    @usableFromInline
    init(unchecked socket: NetSocket) { self.netSocket = socket }

    /// Takes ownership of an open descriptor after checking that it is a one-to-one SCTP association (not listening) (the kernel's
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
            listening: false
        )
    }

    /// The peer address, as the kernel reported it at accept or as given to dial (its first
    /// address).
    @inlinable
    public var peer: SocketAddress { netSocket.peer ?? SocketAddress() }

    /// The remote endpoint (the address in ``peer``; ``SCTPSocket/peerAddresses(association:)``
    /// lists every address of a multi-homed peer).
    public var remoteEndpoint: SCTPAddr? { try? SCTPAddr(peer) }

    /// The local endpoint (`getsockname`: one address; ``SCTPSocket/localAddresses(association:)``
    /// lists them all). Linux-only.
    /// - Throws: `.closed`.
    public func localEndpoint() throws(SocketError) -> SCTPAddr { try SCTPAddr(try localAddress()) }

    /// Starts a non-blocking association to `address` and returns at once (the handshake may
    /// still be running: a write then throws `.wouldBlock` until it completes; wait with
    /// ``Connection/finishConnect(until:)``). See ``SCTPDialer`` to wait with a timeout. Linux-only.
    ///
    /// - Throws: `.protocolNotSupported` (no SCTP in the kernel), `.connectionRefused`,
    ///   `.networkUnreachable`, `.invalidArgument`, ...
    public static func dial(_ address: SCTPAddr, from local: SCTPAddr? = nil) throws(SocketError) -> SCTPConn {
        try SCTPDialer().dial(address, from: local)
    }

    /// Parses `address` (see ``SCTPAddr``) and dials it. Linux-only.
    public static func dial(_ address: String) throws(SocketError) -> SCTPConn {
        try SCTPDialer().dial(try SCTPAddr(parsing: address))
    }
}

/// Sets up one-to-one SCTP associations, optionally waiting for the handshake. Linux-only.
///
/// Both ends of a Sock association are `SOCK_STREAM` sockets (the Go seed dialed with
/// `SOCK_SEQPACKET` against a `SOCK_STREAM` listener). With a ``timeout``, ``dial(_:from:)``
/// waits on readiness until the association is established or the timeout passes (`.timedOut`;
/// the socket is closed). With no timeout (or `.zero`) it returns a connection whose handshake
/// may still be running: a zero timeout never closes the socket and fails, unlike the seed's.
@frozen
public struct SCTPDialer: Sendable {
    /// How long ``dial(_:from:)`` waits for the handshake. `nil` or `.zero`: don't wait.
    public var timeout: Duration?
    /// `SCTP_INITMSG` for the new association (streams to request, INIT retries), if any.
    public var initMessage: SCTPInitMessage?
    /// `SCTP_NODELAY` on the new socket.
    public var noDelay: Bool

    /// Creates a dialer.
    @inlinable
    public init(timeout: Duration? = nil, initMessage: SCTPInitMessage? = nil, noDelay: Bool = false) {
        self.timeout = timeout
        self.initMessage = initMessage
        self.noDelay = noDelay
    }

    /// Sets up an association with `address` (all its addresses, through `sctp_connectx`, when
    /// it has several), from `local` if given (bound with `bind`/`sctp_bindx` first), waiting at
    /// most ``timeout``. The socket is `AF_INET6` when any address is IPv6, `AF_INET` otherwise. Linux-only.
    ///
    /// - Throws: `.timedOut`, `.connectionRefused` (the peer answered with ABORT),
    ///   `.networkUnreachable`, `.hostUnreachable`, `.protocolNotSupported` (no SCTP in the
    ///   kernel), `.invalidArgument` (`.negativeTimeout`, a bad address), ...
    public func dial(_ address: SCTPAddr, from local: SCTPAddr? = nil) throws(SocketError) -> SCTPConn {
        let family = address.socketFamily(with: local)
        let first = try address.sockaddr(at: 0, matching: family)
        let socket = try NetSocket.dialing(
            family: AddressFamily(rawValue: CInt(family)),
            type: .stream,
            protocol: .sctp,
            peer: SocketAddress(first),
            timeout: timeout
        ) { (socket) throws(SocketError) in
            try socket.enableReceiveInfo()
            let conn = SCTPConn(unchecked: socket)
            if let initMessage { try conn.setSCTPInitMessage(initMessage) }
            if noDelay { try conn.setSCTPNoDelay(true) }
            if let local { try socket.bindSCTP(local) }
            try socket.connectSCTP(address)
        }
        return SCTPConn(unchecked: socket)
    }

    /// Parses `address` (see ``SCTPAddr``) and dials it. Linux-only.
    public func dial(_ address: String) throws(SocketError) -> SCTPConn {
        try dial(try SCTPAddr(parsing: address))
    }
}
#endif
