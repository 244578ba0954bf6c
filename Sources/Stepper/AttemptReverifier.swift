import LessonEngine
import LessonStore

/// A stored passing attempt that a teacher should not trust as it stands.
public struct ReverifyFinding: Sendable, Hashable {
    /// Why the attempt no longer counts.
    public enum Reason: Sendable, Hashable {
        /// Its seal does not match its fields: the record was edited after it was made
        /// (or made before attempts were sealed).
        case edited
        /// Run against the current chapter, the code does not pass; the chapter changed
        /// since when `chapterChanged`.
        case noLongerPasses(CellResult, chapterChanged: Bool)
        /// The chapter or its exercise is gone from the book.
        case exerciseGone
    }

    /// The learner's name.
    public var learner: String
    /// The attempt as stored.
    public var attempt: ExerciseAttempt
    /// Why.
    public var reason: Reason
}

/// Re-runs stored passing attempts against the current book (`lessons progress --reverify`):
/// the teacher trusts a pass because it passes on their machine now, not because the
/// learner's machine said so.
public struct AttemptReverifier {
    /// Checks one learner's code for an exercise (the stepper's and `check`'s checker).
    public var checker: ExerciseChecker

    /// A reverifier that checks code with `checker`.
    public init(checker: ExerciseChecker) { self.checker = checker }

    /// The attempts among `attempts` that no longer pass, in the order given. Identical
    /// code for the same exercise runs once.
    public func findings(
        _ attempts: [(learner: Learner, attempt: ExerciseAttempt)], book: Book
    ) -> [ReverifyFinding] {
        var outcomes: [String: ExerciseOutcome] = [:]
        return attempts.compactMap { learner, attempt in
            guard attempt.sealHolds(learner: learner.name) else {
                return ReverifyFinding(learner: learner.name, attempt: attempt, reason: .edited)
            }
            guard let chapter = book.chapters.first(where: { $0.id == attempt.chapter }),
                  let exercise = chapter.cells.first(where: { $0.id == attempt.cellID && $0.options.exercise })
            else { return ReverifyFinding(learner: learner.name, attempt: attempt, reason: .exerciseGone) }
            let key = "\(attempt.chapter)\u{0}\(attempt.cellID)\u{0}\(attempt.code)"
            let outcome = outcomes[key] ?? checker.check(
                chapter, exercise: exercise, code: attempt.code, file: "\(chapter.id)/\(exercise.id) (stored attempt \(attempt.id))")
            outcomes[key] = outcome
            guard !outcome.passed else { return nil }
            let changed = attempt.provenance?.chapterDigest != AttemptSeal.digest(of: chapter)
            return ReverifyFinding(learner: learner.name, attempt: attempt,
                                   reason: .noLongerPasses(outcome.result, chapterChanged: changed))
        }
    }
}
