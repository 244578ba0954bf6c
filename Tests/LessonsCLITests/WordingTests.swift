import Foundation
import LessonEngine
import LessonRuntime
import Testing
@testable import lessons

/// One rule for counted nouns everywhere, and error text broken at word boundaries.
@Suite struct CLIWordingTests {
    @Test func countsTakeTheRightNumber() {
        #expect(ValueText.count(1, "exercise") == "1 exercise")
        #expect(ValueText.count(2, "exercise") == "2 exercises")
        #expect(ValueText.count(0, "cell") == "0 cells")
        #expect(ValueText.count(1, "entry", plural: "entries") == "1 entry")
        #expect(ValueText.count(3, "entry", plural: "entries") == "3 entries")
    }

    @Test func aOneCellChapterSaysCellNotCells() {
        let run = ChapterRun(chapter: "one", file: "/nonexistent/01-one.md",
                             cells: [CellResult(id: "c1", line: 3, status: .passed, claims: [Claim(statement: "x", passed: true)])],
                             cacheKey: "k", startedAt: Date(timeIntervalSince1970: 0), durationMs: 5, toolchain: "Swift")
        #expect(ChapterReport(run: run, verbose: false).summary == "one: passed — 1 cell: 1 passed; 1 claim: 1 holds (5 ms)")
    }

    /// No source file spells a plural by hand: the count helper is the one rule.
    @Test func noHandMadePluralsInTheSources() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources").path
        let files = (FileManager.default.subpaths(atPath: root) ?? []).filter { $0.hasSuffix(".swift") }
        #expect(files.count > 50)
        var offenders: [String] = []
        for file in files {
            let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            if text.contains("== 1 ? \"\" : \"s\"") { offenders.append(file) }
        }
        #expect(offenders == [])
    }

    @Test func longErrorLinesBreakAtSpacesAndShortOnesKeepTheirSpacing() {
        let message = "lessons: error: no chapter 'stpe' in Lessons/: the nearest are 'step-one' and 'steps-two'"
        let wrapped = ErrorText.wrapped(message + "\n  12 │   let x = 1\n     │   ^", width: 30)
        let lines = wrapped.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.allSatisfy { $0.count <= 30 })
        #expect(lines.suffix(2) == ["  12 │   let x = 1", "     │   ^"])
        #expect(lines.dropLast(2).joined(separator: " ") == message)
    }
}
