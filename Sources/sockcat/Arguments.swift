/// A command's command-line shape: its help text and the options it accepts.
struct CommandSpec {
    /// The help text printed for `--help` and after a usage error.
    var help: String
    /// Options that take a value (`--timeout 5` or `--timeout=5`).
    var valueOptions: Set<String>
    /// Options that take none (`--json`).
    var flags: Set<String>
    /// Short spellings of options (`-k` for `--keep-open`).
    var aliases: [String: String] = [:]
}

/// Arguments parsed against a ``CommandSpec``: positionals, option values and flags.
struct Arguments {
    var spec: CommandSpec
    var positional: [String] = []
    var values: [String: String] = [:]
    var flags: Set<String> = []

    /// Parses `arguments`. `--help` / `-h` sets the `help` flag; `--` ends the options.
    /// - Throws: `UsageError` for an unknown option or a missing value.
    init(_ arguments: [String], spec: CommandSpec) throws(UsageError) {
        self.spec = spec
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                positional.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            if argument == "-h" || argument == "--help" {
                flags.insert("help")
                continue
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            if let long = spec.aliases[name] { name = long }
            if spec.flags.contains(name) {
                guard inlineValue == nil else { throw UsageError("\(name) takes no value", help: spec.help) }
                flags.insert(String(name.dropFirst(2)))
            } else if spec.valueOptions.contains(name) {
                if let inlineValue {
                    values[String(name.dropFirst(2))] = inlineValue
                } else {
                    guard index < arguments.count else { throw UsageError("\(name) needs a value", help: spec.help) }
                    values[String(name.dropFirst(2))] = arguments[index]
                    index += 1
                }
            } else {
                throw UsageError("unknown option '\(Console.escaped(name))'", help: spec.help)
            }
        }
    }

    /// Whether `--help` was given.
    var wantsHelp: Bool { flags.contains("help") }

    /// Whether the flag `--name` was given.
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// Exactly `names.count` positionals, or a usage error that names the missing ones or the
    /// first extra one.
    func positionals(_ names: String...) throws(UsageError) -> [String] {
        if positional.count < names.count {
            let missing = names[positional.count...].joined(separator: " ")
            throw UsageError(
                "missing \(missing) (expected \(names.joined(separator: " ")))",
                help: spec.help
            )
        }
        if positional.count > names.count {
            let extra = Console.escaped(positional[names.count])
            let expected = names.isEmpty ? "it takes no arguments" : "expected \(names.joined(separator: " "))"
            throw UsageError("unexpected argument '\(extra)' (\(expected))", help: spec.help)
        }
        return positional
    }

    /// `--name SECONDS` as a `Duration` (decimal seconds, e.g. `0.25`), nil when absent.
    func seconds(_ name: String) throws(UsageError) -> Duration? {
        guard let text = values[name] else { return nil }
        guard let value = Double(text), value.isFinite, value > 0, value < 1e9 else {
            throw UsageError(
                "--\(name) needs a positive number of seconds, got '\(Console.escaped(text))'",
                help: spec.help
            )
        }
        return .nanoseconds(Int64(value * 1e9))
    }

    /// `--name N` as an integer within `range`, nil when absent.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let text = values[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError(
                "--\(name) needs an integer in \(range.lowerBound)...\(range.upperBound), got '\(Console.escaped(text))'",
                help: spec.help
            )
        }
        return value
    }
}
