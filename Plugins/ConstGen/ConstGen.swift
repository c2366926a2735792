// ConstGen: turns the committed ABI tables (`*.abi` in the target) into Swift at build time.
//
// A build command with exact inputs (the tables and the gen-consts binary itself, so a tool change
// regenerates) and one exact output. It reads nothing outside the package and runs no compiler.

import PackagePlugin

@main
struct ConstGen: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let module = target.sourceModule else { return [] }
        let tables = module.sourceFiles.map(\.url)
            .filter { $0.pathExtension == "abi" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        guard !tables.isEmpty else { return [] }
        let tool = try context.tool(named: "gen-consts")
        let output = context.pluginWorkDirectoryURL.appending(path: "LinuxABI.generated.swift")
        return [
            .buildCommand(
                displayName: "gen-consts emit (\(tables.count) ABI tables)",
                executable: tool.url,
                arguments: ["emit", "--output", output.path()] + tables.map { $0.path() },
                inputFiles: tables + [tool.url],
                outputFiles: [output]
            )
        ]
    }
}
