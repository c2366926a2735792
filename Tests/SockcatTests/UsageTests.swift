import Testing

/// Usage errors exit 64 with a message and the help; `--help` works for every command.
@Suite struct UsageTests {
    /// A wrong invocation and a phrase its message must contain.
    struct Case: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        var message: String
        var testDescription: String { "sockcat " + arguments.joined(separator: " ") }
    }

    static let cases: [Case] = [
        Case(arguments: [], message: "missing command"),
        Case(arguments: ["bogus"], message: "unknown command 'bogus'"),
        Case(arguments: ["bo\u{1B}]0;x\u{07}gus"], message: #"unknown command 'bo\x1b]0;x\x07gus'"#),
        Case(arguments: ["listen"], message: "missing PROTO ADDR (expected PROTO ADDR)"),
        Case(arguments: ["listen", "tcp"], message: "missing ADDR (expected PROTO ADDR)"),
        Case(
            arguments: ["listen", "tcp", "127.0.0.1:0", "extra"],
            message: "unexpected argument 'extra' (expected PROTO ADDR)"
        ),
        Case(arguments: ["listen", "smtp", "127.0.0.1:0"], message: "unknown protocol 'smtp'"),
        Case(arguments: ["listen", "udp", "127.0.0.1:0", "-k"], message: "--keep-open needs a stream protocol"),
        Case(arguments: ["listen", "tcp", "127.0.0.1:0", "-k", "--broker"], message: "exclude each other"),
        Case(
            arguments: ["listen", "tcp", "127.0.0.1:0", "--broker", "--keep-listening"],
            message: "drop --keep-listening"
        ),
        Case(arguments: ["listen", "tcp", "127.0.0.1:0", "--any-peer"], message: "--any-peer is for udp and unixgram"),
        Case(arguments: ["listen", "tcp", "127.0.0.1:0", "--unlink"], message: "--unlink is for Unix socket paths"),
        Case(arguments: ["listen", "unix", "@abstract", "--unlink"], message: "--unlink is for Unix socket paths"),
        Case(arguments: ["listen", "unix", String(repeating: "x", count: 200)], message: "bad Unix address"),
        Case(arguments: ["listen", "tcp", "127.0.0.1:0", "--keep-open=yes"], message: "--keep-open takes no value"),
        Case(arguments: ["connect"], message: "missing PROTO ADDR"),
        Case(arguments: ["connect", "tcp", "127.0.0.1:99999"], message: "bad address '127.0.0.1:99999'"),
        Case(arguments: ["connect", "tcp", "127.0.0.1"], message: "bad address '127.0.0.1'"),
        Case(arguments: ["connect", "tcp", "[::1:80"], message: "bad address '[::1:80'"),
        Case(arguments: ["connect", "tcp", "127.0.0.1:80", "--bogus"], message: "unknown option '--bogus'"),
        Case(arguments: ["connect", "tcp", "127.0.0.1:80", "-k"], message: "unknown option '-k'"),
        Case(arguments: ["connect", "tcp", "127.0.0.1:80", "--timeout"], message: "--timeout needs a value"),
        Case(
            arguments: ["connect", "tcp", "127.0.0.1:80", "--timeout", "-1"],
            message: "--timeout needs a positive number of seconds, got '-1'"
        ),
        Case(arguments: ["connect", "tcp", "127.0.0.1:80", "--timeout", "soon"], message: "got 'soon'"),
        Case(arguments: ["connect", "udp", "127.0.0.1:80", "--tcp-info", "1"], message: "--tcp-info is for tcp only"),
        Case(arguments: ["blast"], message: "missing udp ADDR (expected udp ADDR)"),
        Case(arguments: ["blast", "tcp", "127.0.0.1:9"], message: "blast speaks udp only, not 'tcp'"),
        Case(
            arguments: ["blast", "udp", "127.0.0.1:9", "--size", "8"],
            message: "--size needs an integer in 16...65507, got '8'"
        ),
        Case(
            arguments: ["blast", "udp", "127.0.0.1:9", "--batch", "0"],
            message: "--batch needs an integer in 1...1024"
        ),
        Case(
            arguments: ["blast", "udp", "127.0.0.1:9", "--rate", "0"],
            message: "--rate needs an integer in 1...100000000"
        ),
        Case(
            arguments: ["blast", "udp", "127.0.0.1:9", "--count", "5", "--seconds", "1"],
            message: "--seconds and --count exclude each other"
        ),
        Case(
            arguments: ["blast", "udp", "127.0.0.1:9", "--gso", "1000", "--size", "900"],
            message: "--gso SIZE sets the datagram size"
        ),
        Case(arguments: ["sink"], message: "missing udp ADDR"),
        Case(arguments: ["sink", "udp", "127.0.0.1:0", "--count", "x"], message: "--count needs an integer"),
        Case(arguments: ["sink", "unix", "/tmp/x"], message: "sink speaks udp only, not 'unix'"),
        Case(
            arguments: ["sink", "udp", "127.0.0.1:0", "extra"],
            message: "unexpected argument 'extra' (expected udp ADDR)"
        ),
        Case(arguments: ["probe", "extra"], message: "unexpected argument 'extra' (it takes no arguments)"),
        Case(arguments: ["probe", "--json=1"], message: "--json takes no value"),
    ]

    @Test(arguments: cases)
    func usageErrorsExit64(case usage: Case) throws {
        let result = try SockcatBinary.run(usage.arguments)
        #expect(result.status == 64, "\(usage.testDescription): \(result.stderr)")
        let first = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("sockcat: "), "no message for \(usage.testDescription)")
        #expect(first.contains(usage.message), "\(usage.testDescription): \(first)")
        #expect(!first.contains("expected ,"), "an empty list of expected arguments")
        #expect(result.stderr.contains("usage: sockcat"), "no help for \(usage.testDescription)")
        #expect(result.stdout.isEmpty)
    }

    @Test(arguments: ["probe", "listen", "connect", "blast", "sink"])
    func helpForEveryCommand(command: String) throws {
        let result = try SockcatBinary.run([command, "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("usage: sockcat \(command)"), "\(result.stdout)")
    }

    @Test func topLevelHelp() throws {
        let result = try SockcatBinary.run(["--help"])
        #expect(result.status == 0)
        for command in ["probe", "listen", "connect", "blast", "sink"] {
            #expect(result.stdout.contains("  \(command) "), "top-level help lacks \(command)")
        }
        #expect(result.stdout.contains("64 usage error, 69 feature unavailable, 74 I/O error"))
    }
}
