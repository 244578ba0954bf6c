import Foundation
import LessonEngine

/// Why the site could not be written, with the path, so the user can fix it.
public enum SiteError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The output folder could not be created or a file in it written.
    case cannotWrite(path: String, reason: String)
    /// The output path exists and is a file, not a folder.
    case notAFolder(path: String)

    /// A message the user can act on.
    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): "cannot write the site at '\(path)': \(reason)"
        case .notAFolder(let path): "'\(path)' is a file; give --out a folder for the site"
        }
    }
}

/// The static site of a book: pages rendered from values only (book, runs, progress). It
/// never runs code; `lessons build` gathers the input and calls `write(to:)`.
public struct Site: Sendable {
    /// What the site shows.
    public var input: SiteInput

    /// A site of `input`.
    public init(_ input: SiteInput) { self.input = input }

    /// Every file of the site, in a fixed order: `index.html`, the chapters in book order,
    /// `progress.html`, `class.html`, `print.html`, `style.css`, `search.js`, `search-index.js`.
    public func files() -> [SiteFile] {
        let book = input.book
        let shell = PageShell(bookTitle: book.title, chapters: book.chapters.map {
            (SitePaths.chapter($0.id), $0.title, $0.number)
        })
        var files = [SiteFile(path: "index.html", contents: shell.page(
            title: book.title, current: "index.html", body: IndexPage(input: input).body()))]
        for (position, chapter) in book.chapters.enumerated() {
            let page = ChapterPage(
                chapter: chapter, run: input.runs[chapter.id],
                previous: position > 0 ? book.chapters[position - 1] : nil,
                next: position + 1 < book.chapters.count ? book.chapters[position + 1] : nil)
            let path = SitePaths.chapter(chapter.id)
            files.append(SiteFile(path: path, contents: shell.page(
                title: chapter.title, current: path, outline: page.outline, body: page.body())))
        }
        files.append(SiteFile(path: "progress.html", contents: shell.page(
            title: "Progress", current: "progress.html", body: ProgressPage(input: input).body())))
        files.append(SiteFile(path: ClassPage.path, contents: shell.page(
            title: "Class", current: ClassPage.path, body: ClassPage(input: input).body())))
        files.append(SiteFile(path: PrintPage.path, contents: shell.page(
            title: "Print", current: PrintPage.path, body: PrintPage(input: input).body())))
        files.append(SiteFile(path: "style.css", contents: SiteStyle.css))
        files.append(SiteFile(path: "search.js", contents: SiteScript.search))
        files.append(SiteFile(path: "search-index.js", contents: SearchIndex.script(book, runs: input.runs)))
        return files
    }

    /// Writes every file into `folder` (created when missing), replacing files of the same
    /// name and leaving other files alone. Returns the paths written.
    @discardableResult
    public func write(to folder: String) throws(SiteError) -> [String] {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), !isFolder.boolValue {
            throw .notAFolder(path: folder)
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: folder, reason: error.localizedDescription)
        }
        var written: [String] = []
        for file in files() {
            let path = (folder as NSString).appendingPathComponent(file.path)
            do {
                try Data(file.contents.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw .cannotWrite(path: path, reason: error.localizedDescription)
            }
            written.append(path)
        }
        return written
    }
}
