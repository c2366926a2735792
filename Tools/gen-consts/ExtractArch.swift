// One arch's table: every value is computed by clang for that arch's target triple from the
// installed UAPI headers (plus the spec's kernel-internal declarations); nothing is read out of
// `#define` text except to decide *which* names exist.

/// What the spec's kernel-internal headers contribute (from their preprocessed text).
struct InternalHarvest {
    /// Object-like macros, name -> body, as the preprocessor printed them (`-dD`).
    var macros: [String: String] = [:]
    /// `KIND TAG { ... };` declarations, in spec order.
    var declarations: [String] = []
    /// Enumerators of the harvested enums.
    var enumerators: [String] = []
}

/// A value to evaluate: its row and the C expression.
struct Probe {
    var kind: RowKind
    var key: String
    var expression: String
    /// The layout dump's value for a non-bitfield offset (cross-checked with `offsetof`).
    var dumpValue: Int64?
}

struct ArchResult {
    var rows: [Row]
    /// The C text every TU for this arch starts with (prelude, internal macros, headers, decls).
    var translationUnitHead: String
    var skippedNames: [String]
    var missingSyscalls: [String]
}

struct ArchContext {
    var spec: Spec
    var arch: SpecArch
    var clang: String
    /// `<hdr>/include` from headers_install.
    var includeDir: String
    var kernelTree: String
    /// Scratch directory for this arch.
    var work: String

    var targetFlags: [String] {
        [clang, "--target=\(arch.triple)", "-ffreestanding", "-nostdlibinc", "-I", includeDir]
    }
}

// MARK: - Kernel-internal headers

/// Preprocesses the spec's internal headers (`-E -dD -P`) against this arch's UAPI headers. Includes
/// that resolve nowhere get stubs (spec text or empty), one at a time, until the run succeeds.
func harvestInternal(_ ctx: ArchContext) throws(TableError) -> InternalHarvest {
    var harvest = InternalHarvest()
    guard !ctx.spec.internalHeaders.isEmpty else { return harvest }
    let internalDir = ctx.work + "/internal"
    let stubDir = ctx.work + "/stub"
    for header in ctx.spec.internalHeaders {
        try makeDirectories(directoryName(internalDir + "/" + header))
        try writeFile(internalDir + "/" + header, try readFile(ctx.kernelTree + "/include/" + header))
    }
    try makeDirectories(stubDir)
    // Kernel-internal headers include their UAPI halves as <uapi/...>.
    try makeSymlink(target: ctx.includeDir, at: stubDir + "/uapi")
    for stub in ctx.spec.stubs {
        try makeDirectories(directoryName(stubDir + "/" + stub.path))
        try writeFile(stubDir + "/" + stub.path, stub.lines.map { $0 + "\n" }.joined())
    }
    let source = ctx.work + "/internal.c"
    try writeFile(source, ctx.spec.internalHeaders.map { "#include <\($0)>\n" }.joined())
    let command = [
        ctx.clang, "--target=\(ctx.arch.triple)", "-ffreestanding", "-nostdlibinc",
        "-I", internalDir, "-I", ctx.includeDir, "-I", stubDir, "-E", "-dD", "-P", source,
    ]
    var output = ""
    var stubbed: [String] = []
    while true {
        let result = try run(command, scratch: ctx.work)
        if result.status == 0 {
            output = result.stdout
            break
        }
        guard let missing = missingInclude(result.stderr), stubbed.count < 100, !stubbed.contains(missing) else {
            throw TableError(description: "\(ctx.arch.name): preprocessing internal headers failed:\n\(result.stderr)")
        }
        stubbed.append(missing)
        try makeDirectories(directoryName(stubDir + "/" + missing))
        try writeFile(stubDir + "/" + missing, "")
    }
    for line in lines(output) {
        if let (name, body) = objectLikeMacro(line) {
            harvest.macros[name] = body
        } else if line.hasPrefix("#undef ") {
            harvest.macros[String(line.dropFirst(7)).trimmingTrailingSpaces()] = nil
        }
    }
    for (kind, tag) in ctx.spec.internalDecls {
        guard let decl = findDeclaration(kind: kind, tag: tag, in: output) else {
            throw TableError(description: "\(ctx.arch.name): \(kind) \(tag) not found in the internal headers")
        }
        harvest.declarations.append(decl.text)
        if kind == "enum" { harvest.enumerators += enumeratorNames(decl.body) }
    }
    return harvest
}

/// `fatal error: 'linux/foo.h' file not found` -> `linux/foo.h`.
func missingInclude(_ stderr: String) -> String? {
    for line in lines(stderr) {
        guard line.contains("fatal error: '"), line.hasSuffix("' file not found") else { continue }
        let start = line.firstRange(of: "fatal error: '")!.upperBound
        let end = line.firstRange(of: "' file not found")!.lowerBound
        return String(line[start..<end])
    }
    return nil
}

