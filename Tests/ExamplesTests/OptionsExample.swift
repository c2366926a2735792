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
        try conn.setLinger(.zero)  // SO_LINGER {1, 0}: close() resets the connection
        try conn.setUserTimeout(.seconds(30))  // TCP_USER_TIMEOUT (Linux)
        try conn.setNotSentLowWatermark(16384)  // TCP_NOTSENT_LOWAT (Linux)
        try conn.setBusyPoll(.microseconds(50))  // SO_BUSY_POLL (Linux)

        // Every setter has a getter: read back what the kernel kept.
        let noDelay = try conn.noDelay()  // true
        let period = try conn.keepAlivePeriod()  // 30 s (nil when keep-alive is off)
        let sendBuffer = try conn.sendBufferSize()  // Linux doubles the size asked for (up to net.core.wmem_max)
        let linger = try conn.lingerTimeout()  // .zero (nil when lingering is off)
        let userTimeout = try conn.userTimeout()  // 30 s
        let lowWatermark = try conn.notSentLowWatermark()  // 16384
        let busyPoll = try conn.busyPoll()  // 50 µs

        let info = try conn.tcpInfo()  // TCP_INFO (Linux); a field the kernel did not fill is nil
        print(info.state ?? .close, info.rtt ?? 0, info.length)
        // END README

        #expect(noDelay)
        #expect(period == .seconds(30))
        #expect(try conn.keepAlive())
        #expect(try conn.keepAliveIdle() == .seconds(30))
        #expect(try conn.keepAliveInterval() == .seconds(30))
        #expect(sendBuffer > 0)
        #expect(linger == .zero)
        #expect(userTimeout == .seconds(30))
        #expect(lowWatermark == 16384)
        #expect(busyPoll == .microseconds(50))
        #expect(info.state == .established)
        #expect(info.length >= 104)
        conn.close()
        listener.close()
    }
}
#endif
