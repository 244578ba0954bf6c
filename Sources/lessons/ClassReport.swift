import Charts
import Foundation
import LessonEngine
import LessonRuntime
import LessonStore
import Stepper
import Terminal

/// `lessons progress --class`: every learner × chapter of the book, for a teacher.
enum ClassReport {
    /// Prints the class as a table, or with `json` as a list of `ClassStanding` objects.
    static func show(book: Book, database: LessonDatabase, json: Bool) throws(InputError) {
        let rows = try LearnerSummaries.read(from: database, book: book).flatMap(\.classStandings)
        if json { return JSONOutput.write(rows) }
        guard !rows.isEmpty else {
            return print("No learner yet in \(database.path). Learners start with: lessons step --learner NAME")
        }
        print(text(rows, style: TerminalStyle.current(environment: ProcessInfo.processInfo.environment)), terminator: "")
    }

    /// The table: one line per learner and chapter.
    static func text(_ rows: [ClassStanding], style: TerminalStyle) -> String {
        let table = Table(
            header: ["learner", "chapter", "cells", "exercises", "%", "tries", "hints", "solutions", "last activity"],
            rows: rows.map { row in
                [row.learner, row.chapter, "\(row.cellsSeen)/\(row.cellsTotal)",
                 row.exercisesTotal == 0 ? "—" : "\(row.exercisesPassed)/\(row.exercisesTotal)",
                 "\(row.percent)%", "\(row.tries)", "\(row.hintsUsed)", "\(row.solutionsShown)", row.lastActivityText]
            })
        let learners = Set(rows.map(\.learner)).count
        let complete = rows.filter(\.complete).count
        return TerminalTable.render(table, style: style) + "\n"
            + "\(Wording.count(learners, "learner")); \(complete) of \(rows.count) learner-chapters complete\n"
    }
}
