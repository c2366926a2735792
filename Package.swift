// swift-tools-version: 6.3
//
// Sock: zero-allocation, non-blocking sockets for Swift on Linux, with a portable POSIX core.
// The library has no package dependencies. Benchmarks live in their own package (Benchmarks/).

import PackageDescription

// `swift build -Xswiftc -DSOCK_LIBC_SYSCALLS` routes every syscall through libc instead of the
// raw entry points (the TSan build does this: TSan models descriptors through libc interceptors).
let swiftSettings: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Sock",
    products: [
        .library(name: "Sock", targets: ["Sock"]),
        .library(name: "SockPOSIX", targets: ["SockPOSIX"]),
        .library(name: "SockLinux", targets: ["SockLinux"]),
        .executable(name: "sockcat", targets: ["sockcat"]),
    ],
    targets: [
        // MARK: ABI pipeline
        // gen-consts is no product: the ConstGen plugin depends on the executable target, and the
        // scripts, run in this root package, build it by name (`swift run gen-consts`,
        // `swift build --product gen-consts`; `--target` would compile it without linking).
        .executableTarget(
            name: "gen-consts",
            path: "Tools/gen-consts",
            exclude: ["spec"],
            swiftSettings: swiftSettings
        ),
        .plugin(
            name: "ConstGen",
            capability: .buildTool(),
            dependencies: ["gen-consts"]
        ),

        // MARK: Library
        .target(
            name: "CPlatform",
            path: "Sources/CPlatform"
        ),
        .target(
            name: "SockPOSIX",
            dependencies: ["CPlatform"],
            path: "Sources/SockPOSIX",
            swiftSettings: swiftSettings,
            plugins: ["ConstGen"]
        ),
        .target(
            name: "SockLinux",
            dependencies: ["SockPOSIX", "CPlatform"],
            path: "Sources/SockLinux",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Sock",
            dependencies: [
                "SockPOSIX",
                .target(name: "SockLinux", condition: .when(platforms: [.linux])),
            ],
            path: "Sources/Sock",
            swiftSettings: swiftSettings
        ),

        // MARK: Tools
        .executableTarget(
            name: "sockcat",
            dependencies: ["Sock"],
            path: "Sources/sockcat",
            swiftSettings: swiftSettings
        ),

        // MARK: Tests
        .target(
            name: "CTestSupport",
            path: "Tests/CTestSupport"
        ),
        // Helpers every test target shares (expectations, skips, the malloc counter, threads,
        // processes, network namespaces): one copy, with `package` access.
        .target(
            name: "SockTestSupport",
            dependencies: ["SockPOSIX", "CTestSupport"],
            path: "Tests/SockTestSupport",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CABICheck",
            path: "Tests/CABICheck"
        ),
        // The ABI tables' rows as text and the portable list's names, for ABITests only (ConstGen
        // emits them here, with `gen-consts emit --rows`, so SockPOSIX does not ship them).
        .target(
            name: "ABITestSupport",
            dependencies: ["SockPOSIX"],
            path: "Tests/ABITestSupport",
            swiftSettings: swiftSettings,
            plugins: ["ConstGen"]
        ),
        .testTarget(
            name: "ABITests",
            dependencies: ["SockPOSIX", "CABICheck", "ABITestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SockPOSIXTests",
            dependencies: ["SockPOSIX", "CTestSupport", "SockTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SockLinuxTests",
            dependencies: ["SockLinux", "SockPOSIX", "CPlatform", "CTestSupport", "SockTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SockcatTests",
            dependencies: ["CTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReliabilityTests",
            dependencies: ["Sock", "CTestSupport", "SockTestSupport"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CIOUringExample",
            path: "Tests/CIOUringExample"
        ),
        .testTarget(
            name: "ExamplesTests",
            dependencies: ["Sock", "CIOUringExample", "SockTestSupport"],
            swiftSettings: swiftSettings
        ),
    ]
)
