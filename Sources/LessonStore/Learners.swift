import Foundation

/// Learners, their steps and their exercise attempts: the API of the stepper and the site.
///
/// Every value goes through bound parameters, never into SQL text, so a name such as
/// `x'); DROP TABLE learners; --` is stored as the text it is.
extension LessonDatabase {
    /// The learner with this name, created on first use. Names are compared after removing
    /// surrounding spaces, and exactly otherwise (`Ada` and `ada` are two learners).
    public func learner(named name: String, now: Date = Date()) throws(StoreError) -> Learner {
        let name = try LearnerName.normalized(name)
        return try write { db in
            // Two processes may create the same learner at once: the loser's insert is ignored.
            try db.execute(
                "INSERT INTO learners (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                [name, now])
            let row = try db.fetchOne("SELECT id, name, created_at FROM learners WHERE name = ?", [name])
            guard let row else { throw StoreError.sqlite(path: path, detail: "learner \(name) vanished") }
            return try Learner(row: row)
        }
    }

    /// The learner with this name, or nil when there is none (nothing is created).
    public func existingLearner(named name: String) throws(StoreError) -> Learner? {
        let name = try LearnerName.normalized(name)
        return try read { db in
            try db.fetchOne("SELECT id, name, created_at FROM learners WHERE name = ?", [name])
                .map(Learner.init(row:))
        }
    }

    /// Every learner, in the order they were created.
    public func learners() throws(StoreError) -> [Learner] {
        try read { db in try Self.learners(db) }
    }

    /// Every learner, in the order they were created, inside a transaction.
    static func learners(_ db: any SQLSession) throws -> [Learner] {
        try db.fetch("SELECT id, name, created_at FROM learners ORDER BY id").map(Learner.init(row:))
    }

    /// Appends a step to the learner's progress.
    public func record(_ step: ProgressStep, for learner: Learner) throws(StoreError) {
        try write { db in try Self.insertStep(db, learner: learner, step) }
    }

    /// Appends `step` inside the caller's transaction.
    static func insertStep(_ db: any SQLSession, learner: Learner, _ step: ProgressStep) throws {
        try db.execute(
            "INSERT INTO progress (learner_id, chapter, cell_id, status, at) VALUES (?, ?, ?, ?, ?)",
            [learner.id, step.chapter, step.cellID, step.status.rawValue, step.at])
    }

    /// Appends an exercise attempt and returns it as stored. With `provenance` (what checked
    /// it) the attempt is sealed (`AttemptSeal`), so that `lessons progress --reverify` can
    /// tell an edited record from an honest one.
    @discardableResult
    public func recordAttempt(
        for learner: Learner, chapter: String, exercise cellID: String, code: String,
        passed: Bool, at: Date = Date(), provenance: AttemptProvenance? = nil
    ) throws(StoreError) -> ExerciseAttempt {
        let seal = provenance.map {
            AttemptSeal.seal(learner: learner.name, chapter: chapter, cell: cellID, code: code, provenance: $0)
        }
        return try write { db in
            try Self.insertAttempt(
                db, learner: learner,
                ExerciseAttempt(id: 0, chapter: chapter, cellID: cellID, code: code, passed: passed, at: at,
                                provenance: provenance, seal: seal))
        }
    }

    /// Inserts `attempt` as given (its seal included) and returns it with its new row id.
    static func insertAttempt(_ db: any SQLSession, learner: Learner, _ attempt: ExerciseAttempt) throws -> ExerciseAttempt {
        var stored = attempt
        stored.id = try db.insert(
            """
            INSERT INTO exercise_attempts
              (learner_id, chapter, cell_id, code, passed, at, toolchain, chapter_digest, seal)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [learner.id, attempt.chapter, attempt.cellID, attempt.code, attempt.passed, attempt.at,
             attempt.provenance?.toolchain, attempt.provenance?.chapterDigest, attempt.seal])
        return stored
    }

    /// Every step of the learner (in one chapter, when given), oldest first.
    public func steps(of learner: Learner, in chapter: String? = nil) throws(StoreError) -> [ProgressStep] {
        try read { db in try Self.steps(db, learner: learner, chapter: chapter) }
    }

    /// The learner's attempts, oldest first, narrowed to a chapter and an exercise when given.
    public func attempts(
        of learner: Learner, in chapter: String? = nil, exercise cellID: String? = nil
    ) throws(StoreError) -> [ExerciseAttempt] {
        try read { db in try Self.attempts(db, learner: learner, chapter: chapter, cellID: cellID) }
    }

    /// Where the learner stands in one chapter (empty progress when they never opened it).
    public func progress(of learner: Learner, in chapter: String) throws(StoreError) -> ChapterProgress {
        try read { db in
            Self.summarize(
                chapter: chapter,
                steps: try Self.steps(db, learner: learner, chapter: chapter),
                attempts: try Self.attempts(db, learner: learner, chapter: chapter, cellID: nil))
        }
    }

    /// Where the learner stands in every chapter they touched, by chapter id.
    public func progress(of learner: Learner) throws(StoreError) -> [ChapterProgress] {
        try read { db in
            let steps = Dictionary(grouping: try Self.steps(db, learner: learner, chapter: nil), by: \.chapter)
            let attempts = Dictionary(
                grouping: try Self.attempts(db, learner: learner, chapter: nil, cellID: nil), by: \.chapter)
            let chapters = Set(steps.keys).union(attempts.keys).sorted()
            return chapters.map { chapter in
                Self.summarize(chapter: chapter, steps: steps[chapter] ?? [], attempts: attempts[chapter] ?? [])
            }
        }
    }

    static func summarize(
        chapter: String, steps: [ProgressStep], attempts: [ExerciseAttempt]
    ) -> ChapterProgress {
        var seen: [String] = []
        for step in steps where !seen.contains(step.cellID) { seen.append(step.cellID) }
        var solved: [String] = []
        for attempt in attempts where attempt.passed && !solved.contains(attempt.cellID) {
            solved.append(attempt.cellID)
        }
        return ChapterProgress(
            chapter: chapter, position: steps.last, cellsSeen: seen, exercisesPassed: solved,
            attemptCount: attempts.count)
    }

    // Ordered by row id, not time: ids follow commit order even when clocks disagree.
    static func steps(_ db: any SQLSession, learner: Learner, chapter: String?) throws -> [ProgressStep] {
        try db.fetch(
            """
            SELECT chapter, cell_id, status, at FROM progress
            WHERE learner_id = ? AND (? IS NULL OR chapter = ?) ORDER BY id
            """,
            [learner.id, chapter, chapter]
        ).map { row in
            ProgressStep(
                chapter: try row["chapter"], cellID: try row["cell_id"],
                status: StepStatus(rawValue: try row["status"]) ?? .seen, at: try row["at"])
        }
    }

    static func attempts(
        _ db: any SQLSession, learner: Learner, chapter: String?, cellID: String?
    ) throws -> [ExerciseAttempt] {
        try db.fetch(
            """
            SELECT id, chapter, cell_id, code, passed, at, toolchain, chapter_digest, seal
            FROM exercise_attempts
            WHERE learner_id = ? AND (? IS NULL OR chapter = ?) AND (? IS NULL OR cell_id = ?)
            ORDER BY id
            """,
            [learner.id, chapter, chapter, cellID, cellID]
        ).map(ExerciseAttempt.init(row:))
    }
}

extension ExerciseAttempt {
    init(row: SQLRow) throws {
        let toolchain: String? = try row["toolchain"], digest: String? = try row["chapter_digest"]
        self.init(
            id: try row["id"], chapter: try row["chapter"], cellID: try row["cell_id"], code: try row["code"],
            passed: try row["passed"], at: try row["at"],
            provenance: toolchain.flatMap { toolchain in
                digest.map { AttemptProvenance(toolchain: toolchain, chapterDigest: $0) }
            },
            seal: try row["seal"])
    }
}

extension Learner {
    init(row: SQLRow) throws {
        self.init(id: try row["id"], name: try row["name"], createdAt: try row["created_at"])
    }
}
