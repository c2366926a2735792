import Foundation
import Testing

/// blast and sink: the live progress line shows rates while running, `--rate` limits the blast,
/// `--rcvbuf` sets the sink's receive buffer, and the summary states the loss plainly.
@Suite struct LoadOptionsTests {
    static func startSink(_ extra: [String]) throws -> (Subprocess, String) {
        let sink = try SockcatBinary.start(["sink", "udp", "127.0.0.1:0", "--timeout", "10"] + extra)
        let line = try #require(sink.waitForStderrLine(containing: "listening on"), "\(sink.stderrText)")
        return (sink, "127.0.0.1:\(port(in: line) ?? "0")")
    }

    /// blast and sink both run on pseudo-terminals (Python's `pty`), so both draw their progress
    /// lines; the lines drawn before the summaries must show rates above 0.
    @Test func progressLinesShowRatesWhileRunning() throws {
        let binary = try #require(SockcatBinary.path)
        let runner = try python(
            """
            import os, pty, re, select, sys
            binary = sys.argv[1]
            def start(*args):
                pid, fd = pty.fork()
                if pid == 0:
                    os.execv(binary, [binary, *args])
                return pid, fd
            def drain(fd, until=None, seconds=20):
                out = b""
                while True:
                    ready, _, _ = select.select([fd], [], [], seconds)
                    if not ready: break
                    try:
                        chunk = os.read(fd, 4096)
                    except OSError:
                        break
                    if not chunk: break
                    out += chunk
                    if until and until in out: break
                return out
            sink, sink_fd = start("sink", "udp", "127.0.0.1:0", "--timeout", "10")
            head = drain(sink_fd, until=b"\\n")
            port = re.search(rb"listening on 127.0.0.1:(\\d+)", head).group(1).decode()
            blast, blast_fd = start("blast", "udp", "127.0.0.1:" + port, "--seconds", "1.5", "--rate", "20000")
            blast_out = drain(blast_fd)
            os.waitpid(blast, 0)
            sink_out = head + drain(sink_fd)
            os.waitpid(sink, 0)
            sys.stdout.write(blast_out.decode(errors="replace") + sink_out.decode(errors="replace"))
            """,
            binary
        )
        #expect(runner.wait(timeout: .seconds(30)) == 0, "\(runner.stderrText)")
        for role in ["blast", "sink"] {
            let drawn = runner.stdoutText.split(separator: "\r").filter {
                $0.hasPrefix("\(role): ") && $0.contains(" in ") && $0.contains("datagrams/s")
            }
            try #require(!drawn.isEmpty, "no \(role) progress line: \(runner.stdoutText.debugDescription)")
            let rates = drawn.compactMap { line -> Double? in
                // "ROLE: N datagrams, X B in T s, R datagrams/s, Y B/s"
                guard let range = line.range(of: " s, ") else { return nil }
                return Double(line[range.upperBound...].split(separator: " ").first ?? "")
            }
            #expect(rates.contains { $0 > 0 }, "\(role) progress lines: \(drawn)")
        }
    }

    /// 2,000 datagrams at 4,000/s take half a second; the summary names the limit.
    @Test func rateLimitsTheBlast() throws {
        let (sink, target) = try Self.startSink(["--json"])
        let blast = try SockcatBinary.run(["blast", "udp", target, "--count", "2000", "--rate", "4000", "--json"])
        #expect(blast.status == 0, "\(blast.stderr)")
        #expect(sink.wait() == 0)
        let summary = try LoadTests.decode(blast.stdout)
        let seconds = try #require(summary["seconds"] as? Double)
        #expect(seconds >= 0.45 && seconds < 5, "2000 datagrams at 4000/s took \(seconds) s")
        #expect(summary["rateLimit"] as? Int == 4000)
        let rate = try #require(summary["datagramsPerSecond"] as? Double)
        #expect(rate <= 4400, "rate \(rate) above the limit")
    }

    /// `--rcvbuf` reaches SO_RCVBUF (Linux doubles the value), and the plain summary states loss
    /// as "lost N of M datagrams (x.x%)".
    @Test func receiveBufferAndLossSummary() throws {
        let (sink, target) = try Self.startSink(["--rcvbuf", "65536"])
        let blast = try SockcatBinary.run(["blast", "udp", target, "--count", "1000", "--size", "200"])
        #expect(blast.status == 0, "\(blast.stderr)")
        #expect(sink.wait() == 0, "\(sink.stderrText)")
        let text = sink.stdoutText
        #expect(text.contains("receive buffer (SO_RCVBUF) 131072 bytes"), "\(text)")
        let loss = try #require(text.split(separator: "\n").first { $0.contains("lost ") }, "\(text)")
        let pattern = #/sink: lost (\d+) of 1000 datagrams \((\d+\.\d)%\)/#
        let match = try #require(try pattern.firstMatch(in: String(loss)), "\(loss)")
        let lost = Int(match.1)!
        #expect(text.contains("sink: \(1000 - lost) datagrams"), "\(text)")
    }

    @Test(arguments: [["--rcvbuf", "12"], ["--rcvbuf", "x"]])
    func badReceiveBuffer(option: [String]) throws {
        let result = try SockcatBinary.run(["sink", "udp", "127.0.0.1:0"] + option)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--rcvbuf needs an integer"), "\(result.stderr)")
    }
}
