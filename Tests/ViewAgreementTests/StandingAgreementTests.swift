import CLIHarness
import Foundation
import Testing

/// A learner steps partway through a chapter (a visible cell, a hidden one, an exercise
/// with its solution, a last cell); `lessons progress --json`, the site's progress page and
/// the stepper's last line then give the same cells seen, exercises and percent.
@Suite struct StandingAgreementTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/standing/01-standing.md").path

    /// The integers of the first match of `pattern` in `text`.
    static func numbers(_ text: String, _ pattern: Regex<Substring>) throws -> [Int] {
        let match = try #require(text.firstMatch(of: pattern), "no match in: \(text.prefix(2000))")
        return text[match.range].matches(of: /\d+/).map { Int($0.output)! }
    }

    @Test func progressSiteAndStepperAgree() throws {
        let scratch = NSTemporaryDirectory() + "standing-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try FileManager.default.createDirectory(atPath: scratch + "/book", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: scratch + "/book/01-standing.md")
        let options = ["--book", "book", "--db", "results.sqlite"]
        let quiet: [String: String?] = ["NO_COLOR": "1", "EDITOR": nil, "VISUAL": nil]

        // Enter runs c1, Enter goes to the hidden c2, Enter shows its outputs, Enter goes to
        // the exercise c3; then quit. Seen: c1, c2 (hidden: not counted), c3.
        let step = try CLI.run(["step"] + options + ["--learner", "ada"], in: scratch, input: "\n\n\n\nq\n", environment: quiet)
        #expect(step.status == 0, "\(step.stderr)")
        let stepper = try Self.numbers(step.stdout, /progress saved for ada: \d+ of \d+ cells seen \(\d+%\), \d+ of \d+ exercises passed/)

        let progress = try CLI.run(["progress"] + options + ["--learner", "ada", "--json"], in: scratch)
        #expect(progress.status == 0, "\(progress.stderr)")
        let learners = try #require(try JSONSerialization.jsonObject(with: Data(progress.stdout.utf8)) as? [[String: Any]])
        let row = try #require((learners.first?["chapters"] as? [[String: Any]])?.first)
        let json = try ["cellsSeen", "cells", "percent", "exercisesPassed", "exercises"].map { key in
            try #require(row[key] as? Int, "no \(key) in \(row)")
        }

        let build = try CLI.run(["build"] + options + ["--out", "site"], in: scratch)
        #expect(build.status == 0, "\(build.stdout)\(build.stderr)")
        let page = try String(contentsOfFile: scratch + "/site/progress.html", encoding: .utf8)
        let cells = try Self.numbers(page, /<span>\d+\/\d+ cells<\/span>/)
        let percent = try Self.numbers(page, /<meter [^>]*>\d+%<\/meter>/).last!
        let exercises = try Self.numbers(page, /<span>\d+\/\d+ exercises/)
        let site = cells + [percent] + exercises

        #expect(json == [2, 3, 67, 0, 1])
        #expect(stepper == json)
        #expect(site == json)
    }
}
