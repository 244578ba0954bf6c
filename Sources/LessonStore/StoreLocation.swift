import Foundation

/// Where the database file is: `--db PATH`, else `$LESSONS_DB`, else
/// `.lessons/lessons.sqlite` beside the book folder (`Lessons/` → `./.lessons/lessons.sqlite`).
public enum StoreLocation {
    /// The environment variable that names the database file.
    public static let environmentVariable = "LESSONS_DB"
    /// The folder, beside the book, that holds the default database.
    public static let defaultFolder = ".lessons"
    /// The default file name inside ``defaultFolder``.
    public static let defaultFileName = "lessons.sqlite"

    /// The file a database path names: `PATH?mode=ro` and `file:PATH?mode=ro` (open it
    /// read-only) name `PATH`.
    public static func file(of path: String) -> String {
        LessonDatabase.readOnlyRequest(path).path
    }

    /// The database path to use.
    /// - Parameters:
    ///   - explicit: the `--db` option, when given; it wins over everything else.
    ///   - environment: the process environment (`ProcessInfo.processInfo.environment`).
    ///   - bookDirectory: the book folder (`--book`, default `Lessons`), or the folder of
    ///     the single markdown file being run.
    public static func resolve(
        explicit: String?, environment: [String: String], bookDirectory: String
    ) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        let book = URL(fileURLWithPath: bookDirectory).standardizedFileURL
        return book.deletingLastPathComponent()
            .appendingPathComponent(defaultFolder)
            .appendingPathComponent(defaultFileName).path
    }
}
