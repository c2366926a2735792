#if os(Linux)
import Sock
import Testing

@Suite struct OptionsExample {
    @Test func tuningATCPConnection() throws {
        let listener = try TCPListener("127.0.0.1:0")
        let conn = try TCPDialer(timeout: .seconds(5)).dial(try listener.endpoint())
        // README: options
        try conn.setNoDelay(true)  // TCP_NODELAY: no Nagle delay
        try conn.setKeepAlivePeriod(.seconds(30))  // SO_KEEPALIVE + TCP_KEEPIDLE + TCP_KEEPINTVL
        try conn.setSendBufferSize(256 * 1024)  // SO_SNDBUF
        try conn.setReceiveBufferSize(256 * 1024)  // SO_RCVBUF
        try conn.setLinger(.zero)  // SO_LINGER {1, 0}: close() resets the connection
        try conn.setUserTimeout(.seconds(30))  // TCP_USER_TIMEOUT (Linux)
        try conn.setNotSentLowWatermark(16384)  // TCP_NOTSENT_LOWAT (Linux)
        try conn.setBusyPoll(.microseconds(50))  // SO_BUSY_POLL (Linux)

        let info = try conn.tcpInfo()  // TCP_INFO (Linux); a field the kernel did not fill is nil
        print(info.state ?? .close, info.rtt ?? 0, info.length)
        // END README

        #expect(try conn.noDelay())
        #expect(try conn.keepAlive())
        #expect(try conn.keepAliveIdle() == .seconds(30))
        #expect(try conn.keepAliveInterval() == .seconds(30))
        #expect(try conn.sendBufferSize() >= 256 * 1024)  // Linux doubles it
        #expect(try conn.lingerTimeout() == .zero)
        #expect(try conn.userTimeout() == .seconds(30))
        #expect(try conn.notSentLowWatermark() == 16384)
        #expect(try conn.busyPoll() == .microseconds(50))
        #expect(info.state == .established)
        #expect(info.length >= 104)
        conn.close()
        listener.close()
    }
}
#endif
