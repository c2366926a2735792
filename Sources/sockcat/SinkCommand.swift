import Sock

/// `sockcat sink udp ADDR`: receives `blast`'s datagrams and counts them.
enum SinkCommand {
    static let help = """
        usage: sockcat sink udp ADDR [--batch N] [--gro] [--seconds S] [--count N]
                                     [--timeout S] [--json]

        Binds ADDR (port 0 picks one; the bound address is printed to stderr first, as
        "sockcat: listening on ADDR") and counts the datagrams `sockcat blast` sends: datagrams,
        bytes, and the ones lost on the way (from their sequence numbers and the end marker).
        Stops at the end marker, after --count datagrams, --seconds after the first datagram, or
        when the traffic pauses (--timeout, default 1 s once data has arrived).

          --batch N     receive up to N messages per recvmmsg(2) call, 1...1024 (Linux)
          --gro         UDP GRO (UDP_GRO): let the kernel coalesce datagrams into one receive
                        and split them again by the segment size it reports (Linux 5.0)
          --seconds S   stop S seconds after the first datagram
          --count N     stop after N datagrams
          --timeout S   give up after S seconds with no datagram (before the first one: wait
                        forever unless given)
          --json        print the summary as one JSON object
        """

    static func run(_ arguments: [String]) throws -> ExitStatus {
        let parsed = try Arguments(
            arguments,
            spec: CommandSpec(
                help: help,
                valueOptions: ["--batch", "--seconds", "--count", "--timeout"],
                flags: ["--gro", "--json"]
            )
        )
        if parsed.wantsHelp {
            Console.out(help)
            return .success
        }
        let words = try parsed.positionals("udp", "ADDR")
        guard words[0] == "udp" else { throw UsageError("sink speaks udp only", help: help) }
        guard let address = try Endpoint(parsing: words[1], proto: .udp, help: help).udp else {
            throw UsageError("bad address", help: help)
        }
        var sink = try Sink(
            address: address,
            gro: parsed.flag("gro"),
            batch: try parsed.integer("batch", in: 1...1024) ?? 1
        )
        defer { sink.close() }
        let report = try sink.run(
            count: try parsed.integer("count", in: 1...Int(Int64.max)).map(UInt64.init),
            seconds: try parsed.seconds("seconds"),
            timeout: try parsed.seconds("timeout")
        )
        Console.out(report.summary(json: parsed.flag("json")))
        return .success
    }
}
