import Foundation
import Testing

/// Compares rendered text with `Golden/<name>`; `RECORD_GOLDEN=1 swift test` writes the file
/// instead (then review `git diff`). A missing golden file is a failure, not a silent pass.
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    let file = folder.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        #expect(throws: Never.self) { try actual.write(to: file, atomically: true, encoding: .utf8) }
        return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("no golden file \(name); run with RECORD_GOLDEN=1 and review it", sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let first = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        let want = a.indices.contains(first) ? String(a[first]) : "<end>"
        let got = b.indices.contains(first) ? String(b[first]) : "<end>"
        Issue.record("\(name) differs at line \(first + 1):\n expected: \(want)\n actual:   \(got)",
                     sourceLocation: sourceLocation)
    }
}
