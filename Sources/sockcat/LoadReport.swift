/// Counters of one `blast` or `sink` run and their summary (text, or JSON with `--json`).
struct LoadReport {
    var role: String
    var datagrams: UInt64 = 0
    var bytes: UInt64 = 0
    var syscalls: UInt64 = 0
    var seconds: Double = 0
    /// Sink only: datagrams the blaster sent that never arrived, and how many it sent.
    var lost: UInt64?
    var expected: UInt64?
    var endSeen: Bool?
    /// Sink with `--gro`: receives that carried several datagrams.
    var coalesced: UInt64?
    /// Sink: datagrams that were not `blast`'s (another sender, or implausible numbers).
    var foreign: UInt64?
    /// Sink: the receive buffer (SO_RCVBUF) the kernel granted, in bytes.
    var receiveBuffer: Int?
    /// Blast with `--rate`: the limit, in datagrams per second.
    var rateLimit: Int?

    /// Lost datagrams as a percentage of the expected ones.
    var lossPercent: Double? {
        guard let lost, let expected else { return nil }
        return expected > 0 ? Double(lost) * 100 / Double(expected) : 0
    }

    var datagramsPerSecond: Double { seconds > 0 ? Double(datagrams) / seconds : 0 }
    var bytesPerSecond: Double { seconds > 0 ? Double(bytes) / seconds : 0 }

    /// The live progress line: the counts and the rates so far.
    var progressLine: String {
        "\(role): \(datagrams) datagrams, \(Format.si(Double(bytes)))B in \(Format.fixed(seconds, 1)) s, "
            + "\(Format.si(datagramsPerSecond)) datagrams/s, \(Format.si(bytesPerSecond))B/s"
    }

    func summary(json: Bool) -> String {
        if json {
            var fields = [
                "\"role\":\"\(role)\"", "\"datagrams\":\(datagrams)", "\"bytes\":\(bytes)",
                "\"syscalls\":\(syscalls)", "\"seconds\":\(Format.fixed(seconds, 6))",
                "\"datagramsPerSecond\":\(Format.fixed(datagramsPerSecond, 1))",
                "\"bytesPerSecond\":\(Format.fixed(bytesPerSecond, 1))",
            ]
            if let lost { fields.append("\"lost\":\(lost)") }
            if let expected { fields.append("\"expected\":\(expected)") }
            if let lossPercent { fields.append("\"lossPercent\":\(Format.fixed(lossPercent, 3))") }
            if let endSeen { fields.append("\"endSeen\":\(endSeen)") }
            if let coalesced { fields.append("\"coalesced\":\(coalesced)") }
            if let foreign { fields.append("\"foreign\":\(foreign)") }
            if let receiveBuffer { fields.append("\"receiveBuffer\":\(receiveBuffer)") }
            if let rateLimit { fields.append("\"rateLimit\":\(rateLimit)") }
            return "{" + fields.joined(separator: ",") + "}"
        }
        var text = "\(role): \(datagrams) datagrams, \(bytes) bytes in \(Format.fixed(seconds, 3)) s"
        text += " (\(Format.si(datagramsPerSecond)) datagrams/s, \(Format.si(bytesPerSecond))B/s, \(syscalls) syscalls)"
        if let lost, let expected, let lossPercent {
            text += "\n\(role): lost \(lost) of \(expected) datagrams (\(Format.fixed(lossPercent, 1))%)"
            if endSeen == false { text += "; no end marker arrived, so the total is the highest sequence number seen" }
        }
        if let coalesced { text += "\n\(role): \(coalesced) GRO-coalesced receives" }
        if let foreign { text += "\n\(role): \(foreign) datagrams were not blast's and were ignored" }
        if let receiveBuffer { text += "\n\(role): receive buffer (SO_RCVBUF) \(receiveBuffer) bytes" }
        if let rateLimit { text += "\n\(role): rate limited to \(rateLimit) datagrams/s" }
        return text
    }
}

/// Number formatting without Foundation.
enum Format {
    /// `value` with `decimals` digits after the point.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e18 else { return String(Int64(value)) }
        let whole = UInt64(scaled) / UInt64(scale)
        let fraction = UInt64(scaled) % UInt64(scale)
        var text = (value < 0 ? "-" : "") + String(whole)
        if decimals > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: decimals - digits.count) + digits
        }
        return text
    }

    /// `1.23 M`, `456.7 k`: three significant digits with an SI prefix.
    static func si(_ value: Double) -> String {
        let prefixes = ["", " k", " M", " G", " T"]
        var scaled = value
        var index = 0
        while scaled >= 1000 && index < prefixes.count - 1 {
            scaled /= 1000
            index += 1
        }
        return fixed(scaled, index == 0 ? 0 : 2) + prefixes[index]
    }
}

/// A progress line on stderr, redrawn at most 4 times a second, only when stderr is a terminal.
struct Progress {
    let enabled = Console.stderrIsTerminal
    private let clock = ContinuousClock()
    private var last: ContinuousClock.Instant?

    mutating func update(_ report: @autoclosure () -> LoadReport) {
        guard enabled else { return }
        let now = clock.now
        if let last, now - last < .milliseconds(250) { return }
        last = now
        Console.status("\r\(report().progressLine)\u{1B}[K")
    }

    func finish() {
        if enabled && last != nil { Console.status("\r\u{1B}[K") }
    }
}
