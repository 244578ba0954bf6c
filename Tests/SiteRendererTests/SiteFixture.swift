import Foundation
import LessonEngine
import LessonRuntime
import SiteRenderer

/// A two-chapter book with a front page, built in memory, and runs for it with fixed dates:
/// rendering it is fast and gives the same bytes every time.
enum SiteFixture {
    static let front = """
        ---
        title: Conv Tricks
        summary: Small experiments with convolutions.
        ---
        # Conv Tricks

        Read the chapters **in order**.
        """

    static let first = """
        ---
        title: Two 3×3 instead of one 5×5
        summary: Stacking small kernels sees as far with fewer weights.
        ---

        # Weights

        Two 3×3 layers need {{ params.ratio }} of the weights. Time: {{ time }}.

        ```swift
        let ratio = 0.72 // the measured ratio
        record("params.ratio", ratio)
        print("<script>alert('x')</script>")
        ```

        ```swift hidden
        setUp()
        ```

        ## A plot

        ```swift id=plot
        plot(.line("loss", [.init("a", y: [3, 2, 1])]))
        ```

        ```swift exercise
        let answer = 0
        ```

        ```swift solution
        let answer = 42
        ```
        """

    static let second = """
        ---
        title: Broken things
        ---

        Prose with `code` and <b>html</b>.

        ```swift
        let x: Int = "no"
        ```

        ```swift fails
        fatalError("boom")
        ```
        """

    static var book: Book {
        Book(root: "Lessons", title: "Conv Tricks",
             frontPage: ChapterParser.parse(front, file: "Lessons/index.md"),
             chapters: [ChapterParser.parse(first, file: "Lessons/01-two-3x3.md"),
                        ChapterParser.parse(second, file: "Lessons/02-broken.md")],
             diagnostics: [])
    }

    static let date = Date(timeIntervalSince1970: 1_795_000_000)

    static var runs: [ChapterRun] {
        let chapters = book.chapters
        let one = chapters[0].cells
        let firstRun = ChapterRun(chapter: chapters[0].id, file: chapters[0].file, cells: [
            CellResult(id: one[0].id, line: one[0].fence.line, status: .passed,
                       stdout: "<script>alert('x')</script>\n", durationMs: 12,
                       metrics: [Metric(name: "params.ratio", value: 0.72), Metric(name: "time", value: 12.5, unit: "ms")],
                       claims: [Claim(statement: "fewer weights", passed: true, measured: 0.72, expected: 0.72, tolerance: 0.005),
                                Claim(statement: "<b>bold</b> claim", passed: false)]),
            CellResult(id: one[1].id, line: one[1].fence.line, status: .passed, durationMs: 1,
                       outputs: [.table(Table(header: ["k", "<v>"], rows: [["3", "a&b"]]))]),
            CellResult(id: one[2].id, line: one[2].fence.line, status: .passed, durationMs: 3,
                       outputs: [.plot(.line("loss", [.init("a", y: [3, 2, 1])]))]),
            CellResult(id: one[3].id, line: one[3].fence.line, status: .expectedFailure,
                       error: CellError(file: chapters[0].file, line: 33, column: 1, message: "claim failed"),
                       durationMs: 2),
            CellResult(id: one[4].id, line: one[4].fence.line, status: .notRun),
        ], cacheKey: "abc", startedAt: date, durationMs: 420, toolchain: "Swift version 6.3.1")
        let two = chapters[1].cells
        let secondRun = ChapterRun(chapter: chapters[1].id, file: chapters[1].file, cells: [
            CellResult(id: two[0].id, line: two[0].fence.line, status: .compileError,
                       error: CellError(file: chapters[1].file, line: 8, column: 14,
                                        message: "cannot convert value of type 'String' to 'Int'")),
            CellResult(id: two[1].id, line: two[1].fence.line, status: .notRun),
        ], cacheKey: "def", startedAt: date, durationMs: 300, toolchain: "Swift version 6.3.1")
        return [firstRun, secondRun]
    }

    /// Ada has seen every cell of the first chapter that a learner sees, and solved its exercise
    /// with a hint; `<Bob>` has not started (his name tests escaping).
    static var learners: [LearnerProgress] {
        let first = book.chapters[0]
        let ada = LearnerStanding(chapter: first, seen: first.steppedCells.map(\.id),
                                  passed: first.cells.filter(\.options.exercise).map(\.id), attempts: 2)
        let untouched = book.chapters.map { LearnerStanding(chapter: $0, seen: [], passed: [], attempts: 0) }
        let adaRows = [ClassStanding(learner: "Ada", standing: ada, hintsUsed: 1, solutionsShown: 0,
                                     lastActivity: Date(timeIntervalSince1970: 1_764_950_400))]
            + untouched.dropFirst().map { ClassStanding(learner: "Ada", standing: $0, hintsUsed: 0, solutionsShown: 0, lastActivity: nil) }
        let bobRows = untouched.map { ClassStanding(learner: "<Bob>", standing: $0, hintsUsed: 0, solutionsShown: 0, lastActivity: nil) }
        return [LearnerProgress(name: "Ada", chapters: [first.id: ada], classStandings: adaRows),
                LearnerProgress(name: "<Bob>", chapters: [:], classStandings: bobRows)]
    }

    static var site: Site { Site(SiteInput(book: book, runs: runs, learners: learners)) }

    static func file(_ path: String) -> String {
        site.files().first { $0.path == path }?.contents ?? ""
    }
}
