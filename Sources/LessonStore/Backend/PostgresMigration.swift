#if Postgres
/// `Schema.migrations` applied to a PostgreSQL database, with the bookkeeping GRDB's migrator
/// does for SQLite: the applied identifiers in `grdb_migrations`, a database of someone
/// else refused, one from a newer Lessonbook refused.
enum PostgresMigration {
    /// Runs inside the opening transaction. Processes opening the store at once queue on a
    /// transaction-scoped advisory lock (released at COMMIT), so the first creates the
    /// tables and the others find them made: the role of `CreationLock` for SQLite.
    static func migrate(_ session: any SQLSession, url: PostgresURL) throws {
        try session.execute("SELECT pg_advisory_xact_lock(hashtext('lessonbook schema'))")
        if let schema = url.schema {
            let name = quoted(schema)
            try session.execute("CREATE SCHEMA IF NOT EXISTS \(name)")
            // Not SET LOCAL: the setting outlives this transaction, for the session's life.
            try session.execute("SET search_path TO \(name)")
        }
        let tables: [String] = try session.fetchColumn(
            "SELECT table_name::TEXT FROM information_schema.tables WHERE table_schema = current_schema()")
        if !tables.isEmpty && !tables.contains("grdb_migrations") {
            throw StoreError.foreignDatabase(path: url.redacted)
        }
        try session.execute("CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
        let applied = Set<String>(try session.fetchColumn("SELECT identifier FROM grdb_migrations"))
        let unknown = applied.subtracting(Schema.migrations.map(\.identifier))
        if !unknown.isEmpty {
            throw StoreError.newerSchema(path: url.redacted, unknownMigrations: unknown.sorted())
        }
        for migration in Schema.migrations where !applied.contains(migration.identifier) {
            for statement in SQLText.statements(migration.sql) {
                try session.execute(SQLText.postgresSchema(statement))
            }
            try session.execute("INSERT INTO grdb_migrations (identifier) VALUES (?)", [migration.identifier])
        }
    }

    /// A schema name as a quoted identifier: any name the URL gives is taken literally.
    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
#endif
