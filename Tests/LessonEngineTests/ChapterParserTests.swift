import Testing
@testable import LessonEngine

@Suite struct ChapterParserTests {
    private let sample = """
    ---
    title: Two 3×3 convolutions
    summary: "Small kernels, fewer weights."
    ---

    # Heading

    Ratio is {{ params.ratio }} and `{{ not.a.ref }}` is code.

    ```swift id=setup
    let a = 1
    ```

    ```swift hidden timeout=2.5
    print(a)
    ```

    ```python
    not a cell
    ```

    ```swift exercise
    let b: Int = "x"
    ```

    ```swift solution norun
    let b: Int = 1
    ```

    """

    @Test func readsNameFrontMatterCellsAndReferences() {
        let chapter = ChapterParser.parse(sample, file: "Lessons/02-two-3x3.md")
        #expect(chapter.id == "two-3x3")
        #expect(chapter.number == 2)
        #expect(chapter.title == "Two 3×3 convolutions")
        #expect(chapter.summary == "Small kernels, fewer weights.")
        #expect(chapter.cells.map(\.id) == ["setup", "c2", "c3", "c4"])
        #expect(chapter.cells[0].code == "let a = 1\n")
        #expect(chapter.cells[0].fence == SourceLocation(file: "Lessons/02-two-3x3.md", line: 10, column: 1))
        #expect(chapter.cells[1].options.hidden)
        #expect(chapter.cells[1].options.timeout == 2.5)
        #expect(chapter.cells[2].options.exercise)
        #expect(chapter.cells[3].options.solution)
        #expect(chapter.references == [Reference(name: "params.ratio", location: SourceLocation(file: "Lessons/02-two-3x3.md", line: 8, column: 10))])
        // `solution norun` is a conflict: a solution must run.
        #expect(chapter.diagnostics.map(\.location.line) == [26])
        #expect(chapter.diagnostics.first?.location.column == 19)
    }

    @Test func titleFallsBackToHeadingThenSlug() {
        #expect(ChapterParser.parse("# The Title\n\ntext\n", file: "01-a.md").title == "The Title")
        #expect(ChapterParser.parse("text\n", file: "x/07-plain.md").title == "plain")
        #expect(ChapterParser.parse("text\n", file: "notes.md").number == nil)
        #expect(ChapterParser.parse("text\n", file: "notes.md").id == "notes")
    }

    @Test func unknownOptionIsReportedAtTheWordWithASuggestion() {
        let chapter = ChapterParser.parse("text\n\n```swift hiden\nx\n```\n", file: "01-a.md")
        let diagnostic = chapter.diagnostics.first
        #expect(diagnostic?.location == SourceLocation(file: "01-a.md", line: 3, column: 10))
        #expect(diagnostic?.message.contains("did you mean 'hidden'") == true)
        #expect(diagnostic?.description.hasPrefix("01-a.md:3:10: error: unknown cell option 'hiden'") == true)
        #expect(chapter.cells.count == 1)
    }

    @Test func duplicateIDsAndDefaultClashes() {
        let text = "```swift id=a\n```\n```swift id=a\n```\n```swift id=c4\n```\n```swift\n```\n"
        let chapter = ChapterParser.parse(text, file: "01-a.md")
        #expect(chapter.diagnostics.count == 2)
        #expect(chapter.diagnostics[0].location == SourceLocation(file: "01-a.md", line: 3, column: 10))
        #expect(chapter.diagnostics[0].message.contains("duplicate cell id 'a'"))
        #expect(chapter.diagnostics[1].location == SourceLocation(file: "01-a.md", line: 7, column: 1))
    }

    @Test func solutionMustFollowAnExercise() {
        let text = "```swift\n```\n\n```swift solution\n```\n"
        let chapter = ChapterParser.parse(text, file: "01-a.md")
        #expect(chapter.diagnostics.map(\.location) == [SourceLocation(file: "01-a.md", line: 4, column: 10)])
        #expect(chapter.diagnostics[0].message.contains("right after an 'exercise'"))
    }

