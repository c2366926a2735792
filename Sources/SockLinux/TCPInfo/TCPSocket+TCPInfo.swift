#if os(Linux)
import SockPOSIX

extension TCPSocket {
    /// Reads `TCP_INFO` (`getsockopt(IPPROTO_TCP, TCP_INFO)`) into an inline buffer: no allocation.
    /// Linux-only. Works on connected, listening and unconnected TCP sockets.
    ///
    /// - Throws: `.notSupported` on a socket that is not TCP (EOPNOTSUPP), `.closed`.
    @inlinable
    public func tcpInfo() throws(SocketError) -> TCPInfo {
        var info = TCPInfo()
        try info.fill { (buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int in
            try getOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_INFO, into: buffer)
        }
        return info
    }
}
#endif
