import Foundation
import LessonEngine
import LessonRuntime
import LessonStore
import Stepper

/// `lessons` with no arguments: where the learner is in the book and the one command that
/// continues, like `rustlings` — so that coming back to the book needs no remembering.
/// It reads the store and never creates it: a learner who has not started sees chapter 1.
struct Orientation {
    /// The book (`Lessons` here, the default of every command).
    let book: Book
    /// The learner: `$LESSONS_LEARNER`, else the user name, as `lessons step` takes it by default.
    let learner: String
    /// Each chapter's standing, in book order (empty when the learner never started).
    let standings: [LearnerStanding]
    /// The chapter stepped through last, if any.
    let last: String?
    /// The exercises passed, by chapter id.
    let passed: [String: [String]]

    /// Reads the book at `bookPath` and the learner's progress from the store beside it.
    static func load(bookPath: String = "Lessons", environment: [String: String]) throws(InputError) -> Orientation {
        guard FileManager.default.fileExists(atPath: bookPath) else {
            throw InputError(message: "no book at '\(bookPath)' here: run lessons in the folder holding \(bookPath)/, "
                + "or give a command --book DIR (lessons --help lists the commands)")
        }
        let book = try BookSession.load(bookPath)
        let name = LearnerOptions.defaultName(environment: environment)
        let path = StoreLocation.resolve(explicit: nil, environment: environment, bookDirectory: bookPath)
        var progress: [String: ChapterProgress] = [:]
        var last: String?
        if StoreLocation.exists(path) {
            let database = try InputError.wrap { () throws(StoreError) in try LessonDatabase.open(at: path) }
            if let learner = try InputError.wrap({ () throws(StoreError) in try database.existingLearner(named: name) }) {
                let rows = try InputError.wrap { () throws(StoreError) in try database.progress(of: learner) }
                progress = Dictionary(rows.map { ($0.chapter, $0) }, uniquingKeysWith: { first, _ in first })
                last = try InputError.wrap { () throws(StoreError) in try database.steps(of: learner) }.last?.chapter
            }
        }
        let standings = book.chapters.map { LearnerStanding(chapter: $0, progress: progress[$0.id]) }
        return Orientation(book: book, learner: name, standings: standings, last: last,
                           passed: progress.mapValues(\.exercisesPassed))
    }

    /// The chapter to work on: the one stepped through last while unfinished, else the first
    /// unfinished one in book order; nil when every chapter is done.
    var next: (Chapter, LearnerStanding)? {
        let pairs = Array(zip(book.chapters, standings))
        let unfinished = pairs.filter { !Self.finished($0.1) }
        return unfinished.first { $0.0.id == last } ?? unfinished.first
    }

    /// Every visible cell seen and every exercise passed.
    static func finished(_ standing: LearnerStanding) -> Bool {
        standing.cellsSeen >= standing.cells && standing.exercisesPassed >= standing.exercises
    }

    /// The lines to print: the book, the learner's standing, the next chapter and command.
    var text: String {
        let total = LearnerStanding.total(standings)
        let done = standings.filter(Self.finished).count
        var lines = ["\(book.title) — \(ValueText.count(book.chapters.count, "chapter")) in \(book.root)/"]
        lines.append(total.seen == 0
            ? "\(learner): not started yet"
            : "\(learner): \(total.seen)/\(total.cells) cells seen (\(total.percent)%), \(done) of \(ValueText.count(book.chapters.count, "chapter")) done")
        guard let (chapter, standing) = next else {
            lines.append("Every chapter is done. Build the site with: lessons build")
            return lines.joined(separator: "\n") + "\n"
        }
        var where_ = "Next: chapter \(ChapterLookup.describe(chapter)) — \(chapter.title)"
        if let position = standing.position { where_ += ", at cell \(position)" }
        lines.append(where_)
        if standing.cellsSeen > 0 || standing.exercises > 0 {
            lines.append("  \(standing.cellsSeen)/\(standing.cells) cells seen"
                + (standing.exercises > 0 ? ", \(standing.exercisesPassed)/\(standing.exercises) exercises passed" : ""))
        }
        lines.append("Continue with: lessons step \(chapter.id)")
        // An unpassed exercise the learner has a file for can be checked without the stepper.
        let workspace = ExerciseWorkspace(bookDirectory: book.root, learner: learner)
        let exercise = chapter.cells.first { cell in
            cell.options.exercise && !(passed[chapter.id] ?? []).contains(cell.id)
                && FileManager.default.fileExists(atPath: workspace.path(chapter: chapter.id, cell: cell.id))
        }
        if let exercise {
            lines.append("  or check your exercise: lessons check \(chapter.id)/\(exercise.id)")
        }
        lines.append("All commands: lessons --help")
        return lines.joined(separator: "\n") + "\n"
    }
}
