#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The listen backlog Sock uses unless told otherwise (the Go seed's value; the kernel caps it at
/// `net.core.somaxconn`).
public let defaultBacklog: CInt = 511

// Creating sockets: every socket Sock makes comes from here (a new descriptor, a pair, an adopted
// descriptor), and "create, configure, close on error" is written once (`configured`), as is the
// listener set-up (`listening`) and the dial set-up (`dialing`).

extension NetSocket {
    /// A fresh non-blocking, close-on-exec descriptor (the flags are added by `Sys.socket`).
    @usableFromInline
    package static func newDescriptor(
        family: AddressFamily,
        type: SocketType,
        protocol proto: SocketProtocol
    ) throws(SocketError) -> CInt {
        // A family no sa_family_t can hold is one the kernel does not have either: say so, never wrap it.
        guard sa_family_t(exactly: family.rawValue) != nil else {
            throw SocketError(errno: Errno.EAFNOSUPPORT, operation: .socket)
        }
        try InertDescriptor.ensure(.socket)
        return try Sys.descriptor(.socket) { Sys.socket(family.rawValue, type.rawValue, proto.rawValue) }
    }

    /// Creates a socket, runs `configure` on it (options, bind, listen, connect) and returns it; if
    /// `configure` throws, the socket is closed and the error rethrown. The one "create, configure,
    /// close on error" sequence of Sock.
    package static func configured(
        family: AddressFamily,
        type: SocketType,
        protocol proto: SocketProtocol,
        peer: SocketAddress? = nil,
        _ configure: (NetSocket) throws(SocketError) -> Void
    ) throws(SocketError) -> NetSocket {
        let fd = try newDescriptor(family: family, type: type, protocol: proto)
        let socket = NetSocket(owning: fd, family: family, type: type, protocol: proto, peer: peer)
        do throws(SocketError) {
            try configure(socket)
        } catch {
            socket.close()
            throw error
        }
        return socket
    }

    /// A listening socket: created, `SO_REUSEADDR` on (for IP listeners: a restarted server binds
    /// at once), `SO_REUSEPORT` when asked, `IPV6_V6ONLY` set on every IPv6 listener (to
    /// `options.ipv6Only`, false by default: never left to the `net.ipv6.bindv6only` sysctl), then `prepare`
    /// (protocol options), `bind`, and `listen(backlog)`. TCP, Unix and SCTP listeners all come
    /// from here. Closed on any error.
    package static func listening(
        family: AddressFamily,
        type: SocketType,
        protocol proto: SocketProtocol,
        options: ListenOptions,
        prepare: (NetSocket) throws(SocketError) -> Void = { _ in },
        bind: (NetSocket) throws(SocketError) -> Void
    ) throws(SocketError) -> NetSocket {
        try configured(family: family, type: type, protocol: proto) { (socket) throws(SocketError) in
            if family != .unix { try socket.setBoolOption(level: .socket, name: SC.SO_REUSEADDR, true) }
            if options.reusePort { try socket.setBoolOption(level: .socket, name: SC.SO_REUSEPORT, true) }
            if family == .inet6 {
                try socket.setBoolOption(level: .ipv6, name: SC.IPV6_V6ONLY, options.ipv6Only ?? false)
            }
            try prepare(socket)
            try bind(socket)
            try socket.listen(backlog: options.backlog)
        }
    }

    /// A connecting socket: created, `configure` run (options, bind, and the non-blocking
    /// `connect`); `.inProgress` from the connect is success (the handshake continues). Then, for a
    /// positive `timeout`, the handshake is awaited with ``finishConnect(until:)``; on a failed
    /// wait the socket is closed and the error reported for `.dial`. A negative `timeout` is
    /// rejected before anything is created. TCP, UDP, Unix and SCTP dialers all come from here.
    package static func dialing(
        family: AddressFamily,
        type: SocketType,
        protocol proto: SocketProtocol,
        peer: SocketAddress?,
        timeout: Duration? = nil,
        _ configure: (NetSocket) throws(SocketError) -> Void
    ) throws(SocketError) -> NetSocket {
        if let timeout, timeout < .zero { throw .invalid(.negativeTimeout, .dial) }
        let socket = try configured(family: family, type: type, protocol: proto, peer: peer) {
            (socket) throws(SocketError) in
            do throws(SocketError) {
                try configure(socket)
            } catch  where error.code == .inProgress {
                // The handshake continues in the background.
            }
        }
        guard let timeout, timeout > .zero else { return socket }
        do throws(SocketError) {
            try socket.finishConnect(until: .after(timeout))
        } catch {
            socket.close()
            throw SocketError(error.code, errno: error.errno, operation: .dial, detail: error.detail)
        }
        return socket
    }

