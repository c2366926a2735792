import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The portable socket options, as typed accessors on every socket. Names follow the Go seed
// (`setNoDelay`, `setKeepAlive`, ...) so a Go user finds them; each says which C option it wraps.
// Every accessor throws `.closed` on a closed socket and `.notSupported` where the kernel lacks the
// option for this socket type.

extension NetSocket {
    /// `SO_REUSEADDR`. Sock turns it on for TCP listeners.
    public final func setReuseAddress(_ on: Bool) throws(SocketError) {
        try setBoolOption(level: SC.SOL_SOCKET, name: SC.SO_REUSEADDR, on)
    }
    /// `SO_REUSEADDR`.
    public final func reuseAddress() throws(SocketError) -> Bool {
        try getBoolOption(level: SC.SOL_SOCKET, name: SC.SO_REUSEADDR)
    }

    /// `SO_REUSEPORT`: several sockets (of the same user) may bind the same port and the kernel
    /// balances between them. Off unless asked for (the Go seed turned it on by default, which lets
    /// a second process silently share a port). Set it before `bind`.
    public final func setReusePort(_ on: Bool) throws(SocketError) {
        try setBoolOption(level: SC.SOL_SOCKET, name: SC.SO_REUSEPORT, on)
    }
    /// `SO_REUSEPORT`.
    public final func reusePort() throws(SocketError) -> Bool {
        try getBoolOption(level: SC.SOL_SOCKET, name: SC.SO_REUSEPORT)
    }

    /// `SO_KEEPALIVE`.
    public final func setKeepAlive(_ on: Bool) throws(SocketError) {
        try setBoolOption(level: SC.SOL_SOCKET, name: SC.SO_KEEPALIVE, on)
    }
    /// `SO_KEEPALIVE`.
    public final func keepAlive() throws(SocketError) -> Bool {
        try getBoolOption(level: SC.SOL_SOCKET, name: SC.SO_KEEPALIVE)
    }

    /// `TCP_NODELAY` (TCP sockets): disables Nagle's algorithm.
    public final func setNoDelay(_ on: Bool) throws(SocketError) {
        try setBoolOption(level: SC.IPPROTO_TCP, name: SC.TCP_NODELAY, on)
    }
    /// `TCP_NODELAY`.
    public final func noDelay() throws(SocketError) -> Bool {
        try getBoolOption(level: SC.IPPROTO_TCP, name: SC.TCP_NODELAY)
    }

    /// `SO_SNDBUF` in bytes (0...Int32.max). Linux doubles the value for bookkeeping and reports
    /// the doubled value back.
    public final func setSendBufferSize(_ bytes: Int) throws(SocketError) {
        try setIntOption(level: SC.SOL_SOCKET, name: SC.SO_SNDBUF, bytes)
    }
    /// `SO_SNDBUF`.
    public final func sendBufferSize() throws(SocketError) -> Int {
        try intOption(level: SC.SOL_SOCKET, name: SC.SO_SNDBUF)
    }

    /// `SO_RCVBUF` in bytes (0...Int32.max); Linux doubles it, as for ``setSendBufferSize(_:)``.
    public final func setReceiveBufferSize(_ bytes: Int) throws(SocketError) {
        try setIntOption(level: SC.SOL_SOCKET, name: SC.SO_RCVBUF, bytes)
    }
    /// `SO_RCVBUF`.
    public final func receiveBufferSize() throws(SocketError) -> Int {
        try intOption(level: SC.SOL_SOCKET, name: SC.SO_RCVBUF)
    }

    /// `SO_LINGER`. `nil` turns lingering off; `.zero` makes `close` reset the connection (RST)
    /// instead of a graceful shutdown; a positive duration (whole seconds, 0...Int32.max) makes
    /// close wait for unsent data.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange` for a negative or too-large duration.
    public final func setLinger(_ timeout: Duration?) throws(SocketError) {
        var value = linger()
        if let timeout {
            let seconds = timeout.components.seconds
            guard seconds >= 0, seconds <= Int64(Int32.max), timeout >= .zero else {
                throw SocketError(.invalidArgument, operation: .setsockopt, detail: .valueOutOfRange)
            }
            value.l_onoff = 1
            value.l_linger = CInt(seconds)
        }
        try setOption(level: SC.SOL_SOCKET, name: SC.SO_LINGER, value)
    }
    /// `SO_LINGER`: nil when off.
    public final func lingerTimeout() throws(SocketError) -> Duration? {
        let value: linger = try getOption(level: SC.SOL_SOCKET, name: SC.SO_LINGER)
        return value.l_onoff == 0 ? nil : .seconds(Int(value.l_linger))
    }

