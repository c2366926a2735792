// Some checks need a process of their own: a lowered RLIMIT_NOFILE must not starve the other
// tests, and a descriptor count is only exact when no other test opens descriptors meanwhile.
// The parent test runs this same test binary again with `--filter` selecting one child test
// and `SOCK_RELIABILITY_CHILD` naming it; the child test is disabled in every other run.

import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The environment variable that selects a child test.
let childVariable = "SOCK_RELIABILITY_CHILD"

/// The child mode this process runs in, or nil in a normal test run.
let childMode: String? = getenv(childVariable).map { String(cString: $0) }

/// A trait for child tests: enabled only when this process was spawned for `mode`.
func childOnly(_ mode: String) -> ConditionTrait {
    .enabled(if: childMode == mode, "runs only in a child process spawned by its parent test")
}

/// Runs the child test function `function` (its name, as the filter sees it) in a new process
/// running this test binary; returns the exit status and the output. Lines the child prints
/// starting with `CHILD:` are its report.
func runChild(
    _ mode: String,
    function: String,
    environment: [String: String] = [:]
) -> (
    status: Int32, output: String, report: [String]
) {
    var env = environment
    env[childVariable] = mode
    let argv = ["/proc/self/exe", "--testing-library", "swift-testing", "--filter", function]
    let result = runProcess(argv, environment: env)
    let report = result.output.split(separator: "\n").filter { $0.hasPrefix("CHILD:") }.map(String.init)
    return (result.status, result.output, report)
}

/// The useful part of a crashed or failed child's output: the fatal-error line, the crashed
/// thread's top frames and the failed expectations, instead of a register dump.
func childFailureSummary(_ output: String) -> String {
    let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var keep: [String] = []
    for (i, line) in lines.enumerated() {
        if line.contains("Fatal error") || line.contains("runtime failure") || line.contains("✘")
            || line.contains("Expectation failed") || line.hasPrefix("CHILD:")
        {
            keep.append(line)
        }
        if line.contains("crashed:") { keep += lines[i..<min(i + 8, lines.count)] }
    }
    return keep.isEmpty ? String(output.suffix(1500)) : keep.joined(separator: "\n")
}
