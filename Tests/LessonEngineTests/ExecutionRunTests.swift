import Foundation
import LessonRuntime
import Testing
@testable import LessonEngine

/// Runs real chapter programs (each compiles in about half a second), so they are few and
/// each checks several things.
@Suite(.serialized) struct ExecutionRunTests {
    private static let file = "Tests/Fixtures/inline.md"

    private func cells(_ specs: [(String, CellOptions)]) -> [Cell] { laidOutCells(specs, file: Self.file) }

    private func executor(_ configure: (inout ExecutionOptions) -> Void = { _ in }) throws -> ChapterExecutor {
        var options = ExecutionOptions()
        configure(&options)
        return try ChapterExecutor.locate(options: options)
    }

    @Test func cellsShareStateAndReportOutputs() throws {
        let chapter = cells([
            ("let x = 21\nprint(\"x is\", x)", CellOptions()),
            ("record(\"double\", Double(x * 2), unit: \"things\")\nclaim(\"doubled\", Double(x * 2), equals: 42, within: 0)\nshow(\"text\")", CellOptions()),
        ])
        let run = try executor().run(chapter: "inline", file: Self.file, cells: chapter)
        #expect(run.status == .passed)
        #expect(run.cells.map(\.status) == [.passed, .passed])
        #expect(run.cells[0].stdout == "x is 21\n")
        #expect(run.cells[1].metrics == [Metric(name: "double", value: 42, unit: "things")])
        #expect(run.cells[1].claims.first?.passed == true)
        #expect(run.cells[1].outputs == [.text("text")])
    }

    @Test func printedTextAndShownOutputsKeepTheirCallOrder() throws {
        let chapter = cells([
            ("print(\"before\")\nshow(\"first\")\nprint(\"between\")\nprint(\"and more\")\nshow(\"second\")\nshow(\"third\")\nprint(\"after\")", CellOptions()),
            ("show(\"alone\")", CellOptions()),
        ])
        let run = try executor().run(chapter: "inline", file: Self.file, cells: chapter)
        #expect(run.cells[0].stdout == "before\nbetween\nand more\nafter\n")
        #expect(run.cells[0].outputOffsets == [7, 24, 24])
        #expect(run.cells[0].pieces == [
            .printed("before\n"), .shown(.text("first")), .printed("between\nand more\n"),
            .shown(.text("second")), .shown(.text("third")), .printed("after\n"),
        ])
        #expect(run.cells[1].pieces == [.shown(.text("alone"))])
        // A run stored before offsets were kept reads as it always did: stdout first.
        var older = run.cells[0]
        older.outputOffsets = nil
        #expect(older.pieces.first == .printed("before\nbetween\nand more\nafter\n"))
    }

    @Test func compileErrorRunsThePrefixAndMarksTheRestNotRun() throws {
        var options = CellOptions()
        options.fails = true
        let chapter = cells([
            ("print(\"first\")", CellOptions()),
            ("let y: Int = \"no\"", CellOptions()),
            ("print(\"third\")", CellOptions()),
            ("let z: Int = \"still no\"", options),
        ])
        let run = try executor().run(chapter: "inline", file: Self.file, cells: chapter)
        #expect(run.cells.map(\.status) == [.passed, .compileError, .notRun, .notRun])
        #expect(run.cells[0].stdout == "first\n")
        let error = try #require(run.cells[1].error)
        #expect(error.file == Self.file)
        #expect(error.line == chapter[1].firstCodeLine)
        #expect(error.column == 14)
        #expect(error.message.contains("cannot convert value of type 'String'"))
    }

    @Test func trapStopsTheProgramAtItsMarkdownLine() throws {
        var fails = CellOptions()
        fails.fails = true
        let chapter = cells([
            ("let a = [1, 2, 3]\nprint(\"before\")", CellOptions()),
            ("print(\"apart\")\nprint(a[7])", fails),
            ("print(\"in cell 3\")\nlet i = a.count\nprint(a[i])", CellOptions()),
            ("print(\"never\")", CellOptions()),
            ("print(a[8])", fails),
        ])
        let run = try executor().run(chapter: "inline", file: Self.file, cells: chapter)
        #expect(run.cells.map(\.status) == [.passed, .expectedFailure, .failed, .notRun, .notRun])
        #expect(run.cells[0].stdout == "before\n")
        #expect(run.cells[1].stdout == "apart\n")
        #expect(run.cells[1].error?.line == chapter[1].firstCodeLine + 1)
        #expect(run.cells[2].stdout == "in cell 3\n")
        let error = try #require(run.cells[2].error)
        #expect(error.line == chapter[2].firstCodeLine + 2)
        #expect(error.message == "Index out of range")
        #expect(run.cells[2].stderr.contains("Fatal error: Index out of range"))
        #expect(!run.cells[2].stderr.contains("Backtracing"))
    }

    @Test func aHungCellTimesOutAndAFloodIsCut() throws {
        var quick = CellOptions()
        quick.timeout = 1
        let chapter = cells([
            ("for i in 0..<40000 { print(\"line \\(i) of a long flood of text\") }", CellOptions()),
            ("while true {}", quick),
            ("print(\"never\")", CellOptions()),
        ])
        let run = try executor { $0.outputCap = 4096 }.run(chapter: "inline", file: Self.file, cells: chapter)
        #expect(run.cells.map(\.status) == [.passed, .timedOut, .notRun])
        #expect(run.cells[0].stdout.utf8.count < 4300)
        #expect(run.cells[0].stdout.hasSuffix("more bytes not shown]\n"))
        #expect(run.cells[1].error?.message.contains("within 1 s") == true)
        #expect(run.cells[1].durationMs >= 1000)
    }

    @Test func anEndlessFloodIsStoppedByTheFileSizeLimit() throws {
        let chapter = cells([
            ("while true { print(String(repeating: \"y\", count: 1000)) }", CellOptions()),
            ("print(\"never\")", CellOptions()),
        ])
        let run = try executor {
            $0.limits.fileSize = 1 << 20
            $0.outputCap = 1000
        }.run(chapter: "inline", file: Self.file, cells: chapter)
        #expect(run.cells.map(\.status) == [.failed, .notRun])
        #expect(run.cells[0].error?.message
            == "the cell wrote more than 1 MiB of output (its limit; set one with output=SIZE) and was stopped")
        #expect(run.cells[0].stdout.hasSuffix("more bytes not shown]\n"))
    }
}
