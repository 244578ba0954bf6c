import Foundation
import Testing

/// Compares `text` with the golden file `name` in the folder `folder` beside the calling test
/// file (`Golden/` by default): the one entry point of every golden-file test. With
/// `escapeANSI`, terminal escapes are written as `\e` (see `GoldenFiles.check`).
public func expectGolden(
    _ text: String, _ name: String, folder: String = "Golden", escapeANSI: Bool = false,
    filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation
) {
    let directory = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent(folder)
    GoldenFiles.check(text, name, in: directory, escapeANSI: escapeANSI, sourceLocation: sourceLocation)
}

/// Golden-file comparison shared by the renderers' test targets (charts, site, stepper).
///
/// `RECORD_GOLDEN=1 swift test` writes the files instead of comparing (then review
/// `git diff`). A missing golden file is a failure, never a silent pass. A difference is
/// reported at its first differing line, with both versions of that line.
public enum GoldenFiles {
    /// Compares `text` with the file `name` in `folder`. With `escapeANSI`, escape bytes are
    /// written as `\e` and a final newline is added, so terminal output reads and diffs as text.
    public static func check(_ text: String, _ name: String, in folder: URL, escapeANSI: Bool = false,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        let actual = escapeANSI ? text.replacingOccurrences(of: "\u{1B}", with: "\\e") + "\n" : text
        let file = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            #expect(throws: Never.self, sourceLocation: sourceLocation) {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try actual.write(to: file, atomically: true, encoding: .utf8)
            }
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record(Comment(rawValue: "no golden file \(name); run with RECORD_GOLDEN=1 and review it"),
                         sourceLocation: sourceLocation)
            return
        }
        if let difference = firstDifference(expected, actual) {
            let message = "\(name) differs at line \(difference.line) (re-record with RECORD_GOLDEN=1 and review the diff):\n"
                + " expected: \(difference.expected)\n actual:   \(difference.actual)"
            Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
        }
    }

    /// The first line at which two texts differ, or nil when they are equal.
    static func firstDifference(_ expected: String, _ actual: String) -> (line: Int, expected: String, actual: String)? {
        guard expected != actual else { return nil }
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let first = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        let want = a.indices.contains(first) ? String(a[first]) : "<end>"
        let got = b.indices.contains(first) ? String(b[first]) : "<end>"
        return (first + 1, want, got)
    }
}
