import Foundation
import LessonRuntime
import Testing
@testable import LessonEngine

@Suite struct ExecutionChapterRunTests {
    private func run(_ cells: [CellResult]) -> ChapterRun {
        ChapterRun(chapter: "two-3x3", file: "Lessons/02-two-3x3.md", cells: cells, cacheKey: "k",
                   startedAt: Date(timeIntervalSince1970: 0), durationMs: 5, toolchain: "Swift")
    }

    @Test func jsonHasEveryDocumentedKeyWithNulls() throws {
        let cell = CellResult(id: "c1", line: 7, status: .passed, stdout: "hi\n",
                              metrics: [Metric(name: "m", value: 2)],
                              claims: [Claim(statement: "ok", passed: true)])
        let data = try WireFormat.encoder().encode(run([cell]))
        let object = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["chapter"] as? String == "two-3x3")
        #expect(object["status"] as? String == "passed")
        let cells = try #require(object["cells"] as? [[String: Any]])
        #expect(Set(cells[0].keys) == ["id", "line", "status", "stdout", "stderr", "error",
                                       "durationMs", "metrics", "claims", "outputs", "outputOffsets"])
        #expect(cells[0]["error"] is NSNull)
        let claim = try #require((cells[0]["claims"] as? [[String: Any]])?.first)
        #expect(claim["measured"] is NSNull)
    }

    @Test func chapterFailsOnAFailedCellOrClaim() {
        #expect(run([CellResult(id: "a", line: 1, status: .passed),
                     CellResult(id: "b", line: 5, status: .expectedFailure),
                     CellResult(id: "c", line: 9, status: .notRun)]).status == .passed)
        #expect(run([CellResult(id: "a", line: 1, status: .timedOut)]).status == .failed)
        let badClaim = CellResult(id: "a", line: 1, status: .passed,
                                  claims: [Claim(statement: "x", passed: false)])
        #expect(run([badClaim]).status == .failed)
    }

    @Test func claimsOfExpectedFailuresAreCountedApart() {
        let held = Claim(statement: "h", passed: true), broken = Claim(statement: "b", passed: false)
        let tally = ClaimTally(run([
            CellResult(id: "a", line: 1, status: .passed, claims: [held, held]),
            CellResult(id: "b", line: 5, status: .failed, claims: [broken, held]),
            CellResult(id: "c", line: 9, status: .expectedFailure, claims: [broken, broken]),
            CellResult(id: "d", line: 13, status: .notRun),
        ]))
        #expect((tally.hold, tally.fail, tally.inExpectedFailures) == (3, 1, 2))
        #expect((tally.checked, tally.total) == (4, 6))
        #expect(tally.phrase == "3 hold, 1 fails, 2 in exercises that fail as expected")
        #expect(ClaimTally(run([CellResult(id: "a", line: 1, status: .passed, claims: [held])])).phrase == "1 holds")
        #expect(ClaimTally(run([])).phrase == "")
    }

    @Test func roundTripsThroughTheWireFormat() throws {
        let error = CellError(file: "a.md", line: 3, column: 9, message: "boom")
        let original = run([CellResult(id: "c1", line: 2, status: .failed, error: error,
                                       outputs: [.text("t")])])
        let data = try WireFormat.encoder().encode(original)
        #expect(try WireFormat.decoder().decode(ChapterRun.self, from: data) == original)
    }

    @Test func diagnosticsFailTheChapter() {
        var passing = run([CellResult(id: "a", line: 1, status: .passed)])
        #expect(passing.status == .passed)
        passing.add(diagnostics: [CellError(file: "a.md", line: 4, column: 9, message: "unknown name")])
        #expect(passing.status == .failed)
        #expect(passing.diagnostics.first?.column == 9)
    }

    @Test func laterRecordOfANameWins() {
        let cells = [CellResult(id: "a", line: 1, status: .passed, metrics: [Metric(name: "x", value: 1)]),
                     CellResult(id: "b", line: 2, status: .passed, metrics: [Metric(name: "x", value: 2)])]
        #expect(run(cells).metrics["x"]?.value == 2)
    }
}
