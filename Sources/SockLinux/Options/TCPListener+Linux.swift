#if os(Linux)
import SockPOSIX

// Linux TCP options that only mean something on a listener.

extension TCPListener {
    /// `TCP_DEFER_ACCEPT` (listeners, Linux 2.4): wake `accept` only when data arrives, waiting up
    /// to `timeout` (rounded up to whole seconds, at most `Int32.max`). `.zero` turns it off.
    /// The kernel keeps the value as a SYN-ACK retransmission count, so ``deferAccept()`` reads back
    /// the time those retransmissions take (e.g. 5 s reads back as 7 s).
    /// Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.notSupported` (not a TCP socket), `.closed`.
    public func setDeferAccept(_ timeout: Duration) throws(SocketError) {
        let seconds = try DurationUnits.whole(timeout, perSecond: 1, range: 0...Int(Int32.max))
        try setOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_DEFER_ACCEPT, CInt(seconds))
    }

    /// `TCP_DEFER_ACCEPT`, in whole seconds (see ``setDeferAccept(_:)``).
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public func deferAccept() throws(SocketError) -> Duration {
        .seconds(try intOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_DEFER_ACCEPT))
    }

    /// `TCP_FASTOPEN` (listeners, Linux 3.7): enables server-side TCP Fast Open with a queue of at
    /// most `queueLength` pending Fast Open requests (0 disables it). Has an effect only when the
    /// `net.ipv4.tcp_fastopen` sysctl enables the server side (bit 2).
    /// Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.notSupported` (not a TCP socket), `.closed`.
    public func setFastOpen(queueLength: Int) throws(SocketError) {
        try setIntOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_FASTOPEN, queueLength)
    }

    /// `TCP_FASTOPEN`: the Fast Open queue length (0: off).
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public func fastOpenQueueLength() throws(SocketError) -> Int {
        try intOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_FASTOPEN)
    }
}
#endif
