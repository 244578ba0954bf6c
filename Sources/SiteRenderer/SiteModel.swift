import LessonEngine
import LessonRuntime

/// One learner's progress through the book, by chapter id (chapters never opened are absent).
public struct LearnerProgress: Sendable, Hashable, Codable {
    /// The learner's name, as they gave it.
    public var name: String
    /// Progress per chapter id.
    public var chapters: [String: LearnerStanding]
    /// The teacher's view, one row per chapter of the book (the class page).
    public var classStandings: [ClassStanding]

    /// A learner's progress given in full.
    public init(name: String, chapters: [String: LearnerStanding], classStandings: [ClassStanding] = []) {
        self.name = name
        self.chapters = chapters
        self.classStandings = classStandings
    }
}

/// Everything a site is made from: the book, the latest run of each chapter (a chapter
/// without a run is shown with its code and a "not run" mark) and the learners' progress.
public struct SiteInput: Sendable {
    /// The book as loaded.
    public var book: Book
    /// The runs, by chapter id.
    public var runs: [String: ChapterRun]
    /// The learners, in the order they should be listed.
    public var learners: [LearnerProgress]

    /// Input given in full.
    public init(book: Book, runs: [ChapterRun], learners: [LearnerProgress] = []) {
        self.book = book
        var byID: [String: ChapterRun] = [:]
        for run in runs { byID[run.chapter] = run }
        self.runs = byID
        self.learners = learners
    }
}

/// One file of the site: its path relative to the output folder and its text.
public struct SiteFile: Sendable, Hashable {
    /// The path relative to the site folder, e.g. `two-3x3.html`.
    public var path: String
    /// The file's content (UTF-8).
    public var contents: String

    /// A file given in full.
    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}

/// File names of the site's pages.
public enum SitePaths {
    /// Names the site uses itself; a chapter with one of these ids gets a `chapter-` prefix.
    static let reserved: Set<String> = ["index", "progress", "search", "style", "search-index"]

    /// The page of the chapter with id `id`, e.g. `two-3x3.html`. Characters that are unsafe
    /// in a file name or URL become `-`.
    public static func chapter(_ id: String) -> String {
        let safe = String(id.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "-" })
        let base = safe.isEmpty || safe.hasPrefix(".") ? "chapter-\(safe)" : safe
        return (reserved.contains(base) ? "chapter-\(base)" : base) + ".html"
    }
}
