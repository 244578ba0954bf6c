import Foundation
import LessonEngine
import SiteRenderer
import Testing

@Suite("Classroom pages")
struct ClassroomPageTests {
    static let chapter = ChapterParser.parse("""
        # Hints

        ```swift exercise
        let x: Int = "no"
        ```

        ```hint
        An <Int> is a number.
        ```

        ```swift solution
        let x = 1
        ```
        """, file: "Lessons/01-hints.md")

    @Test("A hint block is folded on the chapter page, not shown as code")
    func hintIsFolded() throws {
        let book = Book(root: "Lessons", title: "B", frontPage: nil, chapters: [Self.chapter], diagnostics: [])
        let page = try #require(Site(SiteInput(book: book, runs: [])).files().first { $0.path == "hints.html" }).contents
        #expect(page.contains("<details class=\"hint\"><summary>Hint</summary><pre>An &lt;Int&gt; is a number.\n</pre></details>"))
        #expect(!page.contains("language-hint"))
    }

    @Test("The class page without learners says how they start")
    func emptyClass() throws {
        let book = Book(root: "Lessons", title: "B", frontPage: nil, chapters: [Self.chapter], diagnostics: [])
        let page = try #require(Site(SiteInput(book: book, runs: [])).files().first { $0.path == "class.html" }).contents
        #expect(page.contains("No learner has started yet. Learners start with <code>lessons step --learner NAME</code>"))
    }
}
