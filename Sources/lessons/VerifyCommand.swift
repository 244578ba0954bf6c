import ArgumentParser
import Foundation
import LessonEngine
import LessonRuntime

/// `lessons verify`: the whole book, solutions included; fails on anything unexpected.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Run the whole book with its solutions and check that everything holds.",
        discussion: """
            Fails (exit 1) on any unexpected cell failure, failing claim, unknown {{ name }}, \
            problem in a chapter's text, exercise that passes as written or has no solution, solution that fails, \
            or value the prose shows that no claim pins (a {{ name }} without a claim that pins it, or a \
            decimal, percentage or fraction that no claim checks).
            """)

    @OptionGroup var options: BookOptions

    @OptionGroup var jobs: JobsOption

    func run() throws {
        let book = try BookSession.load(options.book)
        var execution = ExecutionOptions()
        execution.runSolutions = true
        let runner = StoreAccess.runner(options, database: try StoreAccess.open(options), execution: execution)
        var runs = try BookSession.run(book.chapters, with: runner, jobs: jobs.count)
        for (index, chapter) in book.chapters.enumerated() {
            runs[index].add(diagnostics: Self.unsolvable(chapter))
            runs[index].add(diagnostics: PinCheck.problems(chapter: chapter, run: runs[index]))
        }
        var failed = false
        for problem in book.diagnostics {
            print("\(problem.location): error: \(problem.message)")
            failed = true
        }
        for run in runs {
            let report = ChapterReport(run: run, verbose: false)
            if run.status == .failed {
                failed = true
                print(report.text)
            } else {
                print("✓ " + report.summary)
            }
        }
        let bad = runs.filter { $0.status == .failed }.count
        print(failed ? "✗ verify: \(bad) of \(ValueText.count(runs.count, "chapter")) failed"
                     : (runs.count == 1 ? "✓ verify: the chapter holds" : "✓ verify: all \(runs.count) chapters hold"))
        if failed { throw BookFailed() }
    }

    /// An exercise with no `solution` right after it cannot be proved solvable.
    static func unsolvable(_ chapter: Chapter) -> [CellError] {
        chapter.cells.enumerated().compactMap { position, cell in
            guard cell.options.exercise else { return nil }
            let next = chapter.cells.indices.contains(position + 1) ? chapter.cells[position + 1] : nil
            guard next?.options.solution != true else { return nil }
            return CellError(cell.fence, "this exercise has no 'solution' cell right after it, "
                + "so verify cannot prove it solvable; add one (```swift solution)")
        }
    }
}
