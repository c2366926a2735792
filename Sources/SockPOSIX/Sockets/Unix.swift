import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension UnixNetwork {
    /// The socket type of this network.
    @inlinable
    public var socketType: CInt {
        switch self {
        case .unix: SC.SOCK_STREAM
        case .unixgram: SC.SOCK_DGRAM
        case .unixpacket: SC.SOCK_SEQPACKET
        }
    }
}

/// A Unix-domain connection: stream (`unix`), datagram (`unixgram`) or sequenced packets
/// (`unixpacket`, message boundaries kept), on a path, a Linux abstract name (`@name`) or a
/// ``pair(_:)``.
///
/// Stream reads return 0 at end of stream; datagram and seqpacket reads return one message each.
public final class UnixConn: NetSocket, @unchecked Sendable {
    /// The network (socket type).
    public let network: UnixNetwork
    /// The peer address (for an accepted connection, usually unnamed).
    public let peer: SocketAddress?

    init(fd: CInt, network: UnixNetwork, peer: SocketAddress?) {
        self.network = network
        self.peer = peer
        super.init(owning: fd, domain: SC.AF_UNIX, type: network.socketType, protocol: 0)
    }

    /// Connects to a Unix socket at `address` (non-blocking: a stream connect to a listening socket
    /// completes at once, or throws `.wouldBlock` when the listener's backlog is full).
    /// - Parameters:
    ///   - local: an optional address to bind first (needed for a datagram peer to reply).
    /// - Throws: `.connectionRefused` (nobody listening, or a stale path), `.wouldBlock`,
    ///   `.permissionDenied`, `.invalidArgument` (path too long), ...
    public static func dial(_ address: UnixAddr, from local: UnixAddr? = nil) throws(SocketError) -> UnixConn {
        let remote = address.address
        let fd = try NetSocket.newDescriptor(
            domain: sa_family_t(SC.AF_UNIX),
            type: address.network.socketType,
            proto: 0
        )
        let conn = UnixConn(fd: fd, network: address.network, peer: SocketAddress(remote))
        do throws(SocketError) {
            if let local { try conn.bind(local.address) }
            try conn.connect(to: remote)
        } catch {
            conn.close()
            throw error
        }
        return conn
    }

    /// A bound, unconnected `unixgram` socket: exchange datagrams with ``readFrom(into:)`` and
    /// ``writeTo(_:_:)``. Like Go's `ListenUnixgram`.
    /// - Throws: `.addressInUse` (the path exists: Sock never unlinks silently), ...
    public static func listenDatagram(_ address: UnixAddr) throws(SocketError) -> UnixConn {
        let local = address.address
        let fd = try NetSocket.newDescriptor(domain: sa_family_t(SC.AF_UNIX), type: SC.SOCK_DGRAM, proto: 0)
        let conn = UnixConn(fd: fd, network: .unixgram, peer: nil)
        do throws(SocketError) {
            try conn.bind(local)
        } catch {
            conn.close()
            throw error
        }
        return conn
    }

    /// A connected pair (`socketpair(2)`), e.g. for a parent and a child, or a test.
    /// - Throws: `.tooManyOpenFiles`, ...
    public static func pair(_ network: UnixNetwork = .unix) throws(SocketError) -> (UnixConn, UnixConn) {
        let fds = try NetSocket.rawPair(domain: SC.AF_UNIX, type: network.socketType, protocol: 0)
        return (UnixConn(fd: fds.0, network: network, peer: nil), UnixConn(fd: fds.1, network: network, peer: nil))
    }

    /// Receives one datagram and its sender (zero allocations). For `unixgram`.
    @inlinable
    public func readFrom(
        into buffer: UnsafeMutableRawBufferPointer
    ) throws(SocketError) -> (count: Int, from: SocketAddress, truncated: Bool) {
        var from = SocketAddress()
        let r = try receiveFrom(into: buffer, from: &from)
        return (r.count, from, r.truncated)
    }

    /// Sends one datagram to `address`. For `unixgram`.
    public func writeTo(_ buffer: UnsafeRawBufferPointer, _ address: UnixAddr) throws(SocketError) -> Int {
        try sendTo(buffer, to: address.address)
    }

    /// Receives one message with control data (`recvmsg(2)`, `MSG_CMSG_CLOEXEC`): use it with the
    /// SCM_RIGHTS / SCM_CREDENTIALS helpers of SockLinux.
    public func readMessage(
        into buffer: UnsafeMutableRawBufferPointer,
        control: UnsafeMutableRawBufferPointer
    ) throws(SocketError) -> MessageResult {
        try receiveMessage(into: buffer, control: control, flags: 0)
    }
}

/// A listening Unix socket (`unix` or `unixpacket`).
///
/// Sock never removes an existing path: binding over a stale socket file throws `.addressInUse`
/// (remove it yourself if you know it is stale). `close()` leaves the file too.
public final class UnixListener: NetSocket, @unchecked Sendable {
    /// The network (`.unix` or `.unixpacket`).
    public let network: UnixNetwork
    /// The bound address.
    public let address: UnixAddr

    /// Binds `address` and listens.
    /// - Throws: `.invalidArgument` with `.unknownNetwork` for `.unixgram` (use
    ///   ``UnixConn/listenDatagram(_:)``), `.addressInUse`, `.permissionDenied`, ...
    public init(_ address: UnixAddr, backlog: CInt = defaultBacklog) throws(SocketError) {
        guard address.network != .unixgram else { throw .invalid(.unknownNetwork, .listenSocket) }
        let local = address.address
        self.network = address.network
        self.address = address
        super.init(
            owning: try NetSocket.newDescriptor(
                domain: sa_family_t(SC.AF_UNIX),
                type: address.network.socketType,
                proto: 0
            ),
            domain: SC.AF_UNIX,
            type: address.network.socketType,
            protocol: 0
        )
        do throws(SocketError) {
            try bind(local)
            try listen(backlog: backlog)
        } catch {
            close()
            throw error
        }
    }

    /// Accepts one pending connection (non-blocking; `.wouldBlock` when none is pending unless a
    /// read deadline is set).
    public func accept() throws(SocketError) -> UnixConn {
        var peer = SocketAddress()
        let fd = try acceptRaw(&peer)
        return UnixConn(fd: fd, network: network, peer: peer)
    }
}
