import Sock

/// `sockcat listen PROTO ADDR`: wait for a peer, then relay stdin to it and it to stdout; or, with
/// `--keep-open` / `--broker`, serve every client at once on Sock's event loop.
enum ListenCommand {
    static let help = """
        usage: sockcat listen PROTO ADDR [--timeout S] [--tcp-info S] [--keep-listening]
                                         [-k | --keep-open | --broker] [--unlink] [--any-peer]

        Binds ADDR, waits for one peer, then relays stdin to the peer and the peer to stdout
        until both sides have ended: a peer that half-closes still gets all of stdin (a reset
        ends the relay with exit status 74). For udp and unixgram there is no connection:
        datagrams from the first sender are printed and stdin goes to it, until --timeout
        passes without traffic (or sockcat is interrupted); datagrams from other senders are
        dropped and named on stderr, unless --any-peer. The bound address is printed to stderr
        first ("sockcat: listening on ADDR"), so port 0 can be used. Peer names are printed
        with control characters escaped.

          PROTO              tcp, udp, unix, unixgram, unixpacket, sctp
          ADDR               host:port (127.0.0.1:0, [::1]:8080, :8080), a path or @name
          --timeout S        give up accepting, or stop after S seconds without traffic
          --tcp-info S       print TCP_INFO to stderr every S seconds (tcp, Linux)
          --keep-listening   after a peer leaves, accept the next one, one at a time
          -k, --keep-open    serve every client at once (stream protocols, Linux): what each
                             client sends goes to stdout, stdin goes to every connected client,
                             and at the end of stdin each client's sending side is shut down.
                             A client that ends its stream is closed; a client's reset is
                             reported and ends that client only. Runs until --timeout passes
                             with no connection and no traffic, or until interrupted.
          --broker           serve every client at once and relay what each sends to all the
                             others (stream protocols, Linux); stdin and stdout are not used.
                             A client that does not read (16 MiB waiting) is dropped.
          --unlink           remove a socket file already at the path first (socat's
                             unlink-early); anything else there is left alone, and is an error
          --any-peer         udp, unixgram: answer the most recent sender, whoever it is

        A Unix socket file sockcat created is removed when it exits (also on SIGINT, SIGTERM,
        SIGHUP), if the path still names that socket. A stale socket file (left by a killed
        listener) is reported as such: remove it, or use --unlink.
        """

    static func run(_ arguments: [String]) throws -> ExitStatus {
        guard
            let relay = try RelayArguments.parse(
                arguments,
                help: help,
                flags: ["--keep-listening", "--keep-open", "--broker", "--unlink", "--any-peer"],
                aliases: ["-k": "--keep-open"]
            )
        else {
            return .success
        }
        let parsed = relay.parsed
        let many: ManyPeersMode? =
            parsed.flag("broker") ? .broker : parsed.flag("keep-open") ? .keepOpen : nil
        try validate(relay, many: many)
        let listening = try Opening.listen(relay.proto, relay.endpoint, unlink: parsed.flag("unlink"))
        #if os(Linux)
        let loop = many != nil ? try ManyPeers.makeLoop() : nil
        #endif
        Console.error("sockcat: listening on \(Console.escaped(listening.boundAddress))")
        var stdin = StdinState()
        switch listening.kind {
        case .datagram(let socket):
            defer { socket.close() }
            try Relay(socket: socket, mode: .unconnectedDatagram, options: relay.options).run(stdin: &stdin)
        case .acceptor(let listener, let accept):
            defer { listener.close() }
            if let many {
                #if os(Linux)
                try ManyPeers.serve(
                    listener,
                    on: loop!,
                    mode: many == .broker ? .broker : .keepOpen,
                    timeout: relay.options.timeout,
                    preserveMessages: relay.proto == .unixpacket || relay.proto == .sctp
                )
                #else
                throw Failure("\(many) runs on Sock's event loop, which is Linux-only", status: .unavailable)
                #endif
            } else {
                try serve(
                    listener,
                    accept,
                    options: relay.options,
                    keepListening: parsed.flag("keep-listening"),
                    stdin: &stdin
                )
            }
        }
        return .success
    }

    /// `--keep-open` or `--broker`.
    enum ManyPeersMode {
        case keepOpen, broker
    }

    /// The combinations that make no sense are usage errors.
    private static func validate(_ relay: RelayArguments, many: ManyPeersMode?) throws(UsageError) {
        let parsed = relay.parsed
        if parsed.flag("keep-open") && parsed.flag("broker") {
            throw UsageError("--keep-open and --broker exclude each other", help: help)
        }
        if let many {
            let name = many == .broker ? "--broker" : "--keep-open"
            if relay.proto.isDatagram {
                throw UsageError("\(name) needs a stream protocol (tcp, unix, unixpacket, sctp)", help: help)
            }
            if parsed.flag("keep-listening") {
                throw UsageError("\(name) serves clients at once; drop --keep-listening", help: help)
            }
            if relay.options.tcpInfoInterval != nil {
                throw UsageError("--tcp-info follows one connection; it does not go with \(name)", help: help)
            }
        }
        if parsed.flag("keep-listening") && relay.proto.isDatagram {
            throw UsageError("--keep-listening is for stream protocols", help: help)
        }
        if parsed.flag("any-peer") && !relay.proto.isDatagram {
            throw UsageError("--any-peer is for udp and unixgram", help: help)
        }
        if parsed.flag("unlink") {
            guard case .unix(let address) = relay.endpoint, let path = address.address.path, !path.isEmpty else {
                throw UsageError("--unlink is for Unix socket paths (not @names or IP addresses)", help: help)
            }
        }
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
