import Charts
import CLIHarness
import Foundation
import LessonEngine
import LessonRuntime
import LessonStore
import Stepper
import Testing

/// The stepper's event handling, driven event by event with a stand-in for the executor
/// (the real one is exercised by `StepCommandTests`).
@Suite struct StepSessionTests {
    let chapter = ChapterParser.parse(Fixture.tinyText, file: "Lessons/01-tiny.md")

    /// Canned results: c1 prints and records, the learner's c3 passes when it multiplies.
    final class FakeRunner: ChapterEngine {
        var runs: [[String]] = []
        let toolchainVersion = "test"

        func cacheKey(file: String, cells: [Cell]) -> String { "k" }

        func run(chapter id: String, file: String, cells: [Cell]) -> ChapterRun {
            runs.append(cells.map { $0.id + ($0.options.exercise ? "!" : "") })
            let results = cells.map { cell -> CellResult in
                switch cell.id {
                case "c1":
                    return CellResult(id: "c1", line: cell.fence.line, status: .passed, stdout: "weights: 18\n",
                                      metrics: [Metric(name: "weights", value: 18)],
                                      claims: [Claim(statement: "18 weights", passed: true, measured: 18, expected: 18, tolerance: 0)])
                case "c3" where !cell.options.exercise:
                    let solved = cell.code.contains("kernel * kernel")
                    return CellResult(id: "c3", line: cell.fence.line, status: solved ? .passed : .compileError,
                                      error: solved ? nil : CellError(file: file, line: cell.firstCodeLine + 1, column: 5,
                                                                      message: "cannot find 'x' in scope"))
                default:
                    return CellResult(id: cell.id, line: cell.fence.line, status: cell.options.exercise ? .expectedFailure : .passed)
                }
            }
            return ChapterRun(chapter: id, file: file, cells: results, cacheKey: "k",
                              startedAt: Date(), durationMs: 1, toolchain: "test")
        }
    }

    /// A store holding one run of the chapter as written, and the runs kept since.
    final class FakeStore: RunKeeping {
        let run: ChapterRun
        var kept: [ChapterRun] = []
        init(run: ChapterRun) { self.run = run }
        func stored(chapter: String, key: String) -> ChapterRun? { key == run.cacheKey ? run : nil }
        func keep(_ run: ChapterRun) { kept.append(run) }
    }

    func session(_ runner: FakeRunner, workspace: String) throws -> StepSession {
        let services = StepServices(runner: ChapterRunner(engine: { runner }, cache: nil),
                                    edit: { _ in "no editor in tests" }, progress: StepProgress(),
                                    workspace: ExerciseWorkspace(root: workspace))
        return try StepSession(chapter: chapter, style: .plain(width: 72), services: services)
    }

    func temporaryFolder() -> String {
        TestFolders.path("stepper-test").path
    }

    @Test func enterRunsTheCellThenGoesOnAndSolutionsAreNotSteps() throws {
        let runner = FakeRunner()
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let stepper = try session(runner, workspace: folder)
        #expect(stepper.steps.map(\.id) == ["c1", "c2", "c3"])
        let first = stepper.start()
        #expect(first.contains("A tiny chapter") && first.contains("12 │ let weights = 3 * 3 * 1 * 2"))
        #expect(runner.runs.isEmpty)
        let outputs = stepper.handle(.advance)
        #expect(outputs.contains("weights: 18") && outputs.contains("✓ 18 weights (measured 18, expected 18 ± 0)"))
        #expect(runner.runs == [["c1", "c2", "c3!", "c4"]])
        let second = stepper.handle(.advance)
        // The prose after the first cell now has the recorded value in place of {{ weights }}.
        #expect(second.contains("So there are 18 weights.") && second.contains("▌ Cell 2/3 · c2"))
        #expect(stepper.handle(.previous).contains("▌ Cell 1/3 · c1"))
        #expect(stepper.handle(.previous) == "· this is the first cell")
        #expect(stepper.index == 0)
        #expect(runner.runs.count == 1)  // moving around does not run again
        _ = stepper.handle(.rerun)
        #expect(runner.runs.count == 2 && runner.runs.last == ["c1"])
    }

