import ArgumentParser
import Foundation
import LessonEngine
import LessonStore
import SiteRenderer

/// `lessons build [--out DIR]`: runs the book (unchanged chapters come from the store) and
/// writes the static site: index, one page per chapter, progress, search.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the static HTML site of the book (site/ by default).",
        discussion: """
            Chapters whose code is unchanged are read from the store; the others are compiled and \
            run, and kept. Open DIR/index.html in a browser; the site needs no server and makes no \
            request. Exit status: 0 all good, 1 a chapter or claim failed (the site is still \
            written), 2 bad usage, unreadable input or an unwritable folder.
            """)

    @OptionGroup var options: BookOptions

    @Option(name: .long, help: "The folder to write the site into; created when missing.")
    var out = "site"

    func validate() throws {
        if out.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--out needs a folder name")
        }
    }

    func run() throws {
        let book = try BookSession.load(options.book)
        // Checked before running anything: a typo in --out should not cost a whole book's run.
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isFolder), !isFolder.boolValue {
            throw InputError(message: SiteError.notAFolder(path: out).description)
        }
        let cache = try StoreAccess.cache(options)
        let runs = try runs(of: book, cache: cache)
        let learners = try StoreAccess.learners(in: cache.database)
        let site = Site(SiteInput(book: book, runs: runs, learners: learners))
        do {
            let written = try site.write(to: out)
            print("Wrote \(written.count) files to \(out)/ — open \((out as NSString).appendingPathComponent("index.html"))")
        } catch {
            throw InputError(message: error.description)
        }
        for problem in book.allDiagnostics {
            FileHandle.standardError.write(Data("\(problem)\n".utf8))
        }
        let failed = runs.filter { $0.status == .failed }
        for run in failed { print("✗ " + ChapterReport(run: run, verbose: false).summary) }
        if !failed.isEmpty || !book.diagnostics.isEmpty { throw BookFailed() }
    }

    /// A run per chapter: the stored one when its cache key matches, else a fresh one (kept).
    /// A store that cannot be written loses the run, not the site: a warning, then on.
    private func runs(of book: Book, cache: RunCache) throws(InputError) -> [ChapterRun] {
        let executor: ChapterExecutor
        do {
            executor = try ChapterExecutor.locate(options: ExecutionOptions())
        } catch {
            throw InputError(message: error.description)
        }
        let progress = Progress(total: book.chapters.count)
        var runs: [ChapterRun] = []
        for (position, chapter) in book.chapters.enumerated() {
            let key = executor.cacheKey(file: chapter.file, cells: chapter.cells)
            if chapter.diagnostics.isEmpty, let stored = try? cache.stored(chapter: chapter.id, key: key) {
                runs.append(stored)
                continue
            }
            progress.show("[\(position + 1)/\(book.chapters.count)] \(chapter.id)…")
            let run = BookSession.run(chapter, executor: executor)
            do {
                try cache.keep(run)
            } catch {
                progress.clear()
                FileHandle.standardError.write(Data("lessons: warning: run of \(chapter.id) not kept: \(error)\n".utf8))
            }
            runs.append(run)
        }
        progress.clear()
        return runs
    }
}
