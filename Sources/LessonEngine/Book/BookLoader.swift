import Foundation

/// Why a book or chapter could not be loaded at all (problems inside chapters are
/// `Diagnostic`s instead, and the rest of the book still loads).
public enum BookLoadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Nothing exists at the path.
    case notFound(path: String)
    /// The path is a file but not a `.md` file.
    case notMarkdown(path: String)
    /// The file or folder exists but could not be read.
    case unreadable(path: String, reason: String)
    /// A chapter name given by the user points outside the book folder.
    case escapesBook(name: String, book: String)
    /// No chapter of the book matches the name.
    case noSuchChapter(name: String, book: String, available: [String])
    /// Chapter files of the book that cannot be read, each with its reason.
    case unreadableChapters([Diagnostic])
    /// The folder holds no chapter (`NN-slug.md`); `problems` are its misnamed files.
    case noChapters(folder: String, problems: [Diagnostic])
    /// A chapter of a book folder is a symbolic link to a file outside the folder.
    case linksOutside(path: String, target: String, book: String)
    /// The file name makes no usable chapter id (`01-...md` would be chapter `..`).
    case badName(path: String)

    /// A message the user can act on.
    public var description: String {
        switch self {
        case .notFound(let path): "no file or folder at '\(path)'"
        case .notMarkdown(let path): "'\(path)' is not a markdown file; give a .md file or a book folder"
        case .unreadable(let path, let reason): "cannot read '\(path)': \(reason)"
        case .escapesBook(let name, let book):
            "'\(name)' is outside the book folder '\(book)'; name a chapter of the book (e.g. its slug or NN)"
        case .noSuchChapter(let name, let book, let available):
            "no chapter '\(name)' in '\(book)'; chapters: \(available.isEmpty ? "none" : available.joined(separator: ", "))"
        case .unreadableChapters(let problems):
            problems.map(\.message).joined(separator: "\n")
        case .noChapters(let folder, let problems):
            "no chapters in \(folder); a chapter is a file named NN-slug.md (e.g. 01-intro.md)"
                + problems.map { "\n\($0)" }.joined()
        case .linksOutside(let path, let target, let book):
            "'\(path)' is a link to '\(target)', outside the book folder '\(book)'; copy the chapter into the book"
        case .badName(let path):
            "'\(path)' does not make a chapter id (an id may not start with '.' or hold '/' or control characters); rename it NN-slug.md"
        }
    }
}

/// Reads a book from disk: a folder of `NN-slug.md` chapters with an optional `index.md`
/// front page, or a single markdown file.
public struct BookLoader: Sendable {
    /// A loader; it keeps no state.
    public init() {}

    /// The book at `path`: a folder (chapters `NN-slug.md` in order of `NN`, `index.md` as
    /// the front page, other `.md` files reported as misnamed) or one `.md` file.
    public func load(path: String) throws(BookLoadError) -> Book {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw .notFound(path: path) }
        if !isFolder.boolValue {
            guard path.hasSuffix(".md") else { throw .notMarkdown(path: path) }
            let chapter = try loadChapter(path)
            return Book(root: path, title: chapter.title, frontPage: nil, chapters: [chapter], diagnostics: [])
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        return loadFolder(path, names: names.filter { $0.hasSuffix(".md") }.sorted())
    }

    /// The book at `path` as every command needs it: a folder with at least one chapter
    /// and no chapter file that cannot be read (a bad file is bad input, not a problem
    /// in a chapter's text, so the commands exit 2 rather than run half a book).
    public func loadUsable(path: String) throws(BookLoadError) -> Book {
        let book = try load(path: path)
        let unreadable = book.diagnostics.filter { book.unreadable.contains($0.location.file) }
        guard unreadable.isEmpty else { throw .unreadableChapters(unreadable) }
        guard !book.chapters.isEmpty else {
            throw .noChapters(folder: path, problems: book.diagnostics)
        }
        return book
    }

