#if Postgres
import Foundation
import PostgresNIO

/// The store in a PostgreSQL database, through postgres-nio: for a class whose learners'
/// machines share one store.
///
/// A synchronous facade, as the store's API is synchronous: one `PostgresConnection` per
/// process, its futures waited on (never on an event loop: every caller is a plain thread),
/// and a lock so that threads sharing the database take turns, one transaction at a time.
final class PostgresBackend: StoreBackend, @unchecked Sendable {
    let url: PostgresURL
    /// Used only under `lock`.
    private let connection: PostgresConnection
    private let lock = NSLock()
    private static let logger: Logger = {
        // postgres-nio logs connection details; the CLI reports failures itself, and its
        // `--json` output must stay one document.
        var logger = Logger(label: "lessons.postgres")
        logger.logLevel = .critical
        return logger
    }()

    /// How long connecting may take before the host counts as unreachable.
    static let connectTimeout: TimeAmount = .seconds(10)

    private init(url: PostgresURL, connection: PostgresConnection) {
        self.url = url
        self.connection = connection
    }

    deinit {
        // The server ends the session either way; closing says goodbye instead of a reset.
        try? connection.close().wait()
    }

    /// Connects, creates the schema named by `?schema=` when missing, and applies the
    /// migrations the database lacks.
    static func open(_ url: PostgresURL) throws(StoreError) -> PostgresBackend {
        var configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password,
            database: url.database, tls: .disable)
        configuration.options.connectTimeout = connectTimeout
        let connection: PostgresConnection
        do {
            connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration,
                id: 1, logger: logger
            ).wait()
        } catch {
            throw .cannotOpen(path: url.redacted, detail: PostgresFailure.connecting(to: url, error))
        }
        let backend = PostgresBackend(url: url, connection: connection)
        do {
            try backend.transaction(readOnly: false) { session in
                try PostgresMigration.migrate(session, url: url)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .cannotOpen(path: url.redacted, detail: PostgresFailure.describe(error, url: url))
        }
        return backend
    }

    func read<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try transaction(readOnly: true, body)
    }

    func write<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try transaction(readOnly: false, body)
    }

    func appliedMigrations() throws -> [String] {
        try read { session in try session.fetchColumn("SELECT identifier FROM grdb_migrations ORDER BY identifier") }
    }

    func integrityCheck() throws -> [String]? { nil }

    /// Runs `body` between BEGIN and COMMIT, or ROLLBACK when it throws; a server error
    /// becomes a `StoreError` naming the database.
    private func transaction<T>(readOnly: Bool, _ body: (any SQLSession) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        let session = PostgresSession(connection: connection, logger: Self.logger)
        do {
            try session.execute(readOnly ? "BEGIN READ ONLY" : "BEGIN")
            let result = try body(session)
            try session.execute("COMMIT")
            return result
        } catch {
            try? session.execute("ROLLBACK")
            if let error = error as? StoreError { throw error }
            if error is SQLRowError { throw error }
            throw StoreError.sqlite(path: url.redacted, detail: PostgresFailure.describe(error, url: url))
        }
    }
}

/// One transaction's statements on the connection.
struct PostgresSession: SQLSession {
    let connection: PostgresConnection
    let logger: Logger

    func execute(_ sql: String, _ arguments: [any SQLBindable]) throws {
        // Rows, if any, are not read: `SELECT pg_advisory_xact_lock(…)` returns a `void`.
        _ = try run(sql, arguments)
    }

    func insert(_ sql: String, _ arguments: [any SQLBindable]) throws -> Int64 {
        guard let row = try rows(of: run(sql + " RETURNING id", arguments)).first else {
            throw SQLRowError(column: "id", problem: "was not returned by the insert")
        }
        return try row[0]
    }

    func fetch(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow] {
        try rows(of: run(sql, arguments))
    }

    private func run(_ sql: String, _ arguments: [any SQLBindable]) throws -> PostgresQueryResult {
        var binds = PostgresBindings(capacity: arguments.count)
        var types: [String] = []
        for argument in arguments {
            switch argument.sqlValue {
            case .integer(let value):
                binds.append(value)
                types.append("BIGINT")
            case .real(let value):
                binds.append(value)
                types.append("DOUBLE PRECISION")
            case .text(let value):
                binds.append(value)
                types.append("TEXT")
            }
        }
        let query = PostgresQuery(unsafeSQL: SQLText.numberingPlaceholders(sql, types: types), binds: binds)
        return try connection.query(query, logger: logger).wait()
    }

    private func rows(of result: PostgresQueryResult) throws -> [SQLRow] {
        try result.map { row in
            var columns: [String] = [], values: [SQLValue] = []
            for cell in row {
                columns.append(cell.columnName)
                values.append(try Self.value(of: cell))
            }
            return SQLRow(columns: columns, values: values)
        }
    }

    /// A cell as the store's value: integers, floating point and text are all the schema has.
    private static func value(of cell: PostgresCell) throws -> SQLValue {
        switch cell.dataType {
        case .int8, .int4, .int2:
            return .integer(cell.bytes == nil ? nil : try cell.decode(Int64.self))
        case .float8, .float4:
            return .real(cell.bytes == nil ? nil : try cell.decode(Double.self))
        case .bool:
            return .integer(cell.bytes == nil ? nil : (try cell.decode(Bool.self) ? 1 : 0))
        default:
            return .text(cell.bytes == nil ? nil : try cell.decode(String.self))
        }
    }
}
#endif
