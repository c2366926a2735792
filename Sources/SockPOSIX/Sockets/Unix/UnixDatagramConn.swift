/// A Unix-domain datagram socket (`unixgram`, `SOCK_DGRAM`), bound with
/// `listen(_:)`, connected with `dial(_:from:)`, or one end of a
/// ``pair()`` (the Go seed's `UnixConn` on the `unixgram` network).
///
/// A ``DatagramSocket``: `DatagramSocket/receive(into:flags:)`
/// returns each datagram with its sender (an unnamed sender cannot be answered: a client that
/// expects replies binds a name, or autobinds on Linux with an empty name) and reports truncation.
/// SockLinux adds descriptor passing, credentials and batches.
@frozen
public struct UnixDatagramConn: DatagramSocket, UnixSocket, Hashable {
    /// The socket underneath.
    public let netSocket: NetSocket

    @inlinable
    init(unchecked socket: NetSocket) { self.netSocket = socket }

    /// Uses an existing `AF_UNIX` `SOCK_DGRAM` ``NetSocket`` as a `UnixDatagramConn`.
    /// - Throws: `.invalidArgument` with `.socketKindMismatch` for any other socket, `.closed`.
    public init(_ socket: NetSocket) throws(SocketError) {
        try socket.expect(family: [.unix], type: .datagram, protocol: nil)
        self.netSocket = socket
    }

    /// Takes ownership of an open descriptor (inherited, from another library, or received with
    /// SCM_RIGHTS) after checking that it is a Unix datagram socket: the kernel's `SO_TYPE`, `SO_DOMAIN`,
    /// `SO_PROTOCOL` and `SO_ACCEPTCONN` are read, and nothing is changed on the descriptor before
    /// they match. Then it is made non-blocking. If the init throws, `fd` is untouched and still
    /// the caller's.
    /// - Throws: `.notSupported` (ENOTSOCK) for a descriptor that is not a socket (a pipe, a file),
    ///   `.closed` (EBADF) for a number that is not open, `.invalidArgument` with
    ///   `.socketKindMismatch` for a socket of another kind.
    public init(adopting fd: CInt) throws(SocketError) {
        netSocket = try NetSocket.adopting(fd, families: [.unix], types: [.datagram], protocol: nil, listening: nil)
    }

    /// The connected peer, if the socket was dialed.
    @inlinable
    public var peer: SocketAddress? { netSocket.peer }

    /// A bound, unconnected datagram socket (Go's `ListenUnixgram`): exchange datagrams with
    /// `DatagramSocket/receive(into:flags:)` and
    /// `send(_:to:flags:)`.
    ///
    /// Sending to a path needs write permission on the socket file and search (`x`) permission on
    /// every directory above it; an abstract name (`@name`, Linux) has no permissions at all: any
    /// process in the network namespace can send to it, or bind it first.
    ///
    /// - Parameters:
    ///   - address: a filesystem path, a Linux abstract name, or the unnamed address (autobind).
    ///   - mode: the permission bits of the socket file, set with `fchmodat(2)` right after
    ///     `bind(2)`; nil (the default) leaves it at `0777 & ~umask`. Only for a path. Unlike a
    ///     listener's, this leaves a window: a datagram socket receives from the moment it is
    ///     bound, so between `bind` and `fchmodat` anyone the umask lets in can send, and what they
    ///     sent stays queued. Bind inside a directory only the intended senders can search (mode
    ///     0700 or 0750), which closes the window; check each sender's credentials
    ///     (`SO_PASSCRED`, on Linux) where it matters.
    /// - Throws: `.addressInUse` (the path exists: Sock never unlinks silently), `.invalidArgument`
    ///   (with `.modeRequiresPath` for a mode on an abstract or unnamed address, `.valueOutOfRange`
    ///   for a mode beyond `0o777`), `.permissionDenied`, ... If setting the mode fails, the
    ///   socket is closed and the file `bind` created is left in place.
    public static func listen(_ address: UnixAddr, mode: UInt32? = nil) throws(SocketError) -> UnixDatagramConn {
        let local = address.address
        try UnixSocketFile.validate(mode, for: local)
        let socket = try NetSocket.configured(family: .unix, type: .datagram, protocol: .default) {
            (socket) throws(SocketError) in try socket.bindUnix(local, mode: mode)
        }
        return UnixDatagramConn(unchecked: socket)
    }

