// The DocC article Sources/Sock/Sock.docc/BadInput.md lists every row of the bad-input table.
// When a row is added or changed, this test fails and prints the lines to paste.

import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Bad input: the DocC article matches the table")
struct BadInputDocTests {
    static var articlePath: String {
        let file = "\(#filePath)"
        let tests = file.split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")
        return tests + "/Sources/Sock/Sock.docc/BadInput.md"
    }

    @Test("every table row appears in BadInput.md")
    func articleListsEveryRow() throws {
        let text = try #require(readFile(Self.articlePath), "cannot read \(Self.articlePath)")
        let lines = Set(text.split(separator: "\n").map(String.init))
        let rows = BadInput.all.map(\.markdown)
        let missing = rows.filter { !lines.contains($0) }
        if !missing.isEmpty {
            print("BadInput.md is out of date; the table section should read:")
            print("| Area | Entry point | Input | Code | Detail or errno |")
            print("|---|---|---|---|---|")
            rows.forEach { print($0) }
        }
        #expect(missing.isEmpty, "\(missing.count) rows missing from BadInput.md, e.g. \(missing.prefix(3))")
        // And no stale rows: every table line of the article's generated section is a row.
        // The table's lines have five cells (six unescaped bars); the summary tables have two.
        let generated = text.split(separator: "\n").map(String.init).filter {
            $0.hasPrefix("| ") && $0.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count == 6
                && !$0.hasPrefix("| Area")
        }
        let stale = generated.filter { !rows.contains($0) }
        #expect(stale.isEmpty, "rows in BadInput.md that the table no longer has: \(stale.prefix(3))")
    }
}

/// The contents of a text file, or nil.
func readFile(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buffer, 1, buffer.count, file)
        if n <= 0 { break }
        bytes += buffer[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
}
