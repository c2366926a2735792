import Sock

/// `--tcp-info`: one line of `TCP_INFO` on stderr (Linux-only; elsewhere the option is refused).
enum TCPInfoReport {
    /// Whether this platform can report TCP_INFO.
    static var isSupported: Bool {
        #if os(Linux)
        true
        #else
        false
        #endif
    }

    static func print(_ socket: NetSocket) {
        #if os(Linux)
        do throws(SocketError) {
            Console.error("sockcat: tcp_info \(try TCPConn(socket).tcpInfo())")
        } catch {
            Console.error("sockcat: tcp_info unavailable: \(error)")
        }
        #endif
    }
}
