// gen-consts: the kernel ABI pipeline.
//
//   gen-consts extract [options]         kernel headers -> committed tables (maintainers, CI)
//   gen-consts emit --output FILE T...   tables -> Swift (the ConstGen build plugin)

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

let usage = """
    usage: gen-consts emit [--access package|public] --output FILE TABLE...
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
                case "--output", "--access":
                    guard i + 1 < args.count else { throw TableError(description: "\(args[i]) needs a value") }
                    if args[i] == "--output" { options.output = args[i + 1] } else { options.access = args[i + 1] }
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
