import Foundation

/// A chapter run as the tables hold it: one `runs` row and its children. The engine's
/// `ChapterRun` converts to and from it (`ChapterRun+Store.swift`); keeping this layer apart
/// keeps the SQL in one place.
struct RunRows: Equatable {
    var chapter: String
    var file: String
    var cacheKey: String
    var status: String
    var startedAt: Date
    var durationMs: Double
    var compilerVersion: String
    var host: String
    var bookCommit: String?
    var cells: [CellRows]
    /// Problems of the chapter's text, each at its place.
    var diagnostics: [CellRows.Failure] = []

    var endedAt: Date { startedAt.addingTimeInterval(durationMs / 1000) }
}

/// One `cell_results` row and its metrics, claims and outputs.
struct CellRows: Equatable {
    struct Failure: Equatable {
        var file: String
        var line: Int
        var column: Int
        var message: String
    }
    struct MetricRow: Equatable {
        var name: String
        var value: Double?
        var unit: String?
    }
    struct ClaimRow: Equatable {
        var statement: String
        var passed: Bool
        var measured: Double?
        var expected: Double?
        var tolerance: Double?
        var line: Int?
        var pins: [String] = []
        var interval: [Double]?
        var inconclusive = false
        var bound: String?
    }

    var cellID: String
    var line: Int
    var status: String
    var stdout: String
    var stderr: String
    var error: Failure?
    var durationMs: Double
    var metrics: [MetricRow]
    var claims: [ClaimRow]
    var outputs: [String]
}

extension RunRows {
    /// Inserts the run and its children; the caller provides the transaction.
    func insert(_ db: any SQLSession) throws -> Int64 {
        let runID = try db.insert(
            """
            INSERT INTO runs (chapter, file, cache_key, status, started_at, ended_at, duration_ms,
                              started_at_exact, compiler_version, host, book_commit)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [chapter, file, cacheKey, status, startedAt, endedAt, durationMs,
             startedAt.timeIntervalSinceReferenceDate, compilerVersion, host, bookCommit])
        for (position, cell) in cells.enumerated() {
            try cell.insert(db, runID: runID, position: position)
        }
        for (position, problem) in diagnostics.enumerated() {
            try db.execute(
                """
                INSERT INTO run_diagnostics (run_id, position, file, line, "column", message)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                [runID, position, problem.file, problem.line, problem.column, problem.message])
        }
        return runID
    }

    /// Reads the run with this id back, or nil when there is none.
    static func fetch(_ db: any SQLSession, runID: Int64) throws -> RunRows? {
        guard let run = try db.fetchOne("SELECT * FROM runs WHERE id = ?", [runID]) else { return nil }
        let cells = try db.fetch("SELECT * FROM cell_results WHERE run_id = ? ORDER BY position", [runID])
        return RunRows(
            chapter: try run["chapter"], file: try run["file"], cacheKey: try run["cache_key"],
            status: try run["status"],
            startedAt: Date(timeIntervalSinceReferenceDate: try run["started_at_exact"]),
            durationMs: try run["duration_ms"], compilerVersion: try run["compiler_version"],
            host: try run["host"], bookCommit: try run["book_commit"],
            cells: try cells.map { try CellRows.fetch(db, row: $0) },
            diagnostics: try db.fetch(
                "SELECT * FROM run_diagnostics WHERE run_id = ? ORDER BY position", [runID]
            ).map {
                CellRows.Failure(file: try $0["file"], line: try $0["line"], column: try $0["column"],
                                 message: try $0["message"])
            })
    }
}

extension CellRows {
    func insert(_ db: any SQLSession, runID: Int64, position: Int) throws {
        let cellResultID = try db.insert(
            """
            INSERT INTO cell_results (run_id, position, cell_id, line, status, stdout, stderr,
                                      error_file, error_line, error_column, error_message, duration_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [runID, position, cellID, line, status, stdout, stderr,
             error?.file, error?.line, error?.column, error?.message, durationMs])
        for (index, row) in metrics.enumerated() {
            try db.execute(
                "INSERT INTO metrics (cell_result_id, position, name, value, unit) VALUES (?, ?, ?, ?, ?)",
                [cellResultID, index, row.name, row.value, row.unit])
        }
        for (index, row) in claims.enumerated() {
            let pins = String(decoding: try JSONEncoder().encode(row.pins), as: UTF8.self)
            try db.execute(
                """
                INSERT INTO claims (cell_result_id, position, statement, passed, measured, expected,
                                    tolerance, line, pins, interval_low, interval_high, inconclusive, bound)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [cellResultID, index, row.statement, row.passed, row.measured, row.expected,
                 row.tolerance, row.line, pins, row.interval?.first, row.interval?.last,
                 row.inconclusive, row.bound])
        }
        for (index, json) in outputs.enumerated() {
            try db.execute(
                "INSERT INTO outputs (cell_result_id, position, json) VALUES (?, ?, ?)",
                [cellResultID, index, json])
        }
    }

    static func fetch(_ db: any SQLSession, row: SQLRow) throws -> CellRows {
        let id: Int64 = try row["id"]
        var failure: Failure?
        if let file: String = try row["error_file"] {
            let line: Int? = try row["error_line"], column: Int? = try row["error_column"]
            let message: String? = try row["error_message"]
            failure = Failure(file: file, line: line ?? 0, column: column ?? 0, message: message ?? "")
        }
        let metrics = try db.fetch(
            "SELECT name, value, unit FROM metrics WHERE cell_result_id = ? ORDER BY position", [id]
        ).map { MetricRow(name: try $0["name"], value: try $0["value"], unit: try $0["unit"]) }
        let claims = try db.fetch(
            """
            SELECT statement, passed, measured, expected, tolerance, line, pins,
                   interval_low, interval_high, inconclusive, bound FROM claims
            WHERE cell_result_id = ? ORDER BY position
            """,
            [id]
        ).map { row -> ClaimRow in
            let low: Double? = try row["interval_low"], high: Double? = try row["interval_high"]
            let pinsJSON: String = try row["pins"]
            return ClaimRow(
                statement: try row["statement"], passed: try row["passed"], measured: try row["measured"],
                expected: try row["expected"], tolerance: try row["tolerance"], line: try row["line"],
                pins: (try? JSONDecoder().decode([String].self, from: Data(pinsJSON.utf8))) ?? [],
                interval: low.flatMap { low in high.map { [low, $0] } },
                inconclusive: try row["inconclusive"], bound: try row["bound"])
        }
        let outputs: [String] = try db.fetchColumn(
            "SELECT json FROM outputs WHERE cell_result_id = ? ORDER BY position", [id])
        return CellRows(
            cellID: try row["cell_id"], line: try row["line"], status: try row["status"],
            stdout: try row["stdout"], stderr: try row["stderr"], error: failure,
            durationMs: try row["duration_ms"], metrics: metrics, claims: claims, outputs: outputs)
    }
}
