#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A UDP socket (`SOCK_DGRAM`, `IPPROTO_UDP`), bound with `listen(_:reusePort:ipv6Only:)` or
/// connected with `dial(_:from:)` (the Go seed's `UDPConn`).
///
/// A ``DatagramSocket``: `DatagramSocket/receive(into:flags:)`
/// and `send(_:to:flags:)` exchange datagrams with any peer and
/// never allocate; `read(into:)`/`write(_:)` work on a connected socket. Messages carry control
/// data (SockLinux parses and builds it), and SockLinux adds batches (`sendmmsg`/`recvmmsg`),
/// GSO/GRO and multicast. A datagram longer than the buffer is reported as truncated by `receive`
/// and `receiveMessage`; a plain `read` cuts it silently, as `read(2)` does.
@frozen
public struct UDPConn: DatagramSocket, IPSocket, Hashable {
    /// The socket underneath.
    public let netSocket: NetSocket

    @inlinable
    init(unchecked socket: NetSocket) { self.netSocket = socket }

    /// Uses an existing UDP ``NetSocket`` as a `UDPConn`.
    /// - Throws: `.invalidArgument` with `.socketKindMismatch` when it is not an IPv4 or IPv6
    ///   `SOCK_DGRAM` UDP socket, `.closed`.
    public init(_ socket: NetSocket) throws(SocketError) {
        try socket.expect(family: [.inet, .inet6], type: .datagram, protocol: .udp)
        self.netSocket = socket
    }

    /// Takes ownership of an open descriptor (inherited, from another library, or received with
    /// SCM_RIGHTS) after checking that it is a UDP socket (IPv4 or IPv6): the kernel's `SO_TYPE`, `SO_DOMAIN`,
    /// `SO_PROTOCOL` and `SO_ACCEPTCONN` are read, and nothing is changed on the descriptor before
    /// they match. Then it is made non-blocking. If the init throws, `fd` is untouched and still
    /// the caller's.
    /// - Throws: `.notSupported` (ENOTSOCK) for a descriptor that is not a socket (a pipe, a file),
    ///   `.closed` (EBADF) for a number that is not open, `.invalidArgument` with
    ///   `.socketKindMismatch` for a socket of another kind.
    public init(adopting fd: CInt) throws(SocketError) {
        netSocket = try NetSocket.adopting(
            fd,
            families: [.inet, .inet6],
            types: [.datagram],
            protocol: .udp,
            listening: nil
        )
    }

    /// The connected peer, if the socket was dialed.
    @inlinable
    public var peer: SocketAddress? { netSocket.peer }

    /// A UDP socket bound to `address` (port 0: any free port; read it with ``endpoint()``).
    ///
    /// - Parameters:
    ///   - address: the local address. On an IPv6 socket `IPV6_V6ONLY` is always set explicitly
    ///     (never left to the `net.ipv6.bindv6only` sysctl): an unspecified `[::]` also receives
    ///     IPv4 datagrams (their senders as `::ffff:a.b.c.d`) unless `ipv6Only` is true.
    ///   - reusePort: sets `SO_REUSEPORT` before binding.
    ///   - ipv6Only: `IPV6_V6ONLY` for an IPv6 socket (nil: false). Ignored for IPv4.
    /// - Throws: `.addressInUse`, `.addressNotAvailable`, `.invalidArgument`, ...
    public static func listen(
        _ address: UDPAddr,
        reusePort: Bool = false,
        ipv6Only: Bool? = nil
    ) throws(SocketError) -> UDPConn {
        let local = try address.sockaddr()
        let family = AddressFamily(rawValue: CInt(local.family))
        let socket = try NetSocket.configured(family: family, type: .datagram, protocol: .udp) {
            (socket) throws(SocketError) in
            if reusePort { try socket.setReusePort(true) }
            if family == .inet6 { try socket.setBoolOption(level: .ipv6, name: SC.IPV6_V6ONLY, ipv6Only ?? false) }
            try socket.bind(local)
        }
        return UDPConn(unchecked: socket)
    }

