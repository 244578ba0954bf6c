import Foundation
import Testing
@testable import LessonStore

/// A fresh folder under the system temporary folder, removed when the test ends.
final class TemporaryFolder {
    let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory
            .appendingPathComponent("lessonstore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }

    /// A path inside the folder.
    func file(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// The bytes of a file, to prove it was left untouched.
func bytes(_ path: String) throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: path))
}

/// A date with the millisecond precision the store keeps.
func storedDate(_ seconds: Double) -> Date {
    Date(timeIntervalSince1970: (seconds * 1000).rounded() / 1000)
}

/// A run of `cellCount` cells recording `metric` = `value`, in the store's row form.
func sampleRows(
    chapter: String = "two-3x3", key: String = "key-1", cellCount: Int = 3,
    metric: String = "params.ratio", value: Double = 0.72, host: String = "box",
    started: Double = 1_000, timedOutCell: Int? = nil
) -> RunRows {
    let cells = (0..<cellCount).map { index in
        sampleCell(index: index, metric: metric, value: value, timedOut: index == timedOutCell)
    }
    return RunRows(
        chapter: chapter, file: "Lessons/02-\(chapter).md", cacheKey: key, status: "passed",
        startedAt: Date(timeIntervalSinceReferenceDate: started + 0.123456789),
        durationMs: 420.5, compilerVersion: "Swift version 6.3.1", host: host,
        bookCommit: "0123456789abcdef0123456789abcdef01234567", cells: cells,
        diagnostics: [.init(file: "Lessons/02-\(chapter).md", line: 2, column: 7, message: "unknown {{ x }}")])
}

/// A database file holding one run of many cells (several pages), closed.
func makeDatabaseWithOneRun(at path: String) throws {
    let db = try LessonDatabase.open(at: path)
    _ = try db.save(sampleRows(cellCount: 60))
    // Fold the WAL into the main file, so that the file alone holds everything.
    let queue = try #require(db.queue)
    try queue.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
    }
    try queue.close()
}

/// One cell of ``sampleRows``.
func sampleCell(index: Int, metric: String, value: Double, timedOut: Bool) -> CellRows {
    let line = 10 * (index + 1)
    var failure: CellRows.Failure?
    if timedOut {
        failure = CellRows.Failure(file: "Lessons/02-two-3x3.md", line: line + 1, column: 1,
                                   message: "timed out after 1 s")
    }
    let measured = CellRows.ClaimRow(statement: "ratio is small", passed: true, measured: value,
                                     expected: 0.72, tolerance: 0.005, line: line + 2)
    let yesNo = CellRows.ClaimRow(statement: "holds", passed: false, measured: nil, expected: nil,
                                  tolerance: nil, line: nil)
    let recorded = CellRows.MetricRow(name: metric, value: value + Double(index),
                                      unit: index == 0 ? "x" : nil)
    return CellRows(
        cellID: "c\(index + 1)", line: line, status: timedOut ? "timedOut" : "passed",
        stdout: "cell \(index) says hello\n" + String(repeating: "·", count: 300), stderr: "",
        error: failure, durationMs: 1.5 + Double(index), metrics: [recorded],
        claims: [measured, yesNo], outputs: [#"{"text":"hi","type":"text"}"#])
}
