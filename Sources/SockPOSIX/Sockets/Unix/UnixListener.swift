/// A listening Unix socket (`unix` or `unixpacket`).
///
/// Sock never removes an existing path: binding over a stale socket file throws `.addressInUse`
/// (remove it yourself if you know it is stale). `close()` leaves the file too.
///
/// ## Who can connect
///
/// - **A path**: `connect(2)` needs write permission on the socket file and search (`x`)
///   permission on every directory above it (root passes both). `bind(2)` creates the file with
///   mode `0777 & ~umask`: with the usual umask 022 only the owner may connect (0755), with umask
///   000 everyone may (0777). Pass `mode:` to set the file's permission bits yourself: the
///   listener binds, sets them (on the socket file itself: it opens the path with `O_PATH |
///   O_NOFOLLOW`, checks it is a socket, and changes that inode, so a symbolic link swapped in
///   after `bind` is refused with ELOOP rather than followed) and only then listens, and until
///   `listen(2)` every connect is refused, so no client ever sees the umask's mode. The robust way
///   is still a directory of the service's own (mode 0700, or 0750 for a group): whoever can write
///   the directory can remove the file and bind their own in its place at any time.
/// - **A Linux abstract name** (`@name`): no file and no permissions. Any process in the same
///   network namespace (a container sharing it included) can connect, and can bind the name first
///   so that clients reach it instead. Check the peer's credentials on both ends
///   (`UnixConn/peerCredentials()` on Linux: the server checks each client's, the client checks the
///   server's).
@frozen
public struct UnixListener: Listener, UnixSocket, Hashable {
    /// The socket underneath.
    public let netSocket: NetSocket
    /// The bound address.
    public let address: UnixAddr

    /// Binds `address`, sets the socket file's mode when `mode` is given, and listens.
    /// - Parameters:
    ///   - address: a filesystem path or a Linux abstract name (`@name`).
    ///   - mode: the permission bits of the socket file (e.g. `0o600`: only the owner may connect;
    ///     `0o660`: the group too), set with `fchmodat(2)` between `bind(2)` and `listen(2)`, so
    ///     the umask never decides. Nil (the default) leaves the file at `0777 & ~umask`. Only for
    ///     a path: an abstract or unnamed address has no file.
    ///   - backlog: the `listen(2)` backlog.
    /// - Throws: `.invalidArgument` with `.unknownNetwork` for `.unixgram` (use
    ///   `UnixDatagramConn/listen(_:mode:)`), with `.modeRequiresPath` for a mode on an abstract or
    ///   unnamed address, with `.valueOutOfRange` for a mode beyond `0o777`; `.addressInUse`,
    ///   `.permissionDenied`, `.notFound` (a missing directory), ... If setting the mode or
    ///   listening fails, the socket is closed and the file `bind` created is left in place.
    public init(_ address: UnixAddr, mode: UInt32? = nil, backlog: CInt = defaultBacklog) throws(SocketError) {
        guard address.network != .unixgram else { throw .invalid(.unknownNetwork, .listenSocket) }
        let local = address.address
        try UnixSocketFile.validate(mode, for: local)
        self.address = address
        netSocket = try NetSocket.listening(
            family: .unix,
            type: address.network.socketType,
            protocol: .default,
            options: ListenOptions(backlog: backlog)
        ) { (socket) throws(SocketError) in try socket.bindUnix(local, mode: mode) }
    }

    /// Binds the name `path` (a filesystem path, or `@name` for a Linux abstract name) on `network`
    /// and listens. See `init(_:mode:backlog:)`.
    public init(
        _ path: String,
        network: UnixNetwork = .unix,
        mode: UInt32? = nil,
        backlog: CInt = defaultBacklog
    ) throws(SocketError) {
        try self.init(try UnixAddr(name: path, network: network), mode: mode, backlog: backlog)
    }

    /// Takes ownership of an open descriptor (inherited, e.g. from systemd socket activation, or
    /// received with SCM_RIGHTS) after checking that it is a listening Unix stream or seqpacket
    /// socket: the kernel's `SO_TYPE`, `SO_DOMAIN` and `SO_ACCEPTCONN` are read, and nothing is
    /// changed on the descriptor before they match. ``address`` comes from `getsockname`. If the
    /// init throws, `fd` is untouched and still the caller's.
    /// - Throws: `.notSupported` (ENOTSOCK) for a descriptor that is not a socket, `.closed`
    ///   (EBADF) for a number that is not open, `.invalidArgument` with `.socketKindMismatch` for a
    ///   socket of another kind.
    public init(adopting fd: CInt) throws(SocketError) {
        var local = SocketAddress()
        _ = try Sys.check(.getsockname) {
            local.withUnsafeMutableStorage { sa, length in Sys.getsockname(fd, sa, &length) }
        }
        let socket = try NetSocket.adopting(
            fd,
            families: [.unix],
            types: [.stream, .seqPacket],
            protocol: nil,
            listening: true
        )
        netSocket = socket
        address = UnixAddr(local.unix ?? .unnamed, network: socket.type == .seqPacket ? .unixpacket : .unix)
    }

    /// The network (`.unix` or `.unixpacket`).
    @inlinable
    public var network: UnixNetwork { address.network }

    /// Accepts one pending connection (non-blocking; `.wouldBlock` when none is pending unless a
    /// read deadline is set).
    /// - Throws: `.wouldBlock`, `.timedOut`, `.closed`, `.tooManyOpenFiles`, ...
    @inlinable
    public func accept() throws(SocketError) -> UnixConn {
        UnixConn(unchecked: try netSocket.acceptSocket())
    }
}
