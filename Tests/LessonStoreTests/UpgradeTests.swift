import Foundation
import GRDB
import Testing
@testable import LessonStore

/// `Tests/Fixtures/store/v1.sqlite` was made by the `v1` migration alone, `v2.sqlite` by v1 then
/// v2; both migrations have shipped and are frozen. Run the suite with
/// `LESSONS_RECORD_FIXTURE=v3` only to add the fixture of a new migration `v3` (and add it to
/// the arguments below); never to make an old fixture again. These tests prove an old database is upgraded without loss.
@Suite("Upgrading an old database")
struct UpgradeTests {
    /// `Tests/Fixtures/store/<version>.sqlite`.
    static func fixture(_ version: String) -> String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/store/\(version).sqlite").path
    }
    static let fixture = fixture("v1")

    /// Columns that later migrations add to v1's tables: v2 `book_commit`, v4 the claims' pins
    /// and timing intervals, v5 the attempts' toolchain, chapter digest and seal.
    static let laterColumns: Set = ["book_commit", "pins", "interval_low", "interval_high", "inconclusive", "bound",
                                    "toolchain", "chapter_digest", "seal"]

    /// Every table of v1 with its columns, in a stable order, as text.
    static func dumpV1Tables(_ db: Database) throws -> [String: [[String]]] {
        let tables = ["runs", "cell_results", "metrics", "claims", "outputs", "learners",
                      "progress", "exercise_attempts"]
        var dump: [String: [[String]]] = [:]
        for table in tables {
            let columns = try db.columns(in: table).map(\.name).filter { !Self.laterColumns.contains($0) }
            let rows = try Row.fetchAll(
                db, sql: "SELECT \(columns.joined(separator: ", ")) FROM \(table) ORDER BY id")
            dump[table] = rows.map { row in columns.map { "\(row[$0] as DatabaseValue)" } }
        }
        return dump
    }

    /// The fixture made by each shipped migration, and the migration itself, still agree: a
    /// failure here means a frozen migration was edited (restore it; add a new one instead).
    @Test(arguments: ["v1", "v2"])
    func frozenMigrationStillMakesItsFixture(version: String) throws {
        let path = Self.fixture(version)
        if ProcessInfo.processInfo.environment["LESSONS_RECORD_FIXTURE"] == version {
            try V1Fixture.record(at: path, upTo: version)
        }
        let fixture = try DatabaseQueue(path: path, configuration: Self.readOnly)
        let fresh = try DatabaseQueue()
        try Schema.migrator.migrate(fresh, upTo: version)
        #expect(try fresh.read(Self.schema) == fixture.read(Self.schema))
        let identifiers = Schema.migrations.map(\.identifier)
        let last = try #require(identifiers.firstIndex(of: version))
        #expect(try fixture.read { db in try Schema.migrator.appliedMigrations(db) }
                == Array(identifiers[...last]))
    }

    @Test func v1DatabaseIsUpgradedWithoutLoss() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("old.sqlite")
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: path)
        let before = try DatabaseQueue(path: Self.fixture, configuration: Self.readOnly)
            .read(Self.dumpV1Tables)
        #expect(before["runs"]?.count == 1)
        #expect(before["progress"]?.count == 4)

        let db = try LessonDatabase.open(at: path)
        #expect(try db.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5"])
        let after = try #require(db.queue).read(Self.dumpV1Tables)
        #expect(after == before)

        // The old run is usable: cache, history, provenance (no commit was known in v1).
        let cached = try #require(try db.cachedRows(chapter: "two-3x3", key: V1Fixture.cacheKey))
        #expect(cached.cells.map(\.cellID) == ["c1", "c2"])
        #expect(cached.bookCommit == nil)
        #expect(try db.history(of: "params.ratio").map(\.value) == [0.72])
        let ada = try #require(try db.existingLearner(named: "Ada"))
        let progress = try db.progress(of: ada, in: "two-3x3")
        #expect(progress.cellsSeen == ["c1", "c2", "ex1"])
        #expect(progress.position?.status == .passed)
        #expect(progress.exercisesPassed == ["ex1"])

        // New writes work on the upgraded file.
        _ = try db.save(sampleRows())
        #expect(try db.runs().count == 2)
        #expect(try db.integrityCheck() == ["ok"])
        // The fixture itself was only read.
        #expect(try DatabaseQueue(path: Self.fixture, configuration: Self.readOnly)
            .read { db in try Schema.migrator.appliedMigrations(db) } == ["v1"])
    }

    @Test func v2DatabaseLosesOnlyTheCompilerVersionsTable() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("v2.sqlite")
        try FileManager.default.copyItem(atPath: Self.fixture("v2"), toPath: path)
        let before = try DatabaseQueue(path: path, configuration: Self.readOnly).read(Self.dumpV1Tables)
        let db = try LessonDatabase.open(at: path)
        #expect(try db.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5"])
        #expect(try #require(db.queue).read(Self.dumpV1Tables) == before)
        #expect(try #require(db.queue).read { db in try db.tableExists("compiler_versions") } == false)
        #expect(try #require(db.queue).read { db in try db.tableExists("run_diagnostics") })
    }

    static var readOnly: Configuration {
        var config = Configuration()
        config.readonly = true
        return config
    }

    static func schema(_ db: Database) throws -> [String] {
        try String.fetchAll(
            db, sql: "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name != 'grdb_migrations' ORDER BY name")
    }
}

