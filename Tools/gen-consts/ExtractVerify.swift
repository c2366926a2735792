// After writing the tables: the `_Static_assert` self-check per arch, and the drift report.

/// A C literal for any Int64 (INT64_MIN has no literal of its own).
func cLiteral(_ value: Int64) -> String {
    value == Int64.min ? "(-9223372036854775807LL - 1)" : "(\(value)LL)"
}

/// The C type of a layout row, per the spec.
func layoutCType(_ spec: Spec, row: String) -> String? {
    spec.layouts.first { $0.row == row }?.cType
}

/// Builds `verify-<arch>.c` from the table *as written on disk* and compiles it for the arch's
/// triple with `-fsyntax-only`. Every row is asserted: constants, syscalls, sizes, alignments,
/// offsets and field sizes by value; bitfields by width (the folded value of the member with only
/// bit N-1 set is nonzero and with bit N set is zero). Bitfield offsets cannot be computed in a C
/// constant expression; the ABI tests check them at run time against the host headers.
func selfCheck(
    table: Table,
    spec: Spec,
    head: String,
    ctx: ArchContext
) throws(TableError) -> Int {
    var source = head
    var count = 0
    for row in table.rows {
        let expression: String
        let name = row.identity
        let parts = row.key.split(separator: ".", maxSplits: 1).map(String.init)
        switch row.kind {
        case .const_:
            expression = "(long long)(\(row.key)) == \(cLiteral(row.value))"
        case .syscall:
            expression = "(long long)(__NR_\(row.key)) == \(cLiteral(row.value))"
        case .sizeof, .alignof, .offsetof, .fieldsize:
            let structName = row.kind == .sizeof || row.kind == .alignof ? row.key : parts[0]
            guard let t = layoutCType(spec, row: structName) else {
                throw TableError(description: "\(table.arch): row '\(row.line)' names no layout in the spec")
            }
            let field = parts.count == 2 ? parts[1] : ""
            switch row.kind {
            case .sizeof: expression = "sizeof(\(t)) == \(cLiteral(row.value))"
            case .alignof: expression = "_Alignof(\(t)) == \(cLiteral(row.value))"
            case .offsetof where field.hasSuffix(":bits"):
                expression = "sizeof(((\(t) *)0)->\(field.dropLast(5)) + 0) > 0"  // exists; offset: see above
            case .offsetof:
                expression = "__builtin_offsetof(\(t), \(field)) == \(cLiteral(row.value))"
            case .fieldsize where field.hasSuffix(":bits"):
                let f = field.dropLast(5)
                let n = row.value
                expression =
                    "((\(t)){.\(f) = 1ULL << \(n - 1)}).\(f) != 0 && ((\(t)){.\(f) = 1ULL << \(n)}).\(f) == 0"
            default:
                // A flexible array member's row is 0 and C has no sizeof for it.
                expression =
                    row.value == 0
                    ? "sizeof(((\(t) *)0)->\(field)[0]) > 0"
                    : "sizeof(((\(t) *)0)->\(field)) == \(cLiteral(row.value))"
            }
        }
        source += "_Static_assert(\(expression), \"\(name)\");\n"
        count += 1
    }
    let path = ctx.work + "/verify-\(table.arch).c"
    try writeFile(path, source)
    let result = try run(ctx.targetFlags + ["-w", "-fsyntax-only", path], scratch: ctx.work)
    guard result.status == 0 else {
        throw TableError(description: "\(table.arch): SELF-CHECK FAILED (\(path)):\n\(result.stderr)")
    }
    return count
}

/// Added / removed / changed rows between the previous table (if any) and the new one.
func driftReport(old: Table?, new: Table) -> String {
    guard let old else { return "\(new.arch): new table, \(new.rows.count) rows\n" }
    var out = ""
    for (a, b) in zip(old.comments, new.comments) where a != b {
        out += "  header: \(a)  ->  \(b)\n"
    }
    let before = Dictionary(old.rows.map { ($0.identity, $0.value) }, uniquingKeysWith: { a, _ in a })
    let after = Dictionary(new.rows.map { ($0.identity, $0.value) }, uniquingKeysWith: { a, _ in a })
    var added: [String] = []
    var removed: [String] = []
    var changed: [String] = []
    for row in new.rows {
        guard let previous = before[row.identity] else {
            added.append(row.line)
            continue
        }
        if previous != row.value {
            let note = row.kind == .sizeof ? (row.value > previous ? "  (struct grew)" : "  (struct SHRANK)") : ""
            changed.append("\(row.identity) \(previous) -> \(row.value)\(note)")
        }
    }
    for row in old.rows where after[row.identity] == nil { removed.append(row.line) }
    out += "\(new.arch): +\(added.count) -\(removed.count) ~\(changed.count)\n"
    out += added.map { "  + \($0)\n" }.joined()
    out += removed.map { "  - \($0)\n" }.joined()
    out += changed.map { "  ~ \($0)\n" }.joined()
    return out
}
