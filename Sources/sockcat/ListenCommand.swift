import Sock

/// `sockcat listen PROTO ADDR`: wait for a peer, then relay stdin to it and it to stdout.
enum ListenCommand {
    static let help = """
        usage: sockcat listen PROTO ADDR [--timeout S] [--tcp-info S] [--keep-listening]

        Binds ADDR, waits for one peer, then relays stdin to the peer and the peer to
        stdout until both sides have ended. For udp and unixgram there is no connection:
        datagrams from anyone are printed and stdin goes to the most recent sender, until
        --timeout passes without traffic (or sockcat is interrupted).
        The bound address is printed to stderr first ("sockcat: listening on ADDR"), so
        port 0 can be used.

          PROTO              tcp, udp, unix, unixgram, unixpacket, sctp
          ADDR               host:port (127.0.0.1:0, [::1]:8080, :8080), a path or @name
          --timeout S        give up accepting, or stop after S seconds without traffic
          --tcp-info S       print TCP_INFO to stderr every S seconds (tcp, Linux)
          --keep-listening   after a peer leaves, accept the next one (stream protocols)
        """

    static func run(_ arguments: [String]) throws -> ExitStatus {
        guard let relay = try RelayArguments.parse(arguments, help: help, flags: ["--keep-listening"]) else {
            return .success
        }
        let listening = try Opening.listen(relay.proto, relay.endpoint)
        Console.error("sockcat: listening on \(listening.boundAddress)")
        var stdin = StdinState()
        switch listening.kind {
        case .datagram(let socket):
            defer { socket.close() }
            try Relay(socket: socket, mode: .unconnectedDatagram, options: relay.options).run(stdin: &stdin)
        case .acceptor(let listener, let accept):
            defer { listener.close() }
            try serve(
                listener,
                accept,
                options: relay.options,
                keepListening: relay.parsed.flag("keep-listening"),
                stdin: &stdin
            )
        }
        return .success
    }

    /// Accepts peers one at a time (all of them with `--keep-listening`, the first otherwise).
    /// With `--keep-listening`, an accept that times out after at least one peer ends normally.
    private static func serve(
        _ listener: NetSocket,
        _ accept: () throws(SocketError) -> NetSocket,
        options: RelayOptions,
        keepListening: Bool,
        stdin: inout StdinState
    ) throws(Failure) {
        var served = 0
        repeat {
            listener.setReadDeadline(options.timeout.map { Deadline.after($0) } ?? .distantFuture)
            let conn: NetSocket
            do throws(SocketError) {
                conn = try accept()
            } catch  where error.code == .timedOut && served > 0 {
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
