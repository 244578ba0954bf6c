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
    /// `progress.html`, `class.html`, `print.html`, the API reference under `api/` (when the
    /// input has one), `style.css`, `search.js`, `search-index.js`.
    public func files() -> [SiteFile] {
        let book = input.book
        let shell = PageShell(bookTitle: book.title, chapters: book.chapters.map {
            (SitePaths.chapter($0.id), $0.title, $0.number)
        }, hasAPI: input.api != nil)
        let links = input.api.map(APILinks.init)
        var files = [SiteFile(path: "index.html", contents: shell.page(
            title: book.title, current: "index.html", body: IndexPage(input: input).body()))]
        for (position, chapter) in book.chapters.enumerated() {
            let page = ChapterPage(
                chapter: chapter, run: input.runs[chapter.id],
                previous: position > 0 ? book.chapters[position - 1] : nil,
                next: position + 1 < book.chapters.count ? book.chapters[position + 1] : nil, api: links)
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
        if let api = input.api { files += APIPages(module: api, shell: shell, links: links).files() }
        files.append(SiteFile(path: "style.css", contents: SiteStyle.css))
        files.append(SiteFile(path: "search.js", contents: SiteScript.search))
        files.append(SiteFile(path: "search-index.js", contents: SearchIndex.script(book, runs: input.runs, api: input.api)))
        return files
    }

    /// Writes every file into `folder` (created when missing), replacing files of the same
    /// name atomically (`AtomicFile`) and leaving other files alone. Returns the paths written.
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
        // Temporary files of an earlier build killed mid-rename go first.
        AtomicFile.sweep(folder)
        var written: [String] = []
        var subfolders: Set<String> = []
        for file in files() {
            let path = (folder as NSString).appendingPathComponent(file.path)
            // The API reference's pages live in a folder of their own (`api/`), swept likewise.
            let parent = (path as NSString).deletingLastPathComponent
            if file.path.contains("/"), subfolders.insert(parent).inserted {
                do {
                    try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
                } catch {
                    throw .cannotWrite(path: parent, reason: error.localizedDescription)
                }
                AtomicFile.sweep(parent)
            }
            try AtomicFile.write(Data(file.contents.utf8), to: path)
            written.append(path)
        }
        return written
    }
}
