#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The untyped socket's own operations: what the typed sockets do in their constructors (bind,
// listen, connect, accept), available directly on a `NetSocket` for families and protocols Sock
// does not name. A `NetSocket` is also a `StreamConnection` (read, write, shutdown, messages);
// its datagram calls (`receive(into:flags:)`, `send(_:to:flags:)`) are below.

extension NetSocket: StreamConnection {
    /// Binds the socket to `address`. The corresponding C function is `bind`.
    /// - Throws: `.addressInUse`, `.addressNotAvailable`, `.permissionDenied`, `.invalidArgument`
    ///   (already bound, or a family mismatch), `.closed`.
    @inlinable
    public func bind(_ address: some Sockaddr) throws(SocketError) {
        _ = try call(.bind) { fd in address.withUnsafeSockaddr { sa, len in Sys.bind(fd, sa, len) } }
    }

    /// Marks the socket as accepting connections. The corresponding C function is `listen`.
    /// - Throws: `.addressInUse`, `.notSupported` (datagram sockets), `.closed`.
    @inlinable
    public func listen(backlog: CInt = defaultBacklog) throws(SocketError) {
        _ = try call(.listen) { Sys.listen($0, backlog) }
    }

    /// Starts connecting to `address` (non-blocking `connect(2)`).
    ///
    /// Returns normally when the connection is established at once (Unix sockets, usually) or was
    /// already (EISCONN, as in the Go seed: connecting a connected socket is success), and throws
    /// `.inProgress` when the handshake continues in the background: learn its outcome with
    /// ``Connection/finishConnect(until:)``. EINTR also means "in progress" (the kernel keeps
    /// connecting).
    /// - Throws: `.inProgress`, `.connectionRefused`, `.wouldBlock` (a Unix listener's backlog is
    ///   full), `.networkUnreachable`, `.addressNotAvailable`, `.closed`, ...
    @inlinable
    public func connect(to address: some Sockaddr) throws(SocketError) {
        let e = try callReturningErrno(.connect) { fd in
            address.withUnsafeSockaddr { sa, len in Sys.connect(fd, sa, len) }
        }
        guard let e, e != Errno.EISCONN else { return }
        if e == Errno.EINTR { throw SocketError(.inProgress, errno: e, operation: .connect) }
        throw SocketError(errno: e, operation: .connect)
    }

    /// Parses `address` for this socket's family and connects to it: `host:port` (an IP literal)
    /// on an `AF_INET`/`AF_INET6` socket (an IPv4 address on an IPv6 socket is used IPv4-mapped),
    /// a path or `@name` on an `AF_UNIX` socket. See `connect(to:)`.
    /// - Throws: the parse errors (`.invalidArgument` with `.malformedHostPort`, `.pathTooLong`,
    ///   ...), `.invalidArgument` with `.unsupportedFamily` for another family, then as
    ///   `connect(to:)`.
    public func connect(to address: String) throws(SocketError) {
        switch family {
        case .unix: try connect(to: try SockaddrUnix(parsing: address))
        case .inet, .inet6:
            try connect(to: try TCPAddr(parsing: address).sockaddr(matching: sa_family_t(family.rawValue)))
        default: throw .invalid(.unsupportedFamily, .connect)
        }
    }

    /// Parses `address` for this socket's family and binds to it (see `connect(to:)`
    /// for the notations). The corresponding C function is `bind`.
    /// - Throws: the parse errors, `.invalidArgument` with `.unsupportedFamily` for another family,
    ///   then as `bind(_:)`.
    public func bind(_ address: String) throws(SocketError) {
        switch family {
        case .unix: try bind(try SockaddrUnix(parsing: address))
        case .inet, .inet6: try bind(try TCPAddr(parsing: address).sockaddr(matching: sa_family_t(family.rawValue)))
        default: throw .invalid(.unsupportedFamily, .bind)
        }
    }

    /// Accepts one pending connection with `accept4(2)` (`SOCK_NONBLOCK | SOCK_CLOEXEC`,
    /// atomically), as a socket of this one's family, type and protocol, with the peer's address.
    ///
    /// Non-blocking: throws `.wouldBlock` when nothing is pending, unless a read deadline is set.
    /// `ECONNABORTED` (a connection reset while queued) is skipped, as is EINTR.
    /// - Throws: `.wouldBlock`, `.timedOut`, `.closed`, `.tooManyOpenFiles` (the pending connection
    ///   stays queued), `.invalidArgument` (not listening).
    public func accept() throws(SocketError) -> (socket: NetSocket, peer: SocketAddress) {
        let socket = try acceptSocket()
        return (socket, socket.peer ?? SocketAddress())
    }

    /// A connected pair of sockets (`socketpair(2)`; non-blocking, close-on-exec).
    /// - Throws: `.protocolNotSupported`, `.tooManyOpenFiles`, ...
    public static func pair(
        family: AddressFamily = .unix,
        type: SocketType,
        protocol proto: SocketProtocol = .default
    ) throws(SocketError) -> (NetSocket, NetSocket) {
        try makePair(family: family, type: type, protocol: proto)
    }

    /// Receives one message and its sender with `recvfrom(2)`. On a datagram or seqpacket socket
    /// Sock adds `MSG_TRUNC` so truncation is reported (see ``DatagramSocket``); on a stream it
    /// does not (there it would discard the bytes), and ``MessageResult/isTruncated`` is false.
    /// - Throws: `.wouldBlock`, `.timedOut`, `.closed`, ...
    public func receive(
        into buffer: UnsafeMutableRawBufferPointer,
        flags: MessageFlags = []
    ) throws(SocketError) -> MessageResult {
        if type == .stream {
            var sender = SocketAddress()
            let n = try sender.withUnsafeMutableStorage { (sa, len) throws(SocketError) -> Int in
                try io(.receiveFrom, .read) { fd in
                    len = AddressLayout.storageLength
                    return Sys.recvfrom(fd, buffer.baseAddress, buffer.count, flags.rawValue, sa, &len)
                }
            }
            return MessageResult(count: n, sender: sender)
        }
        return try receiveDatagram(into: buffer, flags: flags)
    }

    /// Sends to `address` with `sendto(2)` (`MSG_NOSIGNAL`).
    /// - Throws: `.wouldBlock`, `.messageTooLarge`, `.alreadyConnected`, `.invalidArgument`, ...
    public func send(
        _ buffer: UnsafeRawBufferPointer,
        to address: some Sockaddr,
        flags: MessageFlags = []
    ) throws(SocketError) -> Int {
        try sendDatagram(buffer, to: address, flags: flags)
    }
}
