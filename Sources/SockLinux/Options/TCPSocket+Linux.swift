#if os(Linux)
import SockPOSIX

// Linux-only TCP options (level IPPROTO_TCP) as typed accessors. On a socket that is not TCP the
// kernel answers ENOPROTOOPT/EOPNOTSUPP, thrown as `.notSupported`; every accessor throws `.closed`
// on a closed socket and `.invalidArgument` with `.valueOutOfRange` for a value outside the
// documented range, before any syscall.

extension TCPSocket {
    /// `TCP_USER_TIMEOUT` (Linux 2.6.37): how long transmitted data may stay unacknowledged (or a
    /// zero window unprobed) before the kernel drops the connection with ETIMEDOUT, which the next
    /// read or write throws as `.timedOut` (with `errno` ETIMEDOUT). `.zero` restores the system
    /// default. Rounded up to whole milliseconds, at most `Int32.max` ms. When set, it also
    /// overrides `TCP_KEEPCNT` for keep-alive.
    /// Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.notSupported` (not a TCP socket), `.closed`.
    public func setUserTimeout(_ timeout: Duration) throws(SocketError) {
        let ms = try DurationUnits.whole(timeout, perSecond: 1000, range: 0...Int(Int32.max))
        try setOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_USER_TIMEOUT, CInt(ms))
    }

    /// `TCP_USER_TIMEOUT`, in whole milliseconds (`.zero`: the system default).
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public func userTimeout() throws(SocketError) -> Duration {
        .milliseconds(try intOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_USER_TIMEOUT))
    }

    /// `TCP_NOTSENT_LOWAT` (Linux 3.12): the socket reports writable only while fewer than `bytes`
    /// bytes are queued and not yet sent, which keeps latency-sensitive senders from filling the
    /// send buffer. 0...`Int32.max`.
    /// Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.notSupported` (not a TCP socket), `.closed`.
    public func setNotSentLowWatermark(_ bytes: Int) throws(SocketError) {
        try setIntOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_NOTSENT_LOWAT, bytes)
    }

    /// `TCP_NOTSENT_LOWAT`, in bytes (0 when unset: the `net.ipv4.tcp_notsent_lowat` sysctl applies).
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public func notSentLowWatermark() throws(SocketError) -> Int {
        Int(UInt32(bitPattern: try getOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_NOTSENT_LOWAT, as: CInt.self)))
    }

    /// `TCP_MAXSEG`: the maximum segment size to announce and use, set before connecting or
    /// listening. 0 (kernel choice) or 88...32767; the kernel rejects 1...87 with EINVAL.
    /// Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.notSupported` (not a TCP socket), `.closed`.
    public func setMaxSegmentSize(_ bytes: Int) throws(SocketError) {
        try setIntOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_MAXSEG, bytes, range: 0...32767)
    }

    /// `TCP_MAXSEG`: the requested value before the connection exists, the MSS in use after.
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public func maxSegmentSize() throws(SocketError) -> Int {
        try intOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_MAXSEG)
    }

    /// `TCP_LINGER2` (Linux 2.4): how long an orphaned connection stays in FIN_WAIT2, rounded up to
    /// whole seconds, at most 120 s (the kernel's `TCP_FIN_TIMEOUT_MAX`, which it would apply
    /// silently). `.zero` restores the `net.ipv4.tcp_fin_timeout` sysctl.
    /// Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.notSupported` (not a TCP socket), `.closed`.
    public func setFinWait2Timeout(_ timeout: Duration) throws(SocketError) {
        let seconds = try DurationUnits.whole(timeout, perSecond: 1, range: 0...120)
        try setOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_LINGER2, CInt(seconds))
    }

    /// `TCP_LINGER2`: the effective FIN_WAIT2 timeout (the sysctl's value when unset), in whole
    /// seconds.
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public func finWait2Timeout() throws(SocketError) -> Duration {
        .seconds(try intOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_LINGER2))
    }

    /// `TCP_WINDOW_CLAMP` (Linux 2.4): an upper bound on the advertised receive window, in bytes
    /// (0...`Int32.max`; the kernel raises small values to half of `SOCK_MIN_RCVBUF`, and accepts
    /// 0 only on an unconnected socket).
    /// Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.notSupported` (not a TCP socket), `.closed`.
    public func setWindowClamp(_ bytes: Int) throws(SocketError) {
        try setIntOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_WINDOW_CLAMP, bytes)
    }

    /// `TCP_WINDOW_CLAMP`, in bytes.
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public func windowClamp() throws(SocketError) -> Int {
        try intOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_WINDOW_CLAMP)
    }
}
#endif
