import Foundation
import LessonEngine
import LessonStore
import LiveServer
import SiteRenderer

/// `lessons serve`'s builds: the book through the one pipeline (`BookSession.run`, so
/// unchanged chapters come from the store), rendered into a `SiteSnapshot` in memory. A
/// build never throws: a book that cannot be read keeps the last good pages, with the error
/// on top of each.
struct SitePreview {
    let options: BookOptions
    let jobs: Int
    let database: LessonDatabase
    private(set) var generation = 0
    private var last: SiteSnapshot?
    /// Kept between builds: locating the engine asks the compiler its version (a process).
    private var runner: ChapterRunner?

    init(options: BookOptions, jobs: Int, database: LessonDatabase) {
        self.options = options
        self.jobs = jobs
        self.database = database
    }

    /// The next snapshot, and what to print about it. `freshEngine` after ConvLab was
    /// rebuilt: the engine must find its new objects (their list may have changed too).
    mutating func build(freshEngine: Bool = false) -> (snapshot: SiteSnapshot, summary: String) {
        generation += 1
        let runner = (freshEngine ? nil : self.runner) ?? StoreAccess.runner(options, database: database)
        self.runner = runner
        do {
            let book = try BookSession.load(options.book)
            let runs = try BookSession.run(book.chapters, with: runner, jobs: jobs)
            let learners = try LearnerSummaries.read(from: database, book: book)
            let files = Site(SiteInput(book: book, runs: runs, learners: learners)).files()
            let problems = Self.problems(book: book, runs: runs)
            let snapshot = SiteSnapshot(files: files.map { ($0.path, $0.contents) }, generation: generation,
                                        notice: problems.isEmpty ? nil : problems.joined(separator: "\n"))
            last = snapshot
            let failed = runs.filter { $0.status == .failed }.map(\.chapter)
            return (snapshot, "\(runs.count) chapters" + (failed.isEmpty ? ", all passed" : "; failed: " + failed.joined(separator: ", ")))
        } catch {
            var snapshot = last ?? SiteSnapshot(files: [("index.html", "<!doctype html><html><body></body></html>")], generation: generation)
            snapshot.generation = generation
            snapshot.notice = "lessons: error: \(error.message)"
            return (snapshot, "error: \(error.message)")
        }
    }

    /// The book's own problems and every failure of a run, each at its file and line, for the
    /// banner of every page: the author sees what broke whichever page is open. The failing
    /// chapter's page shows the same errors beside their cells.
    static func problems(book: Book, runs: [ChapterRun]) -> [String] {
        var lines = book.allDiagnostics.map { "\($0)" }
        for run in runs where run.status == .failed {
            let errors = run.cells.compactMap(\.error) + run.diagnostics
            lines += errors.isEmpty ? ["\(run.file): chapter '\(run.chapter)' failed"] : errors.map { "\($0)" }
        }
        return lines
    }
}
