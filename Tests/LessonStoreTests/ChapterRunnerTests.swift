import Foundation
import LessonEngine
import LessonRuntime
import LessonStore
import Testing

/// The one chapter pipeline: cache lookup → run → keep → reference check, with stand-ins
/// for the engine and the store so that each step's order and effect can be seen.
@Suite struct ChapterRunnerTests {
    static let text = """
        # Refs

        ```swift
        record("known", 2)
        ```

        Known {{ known }}, unknown {{ missing }}.

        ```swift exercise
        let x: Int = "a"
        ```

        ```swift solution
        let x = 1
        ```
        """
    let chapter = ChapterParser.parse(text, file: "ch/01-refs.md")

    /// Records what it was asked; c1 records `known`.
    final class Engine: ChapterEngine {
        var log: [String] = []
        let toolchainVersion = "swift-test"
        func cacheKey(file: String, cells: [Cell]) -> String { cells.map(\.code).joined() }
        func run(chapter id: String, file: String, cells: [Cell]) -> ChapterRun {
            log.append("run " + cells.map(\.id).joined(separator: ","))
            let results = cells.map { cell in
                CellResult(id: cell.id, line: cell.fence.line, status: cell.options.exercise ? .expectedFailure : .passed,
                           metrics: cell.id == "c1" ? [Metric(name: "known", value: 2)] : [])
            }
            return ChapterRun(chapter: id, file: file, cells: results, cacheKey: cacheKey(file: file, cells: cells),
                              startedAt: Date(), durationMs: 1, toolchain: toolchainVersion)
        }
    }

    final class Store: RunKeeping {
        var runs: [String: ChapterRun] = [:]
        var log: [String] = []
        func stored(chapter: String, key: String) -> ChapterRun? {
            log.append("lookup")
            return runs[key]
        }
        func keep(_ run: ChapterRun) {
            log.append("keep")
            runs[run.cacheKey] = run
        }
    }

    @Test func aChapterRunsOnceIsKeptAndThenComesFromTheStoreWithItsReferencesChecked() throws {
        let engine = Engine(), store = Store()
        let runner = ChapterRunner(engine: { engine }, cache: store)
        var events: [ChapterRunEvent] = []
        let first = try runner.run(chapter) { events.append($0) }
        #expect(engine.log == ["run c1,c2,c3"] && store.log == ["lookup", "keep"])
        // The unknown name is reported on the run; the stored copy does not carry it.
        #expect(first.diagnostics.count == 1 && first.diagnostics[0].message.contains("missing"))
        #expect(first.status == .failed && store.runs.values.first?.diagnostics == [])
        let second = try runner.run(chapter) { events.append($0) }
        #expect(engine.log.count == 1 && second.diagnostics == first.diagnostics)
        #expect(events.first == .chapterStarted(chapter: "refs", position: 1, total: 1))
        #expect(events.filter { if case .cellFinished = $0 { true } else { false } }.count == 6)
        #expect(events.compactMap { if case .chapterFinished(_, let stored) = $0 { stored } else { nil } } == [false, true])
        _ = try runner.run(chapter, ChapterRequest(reuse: false))
        #expect(engine.log.count == 2 && store.log.suffix(1) == ["keep"])
    }