    /// A connected pair of sockets (`socketpair(2)`), non-blocking and close-on-exec.
    package static func makePair(
        family: AddressFamily,
        type: SocketType,
        protocol proto: SocketProtocol
    ) throws(SocketError) -> (NetSocket, NetSocket) {
        try InertDescriptor.ensure(.socketpair)
        var fds: (CInt, CInt) = (-1, -1)
        _ = try Sys.check(.socketpair) {
            withUnsafeMutablePointer(to: &fds) {
                $0.withMemoryRebound(to: CInt.self, capacity: 2) {
                    Sys.socketpair(family.rawValue, type.rawValue, proto.rawValue, $0)
                }
            }
        }
        return (
            NetSocket(owning: fds.0, family: family, type: type, protocol: proto),
            NetSocket(owning: fds.1, family: family, type: type, protocol: proto)
        )
    }

    /// Takes ownership of an open socket descriptor (one from another library, inherited, or
    /// received with SCM_RIGHTS). Its family, type and protocol are read from the kernel
    /// (`SO_DOMAIN`, `SO_TYPE`, `SO_PROTOCOL` on Linux; elsewhere the family comes from
    /// `getsockname`, and the protocol is ``SocketProtocol/default`` where there is no
    /// `SO_PROTOCOL`), and it is
    /// switched to non-blocking mode if it is not already. The caller must not use or close `fd`
    /// afterwards; if the init throws, `fd` is left as it was and still belongs to the caller. The
    /// typed sockets' `init(adopting:)` also check that the socket is of their kind.
    ///
    /// - Throws: `.notSupported` with errno `ENOTSOCK` for a descriptor that is not a socket (a
    ///   pipe or a file: nothing is changed on it), `.closed` for a number that is not open,
    ///   `.tooManyOpenFiles` when the process cannot open the inert descriptor `close` needs (only
    ///   ever opened once per process).
    public convenience init(adopting fd: CInt) throws(SocketError) {
        let kind = try Self.kind(of: fd)
        try Self.makeNonBlocking(fd)
        self.init(owning: fd, family: kind.family, type: kind.type, protocol: kind.protocol)
    }

    /// What a descriptor no `NetSocket` owns yet is, asked of the kernel without changing it:
    /// `SO_TYPE` first (ENOTSOCK for anything that is not a socket), then the family (`SO_DOMAIN`
    /// on Linux, `getsockname` elsewhere), the protocol (`SO_PROTOCOL` on Linux and FreeBSD) and
    /// whether it listens (`SO_ACCEPTCONN`).
    package static func kind(
        of fd: CInt
    ) throws(SocketError) -> (family: AddressFamily, type: SocketType, protocol: SocketProtocol, listening: Bool) {
        try InertDescriptor.ensure(.fcntl)
        let type = SocketType(rawValue: try intOption(fd, level: .socket, name: SC.SO_TYPE))
        let family: AddressFamily
        let proto: SocketProtocol
        #if os(Linux)
        family = AddressFamily(rawValue: try intOption(fd, level: .socket, name: SC.SO_DOMAIN))
        #else
        // SO_DOMAIN is Linux's (FreeBSD has it only since 14.0, Darwin not at all): the family of
        // the bound address says the same.
        var local = SocketAddress()
        _ = try Sys.check(.getsockname) {
            local.withUnsafeMutableStorage { sa, length in Sys.getsockname(fd, sa, &length) }
        }
        family = AddressFamily(rawValue: CInt(local.family))
        #endif
        #if os(Linux) || os(FreeBSD)
        proto = SocketProtocol(rawValue: try intOption(fd, level: .socket, name: SC.SO_PROTOCOL))
        #else
        proto = .default
        #endif
        let listening = try intOption(fd, level: .socket, name: SC.SO_ACCEPTCONN) != 0
        return (family, type, proto, listening)
    }

