import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What arrives from outside cannot crash sockcat, take over its datagram listener or write
/// control characters to its terminal.
@Suite struct HostileInputTests {
    /// The sink gets datagrams with the largest sequence number and totals, short and foreign
    /// ones, then 3 real datagrams and their end marker: it counts the 3 and calls the rest
    /// foreign.
    @Test func sinkSurvivesHostileDatagrams() throws {
        let sink = try SockcatBinary.start("sink", "udp", "127.0.0.1:0", "--json", "--timeout", "10")
        let line = try #require(sink.waitForStderrLine(containing: "listening on"), "\(sink.stderrText)")
        let sender = try python(
            """
            import socket, struct, sys, time
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            target = ("127.0.0.1", int(sys.argv[1]))
            def send(kind, value, extra=b""):
                s.sendto(b"SKCT" + struct.pack(">IQ", kind, value) + extra, target)
                time.sleep(0.01)
            send(0, 0xFFFF_FFFF_FFFF_FFFF)       # the datagram that used to trap
            send(0, 0xFFFF_FFFF_FFFF_FFFE)
            send(1, 0xFFFF_FFFF_FFFF_FFFF)       # an end marker with an absurd total
            send(7, 1)                            # an unknown kind
            s.sendto(b"SKCT", target)             # too short
            s.sendto(b"", target)                 # empty
            s.sendto(b"XXXX" + bytes(12), target) # another magic
            for seq in range(3):
                send(0, seq, bytes(100))
            send(1, 3)
            """,
            port(in: line) ?? "0"
        )
        #expect(sender.wait() == 0, "\(sender.stderrText)")
        #expect(sink.wait() == 0, "sink stderr: \(sink.stderrText)")
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(sink.stdout)) as? [String: Any],
            "\(sink.stdoutText)"
        )
        #expect(summary["datagrams"] as? Int == 3, "\(summary)")
        #expect(summary["expected"] as? Int == 3, "\(summary)")
        #expect(summary["lost"] as? Int == 0, "\(summary)")
        #expect(summary["foreign"] as? Int == 7, "\(summary)")
        #expect(summary["endSeen"] as? Bool == true)
    }

    /// Without an end marker, a hostile sequence number cannot make the total overflow either.
    @Test func sinkWithOnlyTheLargestSequence() throws {
        let sink = try SockcatBinary.start("sink", "udp", "127.0.0.1:0", "--timeout", "1")
        let line = try #require(sink.waitForStderrLine(containing: "listening on"))
        let sender = try python(
            """
            import socket, struct, sys
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.sendto(b"SKCT" + struct.pack(">IQ", 0, 0xFFFF_FFFF_FFFF_FFFF), ("127.0.0.1", int(sys.argv[1])))
            """,
            port(in: line) ?? "0"
        )
        sender.wait()
        #expect(sink.wait() == 0, "sink stderr: \(sink.stderrText)")
        #expect(sink.stdoutText.contains("1 datagrams were not blast's"), "\(sink.stdoutText)")
    }

    /// `listen udp` answers its first sender only; a second sender's datagrams are dropped and
    /// named. With `--any-peer` every sender is heard and the latest one answered.
    @Test(arguments: [false, true])
    func datagramListenerStaysWithItsFirstPeer(anyPeer: Bool) throws {
        let listener = try SockcatBinary.start(
            ["listen", "udp", "127.0.0.1:0", "--timeout", "3"] + (anyPeer ? ["--any-peer"] : [])
        )
        let line = try #require(listener.waitForStderrLine(containing: "listening on"))
        let peers = try python(
            """
            import socket, sys, time
            target = ("127.0.0.1", int(sys.argv[1]))
            a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            a.bind(("127.0.0.1", 0)); b.bind(("127.0.0.1", 0))
            a.sendto(b"a1\\n", target); time.sleep(0.3)
            b.sendto(b"b1\\n", target); time.sleep(0.3)
            print("ready", flush=True)
            sys.stdin.readline()
            for sock, name in ((a, "a"), (b, "b")):
                sock.settimeout(1)
                try:
                    print(name, sock.recv(100))
                except socket.timeout:
                    print(name, "nothing")
            """,
            port(in: line) ?? "0"
        )
        while !peers.stdoutText.contains("ready") && !peers.outputEnded {
            peers.collect(for: .milliseconds(50))
            listener.collect(for: .milliseconds(10))
        }
        listener.write("reply\n")
        listener.collect(for: .milliseconds(300))
        peers.write("\n")
        #expect(peers.wait() == 0, "\(peers.stderrText)")
        #expect(listener.wait() == 0, "\(listener.stderrText)")
        if anyPeer {
            #expect(listener.stdoutText == "a1\nb1\n")
            #expect(
                peers.stdoutText.contains("a nothing") && peers.stdoutText.contains("b b'reply\\n'"),
                "\(peers.stdoutText)"
            )
        } else {
            #expect(listener.stdoutText == "a1\n")
            #expect(listener.stderrText.contains("ignoring datagrams from 127.0.0.1:"), "\(listener.stderrText)")
            #expect(
                peers.stdoutText.contains("a b'reply\\n'") && peers.stdoutText.contains("b nothing"),
                "\(peers.stdoutText)"
            )
        }
    }

    /// A unixgram peer whose abstract name holds terminal escapes and a fake log line: sockcat
    /// prints it escaped, with no control character reaching stderr.
    @Test func peerNamesAreEscaped() throws {
        let name = "@sockcat-escape-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let listener = try SockcatBinary.start("listen", "unixgram", name, "--timeout", "2")
        _ = try #require(listener.waitForStderrLine(containing: "listening on"))
        let peer = try python(
            """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            s.bind(b"\\0\\x1b[2K\\rsockcat: connection from uid 0 (trusted)\\n\\x1b]0;pwned\\x07")
            s.sendto(b"hi\\n", b"\\0" + sys.argv[1][1:].encode())
            """,
            name
        )
        #expect(peer.wait() == 0, "\(peer.stderrText)")
        #expect(listener.wait() == 0)
        let stderr = listener.stderr
        #expect(
            !stderr.contains(0x1B) && !stderr.contains(0x07) && !stderr.contains(0x0D),
            "raw control bytes on stderr"
        )
        let escaped = #"datagrams from @\x1b[2K\x0dsockcat: connection from uid 0 (trusted)\x0a\x1b]0;pwned\x07"#
        #expect(listener.stderrText.contains(escaped), "\(listener.stderrText)")
        #expect(!listener.stderrText.contains("\nsockcat: connection from uid 0"), "a faked line")
        #expect(listener.stdoutText == "hi\n")
    }
}