    /// `lessons run --cell`: a prefix runs alone while the chapter has no stored run, is not
    /// kept nor checked for names later prose uses; once the whole chapter is stored, the
    /// prefix is that run cut short, with nothing compiled.
    @Test func aPrefixRunsAloneUntilTheWholeChapterIsStoredThenComesFromIt() throws {
        let engine = Engine(), store = Store()
        let runner = ChapterRunner(engine: { engine }, cache: store)
        let fresh = try runner.run(chapter, ChapterRequest(cells: .through(cell: "c1")))
        #expect(engine.log == ["run c1"] && store.log == ["lookup"] && store.runs.isEmpty)
        #expect(fresh.cells.map(\.id) == ["c1"] && fresh.diagnostics.isEmpty && fresh.status == .passed)
        _ = try runner.run(chapter)
        #expect(engine.log == ["run c1", "run c1,c2,c3"])
        var events: [ChapterRunEvent] = []
        let cut = try runner.run(chapter, ChapterRequest(cells: .through(cell: "c2"))) { events.append($0) }
        #expect(engine.log.count == 2)
        #expect(cut.cells.map(\.id) == ["c1", "c2"] && cut.cells[1].status == .expectedFailure)
        #expect(events.compactMap { if case .chapterFinished(_, let stored) = $0 { stored } else { nil } } == [true])
        // --no-cache: the prefix runs again.
        _ = try runner.run(chapter, ChapterRequest(cells: .through(cell: "c2"), reuse: false))
        #expect(engine.log.last == "run c1,c2")
    }

    @Test func learnerCodeReplacesTheExerciseAndIsNeverLookedUpOrKept() throws {
        let engine = Engine(), store = Store()
        let runner = ChapterRunner(engine: { engine }, cache: store)
        let run = try runner.run(chapter, ChapterRequest(cells: .learnerCode(exercise: "c2", code: "let x = 2\n")))
        #expect(engine.log == ["run c1,c2"] && store.log.isEmpty)
        #expect(run.cells.map(\.status) == [.passed, .passed])
    }

    @Test func aChapterWithProblemsInItsTextIsNotRunAndAnEngineThatCannotStartIsReported() throws {
        let broken = ChapterParser.parse("```swift nonsense\nlet a = 1\n```\n", file: "b.md")
        let engine = Engine()
        let run = try ChapterRunner(engine: { engine }, cache: nil).run(broken)
        #expect(engine.log.isEmpty && run.cells.map(\.status) == [.notRun])
        #expect(run.diagnostics == broken.diagnostics.map(CellError.init) && run.toolchain == "swift-test")
        let missing = ChapterRunner(engine: { () throws(ExecutionError) -> any ChapterEngine in
            throw ExecutionError.compilerNotFound(searched: "none here")
        }, cache: nil)
        #expect(throws: ExecutionError.self) { try missing.prepare() }
        let reported = try missing.run(chapter)
        #expect(reported.status == .failed && reported.diagnostics.first?.line == 1)
    }

    @Test func aBatchNumbersItsChapters() throws {
        let runner = ChapterRunner(engine: { Engine() }, cache: nil)
        var started: [Int] = []
        let runs = try runner.run([chapter, chapter]) { event in
            if case .chapterStarted(_, let position, 2) = event { started.append(position) }
        }
        #expect(runs.count == 2 && started == [1, 2])
    }

    /// `--timings`: a fresh run has every stage measured, none negative, together within the
    /// total; a stored run says so and spent nothing but its lookup. Off, runs carry none.
    @Test func timingsAreMeasuredPerStageAndAStoredRunSpendsOnlyItsLookup() throws {
        let engine = Engine(), store = Store()
        let runner = ChapterRunner(engine: { engine }, cache: store)
        #expect(try runner.run(chapter).timings == nil)
        runner.measuresTimings = true
        let fresh = try #require(try runner.run(chapter, ChapterRequest(reuse: false)).timings)
        #expect(!fresh.cached && fresh.stages.map(\.name) == ["lookup", "generate", "compile", "run", "read", "store"])
        #expect(fresh.stages.allSatisfy { $0.ms >= 0 } && fresh.totalMs >= 0)
        #expect(fresh.stages.reduce(0) { $0 + $1.ms } <= fresh.totalMs)
        let stored = try #require(try runner.run(chapter).timings)
        #expect(stored.cached && stored.lookupMs <= stored.totalMs)
        #expect(stored.generateMs == 0 && stored.compileMs == 0 && stored.runMs == 0 && stored.storeMs == 0)
    }
}