    /// Binds the name `path` (a filesystem path, `@name` for a Linux abstract name, or `""` to
    /// autobind a unique abstract name on Linux). See `listen(_:mode:)`.
    public static func listen(_ path: String, mode: UInt32? = nil) throws(SocketError) -> UnixDatagramConn {
        try listen(try UnixAddr(name: path, network: .unixgram), mode: mode)
    }

    /// A datagram socket connected to `address` (`connect(2)`: `write` sends there and only its
    /// datagrams are received), bound to `local` first when given (needed for the peer to reply).
    /// - Throws: `.connectionRefused` (nobody bound there), `.notFound`, `.permissionDenied`, ...
    public static func dial(_ address: UnixAddr, from local: UnixAddr? = nil) throws(SocketError) -> UnixDatagramConn {
        let remote = address.address
        let socket = try NetSocket.dialing(
            family: .unix,
            type: .datagram,
            protocol: .default,
            peer: SocketAddress(remote)
        ) {
            (socket) throws(SocketError) in
            if let local { try socket.bind(local.address) }
            try socket.connect(to: remote)
        }
        return UnixDatagramConn(unchecked: socket)
    }

    /// Connects to the datagram socket named `path` (and binds `local` first when given). See
    /// `dial(_:from:)`.
    public static func dial(_ path: String, from local: String? = nil) throws(SocketError) -> UnixDatagramConn {
        try dial(
            try UnixAddr(name: path, network: .unixgram),
            from: try local.map { (text) throws(SocketError) in try UnixAddr(name: text, network: .unixgram) }
        )
    }

    /// A connected pair of datagram sockets (`socketpair(2)`).
    /// - Throws: `.tooManyOpenFiles`, ...
    public static func pair() throws(SocketError) -> (UnixDatagramConn, UnixDatagramConn) {
        let (a, b) = try NetSocket.makePair(family: .unix, type: .datagram, protocol: .default)
        return (UnixDatagramConn(unchecked: a), UnixDatagramConn(unchecked: b))
    }

    /// Sends one datagram to `address` (`sendto(2)`).
    /// - Throws: `.wouldBlock` (the receiver's queue is full), `.connectionRefused` (nobody bound
    ///   there), `.notFound`, `.messageTooLarge`, ...
    @inlinable
    public func send(
        _ buffer: UnsafeRawBufferPointer,
        to address: UnixAddr,
        flags: MessageFlags = []
    ) throws(SocketError) -> Int {
        try send(buffer, to: address.address, flags: flags)
    }

    /// Sends the bytes of an array to `address`. See `send(_:to:flags:)`.
    @inlinable
    public func send(_ bytes: [UInt8], to address: UnixAddr, flags: MessageFlags = []) throws(SocketError) -> Int {
        try send(bytes, to: address.address, flags: flags)
    }

    /// Sends the bytes of an array to the socket named `path` (`@name`: abstract).
    @inlinable
    public func send(_ bytes: [UInt8], to path: String, flags: MessageFlags = []) throws(SocketError) -> Int {
        try send(bytes, to: try SockaddrUnix(parsing: path), flags: flags)
    }

    /// Sends the bytes of a span to `address`.
    @inlinable
    public func send(_ span: RawSpan, to address: UnixAddr, flags: MessageFlags = []) throws(SocketError) -> Int {
        try send(span, to: address.address, flags: flags)
    }

    /// Sends one datagram to the socket named `path` (`@name`: abstract).
    @inlinable
    public func send(
        _ buffer: UnsafeRawBufferPointer,
        to path: String,
        flags: MessageFlags = []
    ) throws(SocketError) -> Int {
        try send(buffer, to: try SockaddrUnix(parsing: path), flags: flags)
    }

    /// Sends the bytes of a span to the socket named `path` (`@name`: abstract).
    @inlinable
    public func send(_ span: RawSpan, to path: String, flags: MessageFlags = []) throws(SocketError) -> Int {
        try send(span, to: try SockaddrUnix(parsing: path), flags: flags)
    }
}
