// Test-side reader for the committed ABI tables (independent of gen-consts' own parser).

import ABITestSupport
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The four arches with a committed table, and their generated enums.
enum ABIArch: String, CaseIterable, Sendable, CustomStringConvertible {
    case x86_64
    case arm64
    case riscv64
    case loongarch64

    var description: String { rawValue }

    /// `LinuxABI_<arch>.rows` (from ABITestSupport: parsed from the generated `tableText`; the
    /// typed accessors are spot-checked in GeneratedTableTests).
    var generatedRows: [(String, Int64)] {
        switch self {
        case .x86_64: LinuxABI_x86_64.rows
        case .arm64: LinuxABI_arm64.rows
        case .riscv64: LinuxABI_riscv64.rows
        case .loongarch64: LinuxABI_loongarch64.rows
        }
    }

    /// The build's own arch, when it has a table and a Swift toolchain (no Swift for loongarch64).
    static var host: ABIArch? {
        #if os(Linux) && arch(x86_64)
        .x86_64
        #elseif os(Linux) && arch(arm64)
        .arm64
        #elseif os(Linux) && arch(riscv64)
        .riscv64
        #else
        nil
        #endif
    }

    /// The committed table, parsed from `Sources/SockPOSIX/ABI/linux-<arch>.abi`.
    func table() throws -> ABITable {
        try ABITable.load(path: abiDirectory() + "/linux-\(rawValue).abi")
    }
}

struct ABITableError: Error, CustomStringConvertible {
    var description: String
}

/// A parsed table: `kind key` -> value, in file order.
struct ABITable {
    var comments: [String]
    var rows: [(identity: String, value: Int64)]

    var values: [String: Int64] {
        Dictionary(rows.map { ($0.identity, $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    /// Rows of one kind (`const`, `syscall`, `sizeof`, ...), keyed by the rest of the identity.
    func rows(ofKind kind: String) -> [String: Int64] {
        var out: [String: Int64] = [:]
        for row in rows where row.identity.hasPrefix(kind + " ") {
            out[String(row.identity.dropFirst(kind.count + 1))] = row.value
        }
        return out
    }

    static func load(path: String) throws -> ABITable {
        guard let file = fopen(path, "rb") else { throw ABITableError(description: "cannot open \(path)") }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while case let n = fread(&chunk, 1, chunk.count, file), n > 0 { bytes += chunk[0..<n] }
        var table = ABITable(comments: [], rows: [])
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            if line.hasPrefix("#") {
                table.comments.append(String(line))
                continue
            }
            let parts = line.split(separator: " ")
            guard parts.count == 3, let value = Int64(parts[2]) else {
                throw ABITableError(description: "\(path): malformed row '\(line)'")
            }
            table.rows.append(("\(parts[0]) \(parts[1])", value))
        }
        return table
    }
}

/// `<package root>/Sources/SockPOSIX/ABI`, found from this source file's path.
func abiDirectory(_ file: String = #filePath) -> String {
    var parts = file.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)  // Tests/ABITests/ABITableFile.swift
    return parts.joined(separator: "/") + "/Sources/SockPOSIX/ABI"
}