    @Test func badTimeoutsAndIDs() {
        let text = "```swift timeout=0 id=a\n```\n```swift timeout=abc\n```\n```swift id=a/b timeout=-1\n```\n"
        let chapter = ChapterParser.parse(text, file: "01-a.md")
        #expect(chapter.diagnostics.map(\.location.line) == [1, 3, 5, 5])
        #expect(chapter.diagnostics.map(\.location.column) == [10, 10, 10, 17])
        #expect(chapter.cells.allSatisfy { $0.options.timeout == nil })
    }

    @Test func afterNamesAnEarlierCellOfACellRunApart() {
        let text = "```swift id=setup\n```\n```swift id=slow\n```\n"
            + "```swift after=setup exercise\n```\n"      // valid, whatever the order of the words
            + "```swift fails after=slow\n```\n"          // valid
            + "```swift exercise after=later\n```\n"      // not an earlier cell
            + "```swift id=later after=setup\n```\n"      // a main cell: runs after every cell before it
            + "```swift exercise after=c7\n```\n"         // its own id
        let chapter = ChapterParser.parse(text, file: "01-a.md")
        #expect(chapter.cells.map(\.options.after) == [nil, nil, "setup", "slow", nil, "setup", nil])
        #expect(chapter.diagnostics.map(\.location) == [SourceLocation(file: "01-a.md", line: 9, column: 19),
                                                         SourceLocation(file: "01-a.md", line: 11, column: 19),
                                                         SourceLocation(file: "01-a.md", line: 13, column: 19)])
        #expect(chapter.diagnostics.map(\.message) == [
            "after=later must name an earlier cell of this chapter (earlier cells: setup, slow, c3, c4)",
            "'after=' is for 'exercise' and 'fails' cells, which run apart; other cells always run after every cell before them",
            "after=c7 must name an earlier cell of this chapter (earlier cells: setup, slow, c3, c4, c5, later)",
        ])
    }

    @Test func unclosedFenceIsReportedAtItsOpening() {
        let chapter = ChapterParser.parse("intro\n\n  ```swift\nlet x = 1\n", file: "01-a.md")
        #expect(chapter.diagnostics.map(\.location) == [SourceLocation(file: "01-a.md", line: 3, column: 3)])
        #expect(chapter.diagnostics[0].message.contains("never closed"))
        #expect(chapter.cells.first?.code == "let x = 1\n")
    }

    @Test func badFrontMatterIsReportedAtItsLine() {
        let text = "---\ntitle: A\n  nested: yes\nnot a field\ntitle: B\nquote: \"open\n---\nbody\n"
        let chapter = ChapterParser.parse(text, file: "01-a.md")
        #expect(chapter.diagnostics.map(\.location.line) == [3, 4, 5, 6])
        #expect(chapter.diagnostics.map(\.location.column) == [3, 1, 1, 8])
        #expect(chapter.title == "A")
        let unclosed = ChapterParser.parse("---\ntitle: A\nbody\n", file: "01-a.md")
        #expect(unclosed.diagnostics.map(\.location.line) == [1])
        #expect(unclosed.diagnostics[0].message.contains("never closed"))
    }

    @Test func byteOrderMarkIsSkipped() {
        let chapter = ChapterParser.parse("\u{FEFF}---\ntitle: B\n---\n```swift\n```\n", file: "01-a.md")
        #expect(chapter.title == "B")
        #expect(chapter.cells.first?.fence == SourceLocation(file: "01-a.md", line: 4, column: 1))
    }

    @Test func lineEndingsAreAllLineBreaks() {
        let chapter = ChapterParser.parse("a\r\n\r\n```swift\rlet x = 1\r\n```\r\n{{ y }}", file: "01-a.md")
        #expect(chapter.cells.first?.fence.line == 3)
        #expect(chapter.cells.first?.code == "let x = 1\n")
        #expect(chapter.references.map(\.location.line) == [6])
    }
}
