import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Where the built `sockcat` executable is.
///
/// SwiftPM puts executables and the test bundle in the same directory
/// (`.build/<scratch>/debug/sockcat` next to `SockPackageTests.xctest`, which is the running
/// process on Linux), so the tests look next to `/proc/self/exe`. `SOCKCAT=/path/to/sockcat`
/// overrides that (e.g. to test a release build). `swift build` / `swift test` build it.
enum SockcatBinary {
    static let path: String? = {
        if let override = getenv("SOCKCAT") { return String(cString: override) }
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let exe = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = exe.lastIndex(of: "/") else { return nil }
        let candidate = String(exe[..<slash]) + "/sockcat"
        return access(candidate, X_OK) == 0 ? candidate : nil
    }()

    /// Starts `sockcat arguments...`; a missing binary is a test failure, not a skip.
    static func start(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> Subprocess {
        try start(arguments, sourceLocation: sourceLocation)
    }

    static func start(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Subprocess {
        let path = try #require(
            path,
            "sockcat was not found next to the test binary; build it (swift build --product sockcat) or set SOCKCAT",
            sourceLocation: sourceLocation
        )
        return try Subprocess(path, arguments)
    }

    /// Runs `sockcat arguments...` with `input` on stdin to completion.
    static func run(
        _ arguments: [String],
        input: String = "",
        timeout: Duration = .seconds(20)
    ) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        let process = try start(arguments)
        process.write(input)
        let status = process.wait(timeout: timeout)
        return (status, process.stdoutText, process.stderrText)
    }
}

/// Skips the running test, printing the reason (a skipped test never passes silently).
func skip(_ reason: String) throws -> Never {
    print("SKIP: \(reason)")
    try Test.cancel(Comment(rawValue: reason))
}

/// The port in a "sockcat: listening on 127.0.0.1:PORT" / "[::1]:PORT" line.
func port(in line: String) -> String? {
    guard let colon = line.lastIndex(of: ":") else { return nil }
    let digits = line[line.index(after: colon)...]
    return !digits.isEmpty && digits.allSatisfy(\.isNumber) ? String(digits) : nil
}

/// Runs `python3 -c script arguments...` (the peers and checkers of these tests).
func python(_ script: String, _ arguments: String...) throws -> Subprocess {
    try Subprocess("/usr/bin/env", ["python3", "-c", script] + arguments)
}