/// `#define NAME BODY` with a non-empty body and no parameter list -> (NAME, BODY).
func objectLikeMacro(_ line: Substring) -> (String, String)? {
    guard line.hasPrefix("#define ") else { return nil }
    let rest = line.dropFirst(8)
    let name = rest.prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" })
    guard !name.isEmpty else { return nil }
    let after = rest.dropFirst(name.count)
    guard after.first == " " else { return nil }  // "(" = function-like, "" = empty body
    let body = String(after.dropFirst()).trimmingTrailingSpaces()
    guard !body.isEmpty else { return nil }
    return (String(name), body)
}

/// Finds `KIND TAG {` ... matching `}` ... `;` in preprocessed text.
func findDeclaration(kind: String, tag: String, in text: String) -> (text: String, body: String)? {
    let chars = Array(text)
    let opener = Array("\(kind) \(tag)")
    var i = 0
    while i + opener.count <= chars.count {
        defer { i += 1 }
        guard chars[i..<(i + opener.count)].elementsEqual(opener) else { continue }
        if i > 0, chars[i - 1].isLetter || chars[i - 1].isNumber || chars[i - 1] == "_" { continue }
        var j = i + opener.count
        while j < chars.count, chars[j] == " " || chars[j] == "\t" || chars[j] == "\n" { j += 1 }
        guard j < chars.count, chars[j] == "{" else { continue }
        let bodyStart = j + 1
        var depth = 1
        j += 1
        while j < chars.count, depth > 0 {
            if chars[j] == "{" { depth += 1 }
            if chars[j] == "}" { depth -= 1 }
            j += 1
        }
        guard depth == 0, let semicolon = chars[j...].firstIndex(of: ";") else { return nil }
        return (String(chars[i...semicolon]), String(chars[bodyStart..<(j - 1)]))
    }
    return nil
}

/// Enumerators of the spec's `uapi-enum` tags, from the preprocessed UAPI headers (`-E -P` of
/// names.c). The enums are already declared by the headers the TU includes, so nothing is copied.
func uapiEnumerators(_ ctx: ArchContext) throws(TableError) -> [String] {
    guard !ctx.spec.uapiEnums.isEmpty else { return [] }
    let text = try runChecked(ctx.targetFlags + ["-E", "-P", ctx.work + "/names.c"], scratch: ctx.work)
    var names: [String] = []
    for tag in ctx.spec.uapiEnums {
        guard let decl = findDeclaration(kind: "enum", tag: tag, in: text) else {
            throw TableError(description: "\(ctx.arch.name): enum \(tag) not found in the UAPI headers")
        }
        names += enumeratorNames(decl.body)
    }
    return names
}

/// `A = 1, B, C = A + 2,` -> [A, B, C].
func enumeratorNames(_ body: String) -> [String] {
    body.split(separator: ",").compactMap { item in
        let trimmed = item.drop(while: { $0 == " " || $0 == "\t" || $0 == "\n" })
        let name = trimmed.prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" })
        return name.isEmpty ? nil : String(name)
    }
}

// MARK: - The table

