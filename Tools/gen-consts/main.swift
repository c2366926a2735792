// gen-consts: the kernel ABI pipeline.
//
//   gen-consts extract [options]         kernel headers -> committed tables (maintainers, CI)
//   gen-consts emit --output FILE T...   tables (+ portable.list) -> Swift (the ConstGen build plugin)
//   gen-consts emit --rows ...           tables (+ portable.list) -> test-only Swift (the plugin, for
//                                        Tests/ABITestSupport; scripts/xarch/embedded.sh)

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

let usage = """
    usage: gen-consts emit [--access package|public] --output FILE [--list LIST --list-output FILE] TABLE...
           gen-consts emit --rows [--access package|public] [--import MODULE] [--list LIST] --output FILE TABLE...
           gen-consts extract [--kernel-src DIR] [--clang CLANG] [--spec FILE] [--out DIR] [--work DIR]
    """

func mainEntry() -> Int32 {
    var args = Array(CommandLine.arguments.dropFirst())
    guard let command = args.first else {
        printError(usage)
        return 64
    }
    args.removeFirst()
    do throws(TableError) {
        switch command {
        case "emit":
            var options = EmitOptions(output: "")
            var i = 0
            while i < args.count {
                switch args[i] {
                case "--rows":
                    options.rows = true
                    i += 1
                case "--output", "--access", "--list", "--list-output", "--import":
                    guard i + 1 < args.count else { throw TableError(description: "\(args[i]) needs a value") }
                    let value = args[i + 1]
                    switch args[i] {
                    case "--output": options.output = value
                    case "--access": options.access = value
                    case "--list": options.list = value
                    case "--list-output": options.listOutput = value
                    default: options.importModule = value
                    }
                    i += 2
                default:
                    options.tables.append(args[i])
                    i += 1
                }
            }
            guard !options.output.isEmpty else { throw TableError(description: "emit: --output is required") }
            guard ["package", "public"].contains(options.access) else {
                throw TableError(description: "emit: --access must be package or public")
            }
            if options.rows {
                guard options.listOutput == nil else { throw TableError(description: "emit --rows: no --list-output") }
            } else {
                guard options.importModule == nil else { throw TableError(description: "emit: --import needs --rows") }
                guard (options.list == nil) == (options.listOutput == nil) else {
                    throw TableError(description: "emit: --list and --list-output go together")
                }
            }
            try emit(options)
        case "extract":
            try extract(arguments: args)
        case "-h", "--help", "help":
            print(usage)
        default:
            printError("gen-consts: unknown command '\(command)'\n" + usage)
            return 64
        }
    } catch {
        printError("gen-consts: \(error)")
        return 1
    }
    return 0
}

exit(mainEntry())
