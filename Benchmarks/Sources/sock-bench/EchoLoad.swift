// The echo workloads' harness: a server in this process, the load generator (baseline/loadgen.c) as
// a child process, the server's allocations counted over the timed requests only.
//
// Adding an echo workload (Sock's `echo-1000`, for one) takes a function that starts the server and
// returns its port and a way to stop it:
//
//     func echo1000(_ parameters: RunParameters) -> Measurement {
//         runEchoLoad("echo-1000", parameters) {
//             let server = ...  // listen on 127.0.0.1 port 0, serve echo on other threads, return
//             return EchoServer(port: server.port, stop: { server.shutdown() })
//         }
//     }
//
// plus its row in `workloads` (Workloads/Workload.swift), in `compare` (WORKLOADS, ITERATIONS,
// NO_C_BASELINE, NO_CALLGRIND, and REFERENCE "nio-echo-1000" for a ratio to SwiftNIO) and in the
// README's workload table. `nio-echo-1000` (Workloads/NIOEcho.swift) is
// the worked example.

import CMallocCount

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A running echo server that an echo workload measures.
struct EchoServer {
    /// Its TCP port on 127.0.0.1 (IPv4).
    var port: Int
    /// Stops it. Called after the load generator has exited, so every connection has been closed by
    /// the client side.
    var stop: () -> Void
}

/// Runs the echo workload `workload`: raises the descriptor limit, calls `startServer`, runs
/// `loadgen --port P --connections C --requests N --size S --warmup W --sync` as a child process,
/// and returns its figures with the allocations this process made during the timed requests.
///
/// - `N` is `parameters.iterations` (the requests timed, over all connections); `W` is
///   `max(parameters.warmup, connections)`, so every connection has made at least one round trip (and
///   been accepted) before the clock starts.
/// - `nsPerOp` is the load generator's wall time of the N requests divided by N (with up to C
///   requests in flight: it is the inverse throughput, not a latency); `requestsPerSecond` is N over
///   that wall time.
/// - `serverCPUNsPerOp` is this process's CPU time (user + system, every thread: the server) over the
///   same window as `mallocs`, divided by N; `loadgenCPUNsPerOp` is the load generator's own, over
///   its timed requests. On a machine with few cores the two share the CPUs, so the pair says how
///   much of the machine each side took, and the server's figure compares servers without the load
///   generator's share.
/// - `mallocs` counts this process only (the server, every thread of it), from just before the load
///   generator is told to start the timed phase to just after it has reported the end of it. The
///   load generator is another process: none of its work is counted, and it allocates nothing
///   after its set-up anyway.
///
/// The load generator is `$SOCK_BENCH_LOADGEN` if set, else `Benchmarks/baseline/build/loadgen`
/// (built by `make -C Benchmarks/baseline`, which `compare` runs first); without it the run fails.
func runEchoLoad(
    _ workload: String,
    _ parameters: RunParameters,
    connections: Int = 1000,
    size: Int = 64,
    startServer: () -> EchoServer
) -> Measurement {
    let loadgen = loadgenPath()
    guard access(loadgen, X_OK) == 0 else {
        fail(
            "\(workload): no load generator at \(loadgen): run `make -C Benchmarks/baseline` or set SOCK_BENCH_LOADGEN"
        )
    }
    raiseDescriptorLimit(to: connections + 256)
    let server = startServer()
    let warmup = max(parameters.warmup, connections)
    let child = Child.spawn(
        loadgen,
        [
            "--port", String(server.port), "--connections", String(connections),
            "--requests", String(parameters.iterations), "--size", String(size), "--warmup", String(warmup),
            "--sync",
        ],
        workload: workload
    )
    guard let ready = child.readLine(), ready.contains("\"ready\"") else {
        fail("\(workload): the load generator did not get ready (\(child.wait()))")
    }
    // The timed phase: no allocation on this thread between mc_begin and mc_end (a raw write, then
    // raw reads into a buffer made beforehand).
    let cpuBefore = processCPUNanoseconds()
    mc_begin()
    child.send("go\n")
    let complete = child.awaitLine()
    let mallocs = mc_end()
    let serverCPU = processCPUNanoseconds() - cpuBefore
    guard complete, let line = child.readLine(),
        let nsPerRequest = jsonNumber(line, "ns_per_request"),
        let requestsPerSecond = jsonNumber(line, "requests_per_s"),
        let loadgenCPU = jsonNumber(line, "cpu_ns_per_request")
    else {
        fail("\(workload): no result from the load generator (\(child.wait()))")
    }
    child.closeInput()  // the load generator closes its connections and exits
    let status = child.wait()
    guard status == "exit 0" else { fail("\(workload): the load generator ended with \(status)") }
    server.stop()
    return Measurement(
        nsPerOp: nsPerRequest,
        mallocs: mallocs,
        requestsPerSecond: requestsPerSecond,
        connections: connections,
        serverCPUNsPerOp: Double(serverCPU) / Double(parameters.iterations),
        loadgenCPUNsPerOp: loadgenCPU
    )
}

