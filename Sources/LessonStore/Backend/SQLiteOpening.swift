import Foundation
import GRDB
import GRDBSQLite

/// Opening a SQLite store file: created when missing, checked before anything is written,
/// set up under the creation lock, migrated; read-only when it cannot (or should not) be written.
enum SQLiteOpening {
    /// Opens the database at `path`, creating it when missing (and its folder, unless
    /// `createFolder` is false: then a missing folder is `StoreError.missingFolder`), and
    /// brings its schema up to date.
    ///
    /// A file that is not ours is never written: its header and integrity are checked through
    /// a read-only connection before anything else (a read-write open would switch it to WAL
    /// mode, which rewrites its header).
    ///
    /// A database the process may not write (no write permission, an immutable file) or
    /// named `PATH?mode=ro` (or `file:PATH?mode=ro`) is opened read-only: reads work, and
    /// a write fails with `StoreError.readOnly`.
    static func open(at given: String, createFolder create: Bool = true) throws(StoreError) -> SQLiteBackend {
        let (path, askedReadOnly) = readOnlyRequest(given)
        let existing = try FileCheck.existingSize(path)
        if askedReadOnly || (existing > 0 && !FileCheck.isWritable(path)) {
            return try openReadOnly(path)
        }
        try createFolder(for: path, create: create)
        // A file that is not ours gets no side file, not even the lock: checked first.
        let existed = try FileCheck.existingSize(path) > 0
        if existed {
            try FileCheck.requireSQLiteHeader(path)
            try inspectReadOnly(path)
        }
        // Setup (WAL switch, migrations) one process at a time; see CreationLock.
        let lock = try CreationLock.acquire(for: path, timeout: LessonDatabase.busyTimeout)
        defer { lock?.release() }
        if !existed, try FileCheck.existingSize(path) > 0 {
            // Another process created it while we waited for the lock: check what it made.
            try FileCheck.requireSQLiteHeader(path)
            try inspectReadOnly(path)
        }
        let queue: DatabaseQueue
        do {
            var config = Configuration()
            config.busyMode = .timeout(LessonDatabase.busyTimeout)
            config.foreignKeysEnabled = true
            config.prepareDatabase { db in
                // WAL is a property of the file, so this changes it only once. Not GRDB's
                // `journalMode = .wal`: for the sake of pools it commits a dummy transaction
                // on every open, a synced write that cost ~0.1 s of a cached `lessons run`.
                // NORMAL in WAL mode survives a killed process; after a power cut the last
                // commits may be lost, never the file's consistency.
                try db.execute(sql: "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
            }
            queue = try DatabaseQueue(path: path, configuration: config)
            try queue.writeWithoutTransaction { db in
                // SQLite silently opens a write-protected file read-only; find out now, not
                // in the middle of the first run.
                if sqlite3_db_readonly(db.sqliteConnection, "main") == 1 {
                    throw StoreError.readOnly(path: path, detail: "the file cannot be written")
                }
            }
        } catch {
            throw StoreError(opening: path, error)
        }
        try migrate(queue, path: path)
        return SQLiteBackend(path: path, queue: queue)
    }

    /// The file path in `PATH?mode=ro` or `file:PATH?mode=ro`, and whether read-only was
    /// asked for. Any other path is returned as it is.
    static func readOnlyRequest(_ given: String) -> (path: String, readOnly: Bool) {
        guard given.hasSuffix("?mode=ro") else { return (given, false) }
        var path = String(given.dropLast("?mode=ro".count))
        if path.hasPrefix("file:") { path.removeFirst("file:".count) }
        return (path, true)
    }

    /// Opens an existing, up-to-date database for reading only: nothing is created, switched
    /// or migrated, so the file stays exactly as it is.
    private static func openReadOnly(_ path: String) throws(StoreError) -> SQLiteBackend {
        guard try FileCheck.existingSize(path) > 0 else {
            throw .cannotOpen(path: path, detail: "there is no database to read there")
        }
        try FileCheck.requireSQLiteHeader(path)
        try inspectReadOnly(path)
        do {
            var config = Configuration()
            config.readonly = true
            config.busyMode = .timeout(LessonDatabase.busyTimeout)
            config.foreignKeysEnabled = true
            let queue = try DatabaseQueue(path: path, configuration: config)
            let current = try queue.read { db in try Schema.migrator.hasCompletedMigrations(db) }
            guard current else {
                throw StoreError.readOnly(path: path, detail: "it needs an upgrade to this Lessonbook's schema, "
                    + "which needs write access")
            }
            return SQLiteBackend(path: path, queue: queue)
        } catch {
            throw StoreError(opening: path, error)
        }
    }

    private static func createFolder(for path: String, create: Bool) throws(StoreError) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            if isFolder.boolValue { return }
            throw .cannotOpen(path: path, detail: "\(folder) is a file, not a folder")
        }
        // A path the user typed (--db) gets no folder made for it: a typo would otherwise
        // leave results in a new folder tree no one will look in.
        guard create else { throw .missingFolder(path: path, folder: folder) }
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true)
        } catch {
            let reason = (error as NSError).localizedDescription
            if FileCheck.isWritable(FileCheck.nearestExistingAncestor(of: folder)) {
                throw .cannotOpen(path: path, detail: "cannot create \(folder): \(reason)")
            }
            throw .readOnly(path: path, detail: "cannot create the folder \(folder)")
        }
    }

    /// Checks an existing file through a read-only connection: sound, and ours (or empty).
    private static func inspectReadOnly(_ path: String) throws(StoreError) {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(LessonDatabase.busyTimeout)
        do {
            let reader = try DatabaseQueue(path: path, configuration: config)
            try reader.read { db in
                let verdict = try String.fetchAll(db, sql: "PRAGMA quick_check")
                if verdict != ["ok"] {
                    throw StoreError.damaged(path: path, detail: verdict.prefix(3).joined(separator: "; "))
                }
                let tables = try String.fetchSet(
                    db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                if !tables.isEmpty && !tables.contains("grdb_migrations") {
                    throw StoreError.foreignDatabase(path: path)
                }
                if tables.contains("grdb_migrations") {
                    let known = Set(Schema.migrations.map(\.identifier))
                    let unknown = try Schema.migrator.appliedIdentifiers(db).subtracting(known)
                    if !unknown.isEmpty {
                        throw StoreError.newerSchema(path: path, unknownMigrations: unknown.sorted())
                    }
                }
            }
            try reader.close()
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(opening: path, error)
        }
    }

    /// Applies missing migrations. Two processes opening a new file at once may both see a
    /// migration as missing; the loser's transaction fails (the table exists by then) and is
    /// rolled back, so it reads the applied list again and finds nothing left to do.
    private static func migrate(_ queue: DatabaseQueue, path: String) throws(StoreError) {
        let migrator = Schema.migrator
        var attempt = 0
        while true {
            do {
                try migrator.migrate(queue)
                return
            } catch {
                attempt += 1
                let done = (try? queue.read { db in try migrator.hasCompletedMigrations(db) }) ?? false
                if done { return }
                if attempt >= 5 { throw StoreError(opening: path, error) }
            }
        }
    }
}
