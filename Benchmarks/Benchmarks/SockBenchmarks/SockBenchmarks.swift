// The ordo-one/benchmark suite: one benchmark per hot path, each held to zero heap allocations.
//
//   swift package --package-path Benchmarks benchmark                    # run, print the table
//   swift package --package-path Benchmarks benchmark thresholds check   # fail on any malloc
//
// Every benchmark has an absolute p90 tolerance of 0 on `mallocCountTotal`; the static threshold
// files in Benchmarks/Thresholds/ (SockBenchmarks.NAME.p90.json, all 0) are what `thresholds check`
// compares against, so a single allocation in a hot path fails the check. A benchmark added here
// needs its threshold file too: `thresholds check` silently skips a benchmark that has none.

import Benchmark

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(1),
        maxIterations: 1_000,
        thresholds: [.mallocCountTotal: .init(absolute: [.p90: 0])]
    )
    addressBenchmarks()
    socketBenchmarks()
    #if os(Linux)
    linuxBenchmarks()
    asyncBenchmarks()
    #endif
}
