import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `sockcat probe`: the table and its JSON form, checked against direct libc calls.
@Suite struct ProbeTests {
    static let features = [
        "tcp", "udp", "ipv6", "unix-abstract", "sctp", "raw-icmp", "udp-gso", "udp-gro",
        "sendmmsg-recvmmsg", "tcp-info", "multicast", "so-busy-poll", "io-uring",
    ]

    @Test func textTableHasOneRowPerFeature() throws {
        let result = try SockcatBinary.run(["probe"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("sockcat probe: ") == true)
        #expect(lines.contains { $0.hasPrefix("FEATURE") && $0.contains("STATUS") })
        for name in Self.features {
            let row = try #require(lines.first { $0.hasPrefix(name + " ") }, "no row for \(name)")
            let status = row.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
            #expect(
                status.hasPrefix("available: ") || status.hasPrefix("unavailable: "),
                "row \(name): \(status)"
            )
            #expect(status.count > "unavailable: ".count, "row \(name) has no detail")
        }
        // Loopback TCP and UDP work on any machine that can run the tests.
        #expect(lines.contains { $0.hasPrefix("tcp ") && $0.contains(" available: ") })
        #expect(lines.contains { $0.hasPrefix("udp ") && $0.contains(" available: ") })
    }

    @Test func jsonAgreesWithTheKernel() throws {
        let features = try ProbeTests.jsonFeatures()
        #expect(features.map(\.name) == Self.features)
        for feature in features where !feature.available {
            #expect(!feature.detail.isEmpty, "\(feature.name) is unavailable without a reason")
        }
        let byName = Dictionary(uniqueKeysWithValues: features.map { ($0.name, $0) })

        // SCTP: the probe must agree with socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP).
        let sctpFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 132)
        if sctpFD >= 0 { close(sctpFD) }
        let sctpErrno = errno
        #expect(byName["sctp"]?.available == (sctpFD >= 0))
        if sctpFD < 0 {
            #expect(byName["sctp"]?.detail.contains("errno \(sctpErrno)") == true, "\(byName["sctp"]!.detail)")
        }

        // Raw ICMP: the same check, with socket(AF_INET, SOCK_RAW, IPPROTO_ICMP).
        let rawFD = socket(AF_INET, Int32(SOCK_RAW.rawValue), Int32(IPPROTO_ICMP))
        if rawFD >= 0 { close(rawFD) }
        #expect(byName["raw-icmp"]?.available == (rawFD >= 0))

