/// The SQL the store runs inside one transaction, whatever the database behind it.
///
/// Statements are written once, for both backends: `?` placeholders (PostgreSQL's backend
/// numbers them), standard SQL, and no dialect-specific functions. The schema is the only
/// place where the dialects differ (`Schema`, `SQLDialect`).
protocol SQLSession {
    /// Runs a statement that returns no rows.
    func execute(_ sql: String, _ arguments: [any SQLBindable]) throws
    /// Runs an `INSERT` into a table with an `id` key and returns the new row's id.
    func insert(_ sql: String, _ arguments: [any SQLBindable]) throws -> Int64
    /// Runs a query and returns all its rows.
    func fetch(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow]
}

extension SQLSession {
    /// Runs a statement without arguments.
    func execute(_ sql: String) throws { try execute(sql, []) }

    /// Runs a query without arguments.
    func fetch(_ sql: String) throws -> [SQLRow] { try fetch(sql, []) }

    /// The first row, or nil.
    func fetchOne(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> SQLRow? {
        try fetch(sql, arguments).first
    }

    /// The first column of every row.
    func fetchColumn<T: SQLReadable>(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> [T] {
        try fetch(sql, arguments).map { row throws -> T in try row[0] }
    }

    /// The first column of the first row; nil when there is no row or the value is NULL.
    func fetchValue<T: SQLReadable>(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> T? {
        guard let row = try fetchOne(sql, arguments) else { return nil }
        let value: T? = try row[0]
        return value
    }
}

/// Where the store's tables live: a SQLite file (`SQLiteBackend`, the default) or a
/// PostgreSQL database (`PostgresBackend`, with the `Postgres` trait).
///
/// Both run `Schema.migrations` (the same identifiers, kept in a `grdb_migrations` table on
/// both), so a store has the same tables and the same version on either.
protocol StoreBackend: Sendable {
    /// Runs `body` in a transaction that only reads.
    func read<T>(_ body: (any SQLSession) throws -> T) throws -> T
    /// Runs `body` in one write transaction: all of it is committed, or nothing.
    func write<T>(_ body: (any SQLSession) throws -> T) throws -> T
    /// The identifiers of the migrations applied, oldest first.
    func appliedMigrations() throws -> [String]
    /// The database's own consistency check (`["ok"]` when sound), or nil for a server
    /// that keeps its consistency itself and offers no such check (PostgreSQL).
    func integrityCheck() throws -> [String]?
}
