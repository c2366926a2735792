// The workload table: every name `compare` and the C baselines know, with its default size.

/// One named workload of sock-bench.
struct Workload: Sendable {
    /// The name on the command line and in the JSON line.
    let name: String
    /// Measured ops when `--iterations` is not given (the C baselines use the same defaults).
    let defaultIterations: Int
    /// Sets up, runs and tears down the workload.
    let run: @Sendable (RunParameters) -> Measurement
}

/// Every workload, in `compare`'s order. Each function lives in its own file of this folder.
let workloads: [Workload] = [
    Workload(name: "pingpong", defaultIterations: 200_000, run: pingPong),
    Workload(name: "udp-drain", defaultIterations: 500_000, run: udpDrain),
    Workload(name: "gso-gro", defaultIterations: 20_000, run: gsoGro),
    Workload(name: "parse-v4", defaultIterations: 2_000_000, run: parseV4),
    Workload(name: "format-v4", defaultIterations: 2_000_000, run: formatV4),
    Workload(name: "parse-v6", defaultIterations: 2_000_000, run: parseV6),
    Workload(name: "format-v6", defaultIterations: 2_000_000, run: formatV6),
    Workload(name: "decode", defaultIterations: 10_000_000, run: decode),
    Workload(name: "deadline-wake", defaultIterations: 2_000, run: deadlineWake),
    Workload(name: "create-close", defaultIterations: 100_000, run: createClose),
    Workload(name: "tcp-connect", defaultIterations: 5_000, run: tcpConnect),
    Workload(name: "async-pingpong", defaultIterations: 100_000) {
        asyncPingPong($0, connections: 1, global: false)
    },
    Workload(name: "async-pingpong-global", defaultIterations: 100_000) {
        asyncPingPong($0, connections: 1, global: true)
    },
    Workload(name: "async-pingpong-16", defaultIterations: 160_000) {
        asyncPingPong($0, connections: 16, global: false)
    },
    Workload(name: "async-pingpong-16-global", defaultIterations: 160_000) {
        asyncPingPong($0, connections: 16, global: true)
    },
    Workload(name: "async-pingpong-uring", defaultIterations: 100_000) {
        asyncPingPong($0, connections: 1, global: false, backend: .ioURing)
    },
    Workload(name: "async-pingpong-uring-global", defaultIterations: 100_000) {
        asyncPingPong($0, connections: 1, global: true, backend: .ioURing)
    },
    Workload(name: "async-pingpong-16-uring", defaultIterations: 160_000) {
        asyncPingPong($0, connections: 16, global: false, backend: .ioURing)
    },
    Workload(name: "async-pingpong-16-uring-global", defaultIterations: 160_000) {
        asyncPingPong($0, connections: 16, global: true, backend: .ioURing)
    },
    Workload(name: "async-floor-global", defaultIterations: 200_000, run: asyncFloorGlobal),
    // SwiftNIO references: no C baseline; compare reports them against Sock's `pingpong`.
    Workload(name: "nio-handler-pingpong", defaultIterations: 200_000, run: nioHandlerPingPong),
    Workload(name: "nio-async-pingpong", defaultIterations: 50_000, run: nioAsyncPingPong),
    Workload(name: "nio-async-pingpong-default", defaultIterations: 50_000, run: nioAsyncPingPongDefault),
    Workload(name: "nio-echo-1000", defaultIterations: 200_000, run: nioEcho1000),
    Workload(name: "echo-1000", defaultIterations: 200_000, run: echo1000),
    Workload(name: "echo-1000-uring", defaultIterations: 200_000, run: echo1000Uring),
    Workload(name: "echo-1000-handoff", defaultIterations: 200_000, run: echo1000Handoff),
]
