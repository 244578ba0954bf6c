import Foundation
import LessonEngine
import LessonRuntime
import LessonStore
import Stepper

/// `lessons progress --reverify [--learner NAME]`: every stored passing attempt re-run
/// against the current chapter on this machine; those that no longer pass are listed.
enum ReverifyReport {
    /// One finding as `--json` lists it.
    struct Row: Encodable {
        var learner: String
        var chapter: String
        var cell: String
        var attempt: Int64
        var at: Date
        /// `edited`, `no_longer_passes` or `exercise_gone`.
        var reason: String
        var chapterChanged: Bool
        var error: String?

        private enum CodingKeys: String, CodingKey {
            case learner, chapter, cell, attempt, at, reason, error, chapterChanged = "chapter_changed"
        }
    }

    /// Re-runs the attempts and prints the findings; exit 1 (`BookFailed`) when there are any.
    static func run(book: Book, database: LessonDatabase, learner: Learner?, options: BookOptions, json: Bool) throws {
        let attempts = try InputError.wrap { () throws(StoreError) in try database.passedAttempts(of: learner) }
        guard !attempts.isEmpty else {
            return json ? JSONOutput.write([Row]()) : print("No passing attempts stored in \(database.path) yet.")
        }
        let runner = StoreAccess.runner(options, database: database)
        try InputError.wrap { () throws(ExecutionError) in try runner.prepare() }
        let checker = ExerciseChecker { chapter, cells in
            do {
                // Never reused: a learner's code is never a cached run, and the chapter as
                // written may be served from the cache as usual.
                return try runner.run(chapter, ChapterRequest(cells: cells, reuse: false))
            } catch {
                return .notRun(chapter, cells: cells.cells(of: chapter),
                               problems: [CellError(file: chapter.file, line: 1, message: "\(error)")])
            }
        }
        let findings = AttemptReverifier(checker: checker).findings(attempts, book: book)
        let rows = findings.map(row)
        if json {
            JSONOutput.write(rows)
        } else {
            for row in rows {
                var line = "✗ \(row.learner) \(row.chapter)/\(row.cell) (attempt \(row.attempt)): "
                switch row.reason {
                case "edited": line += "the record was edited after it was made (its seal does not match)"
                case "exercise_gone": line += "the exercise is no longer in the book"
                default: line += "no longer passes" + (row.chapterChanged ? " (the chapter changed since)" : "")
                }
                print(line)
                if let error = row.error { print("  " + error) }
            }
            print("\(attempts.count) passing attempts re-checked; \(findings.count) no longer hold")
        }
        if !findings.isEmpty { throw BookFailed() }
    }

    private static func row(_ finding: ReverifyFinding) -> Row {
        var row = Row(learner: finding.learner, chapter: finding.attempt.chapter, cell: finding.attempt.cellID,
                      attempt: finding.attempt.id, at: finding.attempt.at, reason: "", chapterChanged: false)
        switch finding.reason {
        case .edited: row.reason = "edited"
        case .exerciseGone: row.reason = "exercise_gone"
        case .noLongerPasses(let result, let changed):
            row.reason = "no_longer_passes"
            row.chapterChanged = changed
            row.error = result.error.map(\.description)
                ?? result.claims.first { !$0.passed }.map { "claim failed: \($0.statement)" }
        }
        return row
    }
}
