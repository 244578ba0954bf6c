import Foundation
import Testing

/// Every module of this package (or of a dependency's product) that a target imports is
/// declared as that target's dependency: an undeclared import builds only by luck of order.
@Suite struct DeclaredImportsTests {
    /// Modules that come with the toolchain.
    static let system: Set<String> = [
        "Foundation", "FoundationXML", "FoundationEssentials", "Glibc", "Darwin", "Dispatch", "Testing", "XCTest",
        "PackageDescription", "RegexBuilder", "Synchronization",
    ]

    @Test func everyImportIsDeclared() throws {
        let manifest = try PackageManifest.load()
        // A product's module may carry another name (GRDB's C module GRDBSQLite comes with it).
        let implied: [String: Set<String>] = ["GRDB": ["GRDBSQLite"]]
        var undeclared: [String] = []
        for target in manifest.targets {
            var allowed = Set(target.dependencies.map { $0.replacingOccurrences(of: "-", with: "_") })
            for dependency in target.dependencies { allowed.formUnion(implied[dependency] ?? []) }
            allowed.insert(target.name.replacingOccurrences(of: "-", with: "_"))
            let folder = PackageManifest.root + "/" + target.path
            let sources = FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []
            let files = sources.filter { $0.hasSuffix(".swift") }
            // A C target (ChildSupervisor) has no Swift imports to check, but must have sources.
            #expect(!sources.filter { $0.hasSuffix(".swift") || $0.hasSuffix(".c") }.isEmpty,
                    "no sources for \(target.name) at \(target.path)")
            for file in files {
                let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
                for match in text.matches(of: /(?m)^\s*(?:@testable\s+)?import\s+(\w+)/) {
                    let module = String(match.output.1)
                    if !Self.system.contains(module) && !allowed.contains(module) {
                        undeclared.append("\(target.name): \(file) imports \(module)")
                    }
                }
            }
        }
        #expect(undeclared == [])
    }
}
