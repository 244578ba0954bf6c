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
    /// in book order (one failing chapter does not stop the others), showing progress on a
    /// terminal's stderr. A chapter with parse
    /// problems is not run: its cells are `notRun` and its problems become the run's diagnostics.
    static func run(_ chapters: [Chapter], with runner: ChapterRunner, jobs: Int = 1) throws(InputError) -> [ChapterRun] {
        try InputError.wrap { () throws(ExecutionError) in try runner.prepare() }
        let progress = Progress(total: chapters.count)
        defer { progress.clear() }
        return try InputError.wrap { () throws(StoreError) in
            try runner.run(chapters, jobs: jobs) { event in
                if case .chapterStarted(let chapter, let position, let total) = event {
                    progress.show("[\(position)/\(total)] \(chapter)…")
                }
            }
        }
    }
}

/// One line of progress on stderr, rewritten in place; silent when stderr is not a terminal.
final class Progress {
    private let enabled: Bool

    init(total: Int) {
        enabled = isatty(STDERR_FILENO) == 1 && total > 0
    }

    func show(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
