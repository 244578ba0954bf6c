import GRDB

/// The store in a SQLite file, through GRDB: the default backend, embedded, one file.
final class SQLiteBackend: StoreBackend {
    /// The file's path.
    let path: String
    /// GRDB's serialized connection; several processes share the file through WAL mode.
    let queue: DatabaseQueue

    init(path: String, queue: DatabaseQueue) {
        self.path = path
        self.queue = queue
    }

    func read<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try queue.read { db in try body(SQLiteSession(db: db)) }
    }

    func write<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try queue.write { db in try body(SQLiteSession(db: db)) }
    }

    func appliedMigrations() throws -> [String] {
        try queue.read { db in try Schema.migrator.appliedMigrations(db) }
    }

    func integrityCheck() throws -> [String]? {
        try queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }
}

/// One GRDB transaction seen through `SQLSession`. SQLite takes `?` placeholders as they are.
struct SQLiteSession: SQLSession {
    let db: Database

    func execute(_ sql: String, _ arguments: [any SQLBindable]) throws {
        try db.cachedStatement(sql: sql).execute(arguments: Self.bound(arguments))
    }

    func insert(_ sql: String, _ arguments: [any SQLBindable]) throws -> Int64 {
        try execute(sql, arguments)
        return db.lastInsertedRowID
    }

    func fetch(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow] {
        try Row.fetchAll(db.cachedStatement(sql: sql), arguments: Self.bound(arguments)).map { row in
            SQLRow(columns: Array(row.columnNames), values: row.databaseValues.map(Self.value(of:)))
        }
    }

    private static func bound(_ arguments: [any SQLBindable]) -> StatementArguments {
        StatementArguments(arguments.map { argument -> DatabaseValue in
            switch argument.sqlValue {
            case .integer(let value): value?.databaseValue ?? .null
            case .real(let value): value?.databaseValue ?? .null
            case .text(let value): value?.databaseValue ?? .null
            }
        })
    }

    private static func value(of stored: DatabaseValue) -> SQLValue {
        switch stored.storage {
        case .null: .text(nil)
        case .int64(let value): .integer(value)
        case .double(let value): .real(value)
        case .string(let value): .text(value)
        // The schema has no BLOB column; a blob written by hand reads as its UTF-8 text.
        case .blob(let data): .text(String(decoding: data, as: UTF8.self))
        }
    }
}