    /// Sets `O_NONBLOCK` on a descriptor being adopted, if it is not set already.
    static func makeNonBlocking(_ fd: CInt) throws(SocketError) {
        let flags = try Sys.check(.fcntl) { Sys.fcntl(fd, SC.F_GETFL) }
        if CInt(truncatingIfNeeded: flags) & SC.O_NONBLOCK == 0 {
            _ = try Sys.check(.fcntl) { Sys.fcntl(fd, SC.F_SETFL, flags | Int(SC.O_NONBLOCK)) }
        }
    }

    /// Adopts `fd` for a typed socket after checking, before anything changes, that it is of one of
    /// `families`, of one of `types`, of `protocol` (nil: any; 0 as reported matches too) and listening or
    /// not as `listening` says (nil: either). If a check fails the descriptor is left exactly as it
    /// was, and it is still the caller's (nothing closes it).
    ///
    /// - Throws: `.notSupported` (ENOTSOCK) for a descriptor that is not a socket, `.closed`
    ///   (EBADF) for a number that is not open, `.invalidArgument` with `.socketKindMismatch` for
    ///   a socket of another kind.
    package static func adopting(
        _ fd: CInt,
        families: [AddressFamily],
        types: [SocketType],
        protocol proto: SocketProtocol?,
        listening: Bool?
    ) throws(SocketError) -> NetSocket {
        let kind = try Self.kind(of: fd)
        guard families.contains(kind.family), types.contains(kind.type),
            proto == nil || kind.protocol == proto! || kind.protocol == .default,
            listening == nil || kind.listening == listening!
        else { throw .invalid(.socketKindMismatch, .socket) }
        try makeNonBlocking(fd)
        return NetSocket(owning: fd, family: kind.family, type: kind.type, protocol: kind.protocol)
    }

    /// `getsockopt` of an int on a descriptor no `NetSocket` owns yet.
    static func intOption(_ fd: CInt, level: OptionLevel, name: CInt) throws(SocketError) -> CInt {
        var value: CInt = 0
        var length = socklen_t(MemoryLayout<CInt>.size)
        _ = try Sys.check(.getsockopt) { Sys.getsockopt(fd, level.rawValue, name, &value, &length) }
        return value
    }

    /// Checks that this socket is of `family` (one of them), `type` and `protocol` (0 also matches
    /// a protocol that is the family's default), for a typed socket that wraps an existing
    /// `NetSocket`.
    ///
    /// - Throws: `.invalidArgument` with detail `.socketKindMismatch`.
    package func expect(
        family families: [AddressFamily],
        type expected: SocketType,
        protocol proto: SocketProtocol?
    ) throws(SocketError) {
        try checkOpen(.socket)
        guard families.contains(family), type == expected,
            proto == nil || self.protocol == proto! || self.protocol == .default
        else { throw .invalid(.socketKindMismatch, .socket) }
    }
}

/// The listener options TCP, Unix and SCTP listeners share.
@frozen
public struct ListenOptions: Sendable, Hashable {
    /// Sets `SO_REUSEPORT` before binding: several sockets of the same user may bind the port and
    /// the kernel balances connections between them. Off unless asked for (the Go seed turned it
    /// on by default, which lets a second process silently share a port).
    public var reusePort: Bool
    /// `IPV6_V6ONLY` of an IPv6 listener, always set explicitly (nil means false: dual-stack),
    /// so the answer never depends on the `net.ipv6.bindv6only` sysctl. An unspecified IPv6
    /// address (`[::]`) accepts IPv4 too (as `::ffff:a.b.c.d` peers, which compare equal to their
    /// IPv4 addresses) unless this is true. Ignored elsewhere.
    public var ipv6Only: Bool?
    /// The `listen(2)` backlog (the kernel caps it at `net.core.somaxconn`).
    public var backlog: CInt

    /// Listener options; the defaults are Sock's (no `SO_REUSEPORT`, the system's dual-stack
    /// default, backlog 511).
    @inlinable
    public init(reusePort: Bool = false, ipv6Only: Bool? = nil, backlog: CInt = defaultBacklog) {
        self.reusePort = reusePort
        self.ipv6Only = ipv6Only
        self.backlog = backlog
    }
}
