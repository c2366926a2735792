#if os(Linux)
import SockPOSIX

// Linux-only TCP options (level IPPROTO_TCP) as typed accessors. On a socket that is not TCP the
// kernel answers ENOPROTOOPT/EOPNOTSUPP, thrown as `.notSupported`; every accessor throws `.closed`
// on a closed socket and `.invalidArgument` with `.valueOutOfRange` for a value outside the
// documented range, before any syscall.

extension NetSocket {
    /// `TCP_USER_TIMEOUT` (Linux 2.6.37): how long transmitted data may stay unacknowledged (or a
    /// zero window unprobed) before the kernel drops the connection with ETIMEDOUT, which the next
    /// read or write throws as `.timedOut` (with `errno` ETIMEDOUT). `.zero` restores the system
    /// default. Rounded up to whole milliseconds, at most `Int32.max` ms. When set, it also
    /// overrides `TCP_KEEPCNT` for keep-alive.
    /// Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.notSupported` (not a TCP socket), `.closed`.
    public final func setUserTimeout(_ timeout: Duration) throws(SocketError) {
        let ms = try DurationUnits.whole(timeout, perSecond: 1000, range: 0...Int(Int32.max))
        try setOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_USER_TIMEOUT, CInt(ms))
    }

    /// `TCP_USER_TIMEOUT`, in whole milliseconds (`.zero`: the system default).
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public final func userTimeout() throws(SocketError) -> Duration {
        .milliseconds(try intOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_USER_TIMEOUT))
    }

    /// `TCP_NOTSENT_LOWAT` (Linux 3.12): the socket reports writable only while fewer than `bytes`
    /// bytes are queued and not yet sent, which keeps latency-sensitive senders from filling the
    /// send buffer. 0...`Int32.max`.
    /// Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.notSupported` (not a TCP socket), `.closed`.
    public final func setNotSentLowWatermark(_ bytes: Int) throws(SocketError) {
        try setIntOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_NOTSENT_LOWAT, bytes)
    }

    /// `TCP_NOTSENT_LOWAT`, in bytes (0 when unset: the `net.ipv4.tcp_notsent_lowat` sysctl applies).
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public final func notSentLowWatermark() throws(SocketError) -> Int {
        Int(UInt32(bitPattern: try getOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_NOTSENT_LOWAT, as: CInt.self)))
    }

    /// `TCP_QUICKACK` (Linux 2.4.4): send ACKs at once instead of delaying them. The kernel may
    /// leave quick-ACK mode again by itself, so this is not a permanent setting.
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public final func setQuickAck(_ on: Bool) throws(SocketError) {
        try setBoolOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_QUICKACK, on)
    }

    /// `TCP_QUICKACK`: whether the socket is currently in quick-ACK mode.
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public final func quickAck() throws(SocketError) -> Bool {
        try getBoolOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_QUICKACK)
    }

    /// `TCP_CORK` (Linux 2.2): hold partial segments until the cork is removed (or 200 ms pass),
    /// so a header and a body written separately leave as full segments.
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public final func setCork(_ on: Bool) throws(SocketError) {
        try setBoolOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_CORK, on)
    }

    /// `TCP_CORK`.
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public final func cork() throws(SocketError) -> Bool {
        try getBoolOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_CORK)
    }

    /// `TCP_MAXSEG`: the maximum segment size to announce and use, set before connecting or
    /// listening. 0 (kernel choice) or 88...32767; the kernel rejects 1...87 with EINVAL.
    /// Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.notSupported` (not a TCP socket), `.closed`.
    public final func setMaxSegmentSize(_ bytes: Int) throws(SocketError) {
        try setIntOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_MAXSEG, bytes, range: 0...32767)
    }

    /// `TCP_MAXSEG`: the requested value before the connection exists, the MSS in use after.
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public final func maxSegmentSize() throws(SocketError) -> Int {
        try intOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_MAXSEG)
    }

    /// `TCP_DEFER_ACCEPT` (listeners, Linux 2.4): wake `accept` only when data arrives, waiting up
    /// to `timeout` (rounded up to whole seconds, at most `Int32.max`). `.zero` turns it off.
    /// The kernel keeps the value as a SYN-ACK retransmission count, so ``deferAccept()`` reads back
    /// the time those retransmissions take (e.g. 5 s reads back as 7 s).
    /// Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.notSupported` (not a TCP socket), `.closed`.
    public final func setDeferAccept(_ timeout: Duration) throws(SocketError) {
        let seconds = try DurationUnits.whole(timeout, perSecond: 1, range: 0...Int(Int32.max))
        try setOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_DEFER_ACCEPT, CInt(seconds))
    }

    /// `TCP_DEFER_ACCEPT`, in whole seconds (see ``setDeferAccept(_:)``).
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public final func deferAccept() throws(SocketError) -> Duration {
        .seconds(try intOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_DEFER_ACCEPT))
    }

    /// `TCP_FASTOPEN` (listeners, Linux 3.7): enables server-side TCP Fast Open with a queue of at
    /// most `queueLength` pending Fast Open requests (0 disables it). Has an effect only when the
    /// `net.ipv4.tcp_fastopen` sysctl enables the server side (bit 2).
    /// Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.notSupported` (not a TCP socket), `.closed`.
    public final func setFastOpen(queueLength: Int) throws(SocketError) {
        try setIntOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_FASTOPEN, queueLength)
    }

    /// `TCP_FASTOPEN`: the Fast Open queue length (0: off).
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public final func fastOpenQueueLength() throws(SocketError) -> Int {
        try intOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_FASTOPEN)
    }

    /// `TCP_FASTOPEN_CONNECT` (clients, Linux 4.11): set before connecting, `connect` returns at
    /// once and the first write goes out in the SYN with a Fast Open cookie when the client has one
    /// (the first connection to a server only requests the cookie).
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public final func setFastOpenConnect(_ on: Bool) throws(SocketError) {
        try setBoolOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_FASTOPEN_CONNECT, on)
    }

    /// `TCP_FASTOPEN_CONNECT`.
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public final func fastOpenConnect() throws(SocketError) -> Bool {
        try getBoolOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_FASTOPEN_CONNECT)
    }

    /// `TCP_SYNCNT` (Linux 2.4): how many SYNs to retransmit before a connect gives up with
    /// `.timedOut`, 1...127 (the default comes from `net.ipv4.tcp_syn_retries`, usually 6: about
    /// 127 s).
    /// Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.notSupported` (not a TCP socket), `.closed`.
    public final func setSynCount(_ count: Int) throws(SocketError) {
        try setIntOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_SYNCNT, count, range: 1...127)
    }

    /// `TCP_SYNCNT`.
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public final func synCount() throws(SocketError) -> Int {
        try intOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_SYNCNT)
    }

    /// `TCP_LINGER2` (Linux 2.4): how long an orphaned connection stays in FIN_WAIT2, rounded up to
    /// whole seconds, at most 120 s (the kernel's `TCP_FIN_TIMEOUT_MAX`, which it would apply
    /// silently). `.zero` restores the `net.ipv4.tcp_fin_timeout` sysctl.
    /// Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.notSupported` (not a TCP socket), `.closed`.
    public final func setFinWait2Timeout(_ timeout: Duration) throws(SocketError) {
        let seconds = try DurationUnits.whole(timeout, perSecond: 1, range: 0...120)
        try setOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_LINGER2, CInt(seconds))
    }

    /// `TCP_LINGER2`: the effective FIN_WAIT2 timeout (the sysctl's value when unset), in whole
    /// seconds.
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public final func finWait2Timeout() throws(SocketError) -> Duration {
        .seconds(try intOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_LINGER2))
    }

    /// `TCP_WINDOW_CLAMP` (Linux 2.4): an upper bound on the advertised receive window, in bytes
    /// (0...`Int32.max`; the kernel raises small values to half of `SOCK_MIN_RCVBUF`, and accepts
    /// 0 only on an unconnected socket).
    /// Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.notSupported` (not a TCP socket), `.closed`.
    public final func setWindowClamp(_ bytes: Int) throws(SocketError) {
        try setIntOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_WINDOW_CLAMP, bytes)
    }

    /// `TCP_WINDOW_CLAMP`, in bytes.
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public final func windowClamp() throws(SocketError) -> Int {
        try intOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_WINDOW_CLAMP)
    }
}
#endif
