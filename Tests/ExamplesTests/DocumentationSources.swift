import Foundation

/// Reading the package's documentation and the example regions of this target, for the tests
/// that keep them in sync.
enum DocumentationSources {
    /// The package root (this file is Tests/ExamplesTests/DocumentationSources.swift).
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func read(_ relativePath: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)
    }

    /// The DocC articles (`Sources/Sock/Sock.docc/*.md`), by file name.
    static func doccArticles() throws -> [(name: String, text: String)] {
        let folder = root.appendingPathComponent("Sources/Sock/Sock.docc")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }
            .sorted()
        return try names.map { ($0, try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)) }
    }

    /// The ```swift blocks of a Markdown text, dedented. Blocks that start with `// Package.swift`
    /// are manifest excerpts, not runnable code, and are left out.
    static func swiftBlocks(in markdown: String) -> [String] {
        var blocks: [String] = []
        var current: [String]?
        for line in markdown.components(separatedBy: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if current == nil, trimmed == "```swift" {
                current = []
            } else if current != nil, trimmed == "```" {
                let block = dedent(current!)
                if !block.hasPrefix("// Package.swift") { blocks.append(block) }
                current = nil
            } else if current != nil {
                current!.append(line)
            }
        }
        return blocks
    }

    /// The `// README: name` ... `// END README` regions of this target's sources, dedented.
    static func exampleRegions() throws -> [String: String] {
        let folder = root.appendingPathComponent("Tests/ExamplesTests")
        var regions: [String: String] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            var name: String?
            var lines: [String] = []
            for line in text.components(separatedBy: "\n") {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("// README: ") {
                    name = String(trimmed.dropFirst("// README: ".count))
                    lines = []
                } else if trimmed == "// END README", let current = name {
                    regions[current] = dedent(lines)
                    name = nil
                } else if name != nil {
                    lines.append(line)
                }
            }
        }
        return regions
    }

    /// Removes the common indentation and trailing blank lines and spaces.
    static func dedent(_ lines: [String]) -> String {
        let indents = lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { $0.prefix { $0 == " " }.count }
        let cut = indents.min() ?? 0
        var out = lines.map { line -> String in
            let body = line.count >= cut ? String(line.dropFirst(cut)) : line.trimmingCharacters(in: .whitespaces)
            return body.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        while out.last?.isEmpty == true { out.removeLast() }
        while out.first?.isEmpty == true { out.removeFirst() }
        return out.joined(separator: "\n")
    }

    /// The code without comments and blank lines: what must match when the comments are
    /// translated (README.es.md).
    static func withoutComments(_ code: String) -> String {
        code.components(separatedBy: "\n").compactMap { line -> String? in
            var inString = false
            var previous: Character = " "
            var cut = line.endIndex
            for index in line.indices {
                let character = line[index]
                if character == "\"" && previous != "\\" { inString.toggle() }
                if !inString && character == "/" && previous == "/" {
                    cut = line.index(before: index)
                    break
                }
                previous = character
            }
            let kept = String(line[..<cut]).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
            return kept.trimmingCharacters(in: .whitespaces).isEmpty ? nil : kept
        }.joined(separator: "\n")
    }
}
