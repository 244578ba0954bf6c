import Foundation
import LessonEngine
import LessonStore

/// Loading a book and running its chapters: what `run` and `verify` share.
enum BookSession {
    /// The book at `path` (a folder or one `.md` file); unreadable input is an `InputError`.
    static func load(_ path: String) throws(InputError) -> Book {
        do {
            return try BookLoader().loadUsable(path: path)
        } catch {
            throw InputError(message: error.description)
        }
    }

    /// The chapters `target` names: a `.md` file (read on its own), a chapter of the book at
    /// `bookPath` (slug, number or file), or every chapter when `target` is nil.
    static func chapters(_ target: String?, bookPath: String) throws(InputError) -> (Book, [Chapter]) {
        if let target, target.hasSuffix(".md") {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: target, isDirectory: &isFolder), !isFolder.boolValue {
                let book = try load(target)
                return (book, book.chapters)
            }
        }
        let book = try load(bookPath)
        guard let target else { return (book, book.chapters) }
        do {
            return (book, [try BookLoader().chapter(named: target, in: book)])
        } catch {
            throw InputError(message: error.description)
        }
    }

    /// Runs each chapter in order (one failing chapter does not stop the others), showing
    /// progress on a terminal's stderr. A chapter with parse problems is not run: its cells
    /// are `notRun` and its problems become the run's diagnostics.
    static func run(
        _ chapters: [Chapter], options: ExecutionOptions, cache: RunCache? = nil
    ) throws(InputError) -> [ChapterRun] {
        let executor: ChapterExecutor
        do {
            executor = try ChapterExecutor.locate(options: options)
        } catch {
            throw InputError(message: error.description)
        }
        let progress = Progress(total: chapters.count)
        var runs: [ChapterRun] = []
        for (position, chapter) in chapters.enumerated() {
            progress.show("[\(position + 1)/\(chapters.count)] \(chapter.id)…")
            runs.append(try run(chapter, executor: executor, cache: cache))
        }
        progress.clear()
        return runs
    }

    private static func run(
        _ chapter: Chapter, executor: ChapterExecutor, cache: RunCache?
    ) throws(InputError) -> ChapterRun {
        let problems = chapter.diagnostics.map { CellError($0.location, $0.message) }
        guard problems.isEmpty else {
            let cells = chapter.cells.map { CellResult(id: $0.id, line: $0.fence.line, status: .notRun) }
            return ChapterRun(chapter: chapter.id, file: chapter.file, cells: cells,
                              cacheKey: executor.cacheKey(file: chapter.file, cells: chapter.cells),
                              startedAt: Date(), durationMs: 0, toolchain: executor.toolchain.version,
                              diagnostics: problems)
        }
        var result: ChapterRun
        if let stored = try StoreAccess.stored(chapter, executor: executor, cache: cache) {
            result = stored  // same key, same code: what a fresh run would print
        } else {
            do {
                result = try executor.run(chapter: chapter.id, file: chapter.file, cells: chapter.cells)
            } catch {
                // The engine could not work on this chapter (scratch folder, compiler launch):
                // reported on the chapter, and the next chapter still gets its turn.
                let cells = chapter.cells.map { CellResult(id: $0.id, line: $0.fence.line, status: .notRun) }
                return ChapterRun(chapter: chapter.id, file: chapter.file, cells: cells, cacheKey: "",
                                  startedAt: Date(), durationMs: 0, toolchain: executor.toolchain.version,
                                  diagnostics: [CellError(file: chapter.file, line: 1, message: error.description)])
            }
            try StoreAccess.keep(result, in: cache)
        }
        // Only a complete run knows every name; after a failure the missing names are noise.
        if ChapterRun.status(of: result.cells) == .passed {
            let unknown = chapter.unknownReferences(known: Set(result.metrics.keys))
            result.add(diagnostics: unknown.map { CellError($0.location, $0.message) })
        }
        return result
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
