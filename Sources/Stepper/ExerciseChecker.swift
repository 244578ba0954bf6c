import Foundation
import LessonEngine
import LessonRuntime

/// The outcome of checking a learner's code for one exercise.
public struct ExerciseOutcome: Sendable, Hashable {
    /// The chapter id.
    public var chapter: String
    /// The exercise cell's id.
    public var cell: String
    /// The learner's file.
    public var file: String
    /// The code that was checked.
    public var code: String
    /// Whether the learner's cell ran to its end with every claim holding.
    public var passed: Bool
    /// The learner's cell's result, with errors and claims moved to the learner's file lines.
    public var result: CellResult
    /// The toolchain that compiled it (`ChapterRun.toolchain`).
    public var toolchain: String = ""
}

/// Checks an exercise by running its chapter with the learner's code in place of the
/// exercise: the learner's cell runs as an ordinary cell in the chapter program (so it sees
/// the cells before it), and its solution cell is left out.
public struct ExerciseChecker {
    /// Runs a chapter with the given cells (the chapter pipeline; a stand-in in tests).
    public var run: (Chapter, CellSelection) -> ChapterRun

    /// A checker that runs chapters with `run`.
    public init(run: @escaping (Chapter, CellSelection) -> ChapterRun) { self.run = run }

    /// Checks `code` (from `file`) for `exercise` of `chapter`.
    public func check(_ chapter: Chapter, exercise: Cell, code: String, file: String) -> ExerciseOutcome {
        let chapterRun = run(chapter, .learnerCode(exercise: exercise.id, code: code))
        let raw = chapterRun.cells.first { $0.id == exercise.id }
            ?? CellResult(id: exercise.id, line: exercise.fence.line, status: .notRun,
                          error: chapterRun.diagnostics.first)
        let result = Self.moved(raw, exercise: exercise, code: code, file: file, markdown: chapter.file)
        let passed = result.status == .passed && result.claims.allSatisfy(\.passed)
        return ExerciseOutcome(chapter: chapter.id, cell: exercise.id, file: file, code: code, passed: passed,
                               result: result, toolchain: chapterRun.toolchain)
    }

    /// The result with the error and claim lines that fall in the learner's code moved from
    /// the markdown file to the learner's file (markdown line `firstCodeLine + k` is line
    /// `k + 1` of the learner's file, because the cell is compiled under `#sourceLocation`).
    static func moved(_ result: CellResult, exercise: Cell, code: String, file: String, markdown: String) -> CellResult {
        var result = result
        let count = max(1, code.split(separator: "\n", omittingEmptySubsequences: false).count)
        let lines = exercise.firstCodeLine..<(exercise.firstCodeLine + count)
        if var error = result.error, error.file == markdown, lines.contains(error.line) {
            error.file = file
            error.line -= exercise.firstCodeLine - 1
            result.error = error
        }
        result.claims = result.claims.map { claim in
            var claim = claim
            if let line = claim.line, lines.contains(line) { claim.line = line - exercise.firstCodeLine + 1 }
            return claim
        }
        return result
    }
}
