import Foundation
import Testing
@testable import LessonStore

/// A backend the store's tests run against: every test of the store's API takes one of
/// ``all`` as its argument, so the one suite checks SQLite and PostgreSQL alike.
enum TestBackend: Sendable, CustomTestStringConvertible {
    case sqlite
    /// The server named by `LESSONS_TEST_POSTGRES_URL` (`.ci/postgres.sh` starts one).
    case postgres(url: String)
    /// A build with the `Postgres` trait, in CI, without a server: a failure, not a skip.
    case postgresMissing

    /// The environment variable naming the PostgreSQL server of the tests.
    static let urlVariable = "LESSONS_TEST_POSTGRES_URL"

    /// SQLite always; PostgreSQL when a server is named, or as a failing entry when CI
    /// built the trait and forgot the server.
    static var all: [TestBackend] {
        let environment = ProcessInfo.processInfo.environment
        if let url = environment[urlVariable], !url.isEmpty { return [.sqlite, .postgres(url: url)] }
        #if Postgres
        if environment["CI"] == "true" { return [.sqlite, .postgresMissing] }
        #endif
        return [.sqlite]
    }

    var testDescription: String {
        switch self {
        case .sqlite: "SQLite"
        case .postgres: "PostgreSQL"
        case .postgresMissing: "PostgreSQL (no server)"
        }
    }

    /// The store's address for a fresh store: a file in `folder`, or a schema of its own on
    /// the server (`?schema=`), so that tests running at once never see each other's rows.
    func freshAddress(in folder: TemporaryFolder) throws -> String {
        switch self {
        case .sqlite:
            return folder.file("l.sqlite")
        case .postgres(let url):
            return url + "?schema=test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        case .postgresMissing:
            let problem = "CI=true and this build has the Postgres trait, but \(Self.urlVariable) names no server: "
                + "start one with `source .ci/postgres.sh`"
            Issue.record(Comment(rawValue: problem))
            throw MissingServer()
        }
    }

    /// Whether the store is on a server (no file to look at).
    var isServer: Bool {
        if case .sqlite = self { return false }
        return true
    }

    struct MissingServer: Error {}
}

/// A fresh, empty store on a backend; a PostgreSQL schema is dropped when the value goes.
final class TestStore {
    let database: LessonDatabase
    /// Where it is: `LessonDatabase.open(at:)` opens it again (another connection).
    let address: String
    let folder: TemporaryFolder

    init(_ backend: TestBackend) throws {
        folder = try TemporaryFolder()
        address = try backend.freshAddress(in: folder)
        database = try LessonDatabase.open(at: address)
    }

    /// The store at `address` (made by `TestBackend.freshAddress(in: folder)`), opened.
    init(opening address: String, in folder: TemporaryFolder) throws {
        self.folder = folder
        self.address = address
        database = try LessonDatabase.open(at: address)
    }

    deinit {
        guard database.isOnServer, let schema = address.split(separator: "=").last else { return }
        _ = try? database.write { session in try session.execute("DROP SCHEMA \"\(schema)\" CASCADE") }
    }
}

/// SQLite's integrity check, where there is one (PostgreSQL keeps its own consistency).
func expectSound(_ database: LessonDatabase) throws {
    if let verdict = try database.integrityCheck() {
        #expect(verdict == ["ok"])
    }
}
