import Foundation
import LessonEngine

/// `LESSONS_DRY_RUN=1 lessons …`: parse the command line and resolve the chapter it names,
/// then stop, exit status 0 (or 2 for bad usage or an unknown chapter), running nothing. It
/// lets a script or a test check that a command is well formed — the README's examples are
/// checked this way — without compiling a whole book.
enum DryRun {
    /// Whether the environment asks for a dry run.
    static var requested: Bool {
        let value = ProcessInfo.processInfo.environment["LESSONS_DRY_RUN"] ?? ""
        return !value.isEmpty && value != "0"
    }

    /// Resolves what `command` names (if it names a chapter) and says that it would run.
    static func perform(_ command: Any) throws(InputError) {
        if let naming = command as? NamesChapter { try naming.resolveChapter() }
        FileHandle.standardError.write(Data("lessons: dry run: the command is well formed; nothing was run\n".utf8))
    }
}

/// A command whose arguments may name a chapter of the book; a dry run resolves it.
protocol NamesChapter {
    /// Resolves the named chapter (and cell) as the command would, announcing it on stderr.
    func resolveChapter() throws(InputError)
}

extension RunCommand: NamesChapter {
    func resolveChapter() throws(InputError) {
        guard let chapter else {
            if cell != nil { throw InputError(message: "--cell needs a chapter: lessons run CHAPTER --cell ID") }
            return
        }
        let (_, chapters) = try BookSession.chapters(chapter, bookPath: options.book)
        if let cell, let only = chapters.first { _ = try CellLookup.cell(cell, in: only) }
    }
}

extension StepCommand: NamesChapter {
    func resolveChapter() throws(InputError) {
        if let chapter { _ = try BookSession.chapters(chapter, bookPath: options.book) }
    }
}

extension CheckCommand: NamesChapter {
    func resolveChapter() throws(InputError) {
        // `CHAPTER/CELL`: the part before the slash names the chapter.
        guard let name = exercise?.split(separator: "/").first.map(String.init) else { return }
        _ = try ChapterLookup.chapter(name, in: try BookSession.load(options.book))
    }
}

extension NotebookExportCommand: NamesChapter {
    func resolveChapter() throws(InputError) {
        if let chapter { _ = try BookSession.chapters(chapter, bookPath: options.book) }
    }
}

extension WatchCommand: NamesChapter {
    /// `watch` names no chapter; a dry run still loads the book, as the command would first.
    func resolveChapter() throws(InputError) { _ = try BookSession.load(options.book) }
}
