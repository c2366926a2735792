import Sock

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Opens the socket `listen` or `connect` relays over, with Sock's typed sockets.
enum Opening {
    /// A connected socket and how to relay it.
    struct Opened {
        var socket: NetSocket
        var mode: RelayMode
    }

    /// A listening socket (stream protocols) or a bound datagram socket.
    enum ListeningKind {
        case datagram(NetSocket)
        case acceptor(NetSocket, () throws(SocketError) -> NetSocket)
    }

    /// What `listen` opened, and the address to print (port 0 resolved).
    struct Listening {
        var kind: ListeningKind
        var boundAddress: String
    }

    /// Connects to `endpoint`, waiting for a TCP or SCTP handshake up to `timeout` (forever when
    /// nil).
    static func connect(_ proto: Proto, _ endpoint: Endpoint, timeout: Duration?) throws(Failure) -> Opened {
        do throws(SocketError) {
            switch (proto, endpoint) {
            case (.tcp, .ip(let address)):
                let conn = try established(try TCPDialer(timeout: timeout).dial(address), timeout: timeout)
                return Opened(socket: conn.netSocket, mode: .stream)
            case (.udp, .ip):
                return Opened(socket: try UDPConn.dial(endpoint.udp!).netSocket, mode: .connectedDatagram)
            case (.unixgram, .unix(let address)):
                // A datagram peer can only reply to a named socket: autobind one (Linux).
                return Opened(
                    socket: try UnixDatagramConn.dial(address, from: unixgramReplyAddress).netSocket,
                    mode: .connectedDatagram
                )
            case (.unix, .unix(let address)), (.unixpacket, .unix(let address)):
                return Opened(socket: try UnixConn.dial(address).netSocket, mode: .stream)
            case (.sctp, .ip(let address)):
                return Opened(socket: try SCTPSupport.connect(address, timeout: timeout), mode: .stream)
            default:  // Endpoint(parsing:proto:) never pairs them so
                throw SocketError.invalid(.addressFamilyMismatch, .dial)
            }
        } catch {
            throw Failure(error, "connect \(proto.rawValue) \(Console.escaped(endpoint.description))")
        }
    }

    /// Binds `endpoint`: listens for stream protocols, or returns the bound datagram socket. A
    /// Unix path is prepared first (``SocketFile``: `unlink` removes a socket file already
    /// there) and the socket file created is removed at exit.
    static func listen(_ proto: Proto, _ endpoint: Endpoint, unlink: Bool = false) throws(Failure) -> Listening {
        var path: String?
        var directory: CInt = -1
        if case .unix(let address) = endpoint, let name = address.address.path, !name.isEmpty {
            path = name
            directory = try SocketFile.prepare(name, unlink: unlink)
        }
        do throws(SocketError) {
            let listening = try bind(proto, endpoint)
            if let path { SocketFile.created(path, directory: directory) }
            return listening
        } catch {
            if directory >= 0 { close(directory) }
            if error.code == .addressInUse, let path, case .unix(let address) = endpoint,
                let why = SocketFile.diagnoseInUse(address, path: path)
            {
                throw Failure("listen \(proto.rawValue) \(Console.escaped(path)): \(why)", status: .ioError)
            }
            throw Failure(error, "listen \(proto.rawValue) \(Console.escaped(endpoint.description))")
        }
    }

    /// The stream listeners' `listen(2)` backlog: room for a thousand clients that connect at once
    /// while `-k` or `--broker` accepts (the kernel caps it at `net.core.somaxconn`, 4096 by
    /// default). A full Unix backlog makes a non-blocking client's connect fail with EAGAIN.
    static let backlog: CInt = 4096

    /// Binds (and for streams, listens on) `endpoint`.
    private static func bind(_ proto: Proto, _ endpoint: Endpoint) throws(SocketError) -> Listening {
        switch (proto, endpoint) {
        case (.tcp, .ip(let address)):
            let listener = try TCPListener(address, backlog: backlog)
            return Listening(
                kind: .acceptor(
                    listener.netSocket,
                    { () throws(SocketError) -> NetSocket in try listener.accept().netSocket }
                ),
                boundAddress: try listener.endpoint().description
            )
        case (.udp, .ip):
            let conn = try UDPConn.listen(endpoint.udp!)
            return Listening(kind: .datagram(conn.netSocket), boundAddress: try conn.endpoint().description)
        case (.unixgram, .unix(let address)):
            let conn = try UnixDatagramConn.listen(address)
            return Listening(kind: .datagram(conn.netSocket), boundAddress: address.description)
        case (.unix, .unix(let address)), (.unixpacket, .unix(let address)):
            let listener = try UnixListener(address, backlog: backlog)
            return Listening(
                kind: .acceptor(
                    listener.netSocket,
                    { () throws(SocketError) -> NetSocket in try listener.accept().netSocket }
                ),
                boundAddress: address.description
            )
        case (.sctp, .ip(let address)):
            let listener = try SCTPSupport.listen(address)
            return Listening(
                kind: .acceptor(listener.socket, listener.accept),
                boundAddress: listener.boundAddress
            )
        default:  // Endpoint(parsing:proto:) never pairs them so
            throw SocketError.invalid(.addressFamilyMismatch, .listenSocket)
        }
    }

    /// A dialer without a timeout returns while the handshake runs; sockcat then waits for it as
    /// long as it takes (`finishConnect`), so a refused connection is reported before any relay.
    static func established<Conn: Connection>(_ conn: Conn, timeout: Duration?) throws(SocketError) -> Conn {
        guard timeout == nil else { return conn }
        do throws(SocketError) {
            try conn.finishConnect(until: .distantFuture)
        } catch {
            conn.close()
            throw error
        }
        return conn
    }

    /// The peer of an accepted connection, for the "connection from" line.
    static func peerText(_ socket: NetSocket) -> String {
        guard let address = try? socket.remoteAddress() else { return "an unknown peer" }
        return peerText(address)
    }

    /// A peer's address for sockcat's messages: an unnamed Unix socket (or an AF_UNSPEC sender)
    /// is said so, and a name the peer chose (an abstract name can hold any byte) is escaped, so
    /// it cannot drive the terminal or fake a line of sockcat's.
    static func peerText(_ address: SocketAddress) -> String {
        switch address.kind {
        case .unix(let unix) where unix.isUnnamed: return "an unnamed Unix socket"
        case .unspecified: return "an unnamed socket"
        default: return Console.escaped(address.description)
        }
    }

    /// The local address a `connect unixgram` socket binds so the peer can answer: the unnamed
    /// address, which Linux turns into a unique abstract name (autobind). Elsewhere, none.
    static var unixgramReplyAddress: UnixAddr? {
        #if os(Linux)
        UnixAddr(.unnamed, network: .unixgram)
        #else
        nil
        #endif
    }
}
