import Foundation
import LessonEngine
import LessonRuntime
import Testing
@testable import LessonStore

@Suite("Chapter runs in the store")
struct ChapterRunStoreTests {
    static let provenance = RunProvenance(host: "lab", bookCommit: nil)

    /// A run with every status, error, claim kind and output kind.
    static func richRun(key: String = "key", statuses: [CellStatus] = CellStatus.allCases) -> ChapterRun {
        let plot = Plot.line("loss", xLabel: "epoch", yLabel: "loss", yScale: .log,
                             [.init("train", y: [1, 0.5, .infinity]), .init("val", y: [2, 1e-300])])
        let heat = Plot.heatMap("weights", values: [[0.1, -0.2], [1 / 3, 2e9]], rowLabels: ["r1", "r2"])
        let cells = statuses.enumerated().map { index, status in
            CellResult(
                id: "c\(index + 1)", line: 10 + index * 7, status: status,
                stdout: "out \(index)\nÜnïcödé ✓\n", stderr: index == 1 ? "Fatal error: boom\n" : "",
                error: index == 1 ? CellError(file: "Lessons/01-a.md", line: 19, column: 3, message: "boom") : nil,
                durationMs: 12.345678 * Double(index),
                metrics: [Metric(name: "m\(index)", value: 1.0 / 3.0, unit: index == 0 ? "ms" : nil)],
                claims: [Claim(statement: "close", passed: index % 2 == 0, measured: 0.7, expected: 0.72,
                               tolerance: 0.005, line: 11 + index * 7, pins: ["m\(index)", "other"]),
                         Claim(statement: "holds", passed: true),
                         Claim(statement: "faster", passed: true, measured: 0.8, expected: 1, line: 3,
                               pins: ["m\(index)"], interval: [0.75, 0.85])],
                outputs: [.text("shown \(index)"),
                          .table(Table(header: ["a", "b"], rows: [["1", "2"], ["'; --", "\"q\""]])),
                          .plot(plot), .plot(heat)])
        }
        return ChapterRun(chapter: "a", file: "Lessons/01-a.md", cells: cells, cacheKey: key,
                          startedAt: Date(), durationMs: 987.654321, toolchain: "Swift version 6.3.1",
                          diagnostics: [CellError(file: "Lessons/01-a.md", line: 4, column: 9,
                                                  message: "unknown name {{ ratio }}")])
    }

    /// What `ChapterRunner.run(_:jobs:)` orders chapters by: the latest run's duration.
    @Test(arguments: TestBackend.all) func lastDurationIsTheLatestRunsWhateverItsKey(on backend: TestBackend) throws {
        let store = try TestStore(backend)
        let db = store.database
        #expect(try db.lastDurationMs(chapter: "a") == nil)
        var run = Self.richRun(statuses: [.passed])
        try db.save(run, provenance: Self.provenance)
        #expect(try db.lastDurationMs(chapter: "a") == 987.654321)
        run.durationMs = 12.5
        run.cacheKey = "another key"
        try db.save(run, provenance: Self.provenance)
        #expect(try db.lastDurationMs(chapter: "a") == 12.5)
        #expect(try db.lastDurationMs(chapter: "b") == nil)
    }

    @Test(arguments: TestBackend.all) func cachedRunIsTheSameValueAsTheFreshRun(on backend: TestBackend) throws {
        let store = try TestStore(backend)
        let db = store.database
        // Every status but timedOut: a run with a timeout is not reused (RunStoreTests).
        let fresh = Self.richRun(statuses: CellStatus.allCases.filter { $0 != .timedOut })
        try db.save(fresh, provenance: Self.provenance)
        let cached = try #require(try db.cachedRun(chapter: "a", key: "key"))
        #expect(cached == fresh)
        #expect(try db.cachedRun(chapter: "a", key: "other") == nil)
        let withTimeout = Self.richRun()
        try db.save(withTimeout, provenance: Self.provenance)
        #expect(try db.latestRun(chapter: "a") == withTimeout)
        #expect(try db.cachedRun(chapter: "a", key: "key") == fresh)
        // The JSON printed by `lessons run --json` is the same too.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        #expect(try encoder.encode(cached) == encoder.encode(fresh))
    }

    /// A timing claim that failed or could not decide is measured again: a burst of load on
    /// the machine must not fail `run`, `verify` and `build` until `--no-cache`.
    @Test(arguments: TestBackend.all) func runWithAFailedOrInconclusiveTimingClaimIsNotReused(on backend: TestBackend) throws {
        let store = try TestStore(backend)
        let db = store.database
        let good = Self.richRun(statuses: [.passed, .passed])
        try db.save(good, provenance: Self.provenance)
        #expect(try db.cachedRun(chapter: "a", key: "key") == good)
        for (passed, inconclusive) in [(false, false), (true, true)] {
            var timing = Self.richRun(statuses: [.passed, .passed])
            timing.cells[1].claims[2].passed = passed
            timing.cells[1].claims[2].inconclusive = inconclusive
            try db.save(timing, provenance: Self.provenance)
            #expect(try db.latestRun(chapter: "a") == timing)
            // The earlier, decided run is what the cache gives.
            #expect(try db.cachedRun(chapter: "a", key: "key") == good)
        }
        // A failed claim that is not a timing claim is reused as measured: it is not noise.
        var wrong = Self.richRun(statuses: [.passed, .passed])
        wrong.cells[0].claims[0].passed = false
        try db.save(wrong, provenance: Self.provenance)
        #expect(try db.cachedRun(chapter: "a", key: "key") == wrong)
    }

    @Test(arguments: TestBackend.all) func runWithAnUnknownStatusIsACacheMissNotACrash(on backend: TestBackend) throws {
        let store = try TestStore(backend)
        let db = store.database
        try db.save(Self.richRun(), provenance: Self.provenance)
        try db.write { db in try db.execute("UPDATE cell_results SET status = 'exploded' WHERE position = 0") }
        #expect(try db.cachedRun(chapter: "a", key: "key") == nil)
    }

    @Test(arguments: TestBackend.all) func aRealRunOfTheEngineReadsBackIdentical(on backend: TestBackend) throws {
        let executor = try ChapterExecutor.locate()
        let cells = [
            Cell(id: "c1", index: 0, options: CellOptions(), code: "let x = 21\nprint(\"x is\", x)\nrecord(\"twice\", Double(2 * x), unit: \"units\")",
                 fence: SourceLocation(file: "Lessons/01-real.md", line: 3)),
            Cell(id: "c2", index: 1, options: CellOptions(), code: "claim(\"x is 21\", x == 21)\ntable([\"k\"], [[\"v\"]])",
                 fence: SourceLocation(file: "Lessons/01-real.md", line: 9)),
        ]
        let fresh = try executor.run(chapter: "real", file: "Lessons/01-real.md", cells: cells)
        #expect(fresh.cells.map(\.status) == [.passed, .passed], "\(fresh.cells.map(\.stderr))")
        let folder = try TemporaryFolder()
        let store = try TestStore(backend)
        let db = store.database
        try db.save(fresh, provenance: .current(bookDirectory: folder.path))
        let key = executor.cacheKey(file: "Lessons/01-real.md", cells: cells)
        #expect(key == fresh.cacheKey)
        #expect(try db.cachedRun(chapter: "real", key: key) == fresh)
        #expect(try db.history(of: "twice").map(\.value) == [42])
    }
}
