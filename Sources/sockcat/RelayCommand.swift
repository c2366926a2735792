import Sock

/// Which side of the connection sockcat plays.
enum RelayRole {
    case listen
    case connect
}

/// `sockcat listen PROTO ADDR` and `sockcat connect PROTO ADDR`.
enum RelayCommand {
    static func help(_ role: RelayRole) -> String {
        switch role {
        case .listen:
            return """
                usage: sockcat listen PROTO ADDR [--timeout S] [--tcp-info S] [--keep-listening]

                Binds ADDR, waits for one peer, then relays stdin to the peer and the peer to
                stdout until both sides have ended. For udp and unixgram there is no connection:
                datagrams from anyone are printed and stdin goes to the most recent sender.
                The bound address is printed to stderr first ("sockcat: listening on ADDR"), so
                port 0 can be used.

                  PROTO              tcp, udp, unix, unixgram, unixpacket, sctp
                  ADDR               host:port (127.0.0.1:0, [::1]:8080, :8080), a path or @name
                  --timeout S        give up accepting, or stop after S seconds without traffic
                  --tcp-info S       print TCP_INFO to stderr every S seconds (tcp, Linux)
                  --keep-listening   after a peer leaves, accept the next one (stream protocols)
                """
        case .connect:
            return """
                usage: sockcat connect PROTO ADDR [--timeout S] [--tcp-info S]

                Connects to ADDR, then relays stdin to the peer and the peer to stdout. At the end
                of stdin a stream is half-closed (shutdown SHUT_WR) and sockcat waits for the
                peer to finish; a datagram socket stops at the end of stdin unless --timeout asks
                it to wait for replies.

                  PROTO              tcp, udp, unix, unixgram, unixpacket, sctp
                  ADDR               host:port, a path or @name
                  --timeout S        connect timeout, and stop after S seconds without traffic
                  --tcp-info S       print TCP_INFO to stderr every S seconds (tcp, Linux)
                """
        }
    }

    static func run(_ arguments: [String], role: RelayRole) throws -> ExitStatus {
        let help = help(role)
        let spec = CommandSpec(
            help: help,
            valueOptions: ["--timeout", "--tcp-info"],
            flags: role == .listen ? ["--keep-listening"] : []
        )
        let parsed = try Arguments(arguments, spec: spec)
        if parsed.wantsHelp {
            Console.out(help)
            return .success
        }
        let words = try parsed.positionals("PROTO", "ADDR")
        let proto = try Proto(parsing: words[0], help: help)
        let endpoint = try Endpoint(parsing: words[1], proto: proto, help: help)
        let options = RelayOptions(timeout: try parsed.seconds("timeout"), tcpInfoInterval: try parsed.seconds("tcp-info"))
        if options.tcpInfoInterval != nil {
            guard proto == .tcp else { throw UsageError("--tcp-info is for tcp only", help: help) }
            guard TCPInfoReport.isSupported else {
                throw Failure("--tcp-info: TCP_INFO is Linux-only", status: .unavailable)
            }
        }
        var stdin = StdinState()
        switch role {
        case .connect:
            let opened = try Opening.connect(proto, endpoint, timeout: options.timeout)
            try Relay(socket: opened.socket, mode: opened.mode, options: options).run(stdin: &stdin)
            opened.socket.close()
        case .listen:
            try listen(proto, endpoint, options: options, keepListening: parsed.flag("keep-listening"), stdin: &stdin)
        }
        return .success
    }

    private static func listen(
        _ proto: Proto,
        _ endpoint: Endpoint,
        options: RelayOptions,
        keepListening: Bool,
        stdin: inout StdinState
    ) throws(Failure) {
        let listening = try Opening.listen(proto, endpoint)
        Console.error("sockcat: listening on \(listening.boundAddress)")
        switch listening.kind {
        case .datagram(let socket):
            defer { socket.close() }
            try Relay(socket: socket, mode: .unconnectedDatagram, options: options).run(stdin: &stdin)
        case .acceptor(let listener, let accept):
            defer { listener.close() }
            var served = 0
            repeat {
                listener.setReadDeadline(options.timeout.map { Deadline.after($0) } ?? .distantFuture)
                let conn: NetSocket
                do throws(SocketError) {
                    conn = try accept()
                } catch where error.code == .timedOut && served > 0 {
                    Console.error("sockcat: no new peer within \(options.timeout!), closing")
                    return
                } catch {
                    throw Failure(error, "waiting for a peer")
                }
                served += 1
                Console.error("sockcat: connection from \(Opening.peerText(conn))")
                defer { conn.close() }
                try Relay(socket: conn, mode: .stream, options: options).run(stdin: &stdin)
            } while keepListening
        }
    }
}
