#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP socket: ``TCPConn`` and ``TCPListener`` (a listener's TCP options are inherited by the
/// connections it accepts). Adds `TCP_NODELAY` and keep-alive with its timing; SockLinux adds the
/// Linux TCP options (user timeout, congestion control, `TCP_NOTSENT_LOWAT`, fast open, ...).
public protocol TCPSocket: IPSocket {}

extension TCPSocket {
    /// `TCP_NODELAY`: disables Nagle's algorithm (small writes go out at once).
    /// - Throws: `.closed`.
    @inlinable
    public func setNoDelay(_ on: Bool) throws(SocketError) {
        try setBoolOption(level: SC.IPPROTO_TCP, name: SC.TCP_NODELAY, on)
    }
    /// `TCP_NODELAY`.
    @inlinable
    public func noDelay() throws(SocketError) -> Bool {
        try getBoolOption(level: SC.IPPROTO_TCP, name: SC.TCP_NODELAY)
    }

    /// `SO_KEEPALIVE`: sends keep-alive probes on an idle connection (timing below); a peer that
    /// stops answering makes the next read throw `.timedOut` (errno ETIMEDOUT).
    /// - Throws: `.closed`.
    @inlinable
    public func setKeepAlive(_ on: Bool) throws(SocketError) {
        try setBoolOption(level: SC.SOL_SOCKET, name: SC.SO_KEEPALIVE, on)
    }
    /// `SO_KEEPALIVE`.
    @inlinable
    public func keepAlive() throws(SocketError) -> Bool {
        try getBoolOption(level: SC.SOL_SOCKET, name: SC.SO_KEEPALIVE)
    }

    /// `TCP_KEEPIDLE` (`TCP_KEEPALIVE` on Darwin): idle time before the first keep-alive probe,
    /// rounded up to whole seconds, 1...32767 s (Linux's `MAX_TCP_KEEPIDLE`). Probes are sent only
    /// while ``setKeepAlive(_:)`` is on.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.closed`.
    @inlinable
    public func setKeepAliveIdle(_ idle: Duration) throws(SocketError) {
        let seconds = try DurationUnits.wholeSeconds(idle, in: 1...32767)
        try setOption(level: SC.IPPROTO_TCP, name: TCPKeepAlive.idleName, CInt(seconds))
    }
    /// `TCP_KEEPIDLE` (`TCP_KEEPALIVE` on Darwin), in whole seconds (Linux's default: 7200).
    @inlinable
    public func keepAliveIdle() throws(SocketError) -> Duration {
        .seconds(try intOption(level: SC.IPPROTO_TCP, name: TCPKeepAlive.idleName))
    }

    /// `TCP_KEEPINTVL`: time between keep-alive probes, rounded up to whole seconds, 1...32767 s
    /// (Linux's `MAX_TCP_KEEPINTVL`).
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.closed`.
    @inlinable
    public func setKeepAliveInterval(_ interval: Duration) throws(SocketError) {
        let seconds = try DurationUnits.wholeSeconds(interval, in: 1...32767)
        try setOption(level: SC.IPPROTO_TCP, name: SC.TCP_KEEPINTVL, CInt(seconds))
    }
    /// `TCP_KEEPINTVL`, in whole seconds (Linux's default: 75).
    @inlinable
    public func keepAliveInterval() throws(SocketError) -> Duration {
        .seconds(try intOption(level: SC.IPPROTO_TCP, name: SC.TCP_KEEPINTVL))
    }

    /// `TCP_KEEPCNT`: unanswered probes before the connection is dropped, 1...127 (Linux's
    /// `MAX_TCP_KEEPCNT`). On Linux a `setUserTimeout(_:)` overrides it.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.closed`.
    @inlinable
    public func setKeepAliveCount(_ count: Int) throws(SocketError) {
        try setIntOption(level: SC.IPPROTO_TCP, name: SC.TCP_KEEPCNT, count, range: 1...127)
    }
    /// `TCP_KEEPCNT` (Linux's default: 9).
    @inlinable
    public func keepAliveCount() throws(SocketError) -> Int {
        try intOption(level: SC.IPPROTO_TCP, name: SC.TCP_KEEPCNT)
    }

    /// Turns keep-alive on and sets both the idle time and the probe interval to `period`, like the
    /// Go seed's `SetKeepAlivePeriod`, but range-checked (1...32767 s, rounded up to whole
    /// seconds; never truncated) and with `SO_KEEPALIVE` enabled, which the seed forgot. The
    /// options it sets are `SO_KEEPALIVE`, `TCP_KEEPIDLE` and `TCP_KEEPINTVL`.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange` (before changing anything), `.closed`.
    public func setKeepAlivePeriod(_ period: Duration) throws(SocketError) {
        let seconds = try DurationUnits.wholeSeconds(period, in: 1...32767)
        try setOption(level: SC.IPPROTO_TCP, name: TCPKeepAlive.idleName, CInt(seconds))
        try setOption(level: SC.IPPROTO_TCP, name: SC.TCP_KEEPINTVL, CInt(seconds))
        try setKeepAlive(true)
    }

    /// The keep-alive period set by ``setKeepAlivePeriod(_:)``: nil when keep-alive is off,
    /// otherwise the idle time (``keepAliveIdle()``; the interval may differ if set on its own).
    public func keepAlivePeriod() throws(SocketError) -> Duration? {
        guard try keepAlive() else { return nil }
        return try keepAliveIdle()
    }
}

/// Where the keep-alive options differ by platform.
@usableFromInline
enum TCPKeepAlive {
    /// The idle-time option: `TCP_KEEPIDLE`, spelled `TCP_KEEPALIVE` on Darwin.
    @inlinable
    static var idleName: CInt {
        #if canImport(Darwin)
        return SC.TCP_KEEPALIVE
        #else
        return SC.TCP_KEEPIDLE
        #endif
    }
}
