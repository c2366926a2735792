// The extraction spec (`Tools/gen-consts/spec/linux.spec`): parser and hash.
// The format is documented at the top of linux.spec itself.

/// One `arch` line: table name, `make ARCH=` value and clang target triple.
struct SpecArch: Equatable {
    var name: String
    var kernelArch: String
    var triple: String
}

/// One `layout` line.
struct SpecLayout: Equatable {
    /// The row name (`sizeof ROW`, `offsetof ROW.FIELD`).
    var row: String
    /// The C type in the kernel headers, e.g. `struct user_msghdr`.
    var cType: String
    /// The C type on a userspace host (glibc): `struct ROW` or `union ROW`.
    var hostCType: String
    /// Named members of unnamed type whose members are laid out as `ROW.FIELD.MEMBER`.
    var expand: [String]
}

struct Spec {
    var arches: [SpecArch] = []
    var prelude: [String] = []
    var headers: [String] = []
    var internalHeaders: [String] = []
    /// Stub include path -> its lines.
    var stubs: [(path: String, lines: [String])] = []
    /// `struct user_msghdr`, `enum sock_type`, ...
    var internalDecls: [(kind: String, tag: String)] = []
    /// Tags of UAPI enums (`enum io_uring_op`) whose enumerators are candidate constant names.
    var uapiEnums: [String] = []
    var constPatterns: [String] = []
    var excludePatterns: [String] = []
    var syscalls: [String] = []
    var layouts: [SpecLayout] = []
    /// C lines and headers for the host-side check (`host-prelude`, `host-header`).
    var hostPrelude: [String] = []
    var hostHeaders: [String] = []
    /// FNV-1a 64 of the spec file's bytes, 16 lowercase hex digits.
    var hash: String = ""

    /// Whether the allowlist selects `name`.
    func selects(_ name: String) -> Bool {
        constPatterns.contains { patternMatches($0, name) } && !excludePatterns.contains { patternMatches($0, name) }
    }

    static func parse(_ text: String, source: String) throws(TableError) -> Spec {
        var spec = Spec()
        spec.hash = fnv1a64Hex(Array(text.utf8))
        var lineNo = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            if line.hasPrefix("#") || line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            let args = Array(words.dropFirst())
            func fail(_ why: String) -> TableError { TableError(description: "\(source):\(lineNo): \(why)") }
            /// The text after the first `n` words, verbatim.
            func rest(after n: Int) -> String {
                var s = Substring(line)
                for _ in 0..<n {
                    s = s.drop(while: { $0 == " " || $0 == "\t" })
                    s = s.drop(while: { $0 != " " && $0 != "\t" })
                }
                return String(s.drop(while: { $0 == " " || $0 == "\t" }))
            }
            switch words[0] {
            case "arch":
                guard args.count == 3 else { throw fail("arch NAME KERNEL_ARCH TRIPLE") }
                spec.arches.append(SpecArch(name: args[0], kernelArch: args[1], triple: args[2]))
            case "prelude":
                spec.prelude.append(rest(after: 1))
            case "header":
                spec.headers += args
            case "host-prelude":
                spec.hostPrelude.append(rest(after: 1))
            case "host-header":
                spec.hostHeaders += args
            case "internal":
                spec.internalHeaders += args
            case "stub":
                guard !args.isEmpty else { throw fail("stub PATH [C-TEXT]") }
                let text = args.count > 1 ? [rest(after: 2)] : []
                if let i = spec.stubs.firstIndex(where: { $0.path == args[0] }) {
                    spec.stubs[i].lines += text
                } else {
                    spec.stubs.append((args[0], text))
                }
            case "internal-decl":
                guard args.count == 2, ["struct", "union", "enum"].contains(args[0]) else {
                    throw fail("internal-decl struct|union|enum TAG")
                }
                spec.internalDecls.append((args[0], args[1]))
            case "uapi-enum":
                guard !args.isEmpty else { throw fail("uapi-enum TAG...") }
                spec.uapiEnums += args
            case "const":
                spec.constPatterns += args
            case "exclude":
                spec.excludePatterns += args
            case "syscall":
                spec.syscalls += args
            case "layout":
                guard !args.isEmpty else { throw fail("layout ROW [struct|union TAG] [expand FIELD...]") }
                var i = 1
                var cType = "struct " + args[0]
                var hostKind = "struct"
                if i < args.count, args[i] == "struct" || args[i] == "union" {
                    guard i + 1 < args.count else { throw fail("layout: missing tag after \(args[i])") }
                    cType = args[i] + " " + args[i + 1]
                    hostKind = args[i]
                    i += 2
                }
                var expand: [String] = []
                if i < args.count {
                    guard args[i] == "expand", i + 1 < args.count else { throw fail("layout: unexpected '\(args[i])'") }
                    expand = Array(args[(i + 1)...])
                }
                spec.layouts.append(
                    SpecLayout(row: args[0], cType: cType, hostCType: hostKind + " " + args[0], expand: expand)
                )
            default:
                throw fail("unknown directive '\(words[0])'")
            }
        }
        guard !spec.arches.isEmpty else { throw TableError(description: "\(source): no arch lines") }
        for pattern in spec.constPatterns + spec.excludePatterns {
            guard !pattern.dropLast().contains("*"), !pattern.isEmpty else {
                throw TableError(description: "\(source): bad pattern '\(pattern)' (`*` only at the end)")
            }
        }
        return spec
    }
}

/// NAME matches exactly; PREFIX* matches every name starting with PREFIX.
func patternMatches(_ pattern: String, _ name: String) -> Bool {
    if pattern.hasSuffix("*") { return name.hasPrefix(pattern.dropLast()) }
    return pattern == name
}

/// FNV-1a, 64-bit (offset basis 0xcbf29ce484222325, prime 0x100000001b3), over raw bytes;
/// rendered as 16 lowercase hex digits. Stable across platforms and Swift versions.
func fnv1a64Hex(_ bytes: [UInt8]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01b3
    }
    let digits = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
}
