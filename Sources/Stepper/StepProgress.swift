import Foundation
import LessonStore

/// The learner's progress in the store, as the stepper uses it. A store that fails while
/// the learner works is reported once and then left alone: the lesson goes on unsaved.
public final class StepProgress {
    private let database: LessonDatabase?
    private let learner: Learner?
    private var warned = false
    /// Where the stepper's warnings go.
    private let warn: (String) -> Void

    /// Progress of `learner` kept in `database`.
    public init(database: LessonDatabase, learner: Learner, warn: @escaping (String) -> Void) {
        self.database = database
        self.learner = learner
        self.warn = warn
    }

    /// No store: nothing is saved or restored (for tests of the screens).
    public init() {
        database = nil
        learner = nil
        warn = { _ in }
    }

    /// The learner's name, if there is one.
    public var learnerName: String? { learner?.name }

    /// Appends a step (`seen`, `ran`, `passed`, `failed`) for a cell of a chapter.
    public func record(chapter: String, cell: String, _ status: StepStatus) {
        attempt { db, learner throws(StoreError) in
            try db.record(ProgressStep(chapter: chapter, cellID: cell, status: status, at: Date()), for: learner)
        }
    }

    /// Appends an exercise attempt and its outcome.
    public func recordAttempt(chapter: String, cell: String, code: String, passed: Bool) {
        attempt { db, learner throws(StoreError) in
            try db.recordAttempt(for: learner, chapter: chapter, exercise: cell, code: code, passed: passed)
        }
    }

    /// Where the learner stands in `chapter`; nil without a store or when it cannot be read.
    public func progress(in chapter: String) -> ChapterProgress? {
        var result: ChapterProgress?
        attempt { db, learner throws(StoreError) in result = try db.progress(of: learner, in: chapter) }
        return result
    }

    /// The chapter the learner stepped through last, if any.
    public func lastChapter() -> String? {
        var result: String?
        attempt { db, learner throws(StoreError) in result = try db.steps(of: learner).last?.chapter }
        return result
    }

    private func attempt(_ body: (LessonDatabase, Learner) throws(StoreError) -> Void) {
        guard let database, let learner else { return }
        do {
            try body(database, learner)
        } catch {
            if !warned { warn("progress not saved: \(error.description)") }
            warned = true
        }
    }
}
