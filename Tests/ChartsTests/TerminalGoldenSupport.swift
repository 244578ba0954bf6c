import Foundation
import GoldenFiles
import Testing

/// Compares rendered terminal text with a file in `TerminalGolden/`; with `RECORD_GOLDEN=1`
/// in the environment the file is (re)written instead, to be reviewed with `git diff`.
/// Escape bytes are written as `\e` so that the files read as text and diff cleanly.
enum TerminalGolden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("TerminalGolden")

    static func check(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        GoldenFiles.check(text, name, in: folder, escapeANSI: true, sourceLocation: sourceLocation)
    }
}
