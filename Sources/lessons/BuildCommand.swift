import APIReference
import ArgumentParser
import Foundation
import LessonEngine
import LessonRuntime
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

    @OptionGroup var jobs: JobsOption

    @Option(name: .long, help: "The folder to write the site into; created when missing.")
    var out = "site"

    @Flag(name: .customLong("from-store"), help: "Run nothing: render each chapter's latest stored run (e.g. after `lessons merge`); a chapter without one is an error.")
    var fromStore = false

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
        let database = try StoreAccess.open(options)
        let runs = fromStore ? try Self.stored(book.chapters, in: database)
            : try BookSession.run(book.chapters, with: StoreAccess.runner(options, database: database), jobs: jobs.count)
        let learners = try LearnerSummaries.read(from: database, book: book)
        let site = Site(SiteInput(book: book, runs: runs, learners: learners, api: Self.apiReference()))
        let written = try InputError.wrap { () throws(SiteError) in try site.write(to: out) }
        print("Wrote \(ValueText.count(written.count, "file")) to \(out)/ — open \((out as NSString).appendingPathComponent("index.html"))")
        for problem in book.allDiagnostics {
            FileHandle.standardError.write(Data("\(problem)\n".utf8))
        }
        let failed = runs.filter { $0.status == .failed }
        // As `run` and `verify` print them: each failure at its file:line:column.
        for run in failed { print(ChapterReport(run: run, verbose: false).text, terminator: "") }
        if !failed.isEmpty || !book.diagnostics.isEmpty { throw BookFailed() }
    }

    /// ConvLab's API for the reference pages, or `nil` with a warning saying why the site has
    /// none (no `swift-symbolgraph-extract`, no built module): the rest of the site is still
    /// worth writing.
    static func apiReference() -> APIModule? {
        do {
            return try ConvLabReference.load().module
        } catch {
            FileHandle.standardError.write(Data("warning: the site has no API reference (api/): \(error)\n".utf8))
            return nil
        }
    }

    /// Each chapter's latest stored run; a chapter with none is an input error naming it.
    static func stored(_ chapters: [Chapter], in database: LessonDatabase) throws(InputError) -> [ChapterRun] {
        let (runs, missing) = try InputError.wrap { () throws(StoreError) in
            try StoredRuns.latest(of: chapters, in: database)
        }
        guard missing.isEmpty else {
            throw InputError(message: "no stored run of " + missing.map { "'\($0.id)' (\($0.file))" }.joined(separator: ", ")
                + " in \(database.path): run it first (`lessons run`), or merge the database that has it")
        }
        return runs
    }
}
