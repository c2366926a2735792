// The measuring loop, the malloc counter bracket, failure exits and the JSON line.

import CBenchSupport
import CMallocCount

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// How many operations one run performs.
struct RunParameters: Sendable {
    /// Measured operations (`--iterations N`).
    var iterations: Int
    /// Unmeasured operations run first (`--warmup W`; default N / 10, at least 1).
    var warmup: Int
}

/// What a workload measured.
struct Measurement: Sendable {
    /// Mean nanoseconds per measured op (a workload may report a median instead and says so).
    var nsPerOp: Double
    /// Heap allocations counted while the measured ops ran.
    var mallocs: UInt64
    /// Payload bytes per op, for the workloads that move a fixed amount.
    var bytesPerOp: Double? = nil
    /// Requests per second, for the echo workloads (many connections; see EchoLoad.swift).
    var requestsPerSecond: Double? = nil
    /// Client connections, for the echo workloads.
    var connections: Int? = nil
    /// The server's CPU time (user + system) per request, for the echo workloads.
    var serverCPUNsPerOp: Double? = nil
    /// The load generator's CPU time per request, for the echo workloads.
    var loadgenCPUNsPerOp: Double? = nil
}

/// Runs `op` `warmup` times, then `iterations` times with the clock and the malloc counter on.
/// `op` receives the op's index. Inlined, so a workload's loop is as tight as the C baseline's.
@inline(__always)
func measure(_ parameters: RunParameters, _ op: (Int) -> Void) -> Measurement {
    for i in 0..<parameters.warmup { op(i) }
    mc_begin()
    let t0 = bench_now_ns()
    for i in 0..<parameters.iterations { op(i) }
    let t1 = bench_now_ns()
    let mallocs = mc_end()
    return Measurement(nsPerOp: Double(t1 - t0) / Double(parameters.iterations), mallocs: mallocs)
}

/// Writes `message` and a newline to standard error.
func printError(_ message: String) {
    let line = message + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
}

/// Ends the run as failed (exit status 1): the workload could not do its work correctly.
func fail(_ message: String) -> Never {
    printError("sock-bench: \(message)")
    exit(1)
}

/// Ends the run with exit status 2: `compare` then shows the workload as "missing".
/// The workload's file says what Sock API it waits for.
func notImplemented(_ workload: String, needs api: String) -> Never {
    printError("sock-bench: workload '\(workload)' is not implemented yet (it needs \(api))")
    exit(2)
}

/// The one JSON line `compare` reads, in the C baselines' format.
func jsonLine(workload: String, parameters: RunParameters, result: Measurement, mallocsCounted: Bool) -> String {
    let mallocs = mallocsCounted ? decimal(Double(result.mallocs) / Double(parameters.iterations), digits: 6) : "null"
    var line = "{\"workload\": \"\(workload)\", \"iterations\": \(parameters.iterations), "
    line += "\"ns_per_op\": \(decimal(result.nsPerOp, digits: 2)), \"mallocs_per_op\": \(mallocs)"
    if let bytes = result.bytesPerOp {
        line += ", \"bytes_per_op\": \(decimal(bytes, digits: 0))"
    }
    if let rate = result.requestsPerSecond {
        line += ", \"requests_per_s\": \(decimal(rate, digits: 1))"
    }
    if let connections = result.connections {
        line += ", \"connections\": \(connections)"
    }
    if let cpu = result.serverCPUNsPerOp {
        line += ", \"server_cpu_ns_per_op\": \(decimal(cpu, digits: 1))"
    }
    if let cpu = result.loadgenCPUNsPerOp {
        line += ", \"loadgen_cpu_ns_per_op\": \(decimal(cpu, digits: 1))"
    }
    return line + "}"
}

/// `value` with at most `digits` decimals, trailing zeros kept only for `digits == 2` (as `%.2f`).
func decimal(_ value: Double, digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (value * scale).rounded()
    guard scaled.isFinite, abs(scaled) < 9e18 else { return "\(value)" }
    let whole = Int64(scaled)
    let integer = whole / Int64(scale)
    var fraction = String(abs(whole % Int64(scale)))
    if digits == 0 { return String(integer) }
    while fraction.count < digits { fraction = "0" + fraction }
    if digits != 2 {
        while fraction.hasSuffix("0") { fraction.removeLast() }
        if fraction.isEmpty { return (whole < 0 ? "-" : "") + String(abs(integer)) }
    }
    return (whole < 0 ? "-" : "") + String(abs(integer)) + "." + fraction
}
