import LessonEngine
import LessonStore

/// What `lessons hint` (and the stepper's hint key) shows for an exercise.
public enum ExerciseHelp: Sendable, Hashable {
    /// Hint `number` (1-based) of `count`.
    case hint(number: Int, count: Int, text: String)
    /// Every hint has been shown already.
    case noMoreHints(count: Int)
    /// The exercise has no hints.
    case noHints
    /// The solution's code; `recorded` when it was revealed before the exercise passed.
    case solution(code: String, recorded: Bool)
    /// The exercise has no solution cell.
    case noSolution
}

extension StepServices {
    /// The next hint of `exercise` the learner has not seen, recorded as used: the one path
    /// behind `lessons hint` and the stepper's `h` key, so that both count hints alike.
    /// Hints come in the chapter's order; asking again after the last says so (and records nothing).
    public func nextHint(_ exercise: Cell, of chapter: Chapter) -> ExerciseHelp {
        let hints = chapter.hints(for: exercise.id)
        guard !hints.isEmpty else { return .noHints }
        let used = Set(progress.help(chapter: chapter.id, cell: exercise.id).compactMap { event -> Int? in
            if case .hint(let index) = event.kind { return index }
            return nil
        })
        guard let next = hints.indices.first(where: { !used.contains($0) }) else { return .noMoreHints(count: hints.count) }
        progress.recordHelp(chapter: chapter.id, cell: exercise.id, .hint(next))
        return .hint(number: next + 1, count: hints.count, text: hints[next])
    }

    /// The solution of `exercise`. Shown freely once the learner passed it; before that the
    /// reveal is recorded (a teacher sees it in `lessons progress --class`).
    public func revealSolution(_ exercise: Cell, of chapter: Chapter) -> ExerciseHelp {
        guard let solution = chapter.solution(for: exercise.id) else { return .noSolution }
        let passed = progress.progress(in: chapter.id)?.exercisesPassed.contains(exercise.id) ?? false
        if !passed { progress.recordHelp(chapter: chapter.id, cell: exercise.id, .solution) }
        return .solution(code: solution.code, recorded: !passed)
    }
}
