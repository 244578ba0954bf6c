import Foundation
import Testing
@testable import LessonStore

/// What is particular to a store on a server: the URL, and the errors of a server that is
/// not there, refuses the user or holds someone else's tables. Never a fall back to SQLite.
@Suite("PostgreSQL URLs")
struct PostgresURLTests {
    @Test func aURLIsParsedAndShownWithoutItsPassword() throws {
        let url = try #require(try PostgresURL(parsing: "postgres://ada:s3cret@db.school.org:6543/class?schema=cnn_2026",
                                               environment: [:]))
        #expect(url == PostgresURL(user: "ada", password: "s3cret", host: "db.school.org", port: 6543,
                                   database: "class", schema: "cnn_2026"))
        #expect(url.redacted == "postgres://ada@db.school.org:6543/class?schema=cnn_2026")
        let plain = try #require(try PostgresURL(parsing: "postgresql://bob@127.0.0.1/lessons",
                                                 environment: ["PGPASSWORD": "pw"]))
        #expect(plain.port == 5432 && plain.password == "pw" && plain.schema == nil)
        #expect(try PostgresURL(parsing: ".lessons/lessons.sqlite") == nil)
        #expect(StoreLocation.isServer("POSTGRES://a@b/c") && !StoreLocation.isServer("postgres.sqlite"))
    }

    @Test(arguments: [
        ("postgres://127.0.0.1:5432/lessons", "names no user"),
        ("postgres://ada@127.0.0.1:5432/", "names no database"),
        ("postgres://ada@127.0.0.1/lessons?sslmode=require", "its only option is ?schema=NAME"),
    ])
    func anIncompleteURLIsRefusedSayingWhatIsMissing(text: String, problem: String) throws {
        let error = #expect(throws: StoreError.self) { try LessonDatabase.open(at: text) }
        #expect(error?.description.contains(problem) == true, "\(String(describing: error))")
        #expect(error?.description.contains("postgres://USER@HOST:PORT/DATABASE") == true)
    }

    @Test func aPasswordNeverAppearsInAMessage() throws {
        let error = #expect(throws: StoreError.self) { try LessonDatabase.open(at: "postgres://ada:s3cret@127.0.0.1:1/") }
        #expect(error?.description.contains("s3cret") == false)
    }

    #if !Postgres
    /// A build without the trait names the way to rebuild, and does not make a SQLite file.
    @Test func aBuildWithoutTheTraitSaysHowToRebuild() throws {
        let error = #expect(throws: StoreError.self) { try LessonDatabase.open(at: "postgres://ada@127.0.0.1:5432/lessons") }
        #expect(error == .postgresNotBuilt(url: "postgres://ada@127.0.0.1:5432/lessons"))
        #expect(error?.description.contains("--traits Postgres") == true)
    }
    #endif
}

#if Postgres
/// A real server's refusals (`LESSONS_TEST_POSTGRES_URL`), each named in the message.
@Suite("PostgreSQL errors")
struct PostgresErrorTests {
    static var server: PostgresURL? {
        guard case .postgres(let text)? = TestBackend.all.last else { return nil }
        return try? PostgresURL(parsing: text)
    }

    static func message(opening text: String) -> String {
        do {
            _ = try LessonDatabase.open(at: text)
            return "opened"
        } catch {
            return error.description
        }
    }

