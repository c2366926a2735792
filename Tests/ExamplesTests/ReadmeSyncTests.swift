import Testing

/// The documentation shows only code that this target compiles and runs.
@Suite struct ReadmeSyncTests {
    @Test func everyEnglishSwiftBlockIsATestedExample() throws {
        let regions = try DocumentationSources.exampleRegions()
        #expect(regions.count >= 10, "example regions found: \(regions.keys.sorted())")
        var documents = [("README.md", try DocumentationSources.read("README.md"))]
        documents += try DocumentationSources.doccArticles()
        var shown = Set<String>()
        for (name, text) in documents {
            for block in DocumentationSources.swiftBlocks(in: text) {
                let match = regions.first { $0.value == block }
                #expect(match != nil, "\(name) shows code that no example test runs:\n\(block)")
                if let match { shown.insert(match.key) }
            }
        }
        let readme = Set(
            DocumentationSources.swiftBlocks(in: try DocumentationSources.read("README.md")).compactMap { block in
                regions.first { $0.value == block }?.key
            }
        )
        for required in [
            "tcp", "udp", "sctp", "unix", "raw", "options", "batches", "gso-gro", "errors", "conversions",
            "side-by-side-sync", "side-by-side-async",
        ] {
            #expect(readme.contains(required), "README.md lacks the \(required) example")
        }
        for name in regions.keys.sorted() where !shown.contains(name) {
            Issue.record("example region '\(name)' appears in no document")
        }
    }

    /// README.es.md has the same examples as README.md; only the comments are translated.
    @Test func spanishReadmeHasTheSameCode() throws {
        let english = DocumentationSources.swiftBlocks(in: try DocumentationSources.read("README.md"))
            .map(DocumentationSources.withoutComments)
        let spanish = DocumentationSources.swiftBlocks(in: try DocumentationSources.read("README.es.md"))
            .map(DocumentationSources.withoutComments)
        #expect(spanish == english)
    }

    /// The installation section names both dependency forms, and the Swift version the manifest
    /// asks for.
    @Test func installationMatchesTheManifest() throws {
        let manifest = try DocumentationSources.read("Package.swift")
        let firstLine = try #require(manifest.split(separator: "\n").first)
        let tools = try #require(firstLine.split(separator: ":").last).trimmingCharacters(in: .whitespaces)
        for name in ["README.md", "README.es.md", "Sources/Sock/Sock.docc/GettingStarted.md"] {
            let text = try DocumentationSources.read(name)
            let namesVersion = text.contains("Swift \(tools) ")
            #expect(namesVersion, "\(name) does not name Swift \(tools)")
            for form in [
                #".package(url: "https://YOUR-GIT-HOST/sock.git", branch: "main")"#,
                #".product(name: "Sock", package: "sock")"#,
                #".package(name: "Sock", path: "../any-folder-name")"#,
                #".product(name: "Sock", package: "Sock")"#,
            ] {
                let shown = text.contains(form)
                #expect(shown, "\(name) lacks \(form)")
            }
        }
    }

    /// The README's first two commands are the ones a fresh clone can run.
    @Test func readmeStartsWithTheTwoCommands() throws {
        for name in ["README.md", "README.es.md"] {
            let text = try DocumentationSources.read(name)
            let start = try #require(text.range(of: "```sh\n"), "\(name) has no sh block")
            let rest = text[start.upperBound...]
            let end = try #require(rest.range(of: "```"), "\(name): unterminated sh block")
            let commands = rest[..<end.lowerBound].split(separator: "\n").map(String.init)
                .filter { !$0.hasPrefix("#") }
            #expect(commands == ["swift run sockcat probe", "scripts/test.sh"], "\(name): \(commands)")
        }
    }
}
