import Sock

/// `sockcat sink udp ADDR`: receives `blast`'s datagrams and counts them.
enum SinkCommand {
    static let help = """
        usage: sockcat sink udp ADDR [--batch N] [--gro] [--rcvbuf BYTES] [--seconds S]
                                     [--count N] [--timeout S] [--json]

        Binds ADDR (port 0 picks one; the bound address is printed to stderr first, as
        "sockcat: listening on ADDR") and counts the datagrams `sockcat blast` sends: datagrams,
        bytes, and the ones lost on the way (from their sequence numbers and the end marker).
        Stops at the end marker, after --count datagrams, --seconds after the first datagram, or
        when the traffic pauses (--timeout, default 1 s once data has arrived). On a terminal a
        progress line shows the counts and rates so far; the summary says how many datagrams were
        lost ("lost N of M datagrams (x.x%)"). Datagrams that are not blast's are counted apart
        and otherwise ignored.

          --batch N       receive up to N messages per recvmmsg(2) call, 1...1024 (Linux)
          --gro           UDP GRO (UDP_GRO): let the kernel coalesce datagrams into one
                          receive and split them again by the segment size it reports
                          (Linux 5.0)
          --rcvbuf BYTES  receive buffer size (SO_RCVBUF), 1024...2147483647; the kernel
                          doubles it and caps it at net.core.rmem_max. Default: 64 MiB,
                          capped the same way. A bigger buffer rides out longer bursts
                          (e.g. of a GSO blast); the summary gives the size granted.
          --seconds S     stop S seconds after the first datagram
          --count N       stop after N datagrams
          --timeout S     give up after S seconds with no datagram (before the first one:
                          wait forever unless given)
          --json          print the summary as one JSON object
        """

    static func run(_ arguments: [String]) throws -> ExitStatus {
        let parsed = try Arguments(
            arguments,
            spec: CommandSpec(
                help: help,
                valueOptions: ["--batch", "--rcvbuf", "--seconds", "--count", "--timeout"],
                flags: ["--gro", "--json"]
            )
        )
        if parsed.wantsHelp {
            Console.out(help)
            return .success
        }
        let words = try parsed.positionals("udp", "ADDR")
        guard words[0] == "udp" else {
            throw UsageError("sink speaks udp only, not '\(Console.escaped(words[0]))'", help: help)
        }
        guard let address = try Endpoint(parsing: words[1], proto: .udp, help: help).udp else {
            throw UsageError("bad address", help: help)
        }
        // Every option is checked before the socket is bound.
        let batch = try parsed.integer("batch", in: 1...1024) ?? 1
        let receiveBufferSize = try parsed.integer("rcvbuf", in: 1024...Int(Int32.max))
        let count = try parsed.integer("count", in: 1...Int(Int64.max)).map(UInt64.init)
        let seconds = try parsed.seconds("seconds")
        let timeout = try parsed.seconds("timeout")
        var sink = try Sink(
            address: address,
            gro: parsed.flag("gro"),
            batch: batch,
            receiveBufferSize: receiveBufferSize
        )
        defer { sink.close() }
        var report = try sink.run(count: count, seconds: seconds, timeout: timeout)
        report.receiveBuffer = sink.receiveBuffer
        Console.out(report.summary(json: parsed.flag("json")))
        return .success
    }
}
