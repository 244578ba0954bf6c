import Foundation
import LessonEngine
import LessonStore

extension StepServices {
    /// Checks the learner's file for `exercise` (written out as the exercise stands when the
    /// learner has none yet, so that errors point at a file they can open) and records the
    /// attempt and the cell's standing: the one path behind the stepper's `c` key and
    /// `lessons check`, so that both count attempts alike.
    public func checkExercise(_ exercise: Cell, of chapter: Chapter) throws(StepperError) -> ExerciseOutcome {
        let file = try workspace.prepare(chapter: chapter.id, cell: exercise)
        let code = try workspace.code(chapter: chapter.id, cell: exercise.id) ?? exercise.code
        announce("checking \(file)…")
        let outcome = ExerciseChecker { chapter, cells in
            runOrReport(chapter, ChapterRequest(cells: cells, reuse: false))
        }
            .check(chapter, exercise: exercise, code: code, file: file)
        announce("")
        progress.recordAttempt(chapter: chapter.id, cell: exercise.id, code: code, passed: outcome.passed)
        progress.record(chapter: chapter.id, cell: exercise.id, outcome.passed ? .passed : .failed)
        return outcome
    }
}

extension StepServices {
    /// A run of `chapter` through the pipeline, with "running…" on the status line while it
    /// works. The runner ignores store failures, so the only error left is one no run can
    /// recover from; it is shown on the chapter rather than ending the lesson.
    func run(
        _ chapter: Chapter, _ request: ChapterRequest, events: (ChapterRunEvent) -> Void = { _ in }
    ) -> ChapterRun {
        announce("running \(chapter.id)…")
        defer { announce("") }
        return runOrReport(chapter, request, events: events)
    }

    private func runOrReport(
        _ chapter: Chapter, _ request: ChapterRequest, events: (ChapterRunEvent) -> Void = { _ in }
    ) -> ChapterRun {
        do {
            return try runner.run(chapter, request, events: events)
        } catch {
            return .notRun(chapter, cells: request.cells.cells(of: chapter),
                           problems: [CellError(file: chapter.file, line: 1, message: error.description)])
        }
    }
}
