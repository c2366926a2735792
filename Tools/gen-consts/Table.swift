// The ABI table format shared by `extract` (writer) and `emit` (reader).
//
// One fact per line, sorted, in exactly these forms:
//   const NAME VALUE
//   sizeof STRUCT N
//   alignof STRUCT N
//   offsetof STRUCT.FIELD N
//   fieldsize STRUCT.FIELD N
//   syscall NAME N
// Bitfields use the same `offsetof`/`fieldsize` forms with the field name suffixed by `:bits`;
// their N counts bits, not bytes (e.g. `offsetof tcp_info.tcpi_snd_wscale:bits 48`).
// Lines starting with `#` are comments (the provenance header).

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

enum RowKind: String, CaseIterable, Sendable {
    case const_ = "const"
    case sizeof
    case alignof
    case offsetof
    case fieldsize
    case syscall
}

struct Row: Equatable, Hashable, Sendable {
    var kind: RowKind
    /// NAME, STRUCT or STRUCT.FIELD[:bits].
    var key: String
    var value: Int64

    var line: String { "\(kind.rawValue) \(key) \(value)" }
    /// Identity of the fact regardless of its value (for drift reports).
    var identity: String { "\(kind.rawValue) \(key)" }
}

struct TableError: Error, CustomStringConvertible {
    var description: String
}

struct Table: Sendable {
    var arch: String
    var comments: [String]
    var rows: [Row]

    static func parse(_ text: String, arch: String, source: String) throws(TableError) -> Table {
        var comments: [String] = []
        var rows: [Row] = []
        var seen = Set<String>()
        var lineNo = 0
        for sub in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            let line = String(sub)
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                comments.append(line)
                continue
            }
            let parts = line.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 3, let kind = RowKind(rawValue: String(parts[0])),
                let value = Int64(parts[2])
            else {
                throw TableError(description: "\(source):\(lineNo): malformed row '\(line)'")
            }
            let key = String(parts[1])
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || "_.:".contains($0) }) else {
                throw TableError(description: "\(source):\(lineNo): bad name '\(key)'")
            }
            let row = Row(kind: kind, key: key, value: value)
            guard seen.insert(row.identity).inserted else {
                throw TableError(description: "\(source):\(lineNo): duplicate fact '\(row.identity)'")
            }
            rows.append(row)
        }
        return Table(arch: arch, comments: comments, rows: rows)
    }

    /// The canonical text: comments first, then rows sorted by line text.
    func render() -> String {
        var out = comments.joined(separator: "\n")
        if !out.isEmpty { out += "\n" }
        for row in rows.sorted(by: { $0.line < $1.line }) {
            out += row.line + "\n"
        }
        return out
    }
}

/// The four arches and the file name of each table.
enum Arch: String, CaseIterable, Sendable {
    case x86_64
    case arm64
    case riscv64
    case loongarch64

    var fileName: String { "linux-\(rawValue).abi" }
    /// The Swift `#if arch(...)` spelling.
    var swiftArch: String { self == .arm64 ? "arm64" : rawValue }

    init?(fileName: String) {
        guard let match = Arch.allCases.first(where: { fileName.hasSuffix($0.fileName) }) else { return nil }
        self = match
    }
}

// MARK: - Foundation-free file helpers

func readFile(_ path: String) throws(TableError) -> String {
    guard let f = fopen(path, "rb") else {
        throw TableError(description: "cannot open \(path): \(String(cString: strerror(errno)))")
    }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
        if n == 0 { break }
        bytes.append(contentsOf: chunk[0..<n])
    }
    if ferror(f) != 0 { throw TableError(description: "read error on \(path)") }
    return String(decoding: bytes, as: UTF8.self)
}

func writeFile(_ path: String, _ text: String) throws(TableError) {
    guard let f = fopen(path, "wb") else {
        throw TableError(description: "cannot create \(path): \(String(cString: strerror(errno)))")
    }
    let bytes = Array(text.utf8)
    let n = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
    let closed = fclose(f)
    guard n == bytes.count, closed == 0 else { throw TableError(description: "write error on \(path)") }
}

func printError(_ message: String) {
    let line = message + "\n"
    _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
}
