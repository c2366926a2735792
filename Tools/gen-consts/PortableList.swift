// The portable name list (`Tools/gen-consts/spec/portable.list`): parser and checks.
// The format is documented at the top of portable.list itself.

/// A system the generated constants have a branch for, in branch order.
enum Platform: String, CaseIterable, Sendable {
    case linux
    case darwin
    case freebsd

    /// The `#if` condition of the branch. The three are disjoint, so `||` of them is exact.
    var condition: String {
        switch self {
        case .linux: "os(Linux)"
        case .darwin: "canImport(Darwin)"
        case .freebsd: "os(FreeBSD)"
        }
    }

    /// The name in comments ("Darwin has no SO_DOMAIN").
    var displayName: String {
        switch self {
        case .linux: "Linux"
        case .darwin: "Darwin"
        case .freebsd: "FreeBSD"
        }
    }

    /// The expression for C name `name` on this platform, as a `CInt`.
    func value(of name: String, errno: Bool) -> String {
        switch self {
        // Errno's table rows are CInt already; SC converts as it always did.
        case .linux: errno ? "LinuxABI.\(name)" : "CInt(LinuxABI.\(name))"
        case .darwin: "CInt(Darwin.\(name))"
        case .freebsd: "CInt(Glibc.\(name))"
        }
    }
}

enum PortableKind: String, Sendable {
    case sc
    case errno
}

struct PortableEntry: Equatable, Sendable {
    var kind: PortableKind
    var name: String
    /// Where the C name exists, in `Platform.allCases` order.
    var platforms: [Platform]
    /// The doc line's meaning (`errno` entries; empty for `sc`).
    var meaning: String

    var everywhere: Bool { platforms == Platform.allCases }

    /// "Linux and FreeBSD", "Darwin", "Darwin, FreeBSD and Linux" style (platform order).
    var platformPhrase: String {
        let names = platforms.map(\.displayName)
        guard names.count > 1 else { return names.first ?? "no system" }
        return names.dropLast().joined(separator: ", ") + " and " + names.last!
    }
}

struct PortableList: Sendable {
    var entries: [PortableEntry]

    var sc: [PortableEntry] { entries.filter { $0.kind == .sc } }
    var errno: [PortableEntry] { entries.filter { $0.kind == .errno } }

    static func parse(_ text: String, source: String) throws(TableError) -> PortableList {
        var entries: [PortableEntry] = []
        var seen = Set<String>()
        var lineNo = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            if line.hasPrefix("#") || line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            func fail(_ why: String) -> TableError { TableError(description: "\(source):\(lineNo): \(why)") }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let kind = PortableKind(rawValue: words[0]) else { throw fail("unknown entry '\(words[0])'") }
            guard words.count >= 3 else {
                throw fail("\(kind.rawValue) NAME PLATFORMS\(kind == .errno ? " MEANING" : "")")
            }
            let name = words[1]
            guard let first = name.first, first.isUppercase,
                name.allSatisfy({ ($0.isASCII && ($0.isUppercase || $0.isNumber)) || $0 == "_" })
            else { throw fail("bad C name '\(name)'") }
            guard seen.insert("\(kind.rawValue) \(name)").inserted else {
                throw fail("second \(kind.rawValue) \(name)")
            }
            var platforms: [Platform]
            if words[2] == "all" {
                platforms = Platform.allCases
            } else {
                var set = Set<Platform>()
                for word in words[2].split(separator: ",", omittingEmptySubsequences: false) {
                    guard let platform = Platform(rawValue: String(word)) else {
                        throw fail("unknown platform '\(word)' (all, or a subset of linux,darwin,freebsd)")
                    }
                    guard set.insert(platform).inserted else { throw fail("platform '\(word)' twice") }
                }
                platforms = Platform.allCases.filter(set.contains)
                guard platforms != Platform.allCases else { throw fail("write `all` for every platform") }
            }
            let meaning = words.dropFirst(3).joined(separator: " ")
            switch kind {
            case .sc:
                guard meaning.isEmpty else { throw fail("sc takes no meaning") }
            case .errno:
                guard !meaning.isEmpty, meaning.hasSuffix(".") else {
                    throw fail("errno needs a meaning ending in '.'")
                }
            }
            entries.append(PortableEntry(kind: kind, name: name, platforms: platforms, meaning: meaning))
        }
        let list = PortableList(entries: entries)
        guard !list.sc.isEmpty, !list.errno.isEmpty else {
            throw TableError(description: "\(source): no sc or no errno entries")
        }
        return list
    }

    /// Every name the list says Linux has must be a `const` row of every table, and fit a C int
    /// (both enums hand it out as `CInt`).
    func check(against tables: [Arch: Table], source: String) throws(TableError) {
        for arch in Arch.allCases {
            guard let table = tables[arch] else { continue }
            var consts: [String: Int64] = [:]
            for row in table.rows where row.kind == .const_ { consts[row.key] = row.value }
            for entry in entries where entry.platforms.contains(.linux) {
                guard let value = consts[entry.name] else {
                    throw TableError(
                        description:
                            "\(source): \(entry.kind.rawValue) \(entry.name) is marked linux, but linux-\(arch.rawValue).abi has no `const \(entry.name)` row (add it to linux.spec and rerun extract)"
                    )
                }
                guard (Int64(Int32.min)...Int64(Int32.max)).contains(value) else {
                    throw TableError(
                        description: "\(source): \(entry.name) = \(value) on \(arch.rawValue) does not fit a CInt"
                    )
                }
            }
        }
    }
}
