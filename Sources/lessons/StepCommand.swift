import ArgumentParser
import Charts
import Foundation
import LessonEngine
import LessonStore
import Stepper

/// `lessons step [CHAPTER] [--learner NAME]`: step through a chapter cell by cell.
struct StepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step",
        abstract: "Step through a chapter in the terminal, cell by cell, with exercises and saved progress.",
        discussion: """
            Keys (then Enter): Enter/n run the cell or go on, p previous, r re-run, e edit the \
            exercise in $EDITOR, c check it, q quit. Commands may also be piped in, one a line.
            """)

    @OptionGroup var options: BookOptions
    @OptionGroup var learnerOptions: LearnerOptions

    @Argument(help: "The chapter (slug, number or file name); by default the one you stepped through last, else the first.")
    var chapter: String?

    func run() throws {
        // A markdown file of its own (`lessons step notes/01-x.md`) is a book of one chapter.
        let single = chapter.flatMap { $0.hasSuffix(".md") && FileManager.default.fileExists(atPath: $0) ? $0 : nil }
        let session = try LearnerSession(book: single ?? options.book, db: options.db, learnerOptions: learnerOptions)
        let target = try single != nil ? session.lastOrFirstChapter()
            : chapter.map { name throws(InputError) in try session.chapter(named: name) } ?? session.lastOrFirstChapter()
        let style = TerminalStyle.current(environment: ProcessInfo.processInfo.environment)
        var services = session.services(noCache: options.noCache)
        if isatty(STDERR_FILENO) == 1 {
            services.announce = { text in
                FileHandle.standardError.write(Data(("\r\u{1B}[K" + (text.isEmpty ? "" : "· " + text)).utf8))
            }
        }
        let stepper: StepSession
        do {
            stepper = try StepSession(chapter: target, style: style, services: services)
        } catch {
            throw InputError(message: error.description)
        }
        StepLoop.run(stepper, input: { Swift.readLine(strippingNewline: true) },
                     output: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
                     interactive: isatty(STDIN_FILENO) == 1)
    }
}

/// `--learner`, shared by `step` and `check` (`--db` is one of the book options).
struct LearnerOptions: ParsableArguments {
    @Option(help: "Whose progress to use and save (default: $USER).")
    var learner: String?

    func validate() throws {
        if let learner, learner.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--learner needs a name")
        }
    }
}

/// The book, the learner and the store, opened for `step` and `check`.
struct LearnerSession {
    let book: Book
    let bookDirectory: String
    let database: LessonDatabase
    let learner: Learner

    init(book path: String, db: String?, learnerOptions: LearnerOptions) throws(InputError) {
        book = try BookSession.load(path)
        var isFolder: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        bookDirectory = isFolder.boolValue ? path : (path as NSString).deletingLastPathComponent
        let environment = ProcessInfo.processInfo.environment
        let name = learnerOptions.learner ?? environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "learner"
        let file = StoreLocation.resolve(explicit: db, environment: environment, bookDirectory: bookDirectory)
        do {
            database = try LessonDatabase.open(at: file, createFolder: (db ?? "").isEmpty)
            learner = try database.learner(named: name)
        } catch {
            throw InputError(message: error.description)
        }
    }

    func chapter(named name: String) throws(InputError) -> Chapter {
        do {
            return try BookLoader().chapter(named: name, in: book)
        } catch {
            throw InputError(message: error.description)
        }
    }

    /// The chapter stepped through last, else the book's first.
    func lastOrFirstChapter() throws(InputError) -> Chapter {
        let last = StepProgress(database: database, learner: learner, warn: { _ in }).lastChapter()
        if let last, let chapter = book.chapters.first(where: { $0.id == last }) { return chapter }
        guard let first = book.chapters.first else {
            throw InputError(message: "the book at \(book.root) has no chapters (NN-slug.md files)")
        }
        return first
    }

    var workspace: ExerciseWorkspace { ExerciseWorkspace(bookDirectory: bookDirectory) }

    func services(noCache: Bool) -> StepServices {
        let cache = RunCache(database: database, reuse: !noCache, provenance: .current(bookDirectory: bookDirectory))
        let runner = ExecutorRunner(options: ExecutionOptions(), cache: cache)
        let environment = ProcessInfo.processInfo.environment
        let progress = StepProgress(database: database, learner: learner) { message in
            FileHandle.standardError.write(Data("lessons: warning: \(message)\n".utf8))
        }
        return StepServices(run: runner.run, stored: runner.stored, keep: runner.keep, edit: { Editor.open($0, environment: environment) },
                            progress: progress, workspace: workspace)
    }
}
