#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A raw IP socket (`SOCK_RAW`), e.g. for ICMP echo. Needs `CAP_NET_RAW` (or root): without it,
/// creation throws `.permissionDenied`.
///
/// A ``DatagramSocket`` (each packet is one datagram; the port of an address is ignored) and an
/// ``IPSocket``; SockLinux adds multicast. On IPv4, received packets include the IP header; on
/// IPv6 they do not (the kernel strips it).
@frozen
public struct RawConn: DatagramSocket, IPSocket, Hashable {
    /// The socket underneath.
    public let netSocket: NetSocket

    /// A raw socket for `proto` (`.icmp`, `.icmpv6`, ...) on IPv4 or IPv6, optionally bound to
    /// `local`.
    /// - Throws: `.permissionDenied` without `CAP_NET_RAW`, `.protocolNotSupported`, ...
    public init(ipv6: Bool, protocol proto: SocketProtocol, local: IPAddr? = nil) throws(SocketError) {
        let family: AddressFamily = ipv6 ? .inet6 : .inet
        netSocket = try NetSocket.configured(family: family, type: .raw, protocol: proto) {
            (socket) throws(SocketError) in
            if let local { try socket.bind(try local.sockaddr(port: 0, matching: sa_family_t(family.rawValue))) }
        }
    }

    /// Uses an existing raw IPv4 or IPv6 ``NetSocket`` as a `RawConn`.
    /// - Throws: `.invalidArgument` with `.socketKindMismatch` for any other socket, `.closed`.
    public init(_ socket: NetSocket) throws(SocketError) {
        try socket.expect(family: [.inet, .inet6], type: .raw, protocol: nil)
        self.netSocket = socket
    }

    /// Takes ownership of an open descriptor (inherited, from another library, or received with
    /// SCM_RIGHTS) after checking that it is a raw IPv4 or IPv6 socket: the kernel's `SO_TYPE`, `SO_DOMAIN`,
    /// `SO_PROTOCOL` and `SO_ACCEPTCONN` are read, and nothing is changed on the descriptor before
    /// they match. Then it is made non-blocking. If the init throws, `fd` is untouched and still
    /// the caller's.
    /// - Throws: `.notSupported` (ENOTSOCK) for a descriptor that is not a socket (a pipe, a file),
    ///   `.closed` (EBADF) for a number that is not open, `.invalidArgument` with
    ///   `.socketKindMismatch` for a socket of another kind.
    public init(adopting fd: CInt) throws(SocketError) {
        netSocket = try NetSocket.adopting(fd, families: [.inet, .inet6], types: [.raw], protocol: nil, listening: nil)
    }

    /// An ICMPv4 (`IPPROTO_ICMP`) raw socket.
    public static func icmp4() throws(SocketError) -> RawConn { try RawConn(ipv6: false, protocol: .icmp) }

    /// An ICMPv6 (`IPPROTO_ICMPV6`) raw socket.
    public static func icmp6() throws(SocketError) -> RawConn { try RawConn(ipv6: true, protocol: .icmpv6) }

    /// Connects the socket to `address` (`connect(2)`): `write` then sends there and only its
    /// packets are received.
    /// - Throws: `.networkUnreachable`, `.invalidArgument`, `.closed`, ...
    public func connect(to address: IPAddr) throws(SocketError) {
        try netSocket.connect(to: try address.sockaddr(port: 0, matching: sa_family_t(family.rawValue)))
    }

    /// Sends one packet to `address` (`sendto(2)`).
    /// - Throws: `.wouldBlock`, `.messageTooLarge`, `.networkUnreachable`, `.invalidArgument`, ...
    @inlinable
    public func send(
        _ buffer: UnsafeRawBufferPointer,
        to address: IPAddr,
        flags: MessageFlags = []
    ) throws(SocketError) -> Int {
        try send(buffer, to: try address.sockaddr(port: 0, matching: sa_family_t(family.rawValue)), flags: flags)
    }

    /// Sends the bytes of an array to `address`. See `send(_:to:flags:)`.
    @inlinable
    public func send(_ bytes: [UInt8], to address: IPAddr, flags: MessageFlags = []) throws(SocketError) -> Int {
        try send(bytes, to: try address.sockaddr(port: 0, matching: sa_family_t(family.rawValue)), flags: flags)
    }

    /// Parses `address` (an IP literal) and sends the bytes of an array to it.
    @inlinable
    public func send(_ bytes: [UInt8], to address: String, flags: MessageFlags = []) throws(SocketError) -> Int {
        try send(bytes, to: try IPAddr(parsing: address), flags: flags)
    }

    /// `IP_HDRINCL` (IPv4): the caller supplies the IP header on send.
    /// - Throws: `.notSupported` (IPv6), `.closed`.
    public func setHeaderIncluded(_ on: Bool) throws(SocketError) {
        try setBoolOption(level: SC.IPPROTO_IP, name: SC.IP_HDRINCL, on)
    }

    /// `IP_HDRINCL`.
    public func headerIncluded() throws(SocketError) -> Bool {
        try getBoolOption(level: SC.IPPROTO_IP, name: SC.IP_HDRINCL)
    }

    /// Sends the bytes of a span to `address`.
    @inlinable
    public func send(_ span: RawSpan, to address: IPAddr, flags: MessageFlags = []) throws(SocketError) -> Int {
        try send(span, to: try address.sockaddr(port: 0, matching: sa_family_t(family.rawValue)), flags: flags)
    }

    /// Parses `address` (an IP literal) and sends one packet to it.
    @inlinable
    public func send(
        _ buffer: UnsafeRawBufferPointer,
        to address: String,
        flags: MessageFlags = []
    ) throws(SocketError) -> Int {
        try send(buffer, to: try IPAddr(parsing: address), flags: flags)
    }

    /// Parses `address` (an IP literal) and sends the bytes of a span to it.
    @inlinable
    public func send(_ span: RawSpan, to address: String, flags: MessageFlags = []) throws(SocketError) -> Int {
        try send(span, to: try IPAddr(parsing: address), flags: flags)
    }

    /// Parses `address` (an IP literal) and connects to it. See `connect(to:)`.
    public func connect(to address: String) throws(SocketError) {
        try connect(to: try IPAddr(parsing: address))
    }
}
