import Foundation
import LessonEngine
import LessonRuntime
import LessonStore

/// A child process for the store's "nothing lost" tests: real processes writing one real
/// file at once, or killed in the middle of a write. Not part of the product.
///
///     store-stress progress DB LEARNER COUNT   record COUNT steps and COUNT attempts
///     store-stress runs DB TAG COUNT           store COUNT runs of chapter TAG, one by one
///     store-stress flood DB                    store one small run, print "saved", then store
///                                              40 big runs (to be killed meanwhile)
@main
enum StoreStress {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            switch (arguments.first, arguments.count) {
            case ("progress", 4):
                try progress(db: arguments[1], learner: arguments[2], count: count(arguments[3]))
            case ("runs", 4):
                try runs(db: arguments[1], tag: arguments[2], count: count(arguments[3]))
            case ("flood", 2):
                try flood(db: arguments[1])
            default:
                fail("usage: store-stress progress DB LEARNER COUNT | runs DB TAG COUNT | flood DB")
            }
        } catch {
            fail("\(error)")
        }
    }

    /// One write transaction per step, as the stepper does, to interleave with other writers.
    static func progress(db path: String, learner name: String, count: Int) throws {
        let db = try LessonDatabase.open(at: path)
        let learner = try db.learner(named: name)
        for index in 0..<count {
            try db.record(
                ProgressStep(chapter: "stress", cellID: "c\(index)", status: .seen, at: Date()),
                for: learner)
            try db.recordAttempt(
                for: learner, chapter: "stress", exercise: "e\(index)", code: "// \(name) \(index)",
                passed: index % 2 == 0)
        }
    }

    static func runs(db path: String, tag: String, count: Int) throws {
        let db = try LessonDatabase.open(at: path)
        for index in 0..<count {
            try db.save(run(chapter: tag, index: index, cells: 5, bytesPerCell: 100),
                        provenance: RunProvenance(host: tag, bookCommit: nil))
        }
    }

    static func flood(db path: String) throws {
        let db = try LessonDatabase.open(at: path)
        try db.save(run(chapter: "before", index: 0, cells: 5, bytesPerCell: 100),
                    provenance: RunProvenance(host: "flood", bookCommit: nil))
        // A pipe is block-buffered: without the flush the test would never see the line.
        FileHandle.standardOutput.write(Data("saved\n".utf8))
        // ~3 MB a run: more than SQLite's page cache (2 MB), so pages spill into the WAL
        // before the commit, and a kill lands in the middle of a transaction. Bounded, so a
        // test that fails to kill it does not fill the disk.
        for index in 0..<floodRuns {
            try db.save(run(chapter: "flood", index: index, cells: floodCells, bytesPerCell: 8000),
                        provenance: RunProvenance(host: "flood", bookCommit: nil))
        }
    }

    /// How many big runs `flood` writes at most, and their cells.
    static let floodRuns = 40
    static let floodCells = 400

    /// A run whose content is determined by its arguments, so the tests can rebuild it.
    static func run(chapter: String, index: Int, cells: Int, bytesPerCell: Int) -> ChapterRun {
        let results = (0..<cells).map { cell in
            CellResult(
                id: "c\(cell)", line: 3 + 5 * cell, status: .passed,
                stdout: String(repeating: Character(UnicodeScalar(UInt8(97 + cell % 26))), count: bytesPerCell),
                durationMs: Double(cell), metrics: [Metric(name: "index", value: Double(index))])
        }
        return ChapterRun(chapter: chapter, file: "Lessons/\(chapter).md", cells: results,
                          cacheKey: "\(chapter)-\(index)", startedAt: Date(timeIntervalSinceReferenceDate: Double(index)),
                          durationMs: 1, toolchain: "stress")
    }

    static func count(_ text: String) -> Int {
        guard let value = Int(text), value >= 0 else { fail("not a count: \(text)") }
        return value
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data(("store-stress: " + message + "\n").utf8))
        exit(2)
    }
}
