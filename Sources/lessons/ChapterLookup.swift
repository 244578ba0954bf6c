import Foundation
import LessonEngine

/// Names a chapter the same way for every command: by number (`1`, `01`), slug
/// (`two-3x3`), file name (`01-two-3x3.md`, with or without `.md`) inside `--book`, or by a
/// path with a folder (`Lessons/01-two-3x3.md`, `notes/draft.md`). A bare file name always
/// means the book's chapter, never a file of that name in the working directory: the
/// working directory is an accident of where the author stands, the book is what they named.
enum ChapterLookup {
    /// The book and the chapter `name` names, announced on stderr (`lessons: chapter 1,
    /// two-3x3 (Lessons/01-two-3x3.md)`) so that the author sees which file was picked.
    static func resolve(_ name: String, bookPath: String) throws(InputError) -> (Book, Chapter) {
        let (book, chapter) = try find(name, bookPath: bookPath)
        announce(chapter)
        return (book, chapter)
    }

    /// The chapter of `book` that `name` names (no paths outside the book), announced; an
    /// unknown name lists the nearest chapters.
    static func chapter(_ name: String, in book: Book) throws(InputError) -> Chapter {
        let chapter = try inBook(name, book)
        announce(chapter)
        return chapter
    }

    /// Whether `name` is a path to a markdown file of its own (it has a folder and exists):
    /// such a file is read as a book of one chapter unless it lies inside the book.
    static func isFilePath(_ name: String) -> Bool {
        var isFolder: ObjCBool = false
        return name.contains("/") && name.hasSuffix(".md")
            && FileManager.default.fileExists(atPath: name, isDirectory: &isFolder) && !isFolder.boolValue
    }

    private static func find(_ name: String, bookPath: String) throws(InputError) -> (Book, Chapter) {
        if isFilePath(name) {
            // A file inside the book is the book's chapter (with its neighbours and store);
            // any other file is a book of one chapter.
            if let book = try? BookSession.load(bookPath),
               let chapter = book.chapters.first(where: { canonical($0.file) == canonical(name) }) {
                return (book, chapter)
            }
            let book = try BookSession.load(name)
            guard let only = book.chapters.first else { throw InputError(message: "'\(name)' holds no chapter") }
            return (book, only)
        }
        let book = try BookSession.load(bookPath)
        if name.contains("/"), name.hasSuffix(".md") {
            // A path that is no file here may still be meant inside the book folder.
            guard let found = try? BookLoader().chapter(named: name, in: book) else {
                throw InputError(message: "no file at '\(name)'; name a file, or a chapter of '\(book.root)' by number, slug or file name")
            }
            return (book, found)
        }
        return (book, try inBook(name, book))
    }

    private static func inBook(_ name: String, _ book: Book) throws(InputError) -> Chapter {
        let bare = name.hasSuffix(".md") ? String(name.dropLast(3)) : name
        if !name.contains("/") {
            if let found = book.chapters.first(where: { stem($0.file) == bare || $0.id == bare }) { return found }
            if let number = Int(bare), let found = book.chapters.first(where: { $0.number == number }) { return found }
        }
        do {
            return try BookLoader().chapter(named: name, in: book)
        } catch .noSuchChapter {
            throw unknown(name, in: book)
        } catch {
            throw InputError(message: error.description)
        }
    }

    /// `no chapter 'two-3x4' in 'Lessons'; nearest: 01-two-3x3.md; all: lessons list --book Lessons`.
    private static func unknown(_ name: String, in book: Book) -> InputError {
        let names = book.chapters.flatMap { [$0.id, stem($0.file)] }
        let near = NearestNames.nearest(to: (name as NSString).lastPathComponent, in: names, limit: 6)
        var seen: Set<String> = []
        let chapters = book.chapters.filter { near.contains($0.id) || near.contains(stem($0.file)) }
            .filter { seen.insert($0.id).inserted }.prefix(3)
        let listed = chapters.isEmpty ? book.chapters.prefix(5) : chapters
        let label = chapters.isEmpty ? "chapters" : "nearest"
        return InputError(message: "no chapter '\(name)' in '\(book.root)'; \(label): "
            + (listed.isEmpty ? "none" : listed.map { ($0.file as NSString).lastPathComponent }.joined(separator: ", "))
            + (book.chapters.count > listed.count ? "; all: lessons list --book \(book.root)" : ""))
    }

    /// `1, two-3x3 (Lessons/01-two-3x3.md)`.
    static func describe(_ chapter: Chapter) -> String {
        (chapter.number.map { "\($0), " } ?? "") + "\(chapter.id) (\(chapter.file))"
    }

    private static func announce(_ chapter: Chapter) {
        FileHandle.standardError.write(Data("lessons: chapter \(describe(chapter))\n".utf8))
    }

    private static func stem(_ file: String) -> String {
        ((file as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    private static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
