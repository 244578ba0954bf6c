import Foundation
import Testing

/// Compares rendered text with a file in `Golden/`; with `RECORD_GOLDEN=1` in the environment
/// the file is (re)written instead, to be reviewed with `git diff`. Escape bytes are written
/// as `\e`, and `normalise` masks volatile parts (paths, times) before comparing.
enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

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