        // TCP_INFO: the size the kernel returns is at least the 104 bytes of the oldest layout.
        if let info = byName["tcp-info"], info.available {
            let size = info.detail.split(separator: " ").compactMap { Int($0) }.first
            #expect((size ?? 0) >= 104, "\(info.detail)")
        }
    }

    /// Without CAP_NET_RAW the raw-icmp row says so (run as nobody through setpriv, as root).
    @Test func unprivilegedProcessMayNotUseRawSockets() throws {
        guard geteuid() == 0, access("/usr/bin/setpriv", X_OK) == 0 else {
            try skip("needs root and /usr/bin/setpriv to drop privileges")
        }
        let binary = try #require(SockcatBinary.path)
        let process = try Subprocess(
            "/usr/bin/setpriv",
            ["--reuid=65534", "--regid=65534", "--clear-groups", binary, "probe", "--json"]
        )
        let status = process.wait()
        if process.stderrText.contains("Permission denied") {
            try skip("nobody cannot execute \(binary): \(process.stderrText)")
        }
        #expect(status == 0, "stderr: \(process.stderrText)")
        let object = try JSONSerialization.jsonObject(with: Data(process.stdout)) as? [String: Any]
        let json = try #require(object, "not JSON: \(process.stdoutText)")
        #expect(json["uid"] as? Int == 65534)
        let features = try #require(json["features"] as? [[String: Any]])
        let raw = try #require(features.first { $0["name"] as? String == "raw-icmp" })
        #expect(raw["available"] as? Bool == false)
        #expect((raw["detail"] as? String)?.contains("lacks CAP_NET_RAW") == true, "\(raw)")
        let tcp = try #require(features.first { $0["name"] as? String == "tcp" })
        #expect(tcp["available"] as? Bool == true)
    }

    /// Under a seccomp filter that refuses `io_uring_setup` (as a container runtime's default
    /// profile does), the io-uring row says so, and an event loop asked for io_uring runs on epoll.
    @Test func ioUringRefusedBySeccomp() throws {
        let binary = try #require(SockcatBinary.path)
        // Python installs the filter (no_new_privs, then seccomp: io_uring_setup fails with
        // EPERM, every other call is allowed) and execs sockcat under it.
        let process = try python(
            """
            import ctypes, os, struct, sys
            libc = ctypes.CDLL(None, use_errno=True)
            nr = 425  # io_uring_setup: the same number on x86_64, arm64, riscv64 and loongarch64
            code = [
                (0x20, 0, 0, 0),                  # ld [nr]
                (0x15, 0, 1, nr),                 # jeq nr, deny, allow
                (0x06, 0, 0, 0x00050000 | 1),     # ret ERRNO(EPERM)
                (0x06, 0, 0, 0x7fff0000),         # ret ALLOW
            ]
            filters = b"".join(struct.pack("HBBI", *c) for c in code)
            buffer = ctypes.create_string_buffer(filters)
            program = struct.pack("HxxxxxxQ", len(code), ctypes.addressof(buffer))
            program_buffer = ctypes.create_string_buffer(program)
            if libc.prctl(38, 1, 0, 0, 0) != 0 or libc.prctl(22, 2, ctypes.c_void_p(ctypes.addressof(program_buffer))) != 0:
                sys.exit("seccomp: errno %d" % ctypes.get_errno())
            os.execv(sys.argv[1], [sys.argv[1], "probe", "--json"])
            """,
            binary
        )
        #expect(process.wait() == 0, "stderr: \(process.stderrText)")
        let object = try JSONSerialization.jsonObject(with: Data(process.stdout)) as? [String: Any]
        let json = try #require(object, "not JSON: \(process.stdoutText) \(process.stderrText)")
        let features = try #require(json["features"] as? [[String: Any]])
        let row = try #require(features.first { $0["name"] as? String == "io-uring" })
        #expect(row["available"] as? Bool == false)
        #expect(row["io_uring_setup"] as? Bool == false)
        #expect(row["event_loop_io_uring_backend"] as? String == "epoll", "\(row)")
        #expect((row["detail"] as? String)?.contains("seccomp") == true, "\(row)")
    }

    /// Every measured figure is a typed field of its feature (checked with Python's types, which
    /// tell a number from a boolean, unlike NSNumber).
    @Test func jsonFiguresAreTypedFields() throws {
        let result = try SockcatBinary.run(["probe", "--json"])
        #expect(result.status == 0)
        let checker = try python(
            """
            import json, sys
            doc = json.loads(sys.stdin.read())
            rows = {f["name"]: f for f in doc["features"]}
            problems = []
            def need(name, field, kind, when=True):
                row = rows[name]
                if not when:
                    return
                value = row.get(field)
                ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
                if not ok:
                    problems.append("%s.%s = %r" % (name, field, value))
                return value
            if rows["tcp-info"]["available"]:
                size = need("tcp-info", "tcp_info_size", int)
                if isinstance(size, int) and size < 104: problems.append("tcp_info_size %d" % size)
                need("tcp-info", "tcp_state", str)
            if rows["udp-gso"]["available"]:
                if need("udp-gso", "gso_datagrams", int) != 3: problems.append("gso_datagrams")
                need("udp-gso", "gso_segment_size", int)
            if rows["udp-gro"]["available"]:
                need("udp-gro", "gro_coalesced", bool)
                need("udp-gro", "gro_receive_bytes", int)
            if rows["sendmmsg-recvmmsg"]["available"]:
                need("sendmmsg-recvmmsg", "sendmmsg_sent", int)
                need("sendmmsg-recvmmsg", "recvmmsg_received", int)
            if rows["so-busy-poll"]["available"]:
                if need("so-busy-poll", "busy_poll_us", int) != 50: problems.append("busy_poll_us")
            need("io-uring", "io_uring_setup", bool)
            import os
            if need("io-uring", "event_loop_backend", str) != os.environ.get("SOCK_EVENT_LOOP_BACKEND", "epoll"):
                problems.append("backend")
            # Asked for io_uring, the loop takes it exactly when the probe's ring worked.
            asked = need("io-uring", "event_loop_io_uring_backend", str)
            if asked != ("io_uring" if rows["io-uring"]["available"] else "epoll"):
                problems.append("io_uring backend %r" % asked)
            if rows["io-uring"]["available"] != rows["io-uring"]["io_uring_setup"]:
                problems.append("io-uring available but setup failed")
            need("raw-icmp", "uid", int)
            for row in doc["features"]:
                if not row["available"] and "errno" in row:
                    need(row["name"], "errno", int)
                    need(row["name"], "errno_name", str)
            if not rows["sctp"]["available"]:
                need("sctp", "errno", int)
            print("problems:", problems)
            sys.exit(1 if problems else 0)
            """
        )
        checker.write(result.stdout)
        #expect(checker.wait() == 0, "\(checker.stdoutText) \(checker.stderrText)")
    }

    /// The io-uring row sets up a ring: strace sees `io_uring_setup`, not only the sysctl read.
    @Test func ioUringRowCallsIoUringSetup() throws {
        guard access("/usr/bin/strace", X_OK) == 0 else { try skip("needs /usr/bin/strace") }
        let binary = try #require(SockcatBinary.path)
        let traced = try Subprocess("/usr/bin/strace", ["-f", "-e", "trace=io_uring_setup", binary, "probe"])
        #expect(traced.wait() == 0, "\(traced.stderrText)")
        #expect(traced.stderrText.contains("io_uring_setup("), "\(traced.stderrText)")
        let row = traced.stdoutText.split(separator: "\n").first { $0.hasPrefix("io-uring ") }
        #expect(row?.contains("Sock's event loop uses") == true, "\(row ?? "no io-uring row")")
    }

    struct Feature {
        var name: String
        var available: Bool
        var detail: String
    }

    /// Runs `sockcat probe --json` and decodes its features.
    static func jsonFeatures() throws -> [Feature] {
        let result = try SockcatBinary.run(["probe", "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let json = try #require(object, "not a JSON object: \(result.stdout)")
        #expect(json["system"] is String)
        #expect(json["uid"] is Int)
        let list = try #require(json["features"] as? [[String: Any]])
        return try list.map { entry in
            Feature(
                name: try #require(entry["name"] as? String),
                available: try #require(entry["available"] as? Bool),
                detail: try #require(entry["detail"] as? String)
            )
        }
    }

    /// The features available here (probed once per test run).
    static let available: Set<String> = {
        let features = (try? jsonFeatures()) ?? []
        return Set(features.filter(\.available).map(\.name))
    }()
}
