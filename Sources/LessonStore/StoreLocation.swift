import Foundation

/// Where the database is (a file, or a `postgres://` URL): `--db`, else `$LESSONS_DB`, else
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
        SQLiteOpening.readOnlyRequest(path).path
    }

    /// Whether `path` names a store on a database server (`postgres://…`), not a file.
    public static func isServer(_ path: String) -> Bool {
        let lowered = path.lowercased()
        return PostgresURL.schemes.contains { lowered.hasPrefix($0 + "://") }
    }

    /// Whether there is a store at `path` to read: the file exists, or `path` names a server
    /// (whose store is found, or made, when it is opened).
    public static func exists(_ path: String) -> Bool {
        isServer(path) || FileManager.default.fileExists(atPath: file(of: path))
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
