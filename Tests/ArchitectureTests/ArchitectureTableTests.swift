import Foundation
import Testing

/// `docs/ARCHITECTURE.md`'s table of targets says what `Package.swift` says: one row per
/// library and executable target, and in its last column exactly that target's dependencies.
@Suite struct ArchitectureTableTests {
    /// Target name → the names in its "depends on" cell (`—` for none).
    static func table() throws -> [String: Set<String>] {
        let text = try String(contentsOfFile: PackageManifest.root + "/docs/ARCHITECTURE.md", encoding: .utf8)
        var rows: [String: Set<String>] = [:]
        for line in text.split(separator: "\n") {
            guard let row = line.firstMatch(of: /^\| `([^`]+)`(?: \(in `Tests\/`\))? \|.*\| ([^|]*) \|$/) else { continue }
            let names = row.output.2.matches(of: /`([^`]+)`/).map { String($0.output.1) }
            rows[String(row.output.1)] = Set(names)
        }
        return rows
    }

    @Test func everyTargetHasARowWithItsDependencies() throws {
        let manifest = try PackageManifest.load()
        let table = try Self.table()
        let targets = manifest.targets.filter { !$0.isTest }
        #expect(Set(table.keys) == Set(targets.map(\.name)))
        for target in targets {
            #expect(table[target.name] == target.dependencies, "row of \(target.name)")
        }
    }

    @Test func theDocumentStandsAlone() throws {
        let text = try String(contentsOfFile: PackageManifest.root + "/docs/ARCHITECTURE.md", encoding: .utf8)
        #expect(!text.contains("../"), "ARCHITECTURE.md points outside the repository")
    }
}
