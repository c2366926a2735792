import Testing

/// Usage errors exit 64 with a message and the help; `--help` works for every command.
@Suite struct UsageTests {
    @Test(arguments: [
        [String](),
        ["bogus"],
        ["listen", "tcp"],
        ["listen", "smtp", "127.0.0.1:0"],
        ["connect", "tcp", "127.0.0.1:99999"],
        ["connect", "tcp", "127.0.0.1"],
        ["connect", "tcp", "[::1:80"],
        ["connect", "tcp", "127.0.0.1:80", "--bogus"],
        ["connect", "tcp", "127.0.0.1:80", "--timeout"],
        ["connect", "tcp", "127.0.0.1:80", "--timeout", "-1"],
        ["connect", "udp", "127.0.0.1:80", "--tcp-info", "1"],
        ["listen", "unix", String(repeating: "x", count: 200)],
        ["blast", "tcp", "127.0.0.1:9"],
        ["blast", "udp", "127.0.0.1:9", "--size", "8"],
        ["blast", "udp", "127.0.0.1:9", "--batch", "0"],
        ["sink", "udp", "127.0.0.1:0", "--count", "x"],
        ["probe", "extra"],
    ])
    func usageErrorsExit64(arguments: [String]) throws {
        let result = try SockcatBinary.run(arguments)
        #expect(result.status == 64, "sockcat \(arguments): \(result.stderr)")
        #expect(result.stderr.contains("sockcat: "), "no message for \(arguments)")
        #expect(result.stderr.contains("usage: sockcat"), "no help for \(arguments)")
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