/// This process's CPU time so far, user plus system, every thread, in nanoseconds (`getrusage`).
/// Allocates nothing.
private func processCPUNanoseconds() -> UInt64 {
    var usage = rusage()
    guard getrusage(RUSAGE_SELF_VALUE, &usage) == 0 else { fail("getrusage: errno \(errno)") }
    let seconds = UInt64(usage.ru_utime.tv_sec) + UInt64(usage.ru_stime.tv_sec)
    let micros = UInt64(usage.ru_utime.tv_usec) + UInt64(usage.ru_stime.tv_usec)
    return seconds * 1_000_000_000 + micros * 1_000
}

/// `$SOCK_BENCH_LOADGEN`, else `baseline/build/loadgen` of the Benchmarks package this file is in.
private func loadgenPath() -> String {
    if let path = getenv("SOCK_BENCH_LOADGEN") { return String(cString: path) }
    // #filePath: .../Benchmarks/Sources/sock-bench/EchoLoad.swift
    var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/") + "/baseline/build/loadgen"
}

/// Raises the soft RLIMIT_NOFILE to at least `count` (up to the hard limit): the server holds one
/// descriptor per connection.
private func raiseDescriptorLimit(to count: Int) {
    var limit = rlimit()
    guard getrlimit(RLIMIT_NOFILE_VALUE, &limit) == 0, limit.rlim_cur < rlim_t(count) else { return }
    limit.rlim_cur = min(limit.rlim_max, rlim_t(count))
    _ = setrlimit(RLIMIT_NOFILE_VALUE, &limit)
}

#if canImport(Glibc)
private let RLIMIT_NOFILE_VALUE = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
private let RUSAGE_SELF_VALUE = __rusage_who_t(RUSAGE_SELF.rawValue)
#else
private let RLIMIT_NOFILE_VALUE = RLIMIT_NOFILE
private let RUSAGE_SELF_VALUE = RUSAGE_SELF
#endif

/// The number after `"key": ` in a one-line JSON object, or nil.
func jsonNumber(_ line: String, _ key: String) -> Double? {
    let text = Array(line.utf8)
    let pattern = Array("\"\(key)\": ".utf8)
    guard text.count >= pattern.count else { return nil }
    for start in 0...(text.count - pattern.count) where text[start..<(start + pattern.count)].elementsEqual(pattern) {
        let number = text[(start + pattern.count)...].prefix { byte in
            let c = Character(Unicode.Scalar(byte))
            return c.isNumber || c == "." || c == "-" || c == "+" || c == "e" || c == "E"
        }
        return Double(String(decoding: number, as: UTF8.self))
    }
    return nil
}

/// A child process whose standard input and output are pipes to this one.
private final class Child {
    let pid: pid_t
    let input: Int32  // the child's standard input (we write)
    let output: Int32  // the child's standard output (we read)
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 1)
    private var filled = 0
    private var inputOpen = true
    private var status: String?

    private init(pid: pid_t, input: Int32, output: Int32) {
        self.pid = pid
        self.input = input
        self.output = output
    }

    deinit { buffer.deallocate() }

    static func spawn(_ path: String, _ arguments: [String], workload: String) -> Child {
        var toChild: [Int32] = [-1, -1]
        var fromChild: [Int32] = [-1, -1]
        // Close-on-exec (the child gets them as its standard input and output only); set after
        // pipe(2), Glibc's module not exporting pipe2: nothing else in this process spawns meanwhile.
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else { fail("\(workload): pipe: errno \(errno)") }
        for fd in toChild + fromChild { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid = pid_t()
        let rc = posix_spawn(&pid, path, &actions, nil, argv, environ)
        close(toChild[0])
        close(fromChild[1])
        guard rc == 0 else { fail("\(workload): posix_spawn \(path): error \(rc)") }
        return Child(pid: pid, input: toChild[1], output: fromChild[0])
    }

    /// Writes `text` to the child's standard input.
    func send(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var done = 0
            while done < bytes.count {
                let n = write(input, bytes.baseAddress! + done, bytes.count - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                done += n
            }
        }
    }

    /// Reads until the buffer holds a whole line; false at end of file or when the buffer is full.
    /// Allocates nothing.
    func awaitLine() -> Bool {
        while !buffer[0..<filled].contains(UInt8(ascii: "\n")) {
            guard filled < buffer.count else { return false }
            let n = read(output, buffer.baseAddress! + filled, buffer.count - filled)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            filled += n
        }
        return true
    }

    /// The next line of the child's standard output, without its newline; nil at end of file.
    func readLine() -> String? {
        guard awaitLine(), let end = buffer[0..<filled].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        let line = String(decoding: UnsafeRawBufferPointer(rebasing: buffer[0..<end]), as: UTF8.self)
        let rest = filled - (end + 1)
        if rest > 0 { memmove(buffer.baseAddress!, buffer.baseAddress! + end + 1, rest) }
        filled = rest
        return line
    }

    /// Closes the child's standard input (it sees end of file).
    func closeInput() {
        if inputOpen { close(input) }
        inputOpen = false
    }

    /// Waits for the child to end: "exit N" or "signal N".
    func wait() -> String {
        if let status { return status }
        closeInput()
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        let result = raw & 0x7f == 0 ? "exit \((raw >> 8) & 0xff)" : "signal \(raw & 0x7f)"
        status = result
        close(output)
        return result
    }
}
