import Foundation

/// Masks what changes from run to run in a transcript, before it is compared with its golden file.
enum Golden {
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
