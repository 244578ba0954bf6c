import LessonEngine
import LessonRuntime
import Stepper
import Testing

@Suite struct CellOutputViewTests {
    @Test func longPrintedTextIsCutWithANote() {
        let stdout = (1...250).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let text = CellOutputView(style: .plain()).render(CellResult(id: "c1", line: 3, status: .passed, stdout: stdout))
        #expect(text.contains("line 200\n… 50 more lines (`lessons run` prints them all)"))
        #expect(!text.contains("line 201"))
    }

    @Test func anErrorShowsItsLineWithACaret() {
        let view = CellOutputView(style: .plain()) { _ in ["first", "let x: Int = \"a\""] }
        let error = CellError(file: "ch.md", line: 2, column: 14, message: "cannot convert")
        #expect(view.errorText(error, expected: false) == "ch.md:2:14: error: cannot convert\n2 │ let x: Int = \"a\"\n  │              ^")
    }
}
