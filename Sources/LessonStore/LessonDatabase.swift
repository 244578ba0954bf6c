import Foundation
import GRDB

/// The store that keeps every run, result and learner's step: a SQLite file (the default)
/// or, with the `Postgres` trait, a PostgreSQL database named by a `postgres://` URL.
///
/// Open it with ``open(at:createFolder:)``; it is safe to share between threads, and several
/// processes may use the same store at once (one transaction per write on either backend).
public final class LessonDatabase: Sendable {
    /// Where the store is, as given: a file path, or the URL without its password.
    public let path: String
    /// The backend every query goes through.
    let backend: any StoreBackend

    /// How long a writer waits for another process's transaction before giving up. A chapter
    /// run is written in milliseconds; the margin covers a loaded 2-core machine.
    static let busyTimeout: TimeInterval = 30

    init(path: String, backend: any StoreBackend) {
        self.path = path
        self.backend = backend
    }

    /// The SQLite connection, for the tests that look at the file itself; nil on PostgreSQL.
    var queue: DatabaseQueue? { (backend as? SQLiteBackend)?.queue }

    /// The folder of a SQLite store's file, where what belongs with the store is kept beside
    /// it (the engine's `ProgramCache`); nil on PostgreSQL.
    public var folder: String? {
        guard backend is SQLiteBackend else { return nil }
        return URL(fileURLWithPath: path).deletingLastPathComponent().path
    }

    /// Opens the store at `path`, creating it when missing, and brings its schema up to date.
    ///
    /// A `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?schema=NAME]` URL (or
    /// `postgresql://`) names a PostgreSQL database: the build needs the `Postgres` trait,
    /// and a server that cannot be reached is an error naming what failed, never a reason to
    /// fall back to SQLite. Anything else is a SQLite file (see `SQLiteOpening`): its folder is
    /// created unless `createFolder` is false (then a missing folder is
    /// `StoreError.missingFolder`), and `PATH?mode=ro` opens it read-only.
    public static func open(at given: String, createFolder create: Bool = true) throws(StoreError) -> LessonDatabase {
        if let url = try PostgresURL(parsing: given) {
            return LessonDatabase(path: url.redacted, backend: try openPostgres(url))
        }
        let backend = try SQLiteOpening.open(at: given, createFolder: create)
        return LessonDatabase(path: backend.path, backend: backend)
    }

    /// Whether the store is on a database server (PostgreSQL) rather than in a local file.
    public var isOnServer: Bool { !(backend is SQLiteBackend) }

    /// The identifiers of the migrations applied to this database, oldest first.
    public func appliedMigrations() throws(StoreError) -> [String] {
        do { return try backend.appliedMigrations() } catch { throw StoreError(using: path, error) }
    }

    /// SQLite's `PRAGMA integrity_check` (`["ok"]` when sound); nil on PostgreSQL, which
    /// keeps its own consistency and has no such check.
    public func integrityCheck() throws(StoreError) -> [String]? {
        do { return try backend.integrityCheck() } catch { throw StoreError(using: path, error) }
    }

    /// Reads inside one transaction, mapping failures to ``StoreError``.
    func read<T>(_ body: (any SQLSession) throws -> T) throws(StoreError) -> T {
        do {
            return try backend.read(body)
        } catch {
            throw StoreError(using: path, error)
        }
    }

    /// Writes inside one transaction, mapping failures to ``StoreError``.
    func write<T>(_ body: (any SQLSession) throws -> T) throws(StoreError) -> T {
        do {
            return try backend.write(body)
        } catch {
            throw StoreError(using: path, error)
        }
    }

    /// The PostgreSQL backend, or the error saying how to build one.
    private static func openPostgres(_ url: PostgresURL) throws(StoreError) -> any StoreBackend {
        #if Postgres
        return try PostgresBackend.open(url)
        #else
        throw .postgresNotBuilt(url: url.redacted)
        #endif
    }
}
