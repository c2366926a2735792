#if os(Linux)
import SockPOSIX

extension IOURing {
    /// Whether this process can use ``IOURing`` with everything it offers, and if not, why.
    package enum Availability: Sendable, Hashable, CustomStringConvertible {
        case available
        case unavailable(UnavailableReason)

        package var description: String {
            switch self {
            case .available: "io_uring is available"
            case .unavailable(let reason): "io_uring is unavailable: \(reason)"
            }
        }
    }

    /// Why io_uring cannot be used, as ``probe()`` found it.
    package enum UnavailableReason: Sendable, Hashable, CustomStringConvertible {
        /// `io_uring_setup` fails with ENOSYS: a kernel older than 5.1 or built without
        /// `CONFIG_IO_URING`, or a seccomp filter that answers ENOSYS (`seccompFilter`: this process
        /// runs under one).
        case notInKernel(seccompFilter: Bool)
        /// EPERM, and `/proc/sys/kernel/io_uring_disabled` is `value` (Linux 6.6): 1 allows only
        /// `CAP_SYS_ADMIN` and the `kernel.io_uring_group`, 2 allows nobody.
        case disabledBySysctl(value: Int)
        /// EPERM under a seccomp filter, with the sysctl not set: container runtimes' default
        /// profiles block the io_uring system calls.
        case blockedBySeccomp
        /// EPERM for another reason (a security module's policy).
        case permissionDenied
        /// ENOMEM: kernels before 5.12 charge the rings to `RLIMIT_MEMLOCK` (`ulimit -l`).
        case memoryLockLimit
        /// io_uring works, but the kernel lacks what ``IOURing`` uses: the features named, with
        /// the Linux version that added each.
        case kernelTooOld(missing: [String])
        /// Another error of `operation`.
        case failed(errno: CInt, operation: SocketOperation)

        package var description: String {
            switch self {
            case .notInKernel(let seccomp):
                "io_uring_setup: ENOSYS (kernel older than 5.1 or built without CONFIG_IO_URING"
                    + (seccomp ? ", or the seccomp filter this process runs under)" : ")")
            case .disabledBySysctl(let value):
                "io_uring_setup: EPERM, disabled by sysctl kernel.io_uring_disabled=\(value)"
                    + (value == 1 ? " (allowed only for CAP_SYS_ADMIN and kernel.io_uring_group)" : "")
            case .blockedBySeccomp:
                "io_uring_setup: EPERM under a seccomp filter (e.g. a container runtime's default profile)"
            case .permissionDenied:
                "io_uring_setup: EPERM (a security policy)"
            case .memoryLockLimit:
                "io_uring_setup: ENOMEM (the locked-memory limit: raise `ulimit -l`; Linux 5.12+ does not need it)"
            case .kernelTooOld(let missing):
                "the kernel lacks " + missing.joined(separator: ", ")
            case .failed(let errno, let operation):
                "\(operation.rawValue): \(SocketError(errno: errno, operation: operation))"
            }
        }
    }

    /// Sets up a small ring (the default flags) and tells whether it worked and has what this
    /// type uses: `IORING_FEAT_NODROP` (5.5), `IORING_FEAT_EXT_ARG` (5.11, wait timeouts),
    /// `IORING_FEAT_CQE_SKIP` (5.17, sends without completions), and `IORING_SETUP_SINGLE_ISSUER`
    /// (6.0: multishot receive and provided-buffer rings, 5.19, come with it). Reads
    /// `/proc/sys/kernel/io_uring_disabled` and `/proc/thread-self/status` to explain a refusal. Meant to
    /// be printed: `print(IOURing.probe())`.
    package static func probe() -> Availability {
        let ring: IOURing
        do {
            ring = try IOURing(entries: 4)
        } catch {
            return .unavailable(reason(for: error))
        }
        defer { ring.close() }
        var missing: [String] = []
        let required: [(CInt, String)] = [
            (LinuxABI.IORING_FEAT_NODROP, "IORING_FEAT_NODROP (Linux 5.5)"),
            (LinuxABI.IORING_FEAT_EXT_ARG, "IORING_FEAT_EXT_ARG (Linux 5.11)"),
            (LinuxABI.IORING_FEAT_CQE_SKIP, "IORING_FEAT_CQE_SKIP (Linux 5.17)"),
        ]
        for (feature, name) in required where !ring.has(feature: feature) { missing.append(name) }
        if ring.setupFlags & UInt32(LinuxABI.IORING_SETUP_SINGLE_ISSUER) == 0 {
            missing.append("IORING_SETUP_SINGLE_ISSUER and multishot receive (Linux 6.0)")
        }
        return missing.isEmpty ? .available : .unavailable(.kernelTooOld(missing: missing))
    }

    /// The reason an `IOURing` set-up failed with `error`.
    package static func reason(for error: SocketError) -> UnavailableReason {
        guard error.operation == .ioUringSetup else { return .failed(errno: error.errno, operation: error.operation) }
        switch error.errno {
        case LinuxABI.ENOSYS:
            return .notInKernel(seccompFilter: underSeccompFilter())
        case LinuxABI.EPERM:
            if let value = procValue("/proc/sys/kernel/io_uring_disabled", after: ""), value != 0 {
                return .disabledBySysctl(value: value)
            }
            return underSeccompFilter() ? .blockedBySeccomp : .permissionDenied
        case LinuxABI.ENOMEM:
            return .memoryLockLimit
        default:
            return .failed(errno: error.errno, operation: error.operation)
        }
    }

    /// Whether the calling thread runs under a seccomp filter (`Seccomp: 2` in
    /// `/proc/thread-self/status`: a filter binds a thread, and `/proc/self` shows the main one).
    static func underSeccompFilter() -> Bool {
        procValue("/proc/thread-self/status", after: "Seccomp:") == 2
    }

    /// The decimal number after `label` (at the start of a line; "" for the file's start) in the
    /// first 4 KiB of `path`, or nil.
    static func procValue(_ path: String, after label: String) -> Int? {
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = bytes.withUnsafeMutableBytes { raw in
            path.withCString { name in try? Sys.check(.read) { Sys.readFile(name, raw.baseAddress!, raw.count) } }
        }
        guard let count else { return nil }
        let text = bytes[..<count]
        var start = text.startIndex
        if !label.isEmpty {
            let needle = Array(("\n" + label).utf8)
            guard let at = firstRange(of: needle, in: text) else { return nil }
            start = at
        }
        var index = start
        while index < text.endIndex, text[index] == UInt8(ascii: " ") || text[index] == UInt8(ascii: "\t") {
            index += 1
        }
        var value: Int?
        while index < text.endIndex, text[index] >= UInt8(ascii: "0"), text[index] <= UInt8(ascii: "9") {
            value = (value ?? 0) * 10 + Int(text[index] - UInt8(ascii: "0"))
            index += 1
        }
        return value
    }

    /// The index just past the first occurrence of `needle` in `text`.
    private static func firstRange(of needle: [UInt8], in text: ArraySlice<UInt8>) -> Int? {
        guard text.count >= needle.count else { return nil }
        for i in text.startIndex...(text.endIndex - needle.count)
        where text[i..<(i + needle.count)].elementsEqual(needle) {
            return i + needle.count
        }
        return nil
    }
}
#endif