    /// `SO_BROADCAST` (UDP): allows sending to broadcast addresses.
    public final func setBroadcast(_ on: Bool) throws(SocketError) {
        try setBoolOption(level: SC.SOL_SOCKET, name: SC.SO_BROADCAST, on)
    }
    /// `SO_BROADCAST`.
    public final func broadcast() throws(SocketError) -> Bool {
        try getBoolOption(level: SC.SOL_SOCKET, name: SC.SO_BROADCAST)
    }

    /// `IPV6_V6ONLY` (IPv6 sockets): when on, the socket does not accept IPv4-mapped traffic.
    /// Set it before `bind`.
    public final func setIPv6Only(_ on: Bool) throws(SocketError) {
        try setBoolOption(level: SC.IPPROTO_IPV6, name: SC.IPV6_V6ONLY, on)
    }
    /// `IPV6_V6ONLY`.
    public final func ipv6Only() throws(SocketError) -> Bool {
        try getBoolOption(level: SC.IPPROTO_IPV6, name: SC.IPV6_V6ONLY)
    }

    /// `IP_TTL` (IPv4): the unicast time-to-live, 1...255.
    public final func setTTL(_ ttl: Int) throws(SocketError) {
        try setIntOption(level: SC.IPPROTO_IP, name: SC.IP_TTL, ttl, range: 1...255)
    }
    /// `IP_TTL`.
    public final func ttl() throws(SocketError) -> Int {
        try intOption(level: SC.IPPROTO_IP, name: SC.IP_TTL)
    }

    /// `IPV6_UNICAST_HOPS` (IPv6): the hop limit, 1...255, or -1 for the route default.
    public final func setHopLimit(_ hops: Int) throws(SocketError) {
        guard hops != 0 else { throw SocketError(.invalidArgument, operation: .setsockopt, detail: .valueOutOfRange) }
        try setIntOption(level: SC.IPPROTO_IPV6, name: SC.IPV6_UNICAST_HOPS, hops, range: -1...255)
    }
    /// `IPV6_UNICAST_HOPS`.
    public final func hopLimit() throws(SocketError) -> Int {
        try intOption(level: SC.IPPROTO_IPV6, name: SC.IPV6_UNICAST_HOPS)
    }

    /// `IP_TOS` (IPv4): the type-of-service byte (DSCP + ECN), 0...255.
    public final func setTOS(_ tos: Int) throws(SocketError) {
        try setIntOption(level: SC.IPPROTO_IP, name: SC.IP_TOS, tos, range: 0...255)
    }
    /// `IP_TOS`.
    public final func tos() throws(SocketError) -> Int {
        try intOption(level: SC.IPPROTO_IP, name: SC.IP_TOS)
    }

    /// `IPV6_TCLASS` (IPv6): the traffic class, 0...255, or -1 for the default.
    public final func setTrafficClass(_ tclass: Int) throws(SocketError) {
        try setIntOption(level: SC.IPPROTO_IPV6, name: SC.IPV6_TCLASS, tclass, range: -1...255)
    }
    /// `IPV6_TCLASS`.
    public final func trafficClass() throws(SocketError) -> Int {
        try intOption(level: SC.IPPROTO_IPV6, name: SC.IPV6_TCLASS)
    }

    /// `SO_TYPE`: the socket type as the kernel reports it.
    public final func socketType() throws(SocketError) -> CInt {
        try getOption(level: SC.SOL_SOCKET, name: SC.SO_TYPE)
    }

    /// Whether the descriptor is non-blocking (`fcntl(F_GETFL) & O_NONBLOCK`); always true for
    /// sockets Sock created.
    public final func isNonBlocking() throws(SocketError) -> Bool {
        try withFileDescriptor { fd throws(SocketError) -> Bool in
            let r = Sys.fcntl(fd, SC.F_GETFL)
            if r < 0 { throw SocketError(errno: CInt(truncatingIfNeeded: -r), operation: .fcntl) }
            return CInt(truncatingIfNeeded: r) & SC.O_NONBLOCK != 0
        }
    }

    /// Whether the descriptor is close-on-exec (`fcntl(F_GETFD) & FD_CLOEXEC`); always true for
    /// sockets Sock created.
    public final func isCloseOnExec() throws(SocketError) -> Bool {
        try withFileDescriptor { fd throws(SocketError) -> Bool in
            let r = Sys.fcntl(fd, SC.F_GETFD)
            if r < 0 { throw SocketError(errno: CInt(truncatingIfNeeded: -r), operation: .fcntl) }
            return CInt(truncatingIfNeeded: r) & SC.FD_CLOEXEC != 0
        }
    }
}
