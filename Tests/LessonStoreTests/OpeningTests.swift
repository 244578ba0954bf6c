import Foundation
import GRDB
import Testing
@testable import LessonStore

@Suite("Opening the database")
struct OpeningTests {
    @Test func createsFolderAndSchemaInWALMode() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("deep/er/.lessons/lessons.sqlite")
        let db = try LessonDatabase.open(at: path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try db.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5"])
        try #require(db.queue).read { db in
            #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
            #expect(try Int.fetchOne(db, sql: "PRAGMA foreign_keys") == 1)
            let tables = try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
            #expect(tables.isSuperset(of: ["runs", "cell_results", "metrics", "claims", "outputs",
                                           "learners", "progress", "exercise_attempts", "run_diagnostics"]))
        }
        // Opening again finds everything in place and changes nothing.
        let again = try LessonDatabase.open(at: path)
        #expect(try again.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5"])
    }

    @Test(arguments: TestBackend.all) func foreignKeysRejectProgressOfAnUnknownLearner(on backend: TestBackend) throws {
        let store = try TestStore(backend)
        let db = store.database
        let ghost = Learner(id: 999, name: "ghost", createdAt: Date())
        #expect(throws: StoreError.self) {
            try db.record(ProgressStep(chapter: "c", cellID: "c1", status: .seen, at: Date()), for: ghost)
        }
    }

    @Test(arguments: [
        Data("hello, this is my shopping list\n".utf8),
        Data(repeating: 0, count: 4096),
        Data("SQLite format 2\0 and then some more bytes".utf8),
        Data("SQLite".utf8),
    ])
    func nonSQLiteFileIsRefusedAndLeftUntouched(content: Data) throws {
        let folder = try TemporaryFolder()
        let path = folder.file("lessons.sqlite")
        try content.write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.notADatabase(path: path)) { try LessonDatabase.open(at: path) }
        #expect(try bytes(path) == content)
        #expect(StoreError.notADatabase(path: path).description.contains(path))
        // No side files either: SQLite never opened it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["lessons.sqlite"])
    }

    @Test func damagedDatabaseIsRefusedAndLeftUntouched() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("lessons.sqlite")
        try makeDatabaseWithOneRun(at: path)
        // Keep page 1 (the header) and smash the pages that hold the tables.
        var content = try bytes(path)
        #expect(content.count > 8192)
        for index in 4096..<content.count where index % 7 != 0 { content[index] = 0xA5 }
        try content.write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: StoreError.self) { try LessonDatabase.open(at: path) }
        guard case .damaged(let errorPath, _) = error else {
            Issue.record("expected .damaged, got \(String(describing: error))")
            return
        }
        #expect(errorPath == path)
        #expect(error?.description.contains(path) == true)
        #expect(try bytes(path) == content)
    }

    @Test func truncatedDatabaseIsRefusedAndLeftUntouched() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("lessons.sqlite")
        try makeDatabaseWithOneRun(at: path)
        let content = try bytes(path).prefix(5000)
        try content.write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: StoreError.self) { try LessonDatabase.open(at: path) }
        #expect({ if case .damaged = error { true } else { false } }())
        #expect(try bytes(path) == content)
    }

    @Test func someoneElsesDatabaseIsRefused() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("other.sqlite")
        let other = try DatabaseQueue(path: path)
        try other.write { db in
            try db.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
            try db.execute(sql: "INSERT INTO invoices (total) VALUES (12.5)")
        }
        try other.close()
        let before = try bytes(path)
        #expect(throws: StoreError.foreignDatabase(path: path)) { try LessonDatabase.open(at: path) }
        #expect(try bytes(path) == before)
    }

    @Test func databaseFromANewerLessonbookIsRefused() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("lessons.sqlite")
        let db = try LessonDatabase.open(at: path)
        try #require(db.queue).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')")
        }
        try #require(db.queue).close()
        #expect(throws: StoreError.newerSchema(path: path, unknownMigrations: ["v99"])) {
            try LessonDatabase.open(at: path)
        }
    }

    @Test func folderAtThePathIsAClearError() throws {
        let folder = try TemporaryFolder()
        let error = #expect(throws: StoreError.self) { try LessonDatabase.open(at: folder.path) }
        #expect(error?.description.contains(folder.path) == true)
        #expect(error?.description.contains("folder") == true)
    }

    @Test func readOnlyFolderIsAClearError() throws {
        let folder = try TemporaryFolder()
        let locked = folder.file("locked")
        try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: true)
        try ReadOnly.lock(locked)
        defer { ReadOnly.unlock(locked) }
        for path in [locked + "/lessons.sqlite", locked + "/.lessons/lessons.sqlite"] {
            let error = #expect(throws: StoreError.self) { try LessonDatabase.open(at: path) }
            guard case .readOnly(let errorPath, _) = error else {
                Issue.record("expected .readOnly for \(path), got \(String(describing: error))")
                continue
            }
            #expect(errorPath == path)
            #expect(error?.description.contains("read-only") == true)
        }
    }

    @Test func readOnlyDatabaseFileIsReadAndAWriteIsAClearErrorAndItStaysIntact() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("lessons.sqlite")
        try makeDatabaseWithOneRun(at: path)
        let before = try bytes(path)
        try ReadOnly.lock(path)
        defer { ReadOnly.unlock(path) }
        let db = try LessonDatabase.open(at: path)
        #expect(try db.runs().count == 1)
        let error = #expect(throws: StoreError.self) { try db.save(sampleRows(key: "key-2")) }
        #expect({ if case .readOnly(path, _) = error { true } else { false } }())
        #expect(try bytes(path) == before)
    }

    @Test func modeROOpensAWritableFileReadOnly() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("lessons.sqlite")
        try makeDatabaseWithOneRun(at: path)
        let before = try bytes(path)
        for named in [path + "?mode=ro", "file:" + path + "?mode=ro"] {
            let db = try LessonDatabase.open(at: named)
            #expect(db.path == path)
            #expect(try db.runs().count == 1)
            #expect(throws: StoreError.self) { try db.save(sampleRows(key: "key-2")) }
        }
        #expect(try bytes(path) == before)
        #expect(throws: StoreError.self) { try LessonDatabase.open(at: folder.file("none.sqlite?mode=ro")) }
    }

    @Test func locationFollowsOptionThenEnvironmentThenBook() {
        let env = [StoreLocation.environmentVariable: "/tmp/from-env.sqlite"]
        #expect(StoreLocation.resolve(explicit: "x.sqlite", environment: env, bookDirectory: "Lessons")
                == "x.sqlite")
        #expect(StoreLocation.resolve(explicit: nil, environment: env, bookDirectory: "Lessons")
                == "/tmp/from-env.sqlite")
        #expect(StoreLocation.resolve(explicit: nil, environment: [:], bookDirectory: "/b/Lessons")
                == "/b/.lessons/lessons.sqlite")
        #expect(StoreLocation.resolve(explicit: nil, environment: [:], bookDirectory: "/b/Lessons/")
                == "/b/.lessons/lessons.sqlite")
        let cwd = FileManager.default.currentDirectoryPath
        #expect(StoreLocation.resolve(explicit: "", environment: [:], bookDirectory: "Lessons")
                == URL(fileURLWithPath: cwd).appendingPathComponent(".lessons/lessons.sqlite").path)
    }
}

/// Makes a file or folder unwritable even for root (the tests may run as root, who ignores
/// permission bits): `chattr +i` then; `chmod a-w` otherwise.
enum ReadOnly {
    static func lock(_ path: String) throws {
        if geteuid() == 0 {
            try run("/usr/bin/chattr", ["+i", path])
        } else {
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: path)
        }
    }

    static func unlock(_ path: String) {
        if geteuid() == 0 {
            try? run("/usr/bin/chattr", ["-i", path])
        } else {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
    }

    private static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path(arguments)])
        }
    }

    private static func path(_ arguments: [String]) -> String { arguments.last ?? "" }
}
