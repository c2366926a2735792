import Sock

/// The command table and the top-level help.
enum Sockcat {
    static let usage = """
        usage: sockcat COMMAND [ARGUMENTS] [OPTIONS]

        commands:
          probe [--json]              probe the running kernel through Sock and print what works
          listen PROTO ADDR           wait for one peer, then relay stdin to it and it to stdout;
                                      -k / --keep-open: every client at once (their output to
                                      stdout, stdin to all); --broker: each client to the others
          connect PROTO ADDR          connect, then relay stdin to the peer and the peer to stdout
          blast udp ADDR              send numbered UDP datagrams, as fast as possible or --rate N/s
          sink udp ADDR               receive them and count datagrams, bytes and loss

        PROTO is tcp, udp, unix, unixgram, unixpacket or sctp. ADDR is host:port for tcp, udp
        and sctp (127.0.0.1:8080, [::1]:8080, :8080 for every address), a path or @name (Linux
        abstract) for the unix protocols.

        Run `sockcat COMMAND --help` for a command's options.
        Exit status: 0 success, 64 usage error, 69 feature unavailable, 74 I/O error (a refused
        or reset connection, a broken pipe, a stale Unix socket file).
        """

    static func run(_ arguments: [String]) -> ExitStatus {
        guard let command = arguments.first else {
            Console.error("sockcat: missing command")
            Console.error(usage)
            return .usage
        }
        let rest = Array(arguments.dropFirst())
        do {
            switch command {
            case "probe": return try ProbeCommand.run(rest)
            case "listen": return try ListenCommand.run(rest)
            case "connect": return try ConnectCommand.run(rest)
            case "blast": return try BlastCommand.run(rest)
            case "sink": return try SinkCommand.run(rest)
            case "-h", "--help", "help":
                Console.out(usage)
                return .success
            default:
                throw UsageError("unknown command '\(Console.escaped(command))'", help: usage)
            }
        } catch let error as UsageError {
            Console.error("sockcat: \(error.message)")
            if let help = error.help { Console.error(help) }
            return .usage
        } catch let error as Failure {
            Console.error("sockcat: \(error.message)")
            return error.status
        } catch {
            Console.error("sockcat: \(error)")
            return .ioError
        }
    }
}
