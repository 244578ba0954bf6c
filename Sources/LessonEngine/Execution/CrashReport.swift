import Foundation

/// What a chapter program's crash report says: where in the markdown it stopped and why.
struct CrashReport: Sendable, Hashable {
    /// The first frame of the crashed thread in a markdown file (needs `-g`).
    var location: SourceLocation?
    /// The runtime's message (`Fatal error: Index out of range`) or the signal's name.
    var message: String

    /// The backtracer's settings for chapter programs: JSON to a file of its own, so that the
    /// cell's stderr keeps only the short `Fatal error:` line.
    static func environmentValue(reportPath: String) -> String {
        "enable=yes,interactive=no,format=json,threads=all,registers=none,images=none,"
            + "sanitize=no,output-to=\(reportPath)"
    }

    /// Reads the report at `path` together with the crashed cell's stderr; `signal` names
    /// the crash when neither has a message.
    static func read(path: String, stderr: String, signal: Int32) -> CrashReport {
        var location: SourceLocation?
        var description: String?
        if let data = FileManager.default.contents(atPath: path),
           let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            description = json["description"] as? String
            location = firstMarkdownFrame(json)
        }
        let message = fatalMessage(in: stderr) ?? description ?? "killed by signal \(signal)"
        return CrashReport(location: location, message: message)
    }

    /// The crashed thread's frames first, then the others (a cell may wait on a thread).
    private static func firstMarkdownFrame(_ json: [String: Any]) -> SourceLocation? {
        let threads = (json["threads"] as? [[String: Any]]) ?? []
        let ordered = threads.filter { $0["crashed"] as? Bool == true }
            + threads.filter { $0["crashed"] as? Bool != true }
        for thread in ordered {
            for frame in (thread["frames"] as? [[String: Any]]) ?? [] {
                guard let place = frame["sourceLocation"] as? [String: Any],
                      let file = place["file"] as? String, file.hasSuffix(".md"),
                      let line = place["line"] as? Int else { continue }
                return SourceLocation(file: file, line: line, column: max(1, place["column"] as? Int ?? 1))
            }
        }
        return nil
    }

    /// The text after the last `Fatal error: ` in stderr, e.g. `Index out of range`.
    static func fatalMessage(in stderr: String) -> String? {
        for line in stderr.split(separator: "\n").reversed() {
            if let range = line.range(of: "Fatal error: ") {
                let message = line[range.upperBound...].trimmingCharacters(in: .whitespaces)
                return message.isEmpty ? "Fatal error" : message
            }
        }
        return nil
    }

    /// Stderr without the backtracer's banner lines, which say nothing a reader needs.
    static func strippingBanner(_ stderr: String) -> String {
        stderr.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !($0.hasPrefix("*** Signal ") && $0.hasSuffix("***")) }
            .joined(separator: "\n")
            .replacingOccurrences(of: "\n\n\n", with: "\n")
    }
}