func extractArch(_ ctx: ArchContext) throws(TableError) -> ArchResult {
    let spec = ctx.spec
    let harvest = try harvestInternal(ctx)

    // 1. Names: object-like macros of the UAPI headers (`-E -dM`).
    let prelude = spec.prelude.map { $0 + "\n" }.joined()
    let includes = spec.headers.map { "#include <\($0)>\n" }.joined()
    try writeFile(ctx.work + "/names.c", prelude + includes)
    var uapiMacros = Set<String>()
    for line in lines(try runChecked(ctx.targetFlags + ["-E", "-dM", ctx.work + "/names.c"], scratch: ctx.work)) {
        if let (name, _) = objectLikeMacro(line) { uapiMacros.insert(name) }
    }
    let internalNames = harvest.macros.keys.filter { !uapiMacros.contains($0) && spec.selects($0) }.sorted()
    var constNames = Set(uapiMacros.filter { spec.selects($0) })
    constNames.formUnion(internalNames)
    constNames.formUnion(harvest.enumerators.filter { spec.selects($0) })
    constNames.formUnion(try uapiEnumerators(ctx).filter { spec.selects($0) })

    // The head of every TU: prelude, internal macros UAPI lacks, UAPI headers, internal decls.
    var head = prelude
    for name in internalNames {
        head += "#ifndef \(name)\n#define \(name) \(harvest.macros[name]!)\n#endif\n"
    }
    head += includes
    head += harvest.declarations.map { $0 + "\n" }.joined()

    // 2. Layouts from the record dump.
    var layoutSource = head
    for (i, layout) in spec.layouts.enumerated() {
        layoutSource += "const long long layout_\(i) = sizeof(\(layout.cType));\n"
    }
    try writeFile(ctx.work + "/layout.c", layoutSource)
    let dump = try runChecked(
        ctx.targetFlags + ["-Xclang", "-fdump-record-layouts", "-fsyntax-only", ctx.work + "/layout.c"],
        scratch: ctx.work
    )
    let records = try parseRecordLayouts(dump)

    // 3. Everything to evaluate, plus bitfield rows straight from the dump.
    var probes: [Probe] = constNames.sorted().map { Probe(kind: .const_, key: $0, expression: $0) }
    let missingSyscalls = spec.syscalls.filter { !uapiMacros.contains("__NR_" + $0) }
    for name in spec.syscalls where uapiMacros.contains("__NR_" + name) {
        probes.append(Probe(kind: .syscall, key: name, expression: "__NR_" + name))
    }
    var rows: [Row] = []
    for layout in spec.layouts {
        let record = try recordLayout(layout.cType, expand: layout.expand, in: records)
        let t = layout.cType
        probes.append(Probe(kind: .sizeof, key: layout.row, expression: "sizeof(\(t))", dumpValue: record.size))
        probes.append(Probe(kind: .alignof, key: layout.row, expression: "_Alignof(\(t))", dumpValue: record.align))
        for field in record.fields {
            let key = "\(layout.row).\(field.path)"
            if let bits = field.bits {
                rows.append(Row(kind: .offsetof, key: key + ":bits", value: field.byteOffset * 8 + bits.first))
                rows.append(Row(kind: .fieldsize, key: key + ":bits", value: bits.last - bits.first + 1))
                continue
            }
            probes.append(
                Probe(
                    kind: .offsetof,
                    key: key,
                    expression: "__builtin_offsetof(\(t), \(field.path))",
                    dumpValue: field.byteOffset
                )
            )
            // A flexible array member has no size (C forbids sizeof on it): its row says 0.
            let size = field.isFlexibleArray ? "0" : "sizeof(((\(t) *)0)->\(field.path))"
            probes.append(Probe(kind: .fieldsize, key: key, expression: size))
        }
    }

    // 4. One TU, `const long long v_N = (expr);` per probe; values from the LLVM IR. A constant
    //    that is not an integer constant expression is dropped (and reported); anything else fails.
    var skipped: [String] = []
    var values: [Int: Int64] = [:]
    while true {
        var source = head
        for (i, probe) in probes.enumerated() {
            source += "const long long v_\(i) = (\(probe.expression));\n"
        }
        try writeFile(ctx.work + "/eval.c", source)
        let result = try run(
            ctx.targetFlags + ["-S", "-emit-llvm", "-o", "-", ctx.work + "/eval.c"],
            scratch: ctx.work
        )
        if result.status == 0 {
            values = parseIRConstants(result.stdout)
            break
        }
        let headLines = lines(head).count
        let bad = errorLines(result.stderr, file: "eval.c").map { $0 - headLines - 1 }
        guard !bad.isEmpty, bad.allSatisfy({ probes.indices.contains($0) && probes[$0].kind == .const_ }) else {
            throw TableError(description: "\(ctx.arch.name): evaluation failed:\n\(result.stderr)")
        }
        for index in Set(bad).sorted(by: >) {
            skipped.append(probes[index].key)
            probes.remove(at: index)
        }
    }
    for (i, probe) in probes.enumerated() {
        guard let value = values[i] else {
            throw TableError(description: "\(ctx.arch.name): no value in the IR for \(probe.key)")
        }
        if let expected = probe.dumpValue, expected != value {
            throw TableError(
                description: "\(ctx.arch.name): \(probe.kind.rawValue) \(probe.key): record dump says \(expected), "
                    + "the compiler says \(value)"
            )
        }
        rows.append(Row(kind: probe.kind, key: probe.key, value: value))
    }
    return ArchResult(
        rows: rows.sorted { $0.line < $1.line },
        translationUnitHead: head,
        skippedNames: skipped.sorted(),
        missingSyscalls: missingSyscalls
    )
}

/// `@v_12 = dso_local constant i64 15, align 8` -> [12: 15]. Same shape for every target.
func parseIRConstants(_ ir: String) -> [Int: Int64] {
    var values: [Int: Int64] = [:]
    for line in lines(ir) where line.hasPrefix("@v_") {
        let name = line.dropFirst(3).prefix(while: { $0.isNumber })
        guard let index = Int(name), let marker = line.firstRange(of: " constant i64 ") else { continue }
        let number = line[marker.upperBound...].prefix(while: { $0 == "-" || $0.isNumber })
        if let value = Int64(number) { values[index] = value }
    }
    return values
}

/// Line numbers of `FILE:LINE:COL: error:` diagnostics.
func errorLines(_ stderr: String, file: String) -> [Int] {
    var result: [Int] = []
    for line in lines(stderr) {
        guard let at = line.firstRange(of: file + ":"), line.contains(": error:") else { continue }
        let number = line[at.upperBound...].prefix(while: { $0.isNumber })
        if let n = Int(number) { result.append(n) }
    }
    return result
}
