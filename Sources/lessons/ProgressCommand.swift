import ArgumentParser
import Foundation
import LessonEngine
import LessonStore

/// `lessons progress [--learner NAME] [--json]`: where each learner stands, chapter by
/// chapter, from the same store the stepper writes and the site reads.
struct ProgressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress",
        abstract: "Show each learner's progress through the book.",
        discussion: "Exit status: 0 shown, 2 bad usage, unreadable book or store, or no such learner.")

    @OptionGroup var options: BookOptions

    @Option(name: .long, help: "Only this learner (as given to lessons step --learner).")
    var learner: String?

    @Flag(help: "Write one JSON document to stdout instead of text.")
    var json = false

    func run() throws {
        let book = try BookSession.load(options.book)
        let path = StoreLocation.resolve(explicit: options.db, environment: ProcessInfo.processInfo.environment,
                                         bookDirectory: options.book)
        // No database yet means nobody has started: say so, without creating an empty file.
        guard StoreLocation.exists(path) else {
            if let learner {
                throw InputError(message: "no learner '\(learner)': nobody has started yet (no database at \(path))")
            }
            if json { print("[]") } else { print("No learner progress yet in \(path). Start with: lessons step --learner NAME") }
            return
        }
        let database = try StoreAccess.database(options)
        var learners = try InputError.wrap { () throws(StoreError) in try database.learners() }
        if let learner {
            guard let found = try InputError.wrap({ () throws(StoreError) in try database.existingLearner(named: learner) }) else {
                let known = learners.map(\.name)
                throw InputError(message: "no learner '\(learner)' in \(database.path); learners: "
                    + (known.isEmpty ? "none yet (lessons step --learner NAME starts one)" : known.joined(separator: ", ")))
            }
            learners = [found]
        }
        let rows = try InputError.wrap { () throws(StoreError) in
            try learners.map { learner throws(StoreError) in try LearnerReport(learner: learner, book: book, database: database) }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try encoder.encode(rows))
            FileHandle.standardOutput.write(Data("\n".utf8))
        } else if rows.isEmpty {
            print("No learner progress yet in \(database.path). Start with: lessons step --learner NAME")
        } else {
            print(rows.map(\.text).joined(separator: "\n"), terminator: "")
        }
    }
}

/// One learner's standing, as `lessons progress` prints it and as its `--json` array holds it.
struct LearnerReport: Encodable {
    /// One chapter's standing (`LearnerStanding`) with the chapter's title.
    struct Row: Encodable {
        var chapter: String
        var title: String
        var cells: Int
        var cellsSeen: Int
        var exercises: Int
        var exercisesPassed: Int
        var attempts: Int
        /// Cells seen as a percentage of the chapter's cells.
        var percent: Int
        /// The cell the learner was last at, if they opened the chapter.
        var position: String?

        init(_ standing: LearnerStanding, title: String) {
            chapter = standing.chapter
            self.title = title
            cells = standing.cells
            cellsSeen = standing.cellsSeen
            exercises = standing.exercises
            exercisesPassed = standing.exercisesPassed
            attempts = standing.attempts
            percent = standing.percent
            position = standing.position
        }
    }

    var learner: String
    var chapters: [Row]
    private var standings: [LearnerStanding]

    private enum CodingKeys: String, CodingKey { case learner, chapters }

    init(learner: Learner, book: Book, database: LessonDatabase) throws(StoreError) {
        self.learner = learner.name
        let progress = Dictionary(try database.progress(of: learner).map { ($0.chapter, $0) },
                                  uniquingKeysWith: { first, _ in first })
        standings = book.chapters.map { LearnerStanding(chapter: $0, progress: progress[$0.id]) }
        chapters = zip(standings, book.chapters).map { Row($0, title: $1.title) }
    }

    /// `Ada — 7/12 cells (58%)` then one line per chapter.
    var text: String {
        let book = LearnerStanding.total(standings)
        var lines = ["\(learner) — \(book.seen)/\(book.cells) cells (\(book.percent)%)"]
        for row in chapters {
            var line = "  \(row.chapter): \(row.cellsSeen)/\(row.cells) cells"
            if row.exercises > 0 {
                line += ", \(row.exercisesPassed)/\(row.exercises) exercises (\(row.attempts) attempts)"
            }
            if let position = row.position { line += ", at \(position)" }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
