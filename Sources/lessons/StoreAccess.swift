import Foundation
import LessonEngine
import LessonStore

/// The CLI's door to the results database: opened from `--db`, `$LESSONS_DB` or the default
/// beside the book, with every `StoreError` turned into an `InputError` (exit status 2: the
/// message names the file and says what to do).
enum StoreAccess {
    /// The database for `run`, `verify` and `build`, created when missing. `target` is the
    /// chapter or `.md` file named on the command line: a lone markdown file keeps its
    /// results beside its own folder.
    static func open(_ options: some BookPlace, target: String? = nil) throws(InputError) -> LessonDatabase {
        let path = StoreLocation.resolve(
            explicit: options.db, environment: ProcessInfo.processInfo.environment,
            bookDirectory: bookDirectory(options, target: target))
        // A --db in a folder that does not exist is a mistake to report, not a folder to make;
        // the default place beside the book (and $LESSONS_DB's) is created.
        let create = (options.db ?? "").isEmpty
        return try InputError.wrap { () throws(StoreError) in try LessonDatabase.open(at: path, createFolder: create) }
    }

    /// The chapter pipeline over `database`, reusing stored runs unless `--no-cache`.
    static func runner(
        _ options: BookOptions, database: LessonDatabase, target: String? = nil,
        execution: ExecutionOptions = ExecutionOptions()
    ) -> ChapterRunner {
        runner(options, reuse: !options.noCache, database: database, target: target, execution: execution)
    }

    /// The chapter pipeline over `database` for a command without `--no-cache` (`progress
    /// --reverify`), reusing stored runs when `reuse`.
    static func runner(
        _ place: some BookPlace, reuse: Bool, database: LessonDatabase, target: String? = nil,
        execution: ExecutionOptions = ExecutionOptions()
    ) -> ChapterRunner {
        ChapterRunner(options: execution, database: database, reuse: reuse,
                      bookDirectory: bookDirectory(place, target: target))
    }

    /// The database alone, for commands that only read it (`history`). A missing file is an
    /// error rather than a new empty database.
    static func database(_ options: some BookPlace) throws(InputError) -> LessonDatabase {
        let path = StoreLocation.resolve(
            explicit: options.db, environment: ProcessInfo.processInfo.environment,
            bookDirectory: options.book)
        guard StoreLocation.exists(path) else {
            throw InputError(message: "no results yet at \(path): run `lessons run` first, "
                + "or name the database with --db PATH")
        }
        return try InputError.wrap { () throws(StoreError) in try LessonDatabase.open(at: path) }
    }

    private static func bookDirectory(_ options: some BookPlace, target: String?) -> String {
        guard let target, ChapterLookup.isFilePath(target)
        else { return options.book }
        return URL(fileURLWithPath: target).deletingLastPathComponent().path
    }
}
