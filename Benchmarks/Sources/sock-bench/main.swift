// sock-bench: runs one named workload with Sock and prints one JSON line, like the C baselines:
//   sock-bench WORKLOAD [--iterations N] [--warmup W]
//   {"workload": NAME, "iterations": N, "ns_per_op": X, "mallocs_per_op": Y}   (+ "bytes_per_op")
//   sock-bench --list
// Exit status: 0 done, 1 the run failed, 2 unknown or not yet implemented workload (or bad usage).
// No benchmark-framework dependency: it must run under valgrind (callgrind counts for `compare`).

import CMallocCount

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

func count(after flag: String, _ value: String?) -> Int {
    guard let value, let n = Int(value), n >= 0 else {
        printError("sock-bench: \(flag) needs a count, got '\(value ?? "")'")
        exit(2)
    }
    return n
}

var name: String?
var iterations: Int?
var warmup: Int?
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--list":
        for workload in workloads { print(workload.name) }
        exit(0)
    case "--iterations":
        iterations = count(after: argument, arguments.next())
    case "--warmup":
        warmup = count(after: argument, arguments.next())
    default:
        if argument.hasPrefix("-") || name != nil {
            printError("sock-bench: unknown argument '\(argument)'")
            exit(2)
        }
        name = argument
    }
}
guard let name else {
    printError("usage: sock-bench WORKLOAD [--iterations N] [--warmup W] | --list")
    exit(2)
}
guard let workload = workloads.first(where: { $0.name == name }) else {
    printError("sock-bench: unknown workload '\(name)'")
    exit(2)
}
let n = max(1, iterations ?? workload.defaultIterations)
let parameters = RunParameters(iterations: n, warmup: warmup ?? max(1, n / 10))
let mallocsCounted = mallocCounterWorks()
if !mallocsCounted {
    printError("sock-bench: the malloc counter sees no allocations; mallocs_per_op is null")
}
let result = workload.run(parameters)
print(jsonLine(workload: workload.name, parameters: parameters, result: result, mallocsCounted: mallocsCounted))
