#if os(Linux)
import SockPOSIX

// TCP keep-alive timing (TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT). Probes are sent only while
// SO_KEEPALIVE is on (`setKeepAlive(_:)` in the core, or `setKeepAlivePeriod(_:)` here). A peer
// that stops answering makes the next read throw `.timedOut` (errno ETIMEDOUT).

extension NetSocket {
    /// `TCP_KEEPIDLE` (Linux 2.4): idle time before the first keep-alive probe, rounded up to whole
    /// seconds, 1...32767 s (the kernel's `MAX_TCP_KEEPIDLE`).
    /// Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.notSupported` (not a TCP socket), `.closed`.
    public final func setKeepAliveIdle(_ idle: Duration) throws(SocketError) {
        let seconds = try DurationUnits.whole(idle, perSecond: 1, range: 1...32767)
        try setOption(level: SC.IPPROTO_TCP, name: SC.TCP_KEEPIDLE, CInt(seconds))
    }

    /// `TCP_KEEPIDLE`, in whole seconds (default 7200).
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public final func keepAliveIdle() throws(SocketError) -> Duration {
        .seconds(try intOption(level: SC.IPPROTO_TCP, name: SC.TCP_KEEPIDLE))
    }

    /// `TCP_KEEPINTVL` (Linux 2.4): time between keep-alive probes, rounded up to whole seconds,
    /// 1...32767 s (the kernel's `MAX_TCP_KEEPINTVL`).
    /// Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.notSupported` (not a TCP socket), `.closed`.
    public final func setKeepAliveInterval(_ interval: Duration) throws(SocketError) {
        let seconds = try DurationUnits.whole(interval, perSecond: 1, range: 1...32767)
        try setOption(level: SC.IPPROTO_TCP, name: SC.TCP_KEEPINTVL, CInt(seconds))
    }

    /// `TCP_KEEPINTVL`, in whole seconds (default 75).
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public final func keepAliveInterval() throws(SocketError) -> Duration {
        .seconds(try intOption(level: SC.IPPROTO_TCP, name: SC.TCP_KEEPINTVL))
    }

    /// `TCP_KEEPCNT` (Linux 2.4): unanswered probes before the connection is dropped, 1...127
    /// (the kernel's `MAX_TCP_KEEPCNT`). A ``setUserTimeout(_:)`` overrides it.
    /// Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.notSupported` (not a TCP socket), `.closed`.
    public final func setKeepAliveCount(_ count: Int) throws(SocketError) {
        try setIntOption(level: SC.IPPROTO_TCP, name: SC.TCP_KEEPCNT, count, range: 1...127)
    }

    /// `TCP_KEEPCNT` (default 9).
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public final func keepAliveCount() throws(SocketError) -> Int {
        try intOption(level: SC.IPPROTO_TCP, name: SC.TCP_KEEPCNT)
    }

    /// Turns keep-alive on and sets both the idle time and the probe interval to `period`, like the
    /// Go seed's `SetKeepAlivePeriod`, but range-checked (1...32767 s, rounded up to whole
    /// seconds; never truncated) and with `SO_KEEPALIVE` enabled, which the seed forgot.
    /// The options it sets are `SO_KEEPALIVE`, `TCP_KEEPIDLE` and `TCP_KEEPINTVL`.
    /// Linux-only.
    ///
    /// - Throws: `.invalidArgument` with `.valueOutOfRange` (before changing anything), `.closed`.
    public final func setKeepAlivePeriod(_ period: Duration) throws(SocketError) {
        let seconds = try DurationUnits.whole(period, perSecond: 1, range: 1...32767)
        try setOption(level: SC.IPPROTO_TCP, name: SC.TCP_KEEPIDLE, CInt(seconds))
        try setOption(level: SC.IPPROTO_TCP, name: SC.TCP_KEEPINTVL, CInt(seconds))
        try setKeepAlive(true)
    }
}
#endif
