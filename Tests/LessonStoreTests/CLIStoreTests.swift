import CLIHarness
import Foundation
import Testing
@testable import LessonStore

/// The store through the real `lessons` executable: cache, `--no-cache`, `--db`,
/// `LESSONS_DB`, history, two runs at once, and store errors as exit status 2.
@Suite("lessons and its database", .timeLimit(.minutes(3)))
struct CLIStoreTests {
    /// A book of two chapters: one deterministic, one recording the clock.
    final class Book {
        let folder: TemporaryFolder
        var lessons: String { folder.file("Lessons") }
        var db: String { folder.file("results.sqlite") }

        init() throws {
            folder = try TemporaryFolder()
            try FileManager.default.createDirectory(atPath: folder.file("Lessons"), withIntermediateDirectories: true)
            try Self.write(folder.file("Lessons/01-stable.md"), """
                # Stable

                ```swift
                let n = 21
                record("answer", Double(n * 2), unit: "units")
                print("answer", n * 2)
                claim("the answer is 42", n * 2 == 42)
                ```
                """)
            try Self.write(folder.file("Lessons/02-clock.md"), """
                # Clock

                ```swift
                import Foundation
                record("clock", Double(DispatchTime.now().uptimeNanoseconds))
                ```
                """)
        }

        static func write(_ path: String, _ text: String) throws {
            try Data((text + "\n").utf8).write(to: URL(fileURLWithPath: path))
        }

        /// Runs `lessons` with `--book` and `--db` of this book (unless `db` is nil).
        func lessons(_ arguments: [String], db: String?? = .none,
                     environment: [String: String?] = [:]) throws -> CLI.Result {
            var all = arguments + ["--book", lessons]
            switch db {
            case .none: all += ["--db", self.db]
            case .some(.some(let path)): all += ["--db", path]
            case .some(.none): break
            }
            // No LESSONS_DB unless a test sets one: without --db the database is the default one.
            var overrides: [String: String?] = ["LESSONS_DB": nil]
            for (name, value) in environment { overrides[name] = value }
            return try CLI.run(all, environment: overrides)
        }
    }

    @Test func cachedRunPrintsWhatTheFreshRunPrinted() throws {
        let book = try Book()
        let fresh = try book.lessons(["run", "stable", "--json"])
        #expect(fresh.status == 0, "\(fresh.stderr)")
        let cached = try book.lessons(["run", "stable", "--json"])
        #expect(cached.status == 0)
        #expect(cached.stdout == fresh.stdout)
        let db = try LessonDatabase.open(at: book.db)
        #expect(try db.runs(chapter: "stable").count == 1, "the cached run was stored again")

        // --no-cache runs again (and keeps that run); the text report of the cache equals it.
        let forced = try book.lessons(["run", "stable", "--no-cache"])
        #expect(forced.status == 0)
        #expect(try db.runs(chapter: "stable").count == 2)
        let cachedText = try book.lessons(["run", "stable"])
        #expect(cachedText.stdout == forced.stdout)
        #expect(try db.runs(chapter: "stable").count == 2)
    }

    /// Two processes run the whole book at once on one database; then the history of its
    /// metrics shows both runs, and the clock's values are flagged as non-deterministic.
    @Test func twoRunsAtOnceBothArriveAndMakeHistory() throws {
        let book = try Book()
        let children = try (0..<2).map { _ in
            try CLI.start(["run", "--no-cache", "--book", book.lessons, "--db", book.db])
        }
        for child in children {
            let result = try child.finish()
            #expect(result.status == 0, "\(result.stderr)")
        }
        let db = try LessonDatabase.open(at: book.db)
        for chapter in ["stable", "clock"] {
            let runs = try db.runs(chapter: chapter)
            #expect(runs.count == 2)
            for run in runs {
                #expect(try db.cachedRun(chapter: chapter, key: run.cacheKey)?.cells.count == 1)
            }
        }
        #expect(try db.integrityCheck() == ["ok"])

        let stable = try book.lessons(["history", "answer", "--json"])
        #expect(stable.status == 0, "\(stable.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(stable.stdout.utf8)) as? [String: Any])
        let points = try #require(document["points"] as? [[String: Any]])
        #expect(points.count == 2)
        #expect(points.allSatisfy { $0["value"] as? Double == 42 && $0["unit"] as? String == "units" })
        #expect(points.allSatisfy { ($0["host"] as? String)?.isEmpty == false && $0["startedAt"] is String })
        #expect(document["nonDeterministic"] as? Bool == false)

        let clock = try book.lessons(["history", "clock"])
        #expect(clock.status == 0)
        #expect(clock.stdout.hasPrefix("clock: 2 values"))
        #expect(clock.stdout.components(separatedBy: "≠ non-deterministic").count == 3)
        let inChapter = try book.lessons(["history", "answer", "--chapter", "clock"])
        #expect(inChapter.status == 2)
        #expect(inChapter.stderr.contains("Recorded: clock."))
        let unknown = try book.lessons(["history", "speed"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no metric named 'speed'"))
        #expect(unknown.stderr.contains("Recorded: answer, clock."))
    }

    @Test func databaseComesFromTheEnvironmentOrBesideTheBook() throws {
        let book = try Book()
        let fromEnvironment = book.folder.file("env/results.sqlite")
        let run = try book.lessons(["run", "stable"], db: .some(nil),
                                   environment: [StoreLocation.environmentVariable: fromEnvironment])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try LessonDatabase.open(at: fromEnvironment).runs().count == 1)
        // Without either, the default is beside the book (history names it: nothing there yet).
        let besideBook = try book.lessons(["history", "answer"], db: .some(nil),
                                          environment: [StoreLocation.environmentVariable: ""])
        #expect(besideBook.status == 2)
        let expected = URL(fileURLWithPath: book.folder.path).standardizedFileURL.path + "/.lessons/lessons.sqlite"
        #expect(besideBook.stderr.contains("no results yet at \(expected)"))
    }

    @Test func storeProblemsExitWithTwoAndTouchNothing() throws {
        let book = try Book()
        let notes = book.folder.file("notes.txt")
        try Book.write(notes, "my notes, not a database")
        let before = try bytes(notes)
        let foreign = try book.lessons(["run", "stable"], db: .some(notes))
        #expect(foreign.status == 2)
        #expect(foreign.stderr.contains("lessons: error: \(notes) is not a SQLite database"))
        #expect(try bytes(notes) == before)
        let history = try book.lessons(["history", "answer"], db: .some(notes))
        #expect(history.status == 2)
        let missing = try book.lessons(["history", "answer"], db: .some(book.folder.file("none.sqlite")))
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no results yet"))

        let locked = book.folder.file("locked")
        try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: true)
        try ReadOnly.lock(locked)
        defer { ReadOnly.unlock(locked) }
        let readOnly = try book.lessons(["verify"], db: .some(locked + "/results.sqlite"))
        #expect(readOnly.status == 2)
        #expect(readOnly.stderr.contains("read-only"))
    }
}


