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
        // the exercise c3; then quit. Seen: c1, c2 (hidden, but stepped through: it counts),
        // c3 of c1, c2, c3, c5 (the solution c4 does not count).
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

        // The teacher's view of the class counts the same.
        let whole = try CLI.run(["progress"] + options + ["--class", "--json"], in: scratch)
        let classRows = try #require(try JSONSerialization.jsonObject(with: Data(whole.stdout.utf8)) as? [[String: Any]])
        let classRow = try #require(classRows.first, "\(whole.stdout)\(whole.stderr)")
        let teacher = try ["cells_seen", "cells_total", "percent", "exercises_passed", "exercises_total"].map { key in
            try #require(classRow[key] as? Int, "no \(key) in \(classRow)")
        }
        let listed = try CLI.run(["list"] + options, in: scratch)
        #expect(listed.stdout.contains("(4 cells, 1 exercises)"), "\(listed.stdout)")

        #expect(json == [3, 4, 75, 0, 1])
        #expect(stepper == json)
        #expect(site == json)
        #expect(teacher == json)
    }

    /// A learner who steps through every cell and solves the exercise is at 100% in every
    /// view: the stepper's last line, `progress --json`, `progress --class --json`, the site.
    @Test func completingTheChapterIsAHundredPercentEverywhere() throws {
        let scratch = NSTemporaryDirectory() + "standing-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try FileManager.default.createDirectory(atPath: scratch + "/book", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: scratch + "/book/01-standing.md")
        let options = ["--book", "book", "--db", "results.sqlite"]
        let quiet: [String: String?] = ["NO_COLOR": "1", "EDITOR": nil, "VISUAL": nil, "LESSONS_LEARNER": "ada"]

        // Through the exercise (its file is written), solve it, then on to the end.
        let first = try CLI.run(["step"] + options, in: scratch, input: "\n\n\n\nq\n", environment: quiet)
        #expect(first.status == 0, "\(first.stderr)")
        try "let z = 1\n".write(toFile: scratch + "/.lessons/learners/ada/standing/c3.swift", atomically: true, encoding: .utf8)
        let rest = try CLI.run(["step"] + options, in: scratch, input: "c\n\n\n\n\n", environment: quiet)
        #expect(rest.stdout.contains("✓ exercise c3 passed"), "\(rest.stdout)\(rest.stderr)")
        #expect(rest.stdout.contains("progress saved for ada: 4 of 4 cells seen (100%), 1 of 1 exercises passed"), "\(rest.stdout)")

        let progress = try CLI.run(["progress"] + options + ["--json"], in: scratch, environment: quiet)
        let learners = try #require(try JSONSerialization.jsonObject(with: Data(progress.stdout.utf8)) as? [[String: Any]])
        let row = try #require((learners.first?["chapters"] as? [[String: Any]])?.first)
        #expect(row["percent"] as? Int == 100 && row["exercisesPassed"] as? Int == 1)
        let whole = try CLI.run(["progress"] + options + ["--class", "--json"], in: scratch, environment: quiet)
        let classRow = try #require((try JSONSerialization.jsonObject(with: Data(whole.stdout.utf8)) as? [[String: Any]])?.first)
        #expect(classRow["percent"] as? Int == 100 && classRow["cells_seen"] as? Int == 4 && classRow["exercises_passed"] as? Int == 1)

        let build = try CLI.run(["build"] + options + ["--out", "site"], in: scratch, environment: quiet)
        #expect(build.status == 0, "\(build.stdout)\(build.stderr)")
        let page = try String(contentsOfFile: scratch + "/site/progress.html", encoding: .utf8)
        #expect(try Self.numbers(page, /<meter [^>]*>\d+%<\/meter>/).last == 100)
        let classPage = try String(contentsOfFile: scratch + "/site/class.html", encoding: .utf8)
        #expect(classPage.contains("<tr class=\"complete\"><th scope=\"row\">ada</th>"), "\(classPage)")
    }
}