/// Writes the v1 fixture: the v1 schema and a little of everything, in rollback-journal mode
/// so that the single file holds it all.
enum V1Fixture {
    static let cacheKey = "v1-fixture-key"

    /// Writes the fixture of `version`: the v1 rows, then the later migrations up to it.
    static func record(at path: String, upTo version: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v1")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO runs (id, chapter, file, cache_key, status, started_at, ended_at,
                                  duration_ms, started_at_exact, compiler_version, host)
                VALUES (1, 'two-3x3', 'Lessons/02-two-3x3.md', ?, 'passed',
                        '2026-11-28 20:00:00.000', '2026-11-28 20:00:00.812', 812.5,
                        785966400.0, 'Swift version 6.3.1 (swift-6.3.1-RELEASE)', 'old-box');
                INSERT INTO cell_results (id, run_id, position, cell_id, line, status, stdout, stderr,
                                          error_file, error_line, error_column, error_message, duration_ms)
                VALUES (1, 1, 0, 'c1', 12, 'passed', 'ratio 0.72
                ', '', NULL, NULL, NULL, NULL, 3.25),
                       (2, 1, 1, 'c2', 30, 'failed', '', 'Fatal error: shape mismatch',
                        'Lessons/02-two-3x3.md', 33, 5, 'Fatal error: shape mismatch', 1.0);
                INSERT INTO metrics (cell_result_id, position, name, value, unit)
                VALUES (1, 0, 'params.ratio', 0.72, NULL), (1, 1, 'params.five', 102400, 'weights');
                INSERT INTO claims (cell_result_id, position, statement, passed, measured, expected, tolerance, line)
                VALUES (1, 0, 'two 3×3 need 28% fewer weights', 1, 0.72, 0.72, 0.005, 20);
                INSERT INTO outputs (cell_result_id, position, json)
                VALUES (1, 0, '{"type":"text","text":"hello"}');
                INSERT INTO learners (id, name, created_at) VALUES (1, 'Ada', '2026-11-28 19:00:00.000'),
                                                                   (2, 'Zoë O''Brien', '2026-11-28 19:30:00.000');
                INSERT INTO progress (learner_id, chapter, cell_id, status, at)
                VALUES (1, 'two-3x3', 'c1', 'seen', '2026-11-28 19:01:00.000'),
                       (1, 'two-3x3', 'c2', 'seen', '2026-11-28 19:02:00.000'),
                       (1, 'two-3x3', 'ex1', 'passed', '2026-11-28 19:03:00.000'),
                       (2, 'two-3x3', 'c1', 'seen', '2026-11-28 19:31:00.000');
                INSERT INTO exercise_attempts (learner_id, chapter, cell_id, code, passed, at)
                VALUES (1, 'two-3x3', 'ex1', 'let k = 3', 0, '2026-11-28 19:02:30.000'),
                       (1, 'two-3x3', 'ex1', 'let k = 5', 1, '2026-11-28 19:03:00.000');
                """, arguments: [cacheKey])
        }
        try Schema.migrator.migrate(queue, upTo: version)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "VACUUM") }
        try queue.close()
    }
}