    /// The chapter of `book` named `name`: its slug, its number (`2` or `02`), its file
    /// name, or a path to it inside the book folder. A name that leads outside the folder
    /// is an error even if the file exists.
    public func chapter(named name: String, in book: Book) throws(BookLoadError) -> Chapter {
        let all = book.chapters + (book.frontPage.map { [$0] } ?? [])
        if !name.contains("/"), !name.hasSuffix(".md") {
            if let found = all.first(where: { $0.id == name }) { return found }
            if let number = Int(name), let found = all.first(where: { $0.number == number }) { return found }
        }
        // A path may be meant relative to the book folder or to the working directory.
        let root = Self.canonical(book.root)
        var bases = [name.hasPrefix("/") ? name : (book.root as NSString).appendingPathComponent(name)]
        if !name.hasPrefix("/") { bases.append(name) }
        let inside = bases.map(Self.canonical).filter { $0 == root || $0.hasPrefix(root + "/") }
        guard !inside.isEmpty else { throw .escapesBook(name: name, book: book.root) }
        for candidate in inside {
            if let found = all.first(where: { Self.canonical($0.file) == candidate }) { return found }
        }
        throw .noSuchChapter(name: name, book: book.root, available: book.chapters.map(\.id))
    }

    private func loadFolder(_ folder: String, names: [String]) -> Book {
        var diagnostics: [Diagnostic] = []
        var unreadable: [String] = []
        var frontPage: Chapter?
        var chapters: [Chapter] = []
        for name in names {
            let path = (folder as NSString).appendingPathComponent(name)
            let parsed = ChapterName(path: name)
            guard name == "index.md" || parsed.number != nil else {
                diagnostics.append(Diagnostic(SourceLocation(file: path, line: 1),
                    "'\(name)' is not a chapter name; rename it NN-slug.md (e.g. 01-\(parsed.slug).md) or move it out of the book"))
                continue
            }
            let chapter: Chapter
            do {
                try checkInside(path, folder: folder)
                chapter = try loadChapter(path)
            } catch {
                diagnostics.append(Diagnostic(SourceLocation(file: path, line: 1), error.description))
                unreadable.append(path)
                continue
            }
            if name == "index.md" { frontPage = chapter } else { chapters.append(chapter) }
        }
        chapters.sort { ($0.number ?? 0, $0.file) < ($1.number ?? 0, $1.file) }
        diagnostics += clashes(chapters)
        let folderName = URL(fileURLWithPath: folder).lastPathComponent
        let title = frontPage?.frontMatter["title"] ?? folderName
        return Book(root: folder, title: title, frontPage: frontPage, chapters: chapters, diagnostics: diagnostics,
                    unreadable: unreadable)
    }

    /// Two chapters with the same number or the same id make order and links ambiguous.
    private func clashes(_ chapters: [Chapter]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var numbers: [Int: String] = [:]
        var ids: [String: String] = [:]
        for chapter in chapters {
            let place = SourceLocation(file: chapter.file, line: 1)
            if let number = chapter.number, let other = numbers[number] {
                diagnostics.append(Diagnostic(place, "chapter number \(number) is also used by '\(other)'; renumber one"))
            }
            if let other = ids[chapter.id] {
                diagnostics.append(Diagnostic(place, "chapter id '\(chapter.id)' is also used by '\(other)'; rename one"))
            }
            if let number = chapter.number { numbers[number] = numbers[number] ?? chapter.file }
            ids[chapter.id] = ids[chapter.id] ?? chapter.file
        }
        return diagnostics
    }

    private func loadChapter(_ path: String) throws(BookLoadError) -> Chapter {
        guard ChapterName(path: path).isSafe else { throw .badName(path: path) }
        return ChapterParser.parse(try ChapterFile.read(path), file: path)
    }

    /// A chapter of a book folder must be inside it: a symbolic link to a file elsewhere
    /// would let a book read (and show on its site) any file the user can read.
    private func checkInside(_ path: String, folder: String) throws(BookLoadError) {
        let target = Self.canonical(path), root = Self.canonical(folder)
        guard target.hasPrefix(root + "/") else { throw .linksOutside(path: path, target: target, book: folder) }
    }

    /// The absolute path with `.`, `..` and symbolic links resolved, for containment checks.
    private static func canonical(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        return URL(fileURLWithPath: absolute).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
