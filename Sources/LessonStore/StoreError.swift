/// Why the store could not do what was asked, with a message the user can act on.
///
/// The CLI prints `description` and exits with code 2. Every case that concerns the database
/// file names its path, because the user usually did not choose it (`--db`, `LESSONS_DB` or
/// the default `.lessons/lessons.sqlite` beside the book).
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file at the path exists but is not a SQLite database; it was left untouched.
    case notADatabase(path: String)
    /// The file is a SQLite database, but damaged; it was left untouched.
    case damaged(path: String, detail: String)
    /// The file is a SQLite database made by something else than Lessonbook.
    case foreignDatabase(path: String)
    /// The database was written by a newer Lessonbook, whose schema this build does not know.
    case newerSchema(path: String, unknownMigrations: [String])
    /// The location cannot be written (read-only file, folder or file system).
    case readOnly(path: String, detail: String)
    /// The database could not be opened or created for another reason.
    case cannotOpen(path: String, detail: String)
    /// The folder of a database file named with `--db` does not exist.
    case missingFolder(path: String, folder: String)
    /// A read or write failed after the database was opened.
    case sqlite(path: String, detail: String)
    /// A learner name that cannot be used: empty, only spaces, too long, or unfit for a folder.
    case invalidLearnerName(String)
    /// A learner record file (`lessons progress --import`) that cannot be read as one.
    case badRecord(path: String, detail: String)
    /// A `postgres://` URL given to a build without the `Postgres` trait.
    case postgresNotBuilt(url: String)

    /// The message printed to the user.
    public var description: String {
        switch self {
        case .notADatabase(let path):
            return "\(path) is not a SQLite database, so it cannot hold the lessons' results. "
                + "It was left untouched. Move it away, or choose another file with --db PATH "
                + "or the LESSONS_DB environment variable."
        case .damaged(let path, let detail):
            return "the database \(path) is damaged (\(detail)). It was left untouched. "
                + "Move it away to keep it, or delete it to start afresh "
                + "(results are re-created by running the book again)."
        case .foreignDatabase(let path) where path.hasPrefix("postgres://"):
            return "\(path) holds tables Lessonbook did not create. They were left untouched. "
                + "Give the class a database of its own, or a schema of its own with ?schema=NAME."
        case .foreignDatabase(let path):
            return "\(path) is a SQLite database, but not one of Lessonbook's (it has tables "
                + "Lessonbook did not create). It was left untouched. Choose another file "
                + "with --db PATH or the LESSONS_DB environment variable."
        case .newerSchema(let path, let unknown):
            return "the database \(path) was written by a newer Lessonbook (schema "
                + "\(unknown.joined(separator: ", "))). Update Lessonbook, or use another "
                + "file with --db PATH."
        case .readOnly(let path, let detail):
            return "cannot write the database \(path): the location is read-only (\(detail)). "
                + "Make it writable, or choose a writable file with --db PATH or the "
                + "LESSONS_DB environment variable."
        case .cannotOpen(let path, let detail):
            return "cannot open the database \(path): \(detail)"
        case .missingFolder(let path, let folder):
            return "cannot open the database \(path): the folder \(folder) does not exist. Create it, "
                + "or name a file in an existing folder with --db PATH."
        case .sqlite(let path, let detail):
            return "the database \(path) failed: \(detail)"
        case .postgresNotBuilt(let url):
            return "\(url) names a PostgreSQL database, but this lessons was built without "
                + "PostgreSQL support. Rebuild it with the Postgres trait: "
                + "`swift build -c release --traits Postgres` (or `swift run -c release --traits "
                + "Postgres lessons ...`), or use a SQLite file with --db PATH."
        case .invalidLearnerName(let name):
            return "the learner name \"\(name.debugDescription.dropFirst().dropLast())\" cannot be used: give a name of 1 to "
                + "\(LearnerName.maximumLength) characters that is not only spaces, does not start with '.', "
                + "and has no '/', '\\', '..' or control characters (it names the learner's folder)."
        case .badRecord(let path, let detail):
            return "\(path): \(detail)"
        }
    }
}
