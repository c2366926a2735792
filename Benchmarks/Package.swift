// swift-tools-version: 6.3
//
// Sock's benchmarks, in their own package so the library keeps no dependencies.
//   sock-bench       one named workload -> one JSON line; runs under valgrind (no benchmark dependency);
//                    counts mallocs with the same C interposer as the C baselines (baseline/malloc_count.c);
//                    also the SwiftNIO reference workloads (nio-*), so SwiftNIO is a dependency of this
//                    package only, never of the library
//   SockBenchmarks   ordo-one/benchmark suite: one benchmark per hot path, malloc threshold 0
// `Benchmarks/compare` runs sock-bench against the C baselines in baseline/.

import PackageDescription

let swiftSettings: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "SockBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Sock", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
    ],
    targets: [
        .target(
            name: "CMallocCount",
            path: "baseline",
            sources: ["malloc_count.c"],
            publicHeadersPath: "include"
        ),
        .target(
            name: "CBenchSupport",
            path: "Sources/CBenchSupport"
        ),
        .executableTarget(
            name: "sock-bench",
            dependencies: [
                "CMallocCount",
                "CBenchSupport",
                .product(name: "Sock", package: "Sock"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/sock-bench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "SockBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Sock", package: "Sock"),
            ],
            path: "Benchmarks/SockBenchmarks",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
