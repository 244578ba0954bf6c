import ArgumentParser
import Foundation
import LessonEngine
import Notebooks

/// `lessons export FORMAT …`: a book's chapters with their results, in another tool's format.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write chapters with their results in another format.",
        subcommands: [NotebookExportCommand.self])
}

/// `lessons export ipynb [CHAPTER] [--out DIR]`: one Jupyter notebook per chapter.
struct NotebookExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ipynb",
        abstract: "Write each chapter (or one) as a Jupyter notebook (nbformat 4.5) with its outputs.",
        discussion: """
            Chapters are run as `lessons run` runs them, so a stored run with the same cache key is \
            reused. Exit status: 0 written, 1 a chapter failed (its notebook is still written, with \
            the failure), 2 bad usage or unreadable input.
            """)

    @OptionGroup var options: BookOptions

    @Argument(help: "A chapter of the book (slug, number or file name) or any markdown file; all chapters if omitted.")
    var chapter: String?

    @Option(help: "The folder for the notebooks (created when missing).")
    var out = "notebooks"

    func run() throws {
        let (_, chapters) = try BookSession.chapters(chapter, bookPath: options.book)
        try makeFolder(out)  // before running anything: a bad --out is known at once
        // The same path as `lessons run` (same options, same cache), so stored runs are reused.
        let database = try StoreAccess.open(options, target: chapter)
        let runs = try BookSession.run(chapters, with: StoreAccess.runner(options, database: database, target: chapter))
        for (chapter, run) in zip(chapters, runs) {
            let source: String
            do {
                source = try String(contentsOfFile: chapter.file, encoding: .utf8)
            } catch {
                throw InputError(message: "cannot read \(chapter.file): \(error.localizedDescription)")
            }
            let name = URL(fileURLWithPath: chapter.file).deletingPathExtension().lastPathComponent + ".ipynb"
            let path = URL(fileURLWithPath: out).appendingPathComponent(name).path
            do {
                try ChapterNotebook.make(chapter, source: source, run: run).json().write(to: URL(fileURLWithPath: path))
            } catch {
                throw InputError(message: "cannot write \(path): \(error.localizedDescription)")
            }
            print((run.status == .passed ? "✓ " : "✗ ") + path)
        }
        if runs.contains(where: { $0.status == .failed }) { throw BookFailed() }
    }

    private func makeFolder(_ path: String) throws(InputError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw InputError(message: "--out \(path) is a file, not a folder") }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw InputError(message: "cannot create \(path): \(error.localizedDescription)")
        }
    }
}