    /// Parses `address` and binds to it. See ``listen(_:reusePort:ipv6Only:)-(UDPAddr,_,_)``.
    public static func listen(
        _ address: String,
        reusePort: Bool = false,
        ipv6Only: Bool? = nil
    ) throws(SocketError) -> UDPConn {
        try listen(try UDPAddr(parsing: address), reusePort: reusePort, ipv6Only: ipv6Only)
    }

    /// A UDP socket connected to `address` (`connect(2)` sets the default destination and filters
    /// incoming datagrams to that peer).
    /// - Throws: `.networkUnreachable`, `.addressNotAvailable`, `.invalidArgument`, ...
    public static func dial(_ address: UDPAddr, from local: UDPAddr? = nil) throws(SocketError) -> UDPConn {
        let remote = try address.sockaddr()
        let socket = try NetSocket.dialing(
            family: AddressFamily(rawValue: CInt(remote.family)),
            type: .datagram,
            protocol: .udp,
            peer: SocketAddress(remote)
        ) { (socket) throws(SocketError) in
            if let local { try socket.bind(try local.sockaddr(matching: remote.family)) }
            try socket.connect(to: remote)
        }
        return UDPConn(unchecked: socket)
    }

    /// Parses `address` (and `local`) and dials. See `dial(_:from:)`.
    public static func dial(_ address: String, from local: String? = nil) throws(SocketError) -> UDPConn {
        try dial(
            try UDPAddr(parsing: address),
            from: try local.map { (text) throws(SocketError) in try UDPAddr(parsing: text) }
        )
    }

    /// The bound endpoint (`getsockname`), with the real port when bound to port 0.
    /// - Throws: `.closed`.
    public func endpoint() throws(SocketError) -> UDPAddr {
        try UDPAddr(try localAddress())
    }

    /// Sends one datagram to an endpoint (`sendto(2)`). An IPv4 address on an IPv6 socket is sent
    /// as its IPv4-mapped form.
    /// - Throws: `.wouldBlock`, `.messageTooLarge`, `.networkUnreachable`, `.invalidArgument`
    ///   (`.addressFamilyMismatch`: IPv6 on an IPv4 socket), ...
    @inlinable
    public func send(
        _ buffer: UnsafeRawBufferPointer,
        to address: UDPAddr,
        flags: MessageFlags = []
    ) throws(SocketError) -> Int {
        try send(buffer, to: try address.sockaddr(matching: sa_family_t(family.rawValue)), flags: flags)
    }

    /// Sends the bytes of an array to an endpoint. See `send(_:to:flags:)`.
    @inlinable
    public func send(_ bytes: [UInt8], to address: UDPAddr, flags: MessageFlags = []) throws(SocketError) -> Int {
        try send(bytes, to: try address.sockaddr(matching: sa_family_t(family.rawValue)), flags: flags)
    }

    /// Sends the bytes of a span to an endpoint. See `send(_:to:flags:)`.
    @inlinable
    public func send(_ span: RawSpan, to address: UDPAddr, flags: MessageFlags = []) throws(SocketError) -> Int {
        try send(span, to: try address.sockaddr(matching: sa_family_t(family.rawValue)), flags: flags)
    }

    /// Parses `address` (`"127.0.0.1:53"`) and sends the bytes of an array to it.
    @inlinable
    public func send(_ bytes: [UInt8], to address: String, flags: MessageFlags = []) throws(SocketError) -> Int {
        try send(bytes, to: try UDPAddr(parsing: address), flags: flags)
    }

    /// Parses `address` (`"127.0.0.1:53"`, `"[::1]:53"`) and sends one datagram to it.
    @inlinable
    public func send(
        _ buffer: UnsafeRawBufferPointer,
        to address: String,
        flags: MessageFlags = []
    ) throws(SocketError) -> Int {
        try send(buffer, to: try UDPAddr(parsing: address), flags: flags)
    }

    /// Parses `address` and sends the bytes of a span to it.
    @inlinable
    public func send(_ span: RawSpan, to address: String, flags: MessageFlags = []) throws(SocketError) -> Int {
        try send(span, to: try UDPAddr(parsing: address), flags: flags)
    }
}
