import Foundation

/// The help a learner asked for: hints shown and solutions revealed (`exercise_help`).
extension LessonDatabase {
    /// Appends a help event for `learner`.
    public func recordHelp(_ event: HelpEvent, for learner: Learner) throws(StoreError) {
        try write { db in try Self.insertHelp(db, learner: learner, event) }
    }

    /// The learner's help events, oldest first, narrowed to a chapter and an exercise when given.
    public func help(
        of learner: Learner, in chapter: String? = nil, exercise cellID: String? = nil
    ) throws(StoreError) -> [HelpEvent] {
        try read { db in try Self.help(db, learner: learner, chapter: chapter, cellID: cellID) }
    }

    static func insertHelp(_ db: any SQLSession, learner: Learner, _ event: HelpEvent) throws {
        try db.execute(
            "INSERT INTO exercise_help (learner_id, chapter, cell_id, kind, hint_index, at) VALUES (?, ?, ?, ?, ?, ?)",
            [learner.id, event.chapter, event.cellID, event.kind.column, event.kind.hintIndex, event.at])
    }

    // Ordered by row id, as steps are: ids follow commit order even when clocks disagree.
    static func help(_ db: any SQLSession, learner: Learner, chapter: String?, cellID: String?) throws -> [HelpEvent] {
        try db.fetch(
            """
                SELECT chapter, cell_id, kind, hint_index, at FROM exercise_help
                WHERE learner_id = ? AND (? IS NULL OR chapter = ?) AND (? IS NULL OR cell_id = ?)
                ORDER BY id
                """,
            [learner.id, chapter, chapter, cellID, cellID]
        ).map { row in
            let index: Int? = try row["hint_index"]
            let kind: HelpKind = (try row["kind"] as String) == "solution" ? .solution : .hint(index ?? 0)
            return HelpEvent(chapter: try row["chapter"], cellID: try row["cell_id"], kind: kind, at: try row["at"])
        }
    }
}

extension HelpKind {
    /// The `kind` column's text.
    var column: String {
        switch self {
        case .hint: "hint"
        case .solution: "solution"
        }
    }

    /// The `hint_index` column: the hint's number, NULL for a solution.
    var hintIndex: Int? {
        if case .hint(let index) = self { return index }
        return nil
    }
}
