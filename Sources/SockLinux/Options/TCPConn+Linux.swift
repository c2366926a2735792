#if os(Linux)
import SockPOSIX

// Linux TCP options that only mean something on a connection (or on a dialer's socket before it
// connects: set them in `TCPDialer.beforeConnect`).

extension TCPConn {
    /// `TCP_QUICKACK` (Linux 2.4.4): send ACKs at once instead of delaying them. The kernel may
    /// leave quick-ACK mode again by itself, so this is not a permanent setting.
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public func setQuickAck(_ on: Bool) throws(SocketError) {
        try setBoolOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_QUICKACK, on)
    }

    /// `TCP_QUICKACK`: whether the socket is currently in quick-ACK mode.
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public func quickAck() throws(SocketError) -> Bool {
        try getBoolOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_QUICKACK)
    }

    /// `TCP_CORK` (Linux 2.2): hold partial segments until the cork is removed (or 200 ms pass),
    /// so a header and a body written separately leave as full segments.
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public func setCork(_ on: Bool) throws(SocketError) {
        try setBoolOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_CORK, on)
    }

    /// `TCP_CORK`.
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public func cork() throws(SocketError) -> Bool {
        try getBoolOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_CORK)
    }

    /// `TCP_FASTOPEN_CONNECT` (clients, Linux 4.11): set before connecting, `connect` returns at
    /// once and the first write goes out in the SYN with a Fast Open cookie when the client has one
    /// (the first connection to a server only requests the cookie).
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public func setFastOpenConnect(_ on: Bool) throws(SocketError) {
        try setBoolOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_FASTOPEN_CONNECT, on)
    }

    /// `TCP_FASTOPEN_CONNECT`.
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public func fastOpenConnect() throws(SocketError) -> Bool {
        try getBoolOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_FASTOPEN_CONNECT)
    }

    /// `TCP_SYNCNT` (Linux 2.4): how many SYNs to retransmit before a connect gives up with
    /// `.timedOut`, 1...127 (the default comes from `net.ipv4.tcp_syn_retries`, usually 6: about
    /// 127 s).
    /// Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.notSupported` (not a TCP socket), `.closed`.
    public func setSynCount(_ count: Int) throws(SocketError) {
        try setIntOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_SYNCNT, count, range: 1...127)
    }

    /// `TCP_SYNCNT`.
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public func synCount() throws(SocketError) -> Int {
        try intOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_SYNCNT)
    }
}
#endif
