import Foundation
import GoldenFiles
import Testing

/// Compares rendered text with a file in `Golden/`; with `RECORD_GOLDEN=1` in the environment
/// the file is (re)written instead, to be reviewed with `git diff`. Escape bytes are written
/// as `\e`, and `normalise` masks volatile parts (paths, times) before comparing.
enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        GoldenFiles.check(text, name, in: folder, escapeANSI: true, sourceLocation: sourceLocation)
    }

    /// Replaces run times (`· 12 ms`) and the given paths, which change from run to run.
    static func normalise(_ text: String, paths: [String: String] = [:]) -> String {
        var text = text
        for (path, name) in paths { text = text.replacingOccurrences(of: path, with: name) }
        return text.replacingOccurrences(of: #"· \d+ ms"#, with: "· N ms", options: .regularExpression)
    }
}

/// The tiny fixture chapter of these tests.
enum Fixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let tinyPath = folder.appendingPathComponent("01-tiny.md").path
    static var tinyText: String { (try? String(contentsOfFile: tinyPath, encoding: .utf8)) ?? "" }
}
