import Foundation
import Testing

/// `sockcat blast` into `sockcat sink` over loopback, plain and with the Linux batch and offload
/// paths; the sink's count plus its loss must equal what the blaster sent.
@Suite struct LoadTests {
    struct Variant: CustomTestStringConvertible, Sendable {
        var name: String
        var blast: [String]
        var sink: [String]
        var needs: [String]
        var testDescription: String { name }
    }

    static let variants = [
        Variant(name: "plain", blast: ["--size", "1000"], sink: [], needs: []),
        Variant(
            name: "batch",
            blast: ["--size", "1000", "--batch", "8"],
            sink: ["--batch", "8"],
            needs: ["sendmmsg-recvmmsg"]
        ),
        Variant(name: "gso-gro", blast: ["--gso", "1000"], sink: ["--gro"], needs: ["udp-gso", "udp-gro"]),
        Variant(
            name: "gso-gro-batch",
            blast: ["--gso", "1000", "--batch", "4"],
            sink: ["--gro", "--batch", "4"],
            needs: ["udp-gso", "udp-gro", "sendmmsg-recvmmsg"]
        ),
    ]

    @Test(arguments: variants)
    func blastIntoSink(variant: Variant) throws {
        for feature in variant.needs where !ProbeTests.available.contains(feature) {
            try skip("\(feature) is unavailable here (see `sockcat probe`)")
        }
        let sink = try SockcatBinary.start(["sink", "udp", "127.0.0.1:0", "--json", "--timeout", "10"] + variant.sink)
        let line = try #require(sink.waitForStderrLine(containing: "listening on"), "\(sink.stderrText)")
        let target = "127.0.0.1:\(port(in: line) ?? "0")"
        let blast = try SockcatBinary.run(["blast", "udp", target, "--count", "2000", "--json"] + variant.blast)
        #expect(blast.status == 0, "blast stderr: \(blast.stderr)")
        #expect(sink.wait() == 0, "sink stderr: \(sink.stderrText)")

        let sent = try Self.decode(blast.stdout)
        let received = try Self.decode(sink.stdoutText)
        #expect(sent["role"] as? String == "blast")
        #expect(sent["datagrams"] as? Int == 2000)
        #expect(sent["bytes"] as? Int == 2_000_000)
        let datagrams = try #require(received["datagrams"] as? Int)
        let lost = try #require(received["lost"] as? Int)
        #expect(datagrams > 0)
        #expect(datagrams + lost == 2000, "received \(datagrams) + lost \(lost)")
        #expect(received["endSeen"] as? Bool == true)
        #expect(received["expected"] as? Int == 2000)
        if variant.blast.contains("--batch") {
            #expect((sent["syscalls"] as? Int ?? 0) < 2000, "batching should need fewer send calls")
        }
        if variant.sink.contains("--gro") && lost == 0 {
            // Loopback passes a GSO send through as one coalesced receive. (A qdisc that drops or
            // corrupts packets on lo, e.g. netem, segments them first: then only the count holds.)
            #expect((received["coalesced"] as? Int ?? 0) > 0, "no GRO-coalesced receive: \(received)")
        }
    }

    static func decode(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        return try #require(object, "not a JSON summary: \(text)")
    }
}
