import Foundation
import LessonRuntime
import Testing
@testable import LessonEngine

/// Single programs' results kept and reused (`ProgramCache`): a chapter edited in one cell
/// runs again only the programs whose cells changed, with the same verdicts as a full run.
@Suite(.serialized) struct ProgramCacheTests {
    private static let file = "Tests/Fixtures/program-cache.md"

    /// Two main cells around an exercise; every cell that runs writes a line to `log`, so the
    /// log shows which programs ran.
    private func chapter(log: String, last: String = "total += 10", exercise: String = "note(\"exercise\")") -> [Cell] {
        var options = CellOptions()
        options.exercise = true
        return laidOutCells([
            ("func note(_ s: String) { let f = fopen(\"\(log)\", \"a\"); fputs(s + \"\\n\", f); fclose(f) }\nvar total = 1\nnote(\"first\")",
             CellOptions()),
            (exercise + "\nclaim(\"total is 3\", Double(total), equals: 3, within: 0)", options),
            (last + "\nnote(\"last\")\nprint(total)", CellOptions()),
        ], file: Self.file)
    }

    private func executor(cache: String?) throws -> ChapterExecutor {
        var options = ExecutionOptions()
        options.programCache = cache.map { ProgramCache(folder: $0) }
        return try ChapterExecutor.locate(options: options)
    }

    @Test func onlyProgramsWhoseCellsChangedRunAgain() throws {
        let folder = NSTemporaryDirectory() + "/lessons-program-cache-\(getpid())"
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let log = folder + "/log.txt", cache = folder + "/cache"
        func ran() -> [String] {
            defer { try? FileManager.default.removeItem(atPath: log) }
            return ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
        let engine = try executor(cache: cache)

        // Cold: the main program (first, last), then the exercise's (first, exercise).
        let cold = try engine.run(chapter: "c", file: Self.file, cells: chapter(log: log))
        #expect(cold.cells.map(\.status) == [.passed, .expectedFailure, .passed])
        #expect(ran() == ["first", "last", "first", "exercise"])

        // Unchanged: nothing runs, the same verdicts and outputs come back.
        let again = try engine.run(chapter: "c", file: Self.file, cells: chapter(log: log))
        #expect(ran() == [])
        #expect(again.cells.map(\.status) == cold.cells.map(\.status))
        #expect(again.cells.map(\.stdout) == cold.cells.map(\.stdout))
        #expect(again.cells[1].error == cold.cells[1].error)

        // The last cell edited: the main program runs; the exercise's context is unchanged.
        let edited = try engine.run(chapter: "c", file: Self.file, cells: chapter(log: log, last: "total += 20"))
        #expect(ran() == ["first", "last"])
        #expect(edited.cells[2].stdout == "21\n")
        #expect(edited.cells[1].status == .expectedFailure)

        // The exercise completed by the learner (on one line, so the cells after it keep their
        // lines, which the programs carry): only its program runs, and it now passes as
        // written, which an exercise must not (the same verdict as without the cache).
        let solved = try engine.run(chapter: "c", file: Self.file,
                                    cells: chapter(log: log, last: "total += 20", exercise: "note(\"solved\"); total += 2"))
        #expect(ran() == ["first", "solved"])
        #expect(solved.cells[1].status == .failed)
        #expect(solved.cells[2].stdout == "21\n")

        // Without a cache, or with its entries damaged, everything runs.
        _ = try executor(cache: nil).run(chapter: "c", file: Self.file, cells: chapter(log: log))
        #expect(ran() == ["first", "last", "first", "exercise"])
        for name in try FileManager.default.contentsOfDirectory(atPath: cache) {
            try Data("{ not json".utf8).write(to: URL(fileURLWithPath: cache + "/" + name))
        }
        let damaged = try engine.run(chapter: "c", file: Self.file, cells: chapter(log: log))
        #expect(ran() == ["first", "last", "first", "exercise"])
        #expect(damaged.cells.map(\.status) == cold.cells.map(\.status))
    }

    /// `after=ID`: an exercise at the end of a chapter whose program holds only the cells up
    /// to ID, so neither a slow cell nor an edit of it after ID runs it again, and a trap
    /// there does not leave it unrun.
    @Test func anExerciseAfterAnEarlyCellSkipsTheCellsBetween() throws {
        let folder = NSTemporaryDirectory() + "/lessons-program-cache-after-\(getpid())"
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let log = folder + "/log.txt"
        func ran() -> [String] {
            defer { try? FileManager.default.removeItem(atPath: log) }
            return ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
        func chapter(slow: String, after: String?) -> [Cell] {
            var exercise = CellOptions()
            exercise.exercise = true
            exercise.after = after
            return laidOutCells([
                ("func note(_ s: String) { let f = fopen(\"\(log)\", \"a\"); fputs(s + \"\\n\", f); fclose(f) }\nvar total = 1\nnote(\"first\")",
                 CellOptions()),
                ("note(\"slow\")\n" + slow, CellOptions()),
                ("note(\"exercise\")\nclaim(\"total is 3\", Double(total), equals: 3, within: 0)", exercise),
            ], file: Self.file)
        }
        let engine = try executor(cache: folder + "/cache")

        let cold = try engine.run(chapter: "a", file: Self.file, cells: chapter(slow: "total += 1", after: "c1"))
        #expect(ran() == ["first", "slow", "first", "exercise"])
        #expect(cold.cells.map(\.status) == [.passed, .passed, .expectedFailure])
        #expect(cold.cells[2].error?.message.contains("measured 1.0") == true)  // total as c1 left it, not 2

        // The slow cell edited: only the main program runs again.
        _ = try engine.run(chapter: "a", file: Self.file, cells: chapter(slow: "total += 5", after: "c1"))
        #expect(ran() == ["first", "slow"])

        // The slow cell traps: the exercise still runs, after c1; without after= it is not run.
        let trap = "let none = [Int]()\nprint(none[Int(\"0\")!])"
        let trapped = try engine.run(chapter: "a", file: Self.file, cells: chapter(slow: trap, after: "c1"))
        #expect(trapped.cells.map(\.status) == [.passed, .failed, .expectedFailure])
        let everyCell = try executor(cache: nil).run(chapter: "a", file: Self.file, cells: chapter(slow: trap, after: nil))
        #expect(everyCell.cells.map(\.status) == [.passed, .failed, .notRun])

        // A name the cells between declare is out of scope, and the error says why.
        let late = try engine.run(chapter: "a", file: Self.file, cells: chapter(slow: "let later = 2", after: "c1").enumerated().map { i, cell in
            var cell = cell
            if i == 2 { cell.code = "print(later)\n" + cell.code }
            return cell
        })
        let error = try #require(late.cells[2].error)
        #expect(late.cells[2].status == .expectedFailure)
        #expect(error.message.hasPrefix("cannot find 'later' in scope"))
        #expect(error.message.contains("(this cell runs after the cells up to 'c1' only (after=c1)"))
    }

    @Test func programsThatStoppedEarlyAreNotKept() throws {
        let folder = NSTemporaryDirectory() + "/lessons-program-cache-trap-\(getpid())"
        try? FileManager.default.removeItem(atPath: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cells = laidOutCells([("let a = [1]\nprint(a[Int(\"2\")!])", CellOptions()), ("print(\"after\")", CellOptions())],
                                 file: Self.file)
        let run = try executor(cache: folder).run(chapter: "t", file: Self.file, cells: cells)
        #expect(run.cells.map(\.status) == [.failed, .notRun])
        // A trap leaves later cells not run: a new run may get further, so nothing is kept.
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".json") }.isEmpty)
    }
}
