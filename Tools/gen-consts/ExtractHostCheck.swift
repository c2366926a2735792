// The C side of the ABI host test (`Tests/CABICheck`): for every row of a table, the same fact as
// the *host's* headers state it (glibc + the host's kernel UAPI), compiled by the test build.
//
// Constants and syscalls are `#ifdef`-guarded, so a name the host headers lack is reported absent
// when the test is compiled; a constant the host declares as an enumerator (no macro to test) is
// probed when this file is generated and written unguarded. Struct and field rows cannot be
// guarded in C; they are probed against the host headers when this file is generated, and the
// ones that do not compile are written as absent. Which rows are absent therefore reflects the
// generating machine's headers (Debian 12's linux-libc-dev 6.1 here); a host with older headers
// than that may fail to compile the file.

/// Writes the host-check C file for `table`'s rows, after probing which layout rows the host's
/// headers have. Returns the layout rows written as absent.
func writeHostCheck(
    table: Table,
    spec: Spec,
    clang: String,
    output: String,
    work: String
) throws(TableError) -> [String] {
    let headerText =
        spec.hostPrelude.map { $0 + "\n" }.joined()
        + spec.hostHeaders.map { "#include <\($0)>\n" }.joined()

    // The C expression for a layout row in the host's types; nil for const/syscall rows.
    func layoutExpression(_ row: Row) throws(TableError) -> String? {
        let parts = row.key.split(separator: ".", maxSplits: 1).map(String.init)
        let structName = parts[0]
        guard row.kind != .const_, row.kind != .syscall else { return nil }
        guard let layout = spec.layouts.first(where: { $0.row == structName }) else {
            throw TableError(description: "host check: row '\(row.line)' names no layout in the spec")
        }
        let t = layout.hostCType
        let field = parts.count == 2 ? parts[1] : ""
        switch row.kind {
        case .sizeof: return "sizeof(\(t))"
        case .alignof: return "_Alignof(\(t))"
        case .offsetof where field.hasSuffix(":bits"), .fieldsize where field.hasSuffix(":bits"):
            return "sizeof(((\(t) *)0)->\(field.dropLast(5)) + 0)"  // existence probe only
        case .offsetof: return "__builtin_offsetof(\(t), \(field))"
        default:
            // A flexible array member (row value 0): probe that it indexes; its value is 0 by
            // definition (its offset row is still compared for real).
            return row.value == 0 ? "0 * sizeof(((\(t) *)0)->\(field)[0])" : "sizeof(((\(t) *)0)->\(field))"
        }
    }

    // Probe the layout rows against the host headers; drop the ones that do not compile.
    var candidates: [(row: Row, expression: String)] = []
    for row in table.rows {
        if let e = try layoutExpression(row) { candidates.append((row, e)) }
    }
    var absent = Set<String>()
    while true {
        var source = headerText
        for (i, c) in candidates.enumerated() where !absent.contains(c.row.identity) {
            source += "#line \(i + 1) \"probe-rows\"\nconst long long probe_\(i) = (long long)(\(c.expression));\n"
        }
        try writeFile(work + "/host-probe.c", source)
        let result = try run([clang, "-w", "-fsyntax-only", work + "/host-probe.c"], scratch: work)
        if result.status == 0 { break }
        let bad = errorLines(result.stderr, file: "probe-rows").map { $0 - 1 }
        guard !bad.isEmpty, bad.allSatisfy({ candidates.indices.contains($0) }) else {
            throw TableError(description: "host check: the host headers do not compile:\n\(result.stderr)")
        }
        for i in bad { absent.insert(candidates[i].row.identity) }
    }

    // Constants the host headers declare as enumerators, not macros (`IORING_OP_NOP`): `#ifdef`
    // cannot see them, so the ones that compile are written unguarded.
    var hostMacros = Set<String>()
    try writeFile(work + "/host-names.c", headerText)
    for line in lines(try runChecked([clang, "-w", "-E", "-dM", work + "/host-names.c"], scratch: work)) {
        if let (name, _) = objectLikeMacro(line) { hostMacros.insert(name) }
    }
    let enumCandidates = table.rows.filter { $0.kind == .const_ && !hostMacros.contains($0.key) }.map(\.key)
    var missingEnumerators = Set<Int>()
    while true {
        var source = headerText
        for (i, name) in enumCandidates.enumerated() where !missingEnumerators.contains(i) {
            source += "#line \(i + 1) \"probe-enumerators\"\nconst long long enumerator_\(i) = (long long)(\(name));\n"
        }
        try writeFile(work + "/host-enumerators.c", source)
        let result = try run([clang, "-w", "-fsyntax-only", work + "/host-enumerators.c"], scratch: work)
        if result.status == 0 { break }
        let bad = errorLines(result.stderr, file: "probe-enumerators").map { $0 - 1 }
        guard !bad.isEmpty, bad.allSatisfy({ enumCandidates.indices.contains($0) }) else {
            throw TableError(description: "host check: the host headers do not compile:\n\(result.stderr)")
        }
        missingEnumerators.formUnion(bad)
    }
    let hostEnumerators = Set(
        enumCandidates.indices.filter { !missingEnumerators.contains($0) }.map { enumCandidates[$0] }
    )

    var c = """
        // Generated by `gen-consts extract` from \(table.arch).abi's rows and linux.spec (fnv1a64 \(spec.hash)).
        // Do not edit: rerun scripts/abi-regenerate.sh. The host side of Tests/ABITests: every row of
        // the table as the host's own headers (glibc + kernel UAPI) state it. Constants and syscalls
        // are #ifdef-guarded; struct/field rows the generating host's headers lack are marked absent.

        #include "CABICheck.h"

        #if defined(__linux__)
        \(headerText)#include <stddef.h>
        #include <string.h>
        #include <linux/version.h>

        struct cabi_row {
            const char *key;
            int present;
            long long value;
            long long (*compute)(void);
        };

        /// The first set bit (want_size == 0) or the number of set bits of an object.
        static long long cabi_bit_range(const unsigned char *p, size_t n, int want_size) {
            long long first = -1, count = 0;
            for (size_t i = 0; i < n * 8; i++) {
                if (p[i / 8] & (1u << (i % 8))) {
                    if (first < 0) first = (long long)i;
                    count++;
                }
            }
            return want_size ? count : first;
        }

        #define CABI_BITS(fn, T, F, want_size) \\
            static long long fn(void) { \\
                T s; \\
                volatile long long ones = -1; \\
                memset(&s, 0, sizeof s); \\
                s.F = ones; \\
                return cabi_bit_range((const unsigned char *)&s, sizeof s, want_size); \\
            }


        """
    var bitFunctions = ""
    var entries = ""
    for (i, row) in table.rows.enumerated() {
        let key = row.identity
        switch row.kind {
        case .const_ where hostEnumerators.contains(row.key):
            entries += "    {\"\(key)\", 1, (long long)(\(row.key)), 0}, /* enumerator */\n"
            continue
        case .const_, .syscall:
            let macro = row.kind == .syscall ? "__NR_\(row.key)" : row.key
            entries += "#ifdef \(macro)\n    {\"\(key)\", 1, (long long)(\(macro)), 0},\n"
            entries += "#else\n    {\"\(key)\", 0, 0, 0},\n#endif\n"
            continue
        default:
            break
        }
        if absent.contains(key) {
            entries += "    {\"\(key)\", 0, 0, 0}, /* not in the host headers */\n"
            continue
        }
        if row.key.hasSuffix(":bits") {
            let parts = row.key.dropLast(5).split(separator: ".", maxSplits: 1).map(String.init)
            let t = spec.layouts.first { $0.row == parts[0] }!.hostCType
            let fn = "cabi_bits_\(i)"
            bitFunctions += "CABI_BITS(\(fn), \(t), \(parts[1]), \(row.kind == .fieldsize ? 1 : 0))\n"
            entries += "    {\"\(key)\", 1, 0, \(fn)},\n"
        } else {
            entries += "    {\"\(key)\", 1, (long long)(\(try layoutExpression(row)!)), 0},\n"
        }
    }
    c += bitFunctions
    c += "\nstatic const struct cabi_row cabi_rows[] = {\n" + entries + "};\n"
    c += """

        int cabi_host_row_count(void) { return (int)(sizeof cabi_rows / sizeof cabi_rows[0]); }
        const char *cabi_host_row_key(int i) { return cabi_rows[i].key; }
        int cabi_host_row_present(int i) { return cabi_rows[i].present; }
        long long cabi_host_row_value(int i) {
            return cabi_rows[i].compute ? cabi_rows[i].compute() : cabi_rows[i].value;
        }
        long cabi_host_uapi_version(void) { return (long)LINUX_VERSION_CODE; }

        #else  // Not Linux: no kernel headers, no rows.
        int cabi_host_row_count(void) { return 0; }
        const char *cabi_host_row_key(int i) { (void)i; return ""; }
        int cabi_host_row_present(int i) { (void)i; return 0; }
        long long cabi_host_row_value(int i) { (void)i; return 0; }
        long cabi_host_uapi_version(void) { return 0; }
        #endif

        """
    try writeFile(output, c)
    // The file must compile against the host headers as written.
    let include = directoryName(output) + "/include"
    try runChecked([clang, "-Wall", "-Werror", "-fsyntax-only", "-I", include, output], scratch: work)
    return absent.sorted()
}
