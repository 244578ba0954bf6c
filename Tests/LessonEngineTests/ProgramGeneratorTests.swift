import Foundation
import Testing
@testable import LessonEngine

@Suite struct ExecutionProgramTests {
    private let cells = [
        Cell(id: "c1", index: 0, options: CellOptions(), code: "let x = 1\nprint(x)\n",
             fence: SourceLocation(file: "a.md", line: 5)),
        Cell(id: "odd \"id\"", index: 1, options: CellOptions(), code: "print(x + 1)",
             fence: SourceLocation(file: "a.md", line: 12)),
    ]

    @Test func eachCellIsUnderItsMarkdownLine() {
        let program = ProgramGenerator.generate(cells: cells, file: "dir/a \"b\".md")
        let lines = program.source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains("setvbuf(stdout, nil, _IOLBF, 0)"))
        #expect(lines.contains("if let budget = _lessonsThreadBudget() { ConvLab.threadCount = budget }"))
        #expect(lines.contains(#"#sourceLocation(file: "dir/a \"b\".md", line: 6)"#))
        #expect(lines.contains(#"_lessonsBeginCell(1, "odd \"id\"")"#))
        #expect(program.generatedLines.count == 2)
        #expect(lines[program.generatedLines[0].lowerBound - 1] == "let x = 1")
        #expect(program.generatedLines[0].count == 2)
        #expect(lines[program.generatedLines[1].lowerBound - 1] == "print(x + 1)")
        #expect(lines.last(where: { !$0.isEmpty }) == "_lessonsEnd()")
    }

    @Test func markdownAndGeneratedLinesMapToCells() {
        let program = ProgramGenerator.generate(cells: cells, file: "a.md")
        #expect(program.cell(atMarkdownLine: 7)?.id == "c1")
        #expect(program.cell(atMarkdownLine: 8) == nil)
        #expect(program.cell(atMarkdownLine: 13)?.index == 1)
        #expect(program.cell(atGeneratedLine: program.generatedLines[1].upperBound + 1)?.index == 1)
    }

    @Test func compilerErrorsAreParsedAndPlaced() {
        #expect(CompilerDiagnostics.parse("C:/x.md:3:14: error: boom: really")?.file == "C:/x.md")
        let parsed = CompilerDiagnostics.parse("a.md:13:7: error: cannot find 'y' in scope")
        #expect(parsed?.line == 13)
        #expect(parsed?.column == 7)
        #expect(parsed?.message == "cannot find 'y' in scope")
        #expect(CompilerDiagnostics.parse("a.md:13:7: warning: unused") == nil)

        let program = ProgramGenerator.generate(cells: cells, file: "a.md")
        let output = """
            a.md:6:5: warning: never used
            a.md:13:7: error: cannot find 'y' in scope
            /tmp/p/main.swift:\(program.generatedLines[1].upperBound + 2):1: error: expected '}'
            error: link command failed with exit code 1
            """
        let found = CompilerDiagnostics.failures(in: output, program: program, file: "a.md",
                                                 generatedPath: "/tmp/p/main.swift")
        #expect(found.placed.map(\.cell.index) == [1, 1])
        #expect(found.placed[0].error == CellError(file: "a.md", line: 13, column: 7, message: "cannot find 'y' in scope"))
        #expect(found.placed[1].error.line == 12)
        #expect(found.unplaced == ["error: link command failed with exit code 1"])
    }

    @Test func placesSlowToTypeCheckAreReadFromTheCompilersWarnings() {
        // Lines as swiftc 6.3 prints them with -warn-long-expression-type-checking=100 and
        // -warn-long-function-bodies=100 (ChapterExecutor.compilerFlags), plus noise.
        let output = """
            Lessons/07-degradation.md:121:28: warning: expression took 228ms to type-check (limit: 100ms)
                      let accuracies = [results[i].shallowPlain, results[i].deepPlain]
                                       ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
            Lessons/07-degradation.md:40:6: warning: global function 'perRow' took 131ms to type-check (limit: 100ms)
            Lessons/07-degradation.md:121:28: warning: expression took 150ms to type-check (limit: 100ms)
            Lessons/07-degradation.md:50:1: warning: variable 'took' was never used; took 3ms
            /tmp/p/main.swift:3:1: warning: expression took 400ms to type-check (limit: 100ms)
            """
        let found = CompilerDiagnostics.slowTypeChecks(in: output, file: "Lessons/07-degradation.md")
        #expect(found == [
            SlowTypeCheck(file: "Lessons/07-degradation.md", line: 121, milliseconds: 228, what: "an expression"),
            SlowTypeCheck(file: "Lessons/07-degradation.md", line: 40, milliseconds: 131, what: "global function 'perRow'"),
        ])
        #expect(CompilerDiagnostics.slowTypeChecks(in: "", file: "a.md").isEmpty)
    }

    @Test func slowPlacesOfSeveralProgramsMergeIntoOnePerLineLongestFirst() {
        var list = [SlowTypeCheck(file: "a.md", line: 9, milliseconds: 120, what: "an expression")]
        // The apart program compiles the same context cell again, a little slower.
        SlowTypeCheck.merge([SlowTypeCheck(file: "a.md", line: 9, milliseconds: 140, what: "an expression"),
                             SlowTypeCheck(file: "a.md", line: 30, milliseconds: 300, what: "an expression")], into: &list)
        #expect(list.map(\.line) == [30, 9])
        #expect(list.map(\.milliseconds) == [300, 140])
    }

    @Test func runsStoredBeforeSlowPlacesWereKeptStillDecode() throws {
        let old = #"{"cached":false,"lookupMs":1,"generateMs":2,"compileMs":3,"runMs":4,"readMs":5,"storeMs":6,"totalMs":21}"#
        let timings = try JSONDecoder().decode(RunTimings.self, from: Data(old.utf8))
        #expect(timings.slowTypeChecks == nil)
        #expect(timings.compileMs == 3)
    }
}
