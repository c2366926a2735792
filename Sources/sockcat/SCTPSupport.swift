import Sock

/// SCTP (one-to-one style, `SOCK_STREAM`) for `listen`, `connect` and `probe`, through
/// SockLinux's `SCTPListener` / `SCTPDialer`. Elsewhere SCTP is "not supported".
enum SCTPSupport {
    /// A listening SCTP socket, as `listen` needs it.
    struct Listener {
        var socket: NetSocket
        var accept: () throws(SocketError) -> NetSocket
        var boundAddress: String
    }

    #if os(Linux)
    /// Sets up an association, waiting for the handshake up to `timeout` (forever when nil).
    static func connect(_ address: TCPAddr, timeout: Duration?) throws(SocketError) -> NetSocket {
        try Opening.established(try SCTPDialer(timeout: timeout).dial(SCTPAddr(address)), timeout: timeout).netSocket
    }

    static func listen(_ address: TCPAddr) throws(SocketError) -> Listener {
        let listener = try SCTPListener(SCTPAddr(address), backlog: Opening.backlog)
        return Listener(
            socket: listener.netSocket,
            accept: { () throws(SocketError) -> NetSocket in try listener.accept().netSocket },
            boundAddress: try listener.endpoint().description
        )
    }

    /// An association over loopback with one byte each way.
    static func probe() throws(SocketError) -> Measured {
        let listener = try SCTPListener(try TCPAddr(parsing: "127.0.0.1:0").sctp)
        defer { listener.close() }
        let client = try SCTPDialer(timeout: Probes.stepTimeout).dial(try listener.endpoint())
        defer { client.close() }
        listener.setReadDeadline(.after(Probes.stepTimeout))
        let server = try listener.accept()
        defer { server.close() }
        try Probes.exchangeByte(client, server)
        try Probes.exchangeByte(server, client)
        return "127.0.0.1 association set up, one message each way"
    }
    #else
    static func connect(_ address: TCPAddr, timeout: Duration?) throws(SocketError) -> NetSocket {
        throw SocketError(.protocolNotSupported, operation: .socket)
    }

    static func listen(_ address: TCPAddr) throws(SocketError) -> Listener {
        throw SocketError(.protocolNotSupported, operation: .socket)
    }
    #endif
}

#if os(Linux)
extension TCPAddr {
    /// The same endpoint as an SCTP address.
    fileprivate var sctp: SCTPAddr { SCTPAddr(self) }
}
#endif
