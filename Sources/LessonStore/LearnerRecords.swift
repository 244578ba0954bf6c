import Foundation

/// How many rows an import added; rows already present were left as they were.
public struct RecordImport: Sendable, Hashable {
    /// The learner the record was imported for (created when new).
    public var learner: Learner
    /// New steps, attempts and help events.
    public var steps = 0, attempts = 0, help = 0
    /// Rows of the record the store already held.
    public var alreadyPresent = 0
}

/// A learner's record out of the store and into another (`LearnerRecord`).
extension LessonDatabase {
    /// Everything the store holds of `learner`, oldest first.
    public func record(of learner: Learner) throws(StoreError) -> LearnerRecord {
        try read { db in
            LearnerRecord(
                format: LearnerRecord.formatName, version: LearnerRecord.currentVersion, learner: learner.name,
                steps: try Self.steps(db, learner: learner, chapter: nil).map {
                    .init(chapter: $0.chapter, cell: $0.cellID, status: $0.status, at: $0.at)
                },
                attempts: try Self.attempts(db, learner: learner, chapter: nil, cellID: nil).map {
                    .init(chapter: $0.chapter, cell: $0.cellID, code: $0.code, passed: $0.passed, at: $0.at,
                          toolchain: $0.provenance?.toolchain, chapterDigest: $0.provenance?.chapterDigest, seal: $0.seal)
                },
                help: try Self.help(db, learner: learner, chapter: nil, cellID: nil).map {
                    .init(chapter: $0.chapter, cell: $0.cellID, kind: $0.kind.column, hintIndex: $0.kind.hintIndex, at: $0.at)
                })
        }
    }

    /// Adds `record` to the store in one transaction: the learner is created when new, and a
    /// row equal to one already stored (same fields, same time) is skipped, so importing a
    /// file twice, or into the store it came from, adds nothing. Seals are kept as in the
    /// file: an edited attempt stays detectable by `--reverify`.
    public func importRecord(_ record: LearnerRecord) throws(StoreError) -> RecordImport {
        let learner = try self.learner(named: record.learner)
        return try write { db in
            var result = RecordImport(learner: learner)
            for step in record.steps {
                let exists = try db.fetchOne(
                    """
                        SELECT id FROM progress
                        WHERE learner_id = ? AND chapter = ? AND cell_id = ? AND status = ? AND at = ?
                        """,
                    [learner.id, step.chapter, step.cell, step.status.rawValue, step.at]) != nil
                if exists { result.alreadyPresent += 1; continue }
                try Self.insertStep(
                    db, learner: learner, ProgressStep(chapter: step.chapter, cellID: step.cell, status: step.status, at: step.at))
                result.steps += 1
            }
            for attempt in record.attempts {
                let exists = try db.fetchOne(
                    """
                        SELECT id FROM exercise_attempts
                        WHERE learner_id = ? AND chapter = ? AND cell_id = ? AND code = ? AND passed = ? AND at = ?
                        """,
                    [learner.id, attempt.chapter, attempt.cell, attempt.code, attempt.passed, attempt.at]) != nil
                if exists { result.alreadyPresent += 1; continue }
                let provenance = attempt.toolchain.flatMap { toolchain in
                    attempt.chapterDigest.map { AttemptProvenance(toolchain: toolchain, chapterDigest: $0) }
                }
                _ = try Self.insertAttempt(db, learner: learner, ExerciseAttempt(
                    id: 0, chapter: attempt.chapter, cellID: attempt.cell, code: attempt.code, passed: attempt.passed,
                    at: attempt.at, provenance: provenance, seal: attempt.seal))
                result.attempts += 1
            }
            for help in record.help {
                let kind: HelpKind = help.kind == "solution" ? .solution : .hint(help.hintIndex ?? 0)
                let exists = try db.fetchOne(
                    """
                        SELECT id FROM exercise_help
                        WHERE learner_id = ? AND chapter = ? AND cell_id = ? AND kind = ? AND at = ?
                          AND (hint_index = ? OR (hint_index IS NULL AND ? IS NULL))
                        """,
                    [learner.id, help.chapter, help.cell, kind.column, help.at, kind.hintIndex, kind.hintIndex]) != nil
                if exists { result.alreadyPresent += 1; continue }
                try Self.insertHelp(db, learner: learner, HelpEvent(chapter: help.chapter, cellID: help.cell, kind: kind, at: help.at))
                result.help += 1
            }
            return result
        }
    }

    /// Every passed attempt with its learner (one learner's when given), oldest first: what
    /// `lessons progress --reverify` re-runs.
    public func passedAttempts(of only: Learner? = nil) throws(StoreError) -> [(learner: Learner, attempt: ExerciseAttempt)] {
        try read { db in
            let learners = try Self.learners(db).filter { only == nil || $0.id == only?.id }
            return try learners.flatMap { learner in
                try Self.attempts(db, learner: learner, chapter: nil, cellID: nil).filter(\.passed).map { (learner, $0) }
            }
        }
    }
}
