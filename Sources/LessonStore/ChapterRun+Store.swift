import Foundation
import LessonEngine
import LessonRuntime

/// The engine's `ChapterRun` in and out of the store: what `lessons run` saves after a fresh
/// run and reads back on a cache hit.
extension LessonDatabase {
    /// Stores a finished run with its provenance, in one transaction; returns its row id.
    @discardableResult
    public func save(_ run: ChapterRun, provenance: RunProvenance) throws(StoreError) -> Int64 {
        let rows: RunRows
        do {
            rows = try RunRows(run, provenance: provenance)
        } catch {
            throw .sqlite(path: path, detail: "cannot store an output of chapter \(run.chapter): \(error)")
        }
        return try save(rows)
    }

    /// The stored run of `chapter` made with cache key `key`, read back as the same value the
    /// fresh run produced; nil when there is none (or it cannot be read back, e.g. it was
    /// written by a Lessonbook whose statuses this one does not know: then it runs afresh).
    public func cachedRun(chapter: String, key: String) throws(StoreError) -> ChapterRun? {
        try cachedRows(chapter: chapter, key: key).flatMap(ChapterRun.init(rows:))
    }

    /// The latest stored run of `chapter` whatever its key, for readers such as the site.
    public func latestRun(chapter: String) throws(StoreError) -> ChapterRun? {
        try latestRows(chapter: chapter).flatMap(ChapterRun.init(rows:))
    }
}

/// Outputs are kept in `outputs.json` in the wire format of `lessons run --json`
/// (sorted keys; infinite and NaN numbers as "inf", "-inf", "nan").
enum OutputJSON {
    static let encoder = WireFormat.encoder()
    static let decoder = WireFormat.decoder()
}

extension RunRows {
    init(_ run: ChapterRun, provenance: RunProvenance) throws {
        var cells: [CellRows] = []
        for cell in run.cells {
            cells.append(try CellRows(cell))
        }
        self.init(
            chapter: run.chapter, file: run.file, cacheKey: run.cacheKey,
            status: run.status.rawValue, startedAt: run.startedAt, durationMs: run.durationMs,
            compilerVersion: run.toolchain, host: provenance.host,
            bookCommit: provenance.bookCommit, cells: cells,
            diagnostics: run.diagnostics.map {
                CellRows.Failure(file: $0.file, line: $0.line, column: $0.column, message: $0.message)
            })
    }
}

extension CellRows {
    init(_ cell: CellResult) throws {
        var outputs = try cell.outputs.map {
            String(decoding: try OutputJSON.encoder.encode($0), as: UTF8.self)
        }
        // Each output's place in stdout rides in its own JSON object (`stdoutOffset`), which
        // the output's decoder ignores: no schema change, and older rows simply lack it.
        if let offsets = cell.outputOffsets, offsets.count == outputs.count {
            outputs = zip(outputs, offsets).map { json, offset in
                json.hasPrefix("{") ? "{\"stdoutOffset\":\(offset)," + json.dropFirst() : json
            }
        }
        self.init(
            cellID: cell.id, line: cell.line, status: cell.status.rawValue, stdout: cell.stdout,
            stderr: cell.stderr,
            error: cell.error.map {
                Failure(file: $0.file, line: $0.line, column: $0.column, message: $0.message)
            },
            durationMs: cell.durationMs,
            metrics: cell.metrics.map { MetricRow(name: $0.name, value: $0.value, unit: $0.unit) },
            claims: cell.claims.map {
                ClaimRow(statement: $0.statement, passed: $0.passed, measured: $0.measured,
                         expected: $0.expected, tolerance: $0.tolerance, line: $0.line,
                         pins: $0.pins, interval: $0.interval, inconclusive: $0.inconclusive,
                         bound: $0.bound?.rawValue)
            },
            outputs: outputs)
    }
}

extension ChapterRun {
    /// The run the rows hold, or nil when a status or output is not one this build knows.
    init?(rows: RunRows) {
        var cells: [CellResult] = []
        for row in rows.cells {
            guard let cell = CellResult(rows: row) else { return nil }
            cells.append(cell)
        }
        guard let status = ChapterStatus(rawValue: rows.status) else { return nil }
        self.init(
            chapter: rows.chapter, file: rows.file, cells: cells, cacheKey: rows.cacheKey,
            startedAt: rows.startedAt, durationMs: rows.durationMs, toolchain: rows.compilerVersion,
            diagnostics: rows.diagnostics.map {
                CellError(file: $0.file, line: $0.line, column: $0.column, message: $0.message)
            })
        // Kept as stored, not recomputed: the cache returns what the fresh run said.
        self.status = status
    }
}

extension CellResult {
    init?(rows: CellRows) {
        guard let status = CellStatus(rawValue: rows.status) else { return nil }
        var outputs: [Output] = []
        var offsets: [Int] = []
        for json in rows.outputs {
            guard let output = try? OutputJSON.decoder.decode(Output.self, from: Data(json.utf8))
            else { return nil }
            outputs.append(output)
            if let placed = try? OutputJSON.decoder.decode(StdoutPlace.self, from: Data(json.utf8)),
               let offset = placed.stdoutOffset {
                offsets.append(offset)
            }
        }
        self.init(
            id: rows.cellID, line: rows.line, status: status, stdout: rows.stdout,
            stderr: rows.stderr,
            error: rows.error.map {
                CellError(file: $0.file, line: $0.line, column: $0.column, message: $0.message)
            },
            durationMs: rows.durationMs,
            metrics: rows.metrics.map { Metric(name: $0.name, value: $0.value ?? .nan, unit: $0.unit) },
            claims: rows.claims.map {
                Claim(statement: $0.statement, passed: $0.passed, measured: $0.measured,
                      expected: $0.expected, tolerance: $0.tolerance, line: $0.line,
                      pins: $0.pins, interval: $0.interval, inconclusive: $0.inconclusive,
                      bound: $0.bound.flatMap(Claim.Bound.init(rawValue:)))
            },
            outputs: outputs)
        outputOffsets = !offsets.isEmpty && offsets.count == outputs.count ? offsets : nil
    }
}

/// The `stdoutOffset` key of a stored output's JSON.
private struct StdoutPlace: Decodable {
    var stdoutOffset: Int?
}
