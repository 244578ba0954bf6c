import ArgumentParser
import Foundation
import LessonEngine
import LessonRuntime
import LessonStore

/// `lessons progress [--learner NAME] [--json]`: where each learner stands, chapter by
/// chapter, from the same store the stepper writes and the site reads. A teacher's modes:
/// `--class` (every learner × chapter), `--reverify` (re-run stored passes), `--export FILE`
/// and `--import FILE` (a learner's record between stores).
struct ProgressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress",
        abstract: "Show each learner's progress through the book; a class's, re-checked or moved between stores.",
        discussion: """
            --class: every learner × chapter (cells seen, exercises passed, tries, hints, last activity). \
            --reverify [--learner NAME]: re-run every stored passing attempt against the current chapter; \
            lists those that no longer pass or whose record was edited (exit 1 when any). \
            --export FILE / --import FILE: a learner's record as a versioned JSON file; importing twice adds nothing. \
            Exit status: 0 shown, 1 a stored pass no longer holds (--reverify), 2 bad usage, unreadable book, \
            store or file, or no such learner.
            """)

    @OptionGroup var options: ReadingOptions

    @Option(name: .long, help: "Only this learner (as given to lessons step --learner).")
    var learner: String?

    @Flag(help: "Write one JSON document to stdout instead of text.")
    var json = false

    @Flag(name: .customLong("class"), help: "Every learner × chapter, for a teacher.")
    var wholeClass = false

    @Flag(help: "Re-run every stored passing attempt (one learner's with --learner) and list those that no longer pass.")
    var reverify = false

    @Option(name: .customLong("export"), help: "Write the learner's record (--learner, default you) to FILE as JSON.")
    var exportFile: String?

    @Option(name: .customLong("import"), help: "Add the learner record in FILE to the store (idempotent).")
    var importFile: String?

    func validate() throws {
        let modes = [wholeClass, reverify, exportFile != nil, importFile != nil].filter { $0 }.count
        if modes > 1 { throw ValidationError("--class, --reverify, --export and --import are separate tasks: give one") }
        if wholeClass, learner != nil { throw ValidationError("--class shows every learner; drop --learner") }
        if importFile != nil, learner != nil { throw ValidationError("--import takes the learner from the file; drop --learner") }
    }

    func run() throws {
        if let importFile { return try ProgressRecords.importRecord(from: importFile, options: options) }
        let book = try BookSession.load(options.book)
        if let exportFile {
            let name = learner ?? LearnerOptions.defaultName(environment: ProcessInfo.processInfo.environment)
            return try ProgressRecords.export(learner: name, to: exportFile, options: options)
        }
        let path = StoreLocation.resolve(explicit: options.db, environment: ProcessInfo.processInfo.environment,
                                         bookDirectory: options.book)
        // No database yet means nobody has started: say so, without creating an empty file.
        guard StoreLocation.exists(path) else {
            if let learner {
                throw InputError(message: "no learner '\(learner)': nobody has started yet (no database at \(path))")
            }
            if reverify { return print("No stored attempts yet in \(path).") }
            if json { print("[]") } else { print("No learner progress yet in \(path). Start with: lessons step --learner NAME") }
            return
        }
        let database = try StoreAccess.database(options)
        var learners = try InputError.wrap { () throws(StoreError) in try database.learners() }
        if let learner {
            learners = [try Self.existing(learner, in: database, known: learners)]
        }
        if wholeClass { return try ClassReport.show(book: book, database: database, json: json) }
        if reverify {
            return try ReverifyReport.run(book: book, database: database, learner: learner == nil ? nil : learners.first,
                                          options: options, json: json)
        }
        let rows = try InputError.wrap { () throws(StoreError) in
            try learners.map { learner throws(StoreError) in try LearnerReport(learner: learner, book: book, database: database) }
        }
        if json {
            JSONOutput.write(rows)
        } else if rows.isEmpty {
            print("No learner progress yet in \(database.path). Start with: lessons step --learner NAME")
        } else {
            print(rows.map(\.text).joined(separator: "\n"), terminator: "")
        }
    }

    /// The stored learner `name`, or an error listing the learners there are.
    static func existing(_ name: String, in database: LessonDatabase, known: [Learner]) throws(InputError) -> Learner {
        guard let found = try InputError.wrap({ () throws(StoreError) in try database.existingLearner(named: name) }) else {
            let names = known.map(\.name)
            throw InputError(message: "no learner '\(name)' in \(database.path); learners: "
                + (names.isEmpty ? "none yet (lessons step --learner NAME starts one)" : names.joined(separator: ", ")))
        }
        return found
    }
}

/// `--json` output: one pretty-printed document with sorted keys on stdout.
enum JSONOutput {
    static func write<T: Encodable>(_ value: T) {
        // Plain values (strings, numbers, dates) always encode.
        FileHandle.standardOutput.write((try? WireFormat.encoder(pretty: true).encode(value)) ?? Data("null".utf8))
        FileHandle.standardOutput.write(Data("\n".utf8))
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
