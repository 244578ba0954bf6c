import Foundation
import LessonEngine
import LessonRuntime
import LessonStore

/// `lessons run CHAPTER --cell ID`: one cell and the cells it depends on (those before it),
/// printing that cell alone. The author's loop while writing a cell: the cells before it come
/// from the store when the chapter is unchanged, and the cells after it are not run at all.
extension RunCommand {
    func runCell(_ id: String) throws {
        guard let chapter else {
            throw InputError(message: "--cell needs a chapter: lessons run CHAPTER --cell \(id)")
        }
        let (_, chapters) = try BookSession.chapters(chapter, bookPath: options.book)
        guard let target = chapters.first else { throw InputError(message: "'\(chapter)' holds no chapter") }
        _ = try CellLookup.cell(id, in: target)
        let database = try StoreAccess.open(options, target: chapter)
        let runner = StoreAccess.runner(options, database: database, target: chapter)
        try InputError.wrap { () throws(ExecutionError) in try runner.prepare() }
        let request = ChapterRequest(cells: .through(cell: id), reuse: !options.noCache)
        let run = try InputError.wrap { () throws(StoreError) in try runner.run(target, request) }
        let only = CellOnly(run: run, id: id)
        if json {
            FileHandle.standardOutput.write(try WireFormat.encoder(pretty: true).encode(only.run))
            FileHandle.standardOutput.write(Data("\n".utf8))
        } else {
            print(only.text, terminator: "")
        }
        // A cell kept from running by an earlier failure has not done its job either.
        if only.run.status == .failed || only.blocker != nil { throw BookFailed() }
    }
}

/// A chapter's run narrowed to one cell: the cell's result, the chapter's problems, and the
/// first failure before it when that is why the cell did not run.
struct CellOnly {
    /// The run with only the asked-for cell (status from that cell and the problems).
    let run: ChapterRun
    /// The failure of an earlier cell that kept this one from running, if any.
    let blocker: CellResult?

    init(run whole: ChapterRun, id: String) {
        let index = whole.cells.firstIndex { $0.id == id } ?? whole.cells.count - 1
        let cells = index >= 0 ? [whole.cells[index]] : []
        run = ChapterRun(chapter: whole.chapter, file: whole.file, cells: cells, cacheKey: whole.cacheKey,
                         startedAt: whole.startedAt, durationMs: whole.durationMs, toolchain: whole.toolchain,
                         diagnostics: whole.diagnostics)
        blocker = cells.first?.status == .notRun
            ? whole.cells.prefix(max(index, 0)).first { !$0.status.isSuccess && $0.status != .notRun } : nil
    }

    /// `━━ chapter — file · cell ID`, the chapter's problems, the cell as `lessons run` shows it.
    var text: String {
        let report = ChapterReport(run: run, verbose: true)
        var lines = ["━━ \(run.chapter) — \(run.file) · cell \(run.cells.first?.id ?? "?")"]
        for problem in run.diagnostics { lines += report.errorLines(problem) }
        for cell in run.cells { lines += report.cellLines(cell) }
        if let blocker {
            lines.append("  not run because an earlier cell did not succeed: \(blocker.id) (\(blocker.status.label))"
                + (blocker.error.map { " at \($0.description)" } ?? ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Finding a cell of a chapter by id, with the ids listed when there is none.
enum CellLookup {
    /// The cell `id` of `chapter`; an unknown id suggests the nearest and lists them all.
    static func cell(_ id: String, in chapter: Chapter) throws(InputError) -> Cell {
        if let found = chapter.cells.first(where: { $0.id == id }) { return found }
        let ids = chapter.cells.map(\.id)
        let near = NearestNames.nearest(to: id, in: ids, limit: 1)
        throw InputError(message: "no cell '\(id)' in chapter '\(chapter.id)'"
            + (near.isEmpty ? "" : " (did you mean '\(near[0])'?)")
            + "; cells: " + (ids.isEmpty ? "none" : ids.joined(separator: ", ")))
    }
}
