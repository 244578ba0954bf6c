import Foundation
import LessonRuntime
import Testing
@testable import LessonEngine

/// A chapter's programs are compiled side by side (`CompileAhead`) and run in turn: the
/// verdicts must be those of compiling them one at a time, each compile error on its own
/// cell, and the apart programs must run in the chapter's order.
@Suite(.serialized) struct CompileAheadTests {
    private static let file = "Tests/Fixtures/ahead.md"

    private func cells(_ specs: [(String, CellOptions)]) -> [Cell] { laidOutCells(specs, file: Self.file) }

    /// Main cells and four apart cells: a `fails` cell that does not compile, an exercise
    /// failing by its claim, a `fails` cell that runs cleanly (a failure) and one that traps.
    /// The apart cells that run write their id to `orderFile`, in the order they ran.
    private func chapter(orderFile: String) -> [Cell] {
        var fails = CellOptions(), exercise = CellOptions()
        fails.fails = true
        exercise.exercise = true
        return cells([
            ("func note(_ s: String) { let f = fopen(\"\(orderFile)\", \"a\"); fputs(s + \"\\n\", f); fclose(f) }\nvar total = 1", CellOptions()),
            ("let z: Int = \"no\"", fails),
            ("total += 1\nprint(total)", CellOptions()),
            ("note(\"c4\")\nclaim(\"total is 3\", Double(total), equals: 3, within: 0)", exercise),
            ("note(\"c5\")\nprint(\"clean\")", fails),
            ("note(\"c6\")\nlet a = [1]\nprint(a[total])", fails),
            ("print(\"last\", total)", CellOptions()),
        ])
    }

    private func run(workers: Int) throws -> (run: ChapterRun, order: String, timings: RunTimings) {
        let folder = NSTemporaryDirectory() + "/lessons-ahead-test-\(getpid())-\(workers)"
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var options = ExecutionOptions()
        // The compile budget: 1 compiles the programs one at a time, as before issue #17.
        options.convLabThreads = workers
        var timings = RunTimings()
        let run = try ChapterExecutor.locate(options: options)
            .run(chapter: "ahead", file: Self.file, cells: chapter(orderFile: folder + "/order.txt"), timings: &timings)
        let order = (try? String(contentsOfFile: folder + "/order.txt", encoding: .utf8)) ?? ""
        return (run, order, timings)
    }

    @Test func programsCompiledSideBySideGiveTheVerdictsOfCompilingInTurn() throws {
        let together = try run(workers: 2)
        let chapter = chapter(orderFile: "")
        #expect(together.run.cells.map(\.status)
            == [.passed, .expectedFailure, .passed, .expectedFailure, .failed, .expectedFailure, .passed])
        // The compile error of the second program lands on its own cell, at its line.
        let own = try #require(together.run.cells[1].error)
        #expect(own.line == chapter[1].firstCodeLine)
        #expect(own.message.contains("cannot convert value of type 'String'"))
        #expect(together.run.cells[2].stdout == "2\n")
        #expect(together.run.cells[3].error?.message.hasPrefix(RunPlan.claimFailedPrefix) == true)
        #expect(together.run.cells[4].error?.message.contains("marked as failing") == true)
        #expect(together.run.cells[5].error?.line == chapter[5].firstCodeLine + 2)
        #expect(together.run.cells[6].stdout == "last 2\n")
        // Compiled together, run in turn: the apart programs ran in the chapter's order.
        #expect(together.order == "c4\nc5\nc6\n")
        #expect(together.timings.compileMs > 0)

        let inTurn = try run(workers: 1)
        #expect(inTurn.order == together.order)
        for (a, b) in zip(together.run.cells, inTurn.run.cells) {
            #expect(a.status == b.status)
            #expect(a.error == b.error)
            #expect(a.stdout == b.stdout)
            #expect(a.claims == b.claims)
        }
    }

    @Test func aMainCompileErrorSkipsTheApartCellsAfterItButNotBefore() throws {
        var fails = CellOptions()
        fails.fails = true
        let chapter = cells([
            ("var n = 1", CellOptions()),
            ("n += 1\nprint(n)", fails),
            ("let broken: Int = \"no\"", CellOptions()),
            ("print(n)", fails),
        ])
        let run = try ChapterExecutor.locate().run(chapter: "ahead", file: Self.file, cells: chapter)
        // The `fails` cell before the error ran cleanly (so failed); the one after it had no
        // faithful context and is not run, although it was compiled ahead.
        #expect(run.cells.map(\.status) == [.passed, .failed, .compileError, .notRun])
        #expect(run.cells[1].stdout == "2\n")
        #expect(run.cells[2].error?.line == chapter[2].firstCodeLine)
    }

    @Test func theCompileBudgetFollowsTheChapterShare() {
        var options = ExecutionOptions()
        #expect(CompileAhead.workers(options) == ProcessInfo.processInfo.activeProcessorCount)
        options.convLabThreads = 1
        #expect(CompileAhead.workers(options) == 1)
        options.convLabThreads = 0
        #expect(CompileAhead.workers(options) == 1)
    }
}