/// A store `lessons` may not write still serves the commands that only read.
@Suite("A read-only store") struct ReadOnlyStoreCLITests {
    @Test func readOnlyCommandsWorkOnAReadOnlyStore() throws {
        let book = try CLIStoreTests.Book()
        let first = try book.lessons(["run"])
        #expect(first.status == 0, "\(first.stderr)")
        let db = try LessonDatabase.open(at: book.db)
        try #require(db.queue).writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try #require(db.queue).close()
        try ReadOnly.lock(book.db)
        defer { ReadOnly.unlock(book.db) }
        for named in [book.db, book.db + "?mode=ro"] {
            let history = try book.lessons(["history", "answer"], db: .some(named))
            #expect(history.status == 0, "\(history.stderr)")
            #expect(history.stdout.contains("42"))
            let progress = try book.lessons(["progress"], db: .some(named))
            #expect(progress.status == 0, "\(progress.stderr)")
            let cached = try book.lessons(["run", "stable"], db: .some(named))
            #expect(cached.status == 0, "\(cached.stderr)")
            #expect(cached.stdout.contains("answer 42"))
            let site = book.folder.file("site-\(named.hasSuffix("ro") ? "ro" : "plain")")
            let build = try book.lessons(["build", "--out", site], db: .some(named))
            #expect(build.status == 0, "\(build.stdout)\(build.stderr)")
            #expect(FileManager.default.fileExists(atPath: site + "/index.html"))
        }
    }
}

/// `lessons` on either backend: the one flag (`--db URL`) is all that differs.
@Suite("lessons on each backend", .timeLimit(.minutes(3)))
struct CLIBackendTests {
    @Test(arguments: TestBackend.all)
    func progressWrittenByOneMachineIsReadByLessons(on backend: TestBackend) throws {
        let book = try CLIStoreTests.Book()
        let store = try TestStore(backend)
        let ada = try store.database.learner(named: "Ada")
        try store.database.record(ProgressStep(chapter: "stable", cellID: "c1", status: .seen, at: Date()), for: ada)
        let result = try book.lessons(["progress", "--json", "--learner", "Ada"], db: .some(store.address))
        #expect(result.status == 0, "\(result.stderr)")
        struct Report: Decodable {
            struct Row: Decodable { var chapter: String; var cellsSeen: Int; var cells: Int }
            var learner: String
            var chapters: [Row]
        }
        let reports = try JSONDecoder().decode([Report].self, from: Data(result.stdout.utf8))
        #expect(reports.map(\.learner) == ["Ada"])
        #expect(reports.first?.chapters.map(\.chapter) == ["stable", "clock"])
        #expect(reports.first?.chapters.map(\.cellsSeen) == [1, 0])
        // The teacher's table reads the same store.
        let table = try book.lessons(["progress", "--class", "--json"], db: .some(store.address))
        #expect(table.status == 0, "\(table.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(table.stdout.utf8)) as? [[String: Any]])
        let adaRows = rows.filter { $0["learner"] as? String == "Ada" && $0["chapter"] as? String == "stable" }
        #expect(adaRows.count == 1)
        #expect(adaRows.first?["cells_seen"] as? Int == 1)
        #expect(adaRows.first?["cells_total"] as? Int == 1)
        // No file appears for a server URL: there is no silent SQLite beside the book.
        #expect(!FileManager.default.fileExists(atPath: book.folder.file(".lessons")))
    }

    /// Without the trait a URL says how to rebuild; with it, a server that is not there is
    /// named. Either way exit 2, and no SQLite file is made instead.
    @Test func aServerThatCannotBeUsedExitsWithTwo() throws {
        let book = try CLIStoreTests.Book()
        let url = "postgres://lessons@127.0.0.1:1/lessons"
        let result = try book.lessons(["progress", "--learner", "Ada"], db: .some(url))
        #expect(result.status == 2)
        #if Postgres
        #expect(result.stderr.contains("cannot connect to PostgreSQL at 127.0.0.1:1: connection refused"), "\(result.stderr)")
        #else
        #expect(result.stderr.contains("--traits Postgres"), "\(result.stderr)")
        #endif
        #expect(!FileManager.default.fileExists(atPath: book.folder.file(".lessons")))
    }
}
