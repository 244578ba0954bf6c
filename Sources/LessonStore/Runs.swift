import Foundation

/// Where and how a run was made, beyond what the run itself says.
public struct RunProvenance: Sendable, Hashable {
    /// The machine's name.
    public var host: String
    /// The book's git commit (`HEAD`), nil when the book is not in a git work tree.
    public var bookCommit: String?

    /// Provenance given in full.
    public init(host: String, bookCommit: String?) {
        self.host = host
        self.bookCommit = bookCommit
    }

    /// This machine, and the commit of the git work tree holding `bookDirectory`.
    public static func current(bookDirectory: String) -> RunProvenance {
        RunProvenance(host: hostName(), bookCommit: GitCommit.head(containing: bookDirectory))
    }

    /// The machine's name from `gethostname`: `ProcessInfo.hostName` may ask DNS, which can
    /// take seconds on a machine without network, on every `lessons run`.
    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// One stored run, without its cells: a line of a listing.
public struct RunSummary: Sendable, Hashable, Codable, Identifiable {
    /// The row id in `runs`; ids grow in the order runs were stored.
    public var id: Int64
    /// The chapter id.
    public var chapter: String
    /// The chapter's cache key.
    public var cacheKey: String
    /// `passed` or `failed`.
    public var status: String
    /// When the run started.
    public var startedAt: Date
    /// When it ended.
    public var endedAt: Date
    /// The compiler's version line.
    public var compilerVersion: String
    /// The machine's name.
    public var host: String
    /// The book's git commit, when there was one.
    public var bookCommit: String?
}

extension LessonDatabase {
    /// Stores a run and all its cells in one transaction: readers see all of it or none of it,
    /// and a process killed while writing leaves no trace of the run.
    func save(_ rows: RunRows) throws(StoreError) -> Int64 {
        try write { db in try rows.insert(db) }
    }

    /// The latest stored run of the chapter with this key, or nil.
    ///
    /// A run in which a cell timed out is not reused: a time limit depends on how loaded the
    /// machine was, so the next `lessons run` should try again. Nor is a run with a timing
    /// claim that failed or was inconclusive: a burst of load must not fail the book until
    /// `--no-cache`.
    func cachedRows(chapter: String, key: String) throws(StoreError) -> RunRows? {
        try read { db in
            let id: Int64? = try db.fetchValue(
                """
                    SELECT id FROM runs
                    WHERE chapter = ? AND cache_key = ?
                      AND NOT EXISTS (SELECT 1 FROM cell_results
                                      WHERE run_id = runs.id AND status = 'timedOut')
                      -- a timing claim that failed or could not decide is measured again
                      AND NOT EXISTS (SELECT 1 FROM claims JOIN cell_results c
                                        ON c.id = claims.cell_result_id
                                      WHERE c.run_id = runs.id AND claims.interval_low IS NOT NULL
                                        AND (claims.passed = 0 OR claims.inconclusive = 1))
                    ORDER BY id DESC LIMIT 1
                    """,
                [chapter, key])
            return try id.flatMap { try RunRows.fetch(db, runID: $0) }
        }
    }

    /// The latest stored run of the chapter, whatever its key, or nil.
    func latestRows(chapter: String) throws(StoreError) -> RunRows? {
        try read { db in
            let id: Int64? = try db.fetchValue("SELECT max(id) FROM runs WHERE chapter = ?", [chapter])
            return try id.flatMap { try RunRows.fetch(db, runID: $0) }
        }
    }

    /// How long the latest stored run of the chapter took (ms), or nil if it never ran here.
    public func lastDurationMs(chapter: String) throws(StoreError) -> Double? {
        try read { db in
            try db.fetchValue("SELECT duration_ms FROM runs WHERE chapter = ? ORDER BY id DESC LIMIT 1", [chapter])
        }
    }

    /// Every stored run (of one chapter, when given), oldest first.
    public func runs(chapter: String? = nil) throws(StoreError) -> [RunSummary] {
        try read { db in
            try db.fetch(
                """
                SELECT id, chapter, cache_key, status, started_at_exact, duration_ms,
                       compiler_version, host, book_commit
                FROM runs WHERE (? IS NULL OR chapter = ?) ORDER BY id
                """,
                [chapter, chapter]
            ).map { row in
                let start = Date(timeIntervalSinceReferenceDate: try row["started_at_exact"])
                let duration: Double = try row["duration_ms"]
                return RunSummary(
                    id: try row["id"], chapter: try row["chapter"], cacheKey: try row["cache_key"],
                    status: try row["status"], startedAt: start,
                    endedAt: start.addingTimeInterval(duration / 1000),
                    compilerVersion: try row["compiler_version"], host: try row["host"],
                    bookCommit: try row["book_commit"])
            }
        }
    }
}
