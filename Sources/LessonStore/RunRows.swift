import Foundation
import GRDB

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
    func insert(_ db: Database) throws -> Int64 {
        try db.execute(
            sql: """
                INSERT INTO runs (chapter, file, cache_key, status, started_at, ended_at, duration_ms,
                                  started_at_exact, compiler_version, host, book_commit)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [chapter, file, cacheKey, status, startedAt, endedAt, durationMs,
                        startedAt.timeIntervalSinceReferenceDate, compilerVersion, host, bookCommit])
        let runID = db.lastInsertedRowID
        for (position, cell) in cells.enumerated() {
            try cell.insert(db, runID: runID, position: position)
        }
        for (position, problem) in diagnostics.enumerated() {
            try db.execute(
                sql: """
                    INSERT INTO run_diagnostics (run_id, position, file, line, "column", message)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [runID, position, problem.file, problem.line, problem.column, problem.message])
        }
        return runID
    }

    /// Reads the run with this id back, or nil when there is none.
    static func fetch(_ db: Database, runID: Int64) throws -> RunRows? {
        guard let run = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [runID])
        else { return nil }
        let cells = try Row.fetchAll(
            db, sql: "SELECT * FROM cell_results WHERE run_id = ? ORDER BY position", arguments: [runID])
        return RunRows(
            chapter: run["chapter"], file: run["file"], cacheKey: run["cache_key"],
            status: run["status"],
            startedAt: Date(timeIntervalSinceReferenceDate: run["started_at_exact"]),
            durationMs: run["duration_ms"], compilerVersion: run["compiler_version"],
            host: run["host"], bookCommit: run["book_commit"],
            cells: try cells.map { try CellRows.fetch(db, row: $0) },
            diagnostics: try Row.fetchAll(
                db, sql: "SELECT * FROM run_diagnostics WHERE run_id = ? ORDER BY position",
                arguments: [runID]
            ).map {
                CellRows.Failure(file: $0["file"], line: $0["line"], column: $0["column"],
                                 message: $0["message"])
            })
    }
}

extension CellRows {
    func insert(_ db: Database, runID: Int64, position: Int) throws {
        let cellStatement = try db.cachedStatement(sql: """
            INSERT INTO cell_results (run_id, position, cell_id, line, status, stdout, stderr,
                                      error_file, error_line, error_column, error_message, duration_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try cellStatement.execute(arguments: [
            runID, position, cellID, line, status, stdout, stderr,
            error?.file, error?.line, error?.column, error?.message, durationMs,
        ])
        let cellResultID = db.lastInsertedRowID
        let metric = try db.cachedStatement(sql: """
            INSERT INTO metrics (cell_result_id, position, name, value, unit) VALUES (?, ?, ?, ?, ?)
            """)
        for (index, row) in metrics.enumerated() {
            try metric.execute(arguments: [cellResultID, index, row.name, row.value, row.unit])
        }
        let claim = try db.cachedStatement(sql: """
            INSERT INTO claims (cell_result_id, position, statement, passed, measured, expected,
                                tolerance, line, pins, interval_low, interval_high, inconclusive, bound)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (index, row) in claims.enumerated() {
            let pins = String(decoding: try JSONEncoder().encode(row.pins), as: UTF8.self)
            try claim.execute(arguments: [
                cellResultID, index, row.statement, row.passed, row.measured, row.expected,
                row.tolerance, row.line, pins, row.interval?.first, row.interval?.last,
                row.inconclusive, row.bound,
            ])
        }
        let output = try db.cachedStatement(sql: """
            INSERT INTO outputs (cell_result_id, position, json) VALUES (?, ?, ?)
            """)
        for (index, json) in outputs.enumerated() {
            try output.execute(arguments: [cellResultID, index, json])
        }
    }

    static func fetch(_ db: Database, row: Row) throws -> CellRows {
        let id: Int64 = row["id"]
        var failure: Failure?
        if let file: String = row["error_file"] {
            failure = Failure(
                file: file, line: row["error_line"] ?? 0, column: row["error_column"] ?? 0,
                message: row["error_message"] ?? "")
        }
        let metrics = try Row.fetchAll(
            db, sql: "SELECT name, value, unit FROM metrics WHERE cell_result_id = ? ORDER BY position",
            arguments: [id]
        ).map { MetricRow(name: $0["name"], value: $0["value"], unit: $0["unit"]) }
        let claims = try Row.fetchAll(
            db, sql: """
                SELECT statement, passed, measured, expected, tolerance, line, pins,
                       interval_low, interval_high, inconclusive, bound FROM claims
                WHERE cell_result_id = ? ORDER BY position
                """,
            arguments: [id]
        ).map { row -> ClaimRow in
            let low: Double? = row["interval_low"], high: Double? = row["interval_high"]
            let pinsJSON: String = row["pins"]
            return ClaimRow(
                statement: row["statement"], passed: row["passed"], measured: row["measured"],
                expected: row["expected"], tolerance: row["tolerance"], line: row["line"],
                pins: (try? JSONDecoder().decode([String].self, from: Data(pinsJSON.utf8))) ?? [],
                interval: low.flatMap { low in high.map { [low, $0] } },
                inconclusive: row["inconclusive"], bound: row["bound"])
        }
        let outputs = try String.fetchAll(
            db, sql: "SELECT json FROM outputs WHERE cell_result_id = ? ORDER BY position",
            arguments: [id])
        return CellRows(
            cellID: row["cell_id"], line: row["line"], status: row["status"], stdout: row["stdout"],
            stderr: row["stderr"], error: failure, durationMs: row["duration_ms"],
            metrics: metrics, claims: claims, outputs: outputs)
    }
}
