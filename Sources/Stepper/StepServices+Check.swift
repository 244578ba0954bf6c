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
        // Sealed with the chapter's cells and the toolchain, for `lessons progress --reverify`.
        progress.recordAttempt(
            chapter: chapter.id, cell: exercise.id, code: code, passed: outcome.passed,
            provenance: AttemptProvenance(toolchain: outcome.toolchain, chapterDigest: AttemptSeal.digest(of: chapter)))
        progress.record(chapter: chapter.id, cell: exercise.id, outcome.passed ? .passed : .failed)
        return outcome
    }
}
