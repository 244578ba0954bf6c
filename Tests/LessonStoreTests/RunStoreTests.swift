import Foundation
import Testing
@testable import LessonStore

@Suite("Runs, cache and history")
struct RunStoreTests {
    @Test(arguments: TestBackend.all) func runReadsBackExactly(on backend: TestBackend) throws {
        let store = try TestStore(backend)
        let db = store.database
        let rows = sampleRows(cellCount: 4, timedOutCell: 2)
        let id = try db.save(rows)
        let back = try db.read { db in try RunRows.fetch(db, runID: id) }
        #expect(back == rows)
    }

    @Test(arguments: TestBackend.all) func cacheReturnsLatestRunWithTheKeyOnly(on backend: TestBackend) throws {
        let store = try TestStore(backend)
        let db = store.database
        _ = try db.save(sampleRows(key: "k1", value: 1))
        _ = try db.save(sampleRows(key: "k1", value: 2))
        _ = try db.save(sampleRows(key: "k2", value: 3))
        _ = try db.save(sampleRows(chapter: "other", key: "k3", value: 4))
        #expect(try db.cachedRows(chapter: "two-3x3", key: "k1")?.cells[0].metrics[0].value == 2)
        #expect(try db.cachedRows(chapter: "two-3x3", key: "k2")?.cells[0].metrics[0].value == 3)
        #expect(try db.cachedRows(chapter: "two-3x3", key: "k3") == nil)
        #expect(try db.cachedRows(chapter: "other", key: "k1") == nil)
        #expect(try db.cachedRows(chapter: "other", key: "k3") != nil)
    }

    @Test(arguments: TestBackend.all) func runWithATimeoutIsNotReused(on backend: TestBackend) throws {
        let store = try TestStore(backend)
        let db = store.database
        _ = try db.save(sampleRows(key: "k1", value: 1))
        _ = try db.save(sampleRows(key: "k1", value: 2, timedOutCell: 1))
        // The older complete run is still good; the timed-out one is skipped.
        #expect(try db.cachedRows(chapter: "two-3x3", key: "k1")?.cells[0].metrics[0].value == 1)
        _ = try db.save(sampleRows(key: "k9", timedOutCell: 0))
        #expect(try db.cachedRows(chapter: "two-3x3", key: "k9") == nil)
    }

    @Test(arguments: TestBackend.all) func runsListProvenance(on backend: TestBackend) throws {
        let store = try TestStore(backend)
        let db = store.database
        let rows = sampleRows(host: "lab-7", started: 5_000)
        let id = try db.save(rows)
        let runs = try db.runs()
        #expect(runs.count == 1)
        #expect(runs[0].id == id)
        #expect(runs[0].host == "lab-7")
        #expect(runs[0].bookCommit == rows.bookCommit)
        #expect(runs[0].startedAt == rows.startedAt)
        #expect(abs(runs[0].endedAt.timeIntervalSince(rows.startedAt) - 0.4205) < 1e-6)
        #expect(try db.runs(chapter: "nope").isEmpty)
    }

    @Test(arguments: TestBackend.all) func historyListsValuesAndFlagsNonDeterminism(on backend: TestBackend) throws {
        let store = try TestStore(backend)
        let db = store.database
        _ = try db.save(sampleRows(key: "a", cellCount: 1, metric: "speed", value: 10, host: "h1", started: 1))
        _ = try db.save(sampleRows(key: "a", cellCount: 1, metric: "speed", value: 10, host: "h2", started: 2))
        _ = try db.save(sampleRows(key: "b", cellCount: 1, metric: "speed", value: 12, started: 3))
        _ = try db.save(sampleRows(key: "b", cellCount: 1, metric: "speed", value: 13, started: 4))
        _ = try db.save(sampleRows(chapter: "else", key: "b", cellCount: 1, metric: "speed", value: 9, started: 5))
        let history = try db.history(of: "speed")
        #expect(history.map(\.value) == [10, 10, 12, 13, 9])
        #expect(history.map(\.host) == ["h1", "h2", "box", "box", "box"])
        #expect(history.map(\.nonDeterministic) == [false, false, true, true, false])
        #expect(history[0].bookCommit == "0123456789abcdef0123456789abcdef01234567")
        #expect(try db.history(of: "speed", chapter: "else").map(\.value) == [9])
        #expect(try db.history(of: "nothing").isEmpty)
        #expect(try db.metricNames() == ["speed"])
    }

