import Foundation
import Testing

/// Compares rendered terminal text with a file in `TerminalGolden/`; with `RECORD_GOLDEN=1`
/// in the environment the file is (re)written instead, to be reviewed with `git diff`.
/// Escape bytes are written as `\e` so that the files read as text and diff cleanly.
enum TerminalGolden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("TerminalGolden")

    static func check(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let normalised = text.replacingOccurrences(of: "\u{1B}", with: "\\e") + "\n"
        let file = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            try normalised.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try? String(contentsOf: file, encoding: .utf8)
        try #require(expected != nil, "no golden file \(name); record it with RECORD_GOLDEN=1", sourceLocation: sourceLocation)
        #expect(normalised == expected, "\(name) differs; re-record with RECORD_GOLDEN=1 and review the diff", sourceLocation: sourceLocation)
    }
}
