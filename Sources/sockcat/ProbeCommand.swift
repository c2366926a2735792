#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One line of `sockcat probe`: a feature, whether it works here, and what was seen (or the exact
/// reason it does not work); `fields` are the measured figures, typed, for `--json`.
struct ProbeRow {
    var name: String
    var available: Bool
    var detail: String
    var fields: [(String, JSONValue)] = []
}

/// What a probe measured: the text for the table and the same figures as typed fields. A string
/// literal is a measurement with no figures.
struct Measured: ExpressibleByStringInterpolation {
    var detail: String
    var fields: [(String, JSONValue)]

    init(_ detail: String, _ fields: [(String, JSONValue)] = []) {
        self.detail = detail
        self.fields = fields
    }

    init(stringLiteral value: String) { self.init(value) }

    init(stringInterpolation: DefaultStringInterpolation) {
        self.init(String(stringInterpolation: stringInterpolation))
    }
}

/// `sockcat probe`: what the running kernel supports, found by using each feature through Sock's
/// public API on loopback (or with no traffic at all).
enum ProbeCommand {
    static let help = """
        usage: sockcat probe [--json]

        Probes the running kernel through Sock and prints one row per feature: "available"
        (with what was measured) or the exact reason it is not. Only loopback traffic is used.
        Rows: tcp, udp, ipv6, unix-abstract, sctp, raw-icmp, udp-gso, udp-gro,
        sendmmsg-recvmmsg, tcp-info, multicast, so-busy-poll, io-uring. The io-uring row sets
        up a ring (io_uring_setup) and names the backend Sock's event loop uses.

          --json   one JSON object: {"system", "uid", "features": [{"name", "available",
                   "detail", ...}]}; each feature also carries what was measured as typed
                   fields of its own, e.g. "tcp_info_size": 280, "gso_datagrams": 3,
                   "busy_poll_us": 50, "io_uring_setup": true, "event_loop_backend": "epoll",
                   and for an unavailable one "errno": 93, "errno_name": "EPROTONOSUPPORT"
        """

    static func run(_ arguments: [String]) throws -> ExitStatus {
        let parsed = try Arguments(arguments, spec: CommandSpec(help: help, valueOptions: [], flags: ["--json"]))
        if parsed.wantsHelp {
            Console.out(help)
            return .success
        }
        _ = try parsed.positionals()  // none
        let rows = Probes.all()
        let system = systemName()
        if parsed.flag("json") {
            let features = rows.map { row in
                let fields =
                    [
                        "\"name\":\(JSON.string(row.name))", "\"available\":\(row.available)",
                        "\"detail\":\(JSON.string(row.detail))",
                    ] + row.fields.map { "\(JSON.string($0.0)):\($0.1.text)" }
                return "{" + fields.joined(separator: ",") + "}"
            }
            Console.out(
                "{\"system\":\(JSON.string(system)),\"uid\":\(geteuid()),\"features\":[\(features.joined(separator: ","))]}"
            )
        } else {
            Console.out("sockcat probe: \(system), uid \(geteuid())\n")
            let width = max(20, (rows.map(\.name.count).max() ?? 0) + 2)
            Console.out("FEATURE".padded(to: width) + "STATUS")
            for row in rows {
                let status = row.available ? "available" : "unavailable"
                Console.out(row.name.padded(to: width) + status + (row.detail.isEmpty ? "" : ": \(row.detail)"))
            }
        }
        return .success
    }

    /// `Linux 6.18.44 x86_64` from uname(2).
    static func systemName() -> String {
        var names = utsname()
        guard uname(&names) == 0 else { return "unknown system" }
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
        return "\(field(names.sysname)) \(field(names.release)) \(field(names.machine))"
    }
}

extension String {
    func padded(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
