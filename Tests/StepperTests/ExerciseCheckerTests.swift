import Foundation
import LessonEngine
import LessonRuntime
import Stepper
import Testing

@Suite struct ExerciseCheckerTests {
    let chapter = ChapterParser.parse(Fixture.tinyText, file: "Lessons/01-tiny.md")

    @Test func theLearnersCodeReplacesTheExerciseAndItsSolutionIsLeftOut() throws {
        let exercise = try #require(chapter.cells.first { $0.options.exercise })
        let cells = CellSelection.learnerCode(exercise: exercise.id, code: "let mine = 1\n").cells(of: chapter)
        #expect(cells.map(\.id) == ["c1", "c2", "c3"])
        #expect(cells[2].code == "let mine = 1\n" && !cells[2].options.exercise)
        #expect(cells[2].fence == exercise.fence)  // so that its lines stay those of the markdown
    }

    @Test func errorsAndClaimsInTheLearnersCodeMoveToTheirFile() throws {
        let exercise = try #require(chapter.cells.first { $0.options.exercise })
        let first = exercise.firstCodeLine
        let result = CellResult(
            id: exercise.id, line: exercise.fence.line, status: .failed,
            error: CellError(file: chapter.file, line: first + 2, column: 7, message: "claim failed"),
            claims: [Claim(statement: "s", passed: false, line: first + 2), Claim(statement: "t", passed: true, line: 3)])
        let checker = ExerciseChecker { chapter, cells in
            ChapterRun(chapter: chapter.id, file: chapter.file, cells: [result], cacheKey: "", startedAt: Date(),
                       durationMs: 0, toolchain: "")
        }
        let outcome = checker.check(chapter, exercise: exercise, code: "a\nb\nc\n", file: "/w/c3.swift")
        #expect(!outcome.passed)
        #expect(outcome.result.error == CellError(file: "/w/c3.swift", line: 3, column: 7, message: "claim failed"))
        // A claim line outside the learner's code (line 3 of the markdown) stays as it was.
        #expect(outcome.result.claims.map(\.line) == [3, 3])
    }

    @Test func anErrorOutsideTheLearnersCodeStaysInTheMarkdown() throws {
        let exercise = try #require(chapter.cells.first { $0.options.exercise })
        let error = CellError(file: chapter.file, line: 12, column: 1, message: "earlier cell broke")
        let checker = ExerciseChecker { chapter, cells in
            ChapterRun(chapter: chapter.id, file: chapter.file,
                       cells: cells.cells(of: chapter).map { CellResult(id: $0.id, line: $0.fence.line, status: .notRun, error: $0.id == "c3" ? error : nil) },
                       cacheKey: "", startedAt: Date(), durationMs: 0, toolchain: "")
        }
        let outcome = checker.check(chapter, exercise: exercise, code: "x\n", file: "/w/c3.swift")
        #expect(!outcome.passed && outcome.result.error == error)
    }
}
