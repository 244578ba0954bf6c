import Foundation
import GRDB
import Testing
@testable import LessonStore
@testable import store_stress

/// "Nothing lost": real processes writing one real file at once.
@Suite("Many processes, one database", .timeLimit(.minutes(1)))
struct ConcurrencyTests {
    @Test func everyProgressRowOfManyProcessesArrives() throws {
        let folder = try TemporaryFolder()
        // A new file: the processes also race to create it and to apply the migrations.
        let path = folder.file(".lessons/lessons.sqlite")
        let writers = 8, steps = 40
        let children = try (0..<writers).map { index in
            try ChildProcess.start("store-stress", ["progress", path, "learner \(index % 4)", "\(steps)"])
        }
        for child in children {
            let (status, errors) = child.finish()
            #expect(status == 0, "store-stress failed: \(errors)")
        }
        let db = try LessonDatabase.open(at: path)
        #expect(try db.learners().map(\.name).sorted() == (0..<4).map { "learner \($0)" })
        for learner in try db.learners() {
            // Two processes wrote as each learner: every step and attempt of both is there.
            let steps = try db.steps(of: learner)
            #expect(steps.count == 2 * 40)
            #expect(Set(steps.map(\.cellID)) == Set((0..<40).map { "c\($0)" }))
            let attempts = try db.attempts(of: learner)
            #expect(attempts.count == 2 * 40)
            #expect(attempts.filter(\.passed).count == 40)
        }
        try expectSound(db)
    }
}

@Suite("Runs from many processes, and a killed writer", .timeLimit(.minutes(1)))
struct RunConcurrencyTests {
    @Test func everyRunOfTwoProcessesArrives() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("lessons.sqlite")
        let children = try ["alpha", "beta"].map { tag in
            try ChildProcess.start("store-stress", ["runs", path, tag, "30"])
        }
        for child in children {
            let (status, errors) = child.finish()
            #expect(status == 0, "store-stress failed: \(errors)")
        }
        let db = try LessonDatabase.open(at: path)
        for tag in ["alpha", "beta"] {
            let runs = try db.runs(chapter: tag)
            #expect(runs.count == 30)
            #expect(Set(runs.map(\.cacheKey)) == Set((0..<30).map { "\(tag)-\($0)" }))
            #expect(try db.cachedRun(chapter: tag, key: "\(tag)-29")?.cells.count == 5)
        }
        try expectSound(db)
    }

    @Test func runKilledWhileWritingLosesNothingElse() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("lessons.sqlite")
        let child = try ChildProcess.start("store-stress", ["flood", path])
        #expect(child.waitForLine("saved"))
        // Let it get well into writing big runs, then kill it without warning.
        let wal = path + "-wal"
        let deadline = Date().addingTimeInterval(30)
        while ((try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0) < 5 << 20,
              Date() < deadline, child.process.isRunning {
            usleep(5_000)
        }
        #expect(child.process.isRunning, "store-stress ended before it could be killed")
        kill(child.process.processIdentifier, SIGKILL)
        child.process.waitUntilExit()
        #expect(child.process.terminationReason == .uncaughtSignal)

        let db = try LessonDatabase.open(at: path)
        try expectSound(db)
        // The complete run before the kill is intact, value for value.
        let before = try db.cachedRun(chapter: "before", key: "before-0")
        var expected = StoreStress.run(chapter: "before", index: 0, cells: 5, bytesPerCell: 100)
        expected.startedAt = before?.startedAt ?? expected.startedAt
        #expect(before == expected)
        // Every flood run that is there is whole: one transaction per run.
        for run in try db.runs(chapter: "flood") {
            let stored = try #require(try db.cachedRun(chapter: "flood", key: run.cacheKey))
            #expect(stored.cells.count == StoreStress.floodCells)
        }
        // And the next run proceeds.
        try db.save(StoreStress.run(chapter: "after", index: 1, cells: 3, bytesPerCell: 10),
                    provenance: RunProvenance(host: "h", bookCommit: nil))
        #expect(try db.cachedRun(chapter: "after", key: "after-1")?.cells.count == 3)
    }
}
