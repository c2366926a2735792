import Sock

/// `sockcat blast udp ADDR`: a UDP load generator.
enum BlastCommand {
    static let help = """
        usage: sockcat blast udp ADDR [--size N] [--batch N] [--gso SIZE] [--rate N]
                                      [--seconds S | --count N] [--json]

        Sends numbered datagrams to ADDR as fast as the socket takes them, then an end marker
        with the total, so `sockcat sink` can count what was lost. Prints a live progress line
        (counts and rates so far) on a terminal and a summary (datagrams/s, bytes/s) at the end.

          --size N      datagram size in bytes, 16...65507 (default 1200)
          --batch N     send N messages per sendmmsg(2) call, 1...1024 (Linux)
          --gso SIZE    UDP GSO (UDP_SEGMENT): one send carries up to 64000 bytes and the kernel
                        cuts it into datagrams of SIZE bytes (Linux 4.18); implies --size SIZE
          --rate N      send at most N datagrams per second, 1...100000000 (paced per send
                        call: with --batch or --gso a call carries several)
          --seconds S   run for S seconds (default 1)
          --count N     send N datagrams, then stop
          --json        print the summary as one JSON object
        """

    static func run(_ arguments: [String]) throws -> ExitStatus {
        let parsed = try Arguments(
            arguments,
            spec: CommandSpec(
                help: help,
                valueOptions: ["--size", "--batch", "--gso", "--rate", "--seconds", "--count"],
                flags: ["--json"]
            )
        )
        if parsed.wantsHelp {
            Console.out(help)
            return .success
        }
        let words = try parsed.positionals("udp", "ADDR")
        guard words[0] == "udp" else {
            throw UsageError("blast speaks udp only, not '\(Console.escaped(words[0]))'", help: help)
        }
        guard case .ip(let target) = try Endpoint(parsing: words[1], proto: .udp, help: help) else {
            throw UsageError("bad address", help: help)
        }
        let gso = try parsed.integer("gso", in: LoadFormat.headerSize...65507)
        var size = try parsed.integer("size", in: LoadFormat.headerSize...65507) ?? gso ?? 1200
        if let gso {
            guard parsed.values["size"] == nil || size == gso else {
                throw UsageError("--gso SIZE sets the datagram size; drop --size or make it equal", help: help)
            }
            size = gso
        }
        let count = try parsed.integer("count", in: 1...Int(Int64.max))
        if count != nil && parsed.values["seconds"] != nil {
            throw UsageError("--seconds and --count exclude each other", help: help)
        }
        let seconds = try parsed.seconds("seconds") ?? (count == nil ? .seconds(1) : nil)
        let rate = try parsed.integer("rate", in: 1...100_000_000)
        let blaster = try Blaster(
            target: UDPAddr(ip: target.ip, port: target.port, zone: target.zone),
            size: size,
            segmentsPerSend: gso.map { max(1, min(64, 64000 / $0)) } ?? 1,
            batch: try parsed.integer("batch", in: 1...1024) ?? 1,
            rate: rate
        )
        defer { blaster.close() }
        let report = try blaster.run(count: count.map(UInt64.init), seconds: seconds)
        Console.out(report.summary(json: parsed.flag("json")))
        return .success
    }
}
