#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The socket-level options valid on every socket, as typed accessors. Names follow the Go seed
// (`setReuseAddress`, `setLinger`, ...) so a Go user finds them; each says which C option it wraps.
// Every accessor throws `.closed` on a closed socket and `.notSupported` where the kernel lacks the
// option. Protocol options live with their protocol (`IPSocket`, `TCPSocket`, `UnixSocket`, ...).

extension Socket {
    /// `SO_REUSEADDR`. Sock turns it on for TCP and SCTP listeners.
    @inlinable
    public func setReuseAddress(_ on: Bool) throws(SocketError) {
        try netSocket.setBoolOption(level: .socket, name: SC.SO_REUSEADDR, on)
    }
    /// `SO_REUSEADDR`.
    @inlinable
    public func reuseAddress() throws(SocketError) -> Bool {
        try netSocket.boolOption(level: .socket, name: SC.SO_REUSEADDR)
    }

    /// `SO_REUSEPORT`: several sockets (of the same user) may bind the same port and the kernel
    /// balances between them. Off unless asked for (the Go seed turned it on by default, which lets
    /// a second process silently share a port). It matters before `bind`: the listener and UDP
    /// constructors take a `reusePort` parameter.
    @inlinable
    public func setReusePort(_ on: Bool) throws(SocketError) {
        try netSocket.setBoolOption(level: .socket, name: SC.SO_REUSEPORT, on)
    }
    /// `SO_REUSEPORT`.
    @inlinable
    public func reusePort() throws(SocketError) -> Bool {
        try netSocket.boolOption(level: .socket, name: SC.SO_REUSEPORT)
    }

    /// `SO_SNDBUF` in bytes (0...Int32.max). Linux doubles the value for bookkeeping and reports
    /// the doubled value back.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.closed`.
    @inlinable
    public func setSendBufferSize(_ bytes: Int) throws(SocketError) {
        try netSocket.setIntOption(level: .socket, name: SC.SO_SNDBUF, bytes)
    }
    /// `SO_SNDBUF`.
    @inlinable
    public func sendBufferSize() throws(SocketError) -> Int {
        try netSocket.intOption(level: .socket, name: SC.SO_SNDBUF)
    }

    /// `SO_RCVBUF` in bytes (0...Int32.max); Linux doubles it, as for ``setSendBufferSize(_:)``.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.closed`.
    @inlinable
    public func setReceiveBufferSize(_ bytes: Int) throws(SocketError) {
        try netSocket.setIntOption(level: .socket, name: SC.SO_RCVBUF, bytes)
    }
    /// `SO_RCVBUF`.
    @inlinable
    public func receiveBufferSize() throws(SocketError) -> Int {
        try netSocket.intOption(level: .socket, name: SC.SO_RCVBUF)
    }

    /// `SO_LINGER`. `nil` turns lingering off; `.zero` makes `close` reset the connection (RST)
    /// instead of a graceful shutdown; a positive duration (whole seconds, rounded up,
    /// 0...Int32.max) makes close wait for unsent data.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange` for a negative or too-large duration.
    public func setLinger(_ timeout: Duration?) throws(SocketError) {
        var value = linger()
        if let timeout {
            value.l_onoff = 1
            value.l_linger = CInt(try DurationUnits.wholeSeconds(timeout, in: 0...Int(Int32.max)))
        }
        try netSocket.setOption(level: .socket, name: SC.SO_LINGER, value)
    }
    /// `SO_LINGER`: nil when off.
    public func lingerTimeout() throws(SocketError) -> Duration? {
        let value: linger = try netSocket.getOption(level: .socket, name: SC.SO_LINGER)
        return value.l_onoff == 0 ? nil : .seconds(Int(value.l_linger))
    }

    /// Whether the descriptor is non-blocking (`fcntl(F_GETFL) & O_NONBLOCK`); always true for
    /// sockets Sock created or adopted.
    public func isNonBlocking() throws(SocketError) -> Bool {
        let r = try netSocket.call(.fcntl) { Sys.fcntl($0, SC.F_GETFL) }
        return CInt(truncatingIfNeeded: r) & SC.O_NONBLOCK != 0
    }

    /// Whether the descriptor is close-on-exec (`fcntl(F_GETFD) & FD_CLOEXEC`); always true for
    /// sockets Sock created.
    public func isCloseOnExec() throws(SocketError) -> Bool {
        let r = try netSocket.call(.fcntl) { Sys.fcntl($0, SC.F_GETFD) }
        return CInt(truncatingIfNeeded: r) & SC.FD_CLOEXEC != 0
    }
}
