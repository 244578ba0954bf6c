import CLIHarness
import Foundation
import Testing

/// `lessons build` on a toolchain without `swift-symbolgraph-extract`: the site is written,
/// without `api/`, and a warning says why.
@Suite("lessons build without the symbol graph tool")
struct APIReferenceBuildTests {
    @Test func buildWarnsAndWritesTheSiteWithoutTheReference() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-apiref-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        // A `swiftc` that runs the real one, in a folder with no swift-symbolgraph-extract:
        // chapters still compile, the reference cannot be extracted.
        let bin = scratch + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
        let real = try #require(path.split(separator: ":").map { "\($0)/swiftc" }
            .first { FileManager.default.isExecutableFile(atPath: $0) })
        try "#!/bin/sh\nexec '\(real)' \"$@\"\n".write(toFile: bin + "/swiftc", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin + "/swiftc")
        let out = scratch + "/site"
        let result = try CLI.run(["build", "--book", "Tests/Fixtures/site-book", "--db", scratch + "/db.sqlite", "--out", out],
                                 environment: ["PATH": bin + ":" + path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("warning: the site has no API reference (api/): swift-symbolgraph-extract was not found (looked for \(bin)/swift-symbolgraph-extract)"))
        #expect(FileManager.default.fileExists(atPath: out + "/index.html"))
        #expect(!FileManager.default.fileExists(atPath: out + "/api"))
        #expect(!(try String(contentsOfFile: out + "/index.html", encoding: .utf8)).contains("API reference"))
    }
}
