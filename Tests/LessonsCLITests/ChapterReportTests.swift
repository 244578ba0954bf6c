import Foundation
import LessonEngine
import LessonRuntime
import Testing
@testable import lessons

/// The plain-text report of `lessons run` and `lessons verify`, built from a run value.
@Suite struct ChapterReportTests {
    private func run(_ cells: [CellResult]) -> ChapterRun {
        ChapterRun(chapter: "two-3x3", file: "/nonexistent/02-two-3x3.md", cells: cells, cacheKey: "k",
                   startedAt: Date(timeIntervalSince1970: 0), durationMs: 4702, toolchain: "Swift")
    }

    @Test func anExercisesFailingClaimsAreNotCountedAsFailures() {
        let held = Claim(statement: "fewer weights", passed: true)
        let asWritten = Claim(statement: "sees 5×5", passed: false)
        let report = ChapterReport(run: run([
            CellResult(id: "c1", line: 5, status: .passed, claims: [held, held, held]),
            CellResult(id: "ex", line: 20, status: .expectedFailure,
                       error: CellError(file: "/nonexistent/02-two-3x3.md", line: 22, message: "claim failed"),
                       claims: [asWritten, asWritten]),
        ]), verbose: false)
        #expect(report.summary == "two-3x3: passed — 2 cells: 1 passed, 1 failed as expected; "
            + "5 claims: 3 hold, 2 in exercises that fail as expected (4702 ms)")
        // verify lists only what went wrong: nothing here.
        #expect(!report.text.contains("▸ ex"))
    }

    @Test func aTableRowLongerThanItsHeaderIsShownWhole() {
        let table = Output.table(Table(header: ["a"], rows: [["1", "extra"]]))
        let report = ChapterReport(run: run([CellResult(id: "c1", line: 5, status: .passed, outputs: [table])]),
                                   verbose: true)
        #expect(report.text.contains("  1 │ extra"))
    }
}