    @Test(.enabled(if: server != nil)) func aClosedPortIsNamed() throws {
        // A port that was free a moment ago: nothing listens there.
        let port = try freePort()
        let text = "postgres://lessons@127.0.0.1:\(port)/lessons"
        #expect(Self.message(opening: text) == "cannot open the database \(text): cannot connect to PostgreSQL at "
            + "127.0.0.1:\(port): connection refused")
    }

    @Test(.enabled(if: server != nil)) func anUnknownHostIsNamed() throws {
        let message = Self.message(opening: "postgres://lessons@no-such-host.invalid:5432/lessons")
        #expect(message.hasPrefix("cannot open the database postgres://lessons@no-such-host.invalid:5432/lessons: "
            + "cannot connect to PostgreSQL at no-such-host.invalid:5432: "), "\(message)")
    }

    @Test(.enabled(if: server != nil)) func anUnknownDatabaseOrUserIsNamed() throws {
        let server = try #require(Self.server)
        let noDatabase = Self.message(opening: "postgres://\(server.user)@\(server.address)/no_such_db")
        #expect(noDatabase.contains("database \"no_such_db\" does not exist"), "\(noDatabase)")
        let noUser = Self.message(opening: "postgres://nobody_here@\(server.address)/\(server.database)")
        #expect(noUser.contains("role \"nobody_here\" does not exist"), "\(noUser)")
    }

    @Test(.enabled(if: server != nil)) func someoneElsesTablesAndANewerSchemaAreRefused() throws {
        let store = try TestStore(.postgres(url: try #require(TestBackend.all.last.flatMap {
            if case .postgres(let url) = $0 { url } else { nil } })))
        let schema = String(try #require(store.address.split(separator: "=").last))
        // A newer Lessonbook's migration.
        try store.database.write { try $0.execute("INSERT INTO grdb_migrations (identifier) VALUES ('v99')") }
        #expect(throws: StoreError.newerSchema(path: store.database.path, unknownMigrations: ["v99"])) {
            try LessonDatabase.open(at: store.address)
        }
        // Someone else's tables in a schema of their own.
        let foreign = store.address.replacingOccurrences(of: schema, with: schema + "_other")
        try store.database.write { session in
            try session.execute("CREATE SCHEMA \"\(schema)_other\"")
            try session.execute("CREATE TABLE \"\(schema)_other\".invoices (id BIGINT PRIMARY KEY)")
        }
        defer { _ = try? store.database.write { try $0.execute("DROP SCHEMA \"\(schema)_other\" CASCADE") } }
        let error = #expect(throws: StoreError.self) { try LessonDatabase.open(at: foreign) }
        #expect(error?.description.contains("holds tables Lessonbook did not create") == true)
    }

    @Test(.enabled(if: server != nil)) func theSchemaHasTheSameVersionAsSQLites() throws {
        let store = try TestStore(.postgres(url: try #require(TestBackend.all.last.flatMap {
            if case .postgres(let url) = $0 { url } else { nil } })))
        #expect(try store.database.appliedMigrations() == Schema.migrations.map(\.identifier))
        // Opening again applies nothing and finds the same.
        #expect(try LessonDatabase.open(at: store.address).appliedMigrations() == Schema.migrations.map(\.identifier))
        // started_at_exact keeps every bit (DOUBLE PRECISION, not PostgreSQL's 4-byte REAL).
        let rows = sampleRows(started: 123_456_789.123_456_789)
        let id = try store.database.save(rows)
        #expect(try store.database.read { try RunRows.fetch($0, runID: id) }?.startedAt == rows.startedAt)
    }

    private func freePort() throws -> Int {
        let socket = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                guard bind(socket, raw, length) == 0, getsockname(socket, raw, &length) == 0 else {
                    throw POSIXError(.EADDRINUSE)
                }
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
#endif

/// The one rewriting of the store's SQL for PostgreSQL: only code is touched, never text in
/// quotes or comments.
@Suite("SQL for PostgreSQL")
struct SQLTextTests {
    @Test func placeholdersAreNumberedAndTypedOutsideQuotesAndComments() {
        let sql = "SELECT '?' AS q, \"we?ird\" FROM t -- why?\nWHERE a = ? AND (? IS NULL OR b = ?) /* ? */"
        #expect(SQLText.numberingPlaceholders(sql, types: ["BIGINT", "TEXT", "TEXT"])
                == "SELECT '?' AS q, \"we?ird\" FROM t -- why?\nWHERE a = $1::BIGINT AND ($2::TEXT IS NULL OR b = $3::TEXT) /* ? */")
    }

    @Test func aMigrationSplitsIntoStatementsWithoutItsComments() {
        let script = """
            ALTER TABLE runs ADD COLUMN book_commit TEXT /* the book's commit; NULL outside git */;
            CREATE TABLE x (          -- a comment; with a semicolon
              note TEXT DEFAULT 'a;b'
            );
            """
        #expect(SQLText.statements(script) == [
            "ALTER TABLE runs ADD COLUMN book_commit TEXT",
            "CREATE TABLE x (          \n  note TEXT DEFAULT 'a;b'\n)",
        ])
    }

    @Test func everyMigrationGetsPostgresTypes() {
        let all = Schema.migrations.flatMap { SQLText.statements($0.sql) }.map(SQLText.postgresSchema)
        #expect(all.contains { $0.contains("id               BIGSERIAL PRIMARY KEY") })
        #expect(all.contains { $0.contains("started_at_exact DOUBLE PRECISION NOT NULL") })
        #expect(all.allSatisfy { $0.firstMatch(of: /\bINTEGER\b|\bREAL\b/) == nil })
        #expect(all.count > Schema.migrations.count)
    }
}
