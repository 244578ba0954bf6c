import Foundation
import LessonEngine
import LessonStore

/// Loading a book and running its chapters: what `run` and `verify` share.
enum BookSession {
    /// The book at `path` (a folder or one `.md` file); unreadable input is an `InputError`.
    static func load(_ path: String) throws(InputError) -> Book {
        try InputError.wrap { () throws(BookLoadError) in try BookLoader().loadUsable(path: path) }
    }

    /// The chapters `target` names (number, slug, file name or path: see `ChapterLookup`),
    /// or every chapter of the book at `bookPath` when `target` is nil.
    static func chapters(_ target: String?, bookPath: String) throws(InputError) -> (Book, [Chapter]) {
        guard let target else {
            let book = try load(bookPath)
            return (book, book.chapters)
        }
        let (book, chapter) = try ChapterLookup.resolve(target, bookPath: bookPath)
        return (book, [chapter])
    }

    /// Runs the chapters through the engine's pipeline, `jobs` at once, and gives their runs
    /// in book order (one failing chapter does not stop the others), drawing the pipeline's
    /// events as `progress` on stderr. A chapter with parse problems is not run: its cells
    /// are `notRun` and its problems become the run's diagnostics.
    static func run(
        _ chapters: [Chapter], with runner: ChapterRunner, jobs: Int = 1,
        progress style: ProgressStyle = .forStandardError()
    ) throws(InputError) -> [ChapterRun] {
        try InputError.wrap { () throws(ExecutionError) in try runner.prepare() }
        let progress = ProgressDisplay(total: chapters.count, style: style)
        defer { progress.finish() }
        return try InputError.wrap { () throws(StoreError) in
            try runner.run(chapters, jobs: jobs) { progress.handle($0) }
        }
    }
}
