import ArgumentParser
import Foundation
import LessonEngine
import LessonRuntime

/// `lessons run [CHAPTER|FILE.md] [--cell ID] [--json]`: runs chapters (or one cell) and
/// prints what their cells did.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one chapter (or the whole book) and print each cell's outputs, claims and failures.",
        discussion: "Exit status: 0 all good, 1 a cell, claim or reference failed, 2 bad usage or unreadable input.")

    @OptionGroup var options: BookOptions

    @OptionGroup var jobs: JobsOption

    @OptionGroup var shard: ShardOption

    @Argument(help: "A chapter of the book (slug, number or file name) or any markdown file; all chapters if omitted.")
    var chapter: String?

    @Option(help: "Run only this cell (by id) and the cells before it, and print only this cell.")
    var cell: String?

    @Flag(help: "Write one JSON document to stdout instead of text (format in README.md).")
    var json = false

    @Flag(help: "Say where each chapter's time went: lookup, generate, compile, run, read, store (ms).")
    var timings = false

    func run() throws {
        if let cell { return try runCell(cell) }
        let (book, named) = try BookSession.chapters(chapter, bookPath: options.book)
        let chapters = try shard.select(named)
        let database = try StoreAccess.open(options, target: chapter)
        let runner = StoreAccess.runner(options, database: database, target: chapter)
        runner.measuresTimings = timings
        let runs = try BookSession.run(chapters, with: runner, jobs: jobs.count, progress: .forStandardError(json: json))
        // Problems of the book itself (misnamed files) matter only when running all of it.
        let bookProblems = chapter == nil ? book.diagnostics.map(CellError.init) : []
        if json {
            try printJSON(runs: runs, book: book, problems: bookProblems)
        } else {
            for problem in bookProblems { print("\(problem.file):\(problem.line):\(problem.column): error: \(problem.message)") }
            for run in runs {
                print(ChapterReport(run: run, verbose: true).text)
                if let measured = run.timings {
                    print(Self.timingsLine(measured))
                    for slow in measured.slowTypeChecks ?? [] { print(Self.slowTypeCheckLine(slow)) }
                }
            }
        }
        if !bookProblems.isEmpty || runs.contains(where: { $0.status == .failed }) { throw BookFailed() }
    }

    /// `timings: lookup 2 ms, generate 1 ms, compile 812 ms, …, total 871 ms`; a stored
    /// run says so and gives only its lookup, since nothing else was done.
    static func timingsLine(_ t: RunTimings) -> String {
        func ms(_ value: Double) -> String { String(format: "%.1f ms", value) }
        if t.cached { return "timings (from the store): lookup \(ms(t.lookupMs)), total \(ms(t.totalMs))" }
        let stages = t.stages.map { "\($0.name) \(ms($0.ms))" }.joined(separator: ", ")
        return "timings: \(stages), total \(ms(t.totalMs))"
    }

    /// `Lessons/07-degradation.md:121: warning: an expression took 217 ms to type-check; …`
    static func slowTypeCheckLine(_ slow: SlowTypeCheck) -> String {
        "\(slow.file):\(slow.line): warning: \(slow.what) took \(slow.milliseconds) ms to type-check "
            + "(every compile of the chapter pays it; write out the types of its closures and literals, or split it)"
    }

    private func printJSON(runs: [ChapterRun], book: Book, problems: [CellError]) throws {
        let encoder = WireFormat.encoder(pretty: true)
        let data: Data
        if chapter != nil, let only = runs.first, runs.count == 1 {
            data = try encoder.encode(only)
        } else {
            data = try encoder.encode(BookRunDocument(book: book.root, runs: runs, diagnostics: problems))
        }
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}

/// The `--json` document of a whole book: its chapters' runs and the book's own problems.
struct BookRunDocument: Encodable {
    var book: String
    var status: ChapterStatus
    var chapters: [ChapterRun]
    var diagnostics: [CellError]

    init(book: String, runs: [ChapterRun], diagnostics: [CellError]) {
        self.book = book
        self.chapters = runs
        self.diagnostics = diagnostics
        self.status = diagnostics.isEmpty && runs.allSatisfy { $0.status == .passed } ? .passed : .failed
    }
}
