// ConstGen: turns the committed ABI tables (`*.abi`) and the portable name list
// (`Tools/gen-consts/spec/portable.list`) into Swift at build time.
//
// - A target with tables of its own (SockPOSIX) gets the library's Swift: `LinuxABI_<arch>` and
//   `LinuxABI` (LinuxABI.generated.swift), `SC` and `Errno` (Constants.generated.swift).
// - A target without tables that depends on one with tables (Tests/ABITestSupport) gets the
//   test-only Swift instead (`gen-consts emit --rows`): the tables' rows as text and the list's
//   names with their values, as extensions in that target, so the library carries none of it.
//
// One build command per target, with exact inputs (the tables, the list and the gen-consts binary
// itself, so a tool change regenerates) and exact outputs. It reads nothing outside the package and
// runs no compiler.

import Foundation
import PackagePlugin

@main
struct ConstGen: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let module = target.sourceModule else { return [] }
        let tool = try context.tool(named: "gen-consts")
        let list = context.package.directoryURL.appending(path: "Tools/gen-consts/spec/portable.list")
        let work = context.pluginWorkDirectoryURL
        if let tables = Self.tables(of: module) {
            let abi = work.appending(path: "LinuxABI.generated.swift")
            let constants = work.appending(path: "Constants.generated.swift")
            let options = ["--output", abi.path(), "--list", list.path(), "--list-output", constants.path()]
            return [
                .buildCommand(
                    displayName: "gen-consts emit (\(tables.count) ABI tables, portable.list)",
                    executable: tool.url,
                    arguments: ["emit"] + options + tables.map { $0.path() },
                    inputFiles: tables + [list, tool.url],
                    outputFiles: [abi, constants]
                )
            ]
        }
        // Test support: the tables of the (one) dependency that has them.
        let owners = module.dependencies.compactMap { dependency -> (String, [URL])? in
            guard case .target(let other) = dependency, let otherModule = other.sourceModule,
                let tables = Self.tables(of: otherModule)
            else { return nil }
            return (otherModule.moduleName, tables)
        }
        guard owners.count == 1, let (owner, tables) = owners.first else { return [] }
        let rows = work.appending(path: "ABITableRows.generated.swift")
        let options = ["--rows", "--import", owner, "--list", list.path(), "--output", rows.path()]
        return [
            .buildCommand(
                displayName: "gen-consts emit --rows (\(tables.count) ABI tables of \(owner), portable.list)",
                executable: tool.url,
                arguments: ["emit"] + options + tables.map { $0.path() },
                inputFiles: tables + [list, tool.url],
                outputFiles: [rows]
            )
        ]
    }

    /// The module's `*.abi` files in name order, or nil if it has none.
    static func tables(of module: SourceModuleTarget) -> [URL]? {
        let tables = module.sourceFiles.map(\.url)
            .filter { $0.pathExtension == "abi" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        return tables.isEmpty ? nil : tables
    }
}
