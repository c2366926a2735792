import Testing

/// The DocC article "From Go's sock to Swift" maps every exported identifier of the Go seed.
@Suite struct GoMappingTests {
    struct Identifier {
        var kind: String
        var file: String
        var name: String
    }

    static let identifiers: [Identifier] = goSeedIdentifiers.split(separator: "\n").compactMap { line in
        let fields = line.split(separator: " ").map(String.init)
        guard fields.count == 3, !fields[0].hasPrefix("#") else { return nil }
        return Identifier(kind: fields[0], file: fields[1], name: fields[2])
    }

    @Test func theListMatchesTheSeedInventory() {
        var counts: [String: Int] = [:]
        for identifier in Self.identifiers { counts[identifier.kind, default: 0] += 1 }
        #expect(counts == ["func": 170, "method": 125, "type": 54, "const": 209, "var": 30])
        #expect(Set(Self.identifiers.map(\.name)).count == 588)
    }

    @Test func theArticleNamesEveryIdentifier() throws {
        let article = try DocumentationSources.read("Sources/Sock/Sock.docc/FromGo.md")
        var missing: [String] = []
        for identifier in Self.identifiers where !article.contains("`\(identifier.name)`") {
            missing.append(identifier.name)
        }
        #expect(missing.isEmpty, "FromGo.md does not map \(missing.count) identifiers: \(missing)")
    }
}
