/// `sockcat connect PROTO ADDR`: connect, then relay stdin to the peer and the peer to stdout.
enum ConnectCommand {
    static let help = """
        usage: sockcat connect PROTO ADDR [--timeout S] [--tcp-info S]

        Connects to ADDR, then relays stdin to the peer and the peer to stdout. At the end
        of stdin a stream is half-closed (shutdown SHUT_WR) and sockcat waits for the
        peer to finish; SCTP has no half-close, so sockcat waits until the peer has been
        quiet for 0.5 s, then closes. After the peer's end of stream, stdin keeps flowing
        to it until stdin ends (the peer may have half-closed only); a reset, or a Unix
        peer gone both ways, ends the relay at once. A datagram socket stops at the end of stdin unless
        --timeout asks it to wait for replies. A refused or reset connection, or any other
        I/O failure, exits 74.

          PROTO              tcp, udp, unix, unixgram, unixpacket, sctp
          ADDR               host:port, a path or @name
          --timeout S        connect timeout, and stop after S seconds without traffic
          --tcp-info S       print TCP_INFO to stderr every S seconds (tcp, Linux)
        """

    static func run(_ arguments: [String]) throws -> ExitStatus {
        guard let relay = try RelayArguments.parse(arguments, help: help) else { return .success }
        let opened = try Opening.connect(relay.proto, relay.endpoint, timeout: relay.options.timeout)
        defer { opened.socket.close() }
        var stdin = StdinState()
        try Relay(socket: opened.socket, mode: opened.mode, options: relay.options).run(stdin: &stdin)
        return .success
    }
}
