/// The command line `listen` and `connect` share: `PROTO ADDR [--timeout S] [--tcp-info S]`.
struct RelayArguments {
    var proto: Proto
    var endpoint: Endpoint
    var options: RelayOptions
    var parsed: Arguments

    /// Parses the shared arguments; nil when `--help` was asked for (the help is printed).
    static func parse(
        _ arguments: [String],
        help: String,
        flags: Set<String> = [],
        aliases: [String: String] = [:]
    ) throws -> RelayArguments? {
        let parsed = try Arguments(
            arguments,
            spec: CommandSpec(help: help, valueOptions: ["--timeout", "--tcp-info"], flags: flags, aliases: aliases)
        )
        if parsed.wantsHelp {
            Console.out(help)
            return nil
        }
        let words = try parsed.positionals("PROTO", "ADDR")
        let proto = try Proto(parsing: words[0], help: help)
        let endpoint = try Endpoint(parsing: words[1], proto: proto, help: help)
        let options = RelayOptions(
            timeout: try parsed.seconds("timeout"),
            tcpInfoInterval: try parsed.seconds("tcp-info"),
            halfClose: proto != .sctp,
            anyPeer: parsed.flag("any-peer")
        )
        if options.tcpInfoInterval != nil {
            guard proto == .tcp else { throw UsageError("--tcp-info is for tcp only", help: help) }
            guard TCPInfoReport.isSupported else {
                throw Failure("--tcp-info: TCP_INFO is Linux-only", status: .unavailable)
            }
        }
        return RelayArguments(proto: proto, endpoint: endpoint, options: options, parsed: parsed)
    }
}
