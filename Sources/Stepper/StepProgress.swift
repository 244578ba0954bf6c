import Foundation
import LessonStore

/// The learner's progress in the store, as the stepper uses it. A store that fails while
/// the learner works is reported once and then left alone: the lesson goes on unsaved.
public final class StepProgress {
    private let database: LessonDatabase?
    private let learner: Learner?
    private var warned = false
    /// Help taken when there is no store, so that hints still come one after another.
    private var localHelp: [HelpEvent] = []
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

    /// Appends an exercise attempt and its outcome, sealed with what checked it.
    public func recordAttempt(chapter: String, cell: String, code: String, passed: Bool,
                              provenance: AttemptProvenance? = nil) {
        attempt { db, learner throws(StoreError) in
            try db.recordAttempt(for: learner, chapter: chapter, exercise: cell, code: code, passed: passed,
                                 provenance: provenance)
        }
    }

    /// Appends a hint shown or a solution revealed.
    public func recordHelp(chapter: String, cell: String, _ kind: HelpKind) {
        let event = HelpEvent(chapter: chapter, cellID: cell, kind: kind, at: Date())
        guard database != nil else { return localHelp.append(event) }
        attempt { db, learner throws(StoreError) in try db.recordHelp(event, for: learner) }
    }

    /// The help taken on one exercise, oldest first (this session's, without a store).
    public func help(chapter: String, cell: String) -> [HelpEvent] {
        guard database != nil else { return localHelp.filter { $0.chapter == chapter && $0.cellID == cell } }
        var result: [HelpEvent] = []
        attempt { db, learner throws(StoreError) in result = try db.help(of: learner, in: chapter, exercise: cell) }
        return result
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