    @Test func anExerciseGetsAFileAndACheckRunsTheLearnersCodeInItsPlace() throws {
        let runner = FakeRunner()
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let stepper = try session(runner, workspace: folder)
        _ = stepper.start()
        for _ in 0..<4 { _ = stepper.handle(.advance) }
        let file = folder + "/tiny/c3.swift"
        #expect(stepper.index == 2)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == chapter.cells[2].code)
        let failing = stepper.handle(.check)
        // The error at markdown line 33 (the exercise's second line) is line 2 of the file.
        #expect(failing.contains("\(file):2:5: error: cannot find 'x' in scope"))
        #expect(failing.contains("✗ not yet"))
        #expect(runner.runs.last == ["c1", "c2", "c3"])  // the learner's cell, no solution
        try "func weights(kernel: Int, from: Int, to: Int) -> Int { kernel * kernel * from * to }\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        #expect(stepper.handle(.check).contains("✓ exercise c3 passed"))
        #expect(stepper.outputsShown)
        #expect(stepper.handle(.edit) == "· no editor in tests")
        let end = stepper.handle(.advance)
        #expect(end.contains("That is all.") && end.contains("Exercises passed: 1 of 1"))
        _ = stepper.handle(.advance)
        #expect(stepper.finished)
    }

    @Test func aStoredRunIsShownWithoutRunningAndReRunRunsTheCellAlone() throws {
        let runner = FakeRunner()
        let store = FakeStore(run: runner.run(chapter: chapter.id, file: chapter.file, cells: chapter.cells))
        runner.runs = []
        let services = StepServices(runner: ChapterRunner(engine: { runner }, cache: store),
                                    edit: { _ in nil }, progress: StepProgress(), workspace: ExerciseWorkspace(root: temporaryFolder()))
        let stepper = try StepSession(chapter: chapter, style: .plain(), services: services)
        _ = stepper.start()
        let shown = stepper.handle(.advance)
        #expect(shown.hasPrefix("· results from the store") && shown.contains("weights: 18"))
        #expect(runner.runs.isEmpty && store.kept.isEmpty)
        // r runs c1 alone (nothing is before it), fresh, and keeps nothing: a prefix is not the chapter's run.
        _ = stepper.handle(.rerun)
        #expect(runner.runs == [["c1"]] && store.kept.isEmpty)
        // Checking an exercise runs the learner's code and keeps nothing; the cells on the
        // way to it come from the store again.
        for _ in 0..<4 { _ = stepper.handle(.advance) }
        _ = stepper.handle(.check)
        #expect(runner.runs.count == 2 && store.kept.isEmpty)
    }

    @Test func anUnknownReferenceIsReportedAsLessonsRunReportsIt() throws {
        // `lessons step` used to skip the reference check that `lessons run` made.
        let text = Fixture.tinyText.replacingOccurrences(of: "{{ weights }}", with: "{{ weight }}")
        let misspelt = ChapterParser.parse(text, file: "Lessons/01-tiny.md")
        let services = StepServices(runner: ChapterRunner(engine: { FakeRunner() }, cache: nil), edit: { _ in nil },
                                    progress: StepProgress(), workspace: ExerciseWorkspace(root: temporaryFolder()))
        let stepper = try StepSession(chapter: misspelt, style: .plain(), services: services)
        _ = stepper.start()
        #expect(stepper.handle(.advance).contains("no cell of this chapter records 'weight'"))
    }

    @Test func checkAndEditOutsideAnExerciseSaySo() throws {
        let stepper = try session(FakeRunner(), workspace: temporaryFolder())
        _ = stepper.start()
        #expect(stepper.handle(.check) == "· c checks an exercise; this cell is not one")
        #expect(stepper.handle(.edit) == "· e edits an exercise; this cell is not one")
        #expect(stepper.handle(.unknown("zz")).hasPrefix("· unknown command 'zz'"))
    }

    @Test func typedLinesBecomeEvents() {
        #expect(StepEvent(line: "") == .advance)
        #expect(StepEvent(line: "  N ") == .advance)
        #expect(StepEvent(line: "p") == .previous)
        #expect(StepEvent(line: "r") == .rerun)
        #expect(StepEvent(line: "c") == .check)
        #expect(StepEvent(line: "e") == .edit)
        #expect(StepEvent(line: "?") == .help)
        #expect(StepEvent(line: "quit") == .quit)
        #expect(StepEvent(line: "x y") == .unknown("x y"))
    }

    @Test func aChapterWithoutCellsIsAnError() {
        let empty = ChapterParser.parse("# Only prose\n", file: "e.md")
        let services = StepServices(runner: ChapterRunner(engine: { FakeRunner() }, cache: nil), edit: { _ in nil }, progress: StepProgress(),
                                    workspace: ExerciseWorkspace(root: temporaryFolder()))
        #expect(throws: StepperError.emptyChapter("e")) { try StepSession(chapter: empty, style: .plain(), services: services) }
    }
}