    @Test(arguments: TestBackend.all) func metricsRecordedInALoopAreComparedOccurrenceByOccurrence(on backend: TestBackend) throws {
        let store = try TestStore(backend)
        let db = store.database
        for (run, losses) in [[1.0, 0.5, 0.25], [1.0, 0.5, 0.3]].enumerated() {
            var rows = sampleRows(key: "same", cellCount: 1, started: Double(run))
            rows.cells[0].metrics = losses.map { .init(name: "loss", value: $0, unit: nil) }
            _ = try db.save(rows)
        }
        let history = try db.history(of: "loss")
        #expect(history.map(\.occurrence) == [0, 1, 2, 0, 1, 2])
        #expect(history.map(\.nonDeterministic) == [false, false, true, false, false, true])
    }

    @Test(arguments: TestBackend.all) func nanIsKeptAsNaN(on backend: TestBackend) throws {
        let store = try TestStore(backend)
        let db = store.database
        _ = try db.save(sampleRows(key: "n", cellCount: 1, metric: "bad", value: .nan))
        _ = try db.save(sampleRows(key: "n", cellCount: 1, metric: "bad", value: .nan))
        let history = try db.history(of: "bad")
        #expect(history.count == 2)
        #expect(history.allSatisfy { $0.value.isNaN && !$0.nonDeterministic })
    }
}

@Suite("Latest run")
struct LatestRunTests {
    @Test(arguments: TestBackend.all) func latestRunIgnoresTheKey(on backend: TestBackend) throws {
        let store = try TestStore(backend)
        let db = store.database
        #expect(try db.latestRows(chapter: "two-3x3") == nil)
        _ = try db.save(sampleRows(key: "k1", value: 1))
        _ = try db.save(sampleRows(key: "k2", value: 2, timedOutCell: 0))
        _ = try db.save(sampleRows(chapter: "other", key: "k3", value: 3))
        #expect(try db.latestRows(chapter: "two-3x3")?.cacheKey == "k2")
    }
}

@Suite("Provenance")
struct ProvenanceTests {
    @Test func hostNameIsTheKernelsName() throws {
        let kernel = try String(contentsOfFile: "/proc/sys/kernel/hostname", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(RunProvenance.hostName() == kernel)
    }

    @Test func bookCommitIsReadFromGitFiles() throws {
        let folder = try TemporaryFolder()
        let git = folder.file(".git")
        let hash = "89abcdef0123456789abcdef0123456789abcdef"
        try FileManager.default.createDirectory(atPath: git + "/refs/heads", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder.file("book/Lessons"), withIntermediateDirectories: true)
        try Data("ref: refs/heads/main\n".utf8).write(to: URL(fileURLWithPath: git + "/HEAD"))
        #expect(RunProvenance.current(bookDirectory: folder.file("book/Lessons")).bookCommit == nil)
        try Data("# pack-refs\n\(hash) refs/heads/main\n".utf8).write(to: URL(fileURLWithPath: git + "/packed-refs"))
        #expect(RunProvenance.current(bookDirectory: folder.file("book/Lessons")).bookCommit == hash)
        let loose = String(hash.reversed())
        try Data((loose + "\n").utf8).write(to: URL(fileURLWithPath: git + "/refs/heads/main"))
        #expect(RunProvenance.current(bookDirectory: folder.file("book/Lessons")).bookCommit == loose)
        try Data((hash + "\n").utf8).write(to: URL(fileURLWithPath: git + "/HEAD"))  // detached
        #expect(RunProvenance.current(bookDirectory: folder.file("book")).bookCommit == hash)
    }

    @Test func bookCommitOfAWorktreeComesFromItsGitFile() throws {
        let folder = try TemporaryFolder()
        let main = folder.file("repo/.git"), worktree = main + "/worktrees/wt"
        let hash = "0123456789abcdef0123456789abcdef01234567"
        try FileManager.default.createDirectory(atPath: main + "/refs/heads", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: worktree, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder.file("wt/Lessons"), withIntermediateDirectories: true)
        try Data("gitdir: \(worktree)\n".utf8).write(to: URL(fileURLWithPath: folder.file("wt/.git")))
        try Data("ref: refs/heads/topic\n".utf8).write(to: URL(fileURLWithPath: worktree + "/HEAD"))
        try Data("../..\n".utf8).write(to: URL(fileURLWithPath: worktree + "/commondir"))
        try Data((hash + "\n").utf8).write(to: URL(fileURLWithPath: main + "/refs/heads/topic"))
        #expect(RunProvenance.current(bookDirectory: folder.file("wt/Lessons")).bookCommit == hash)
    }
}
