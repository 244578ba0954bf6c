/// A `{{ name }}` placeholder in a chapter's prose, to be replaced by a recorded metric:
/// its value and unit (`12.5 ms`), or with `{{ name | raw }}` the value alone (`12.5`).
public struct Reference: Hashable, Sendable, Codable {
    /// The metric's name, trimmed (`params.ratio` in `{{ params.ratio }}`).
    public var name: String
    /// Where the opening `{{` is.
    public var location: SourceLocation
    /// Whether the placeholder asks for the value without its unit (`| raw`).
    public var raw: Bool

    /// A reference given in full.
    public init(name: String, location: SourceLocation, raw: Bool = false) {
        self.name = name
        self.location = location
        self.raw = raw
    }

    /// The key of this placeholder's text in `References.values(of:)`.
    public var key: String { raw ? name + " | raw" : name }
}

/// One markdown file of a book, parsed: its front matter, its cells and its problems.
///
/// A chapter with a non-empty `diagnostics` is still a complete value (every fence is a
/// cell, unknown options are ignored), so tools can show it; whether to run it is the
/// engine's decision. Cell ids are unique only when `diagnostics` is empty.
public struct Chapter: Hashable, Sendable, Identifiable {
    /// The slug: `two-3x3` for `02-two-3x3.md`; the file's base name otherwise.
    public var id: String
    /// The `NN` of `NN-slug.md`; `nil` for `index.md` and for files named otherwise.
    public var number: Int?
    /// The file's path as given to the parser.
    public var file: String
    /// The front matter's `title`, else the first heading's text, else the id.
    public var title: String
    /// The front matter's `summary`, if any.
    public var summary: String?
    /// Every `key: value` of the front matter, `title` and `summary` included.
    public var frontMatter: [String: String]
    /// The body's syntax tree (front matter excluded); cells appear in it as `.cell` blocks.
    public var document: MarkdownDocument
    /// The ```swift fences, in order.
    public var cells: [Cell]
    /// The `{{ name }}` placeholders in prose, in order.
    public var references: [Reference]
    /// Problems found while parsing, in order of position.
    public var diagnostics: [Diagnostic]

    /// A chapter given in full.
    public init(
        id: String, number: Int?, file: String, title: String, summary: String?,
        frontMatter: [String: String], document: MarkdownDocument, cells: [Cell], references: [Reference],
        diagnostics: [Diagnostic]
    ) {
        self.id = id
        self.number = number
        self.file = file
        self.title = title
        self.summary = summary
        self.frontMatter = frontMatter
        self.document = document
        self.cells = cells
        self.references = references
        self.diagnostics = diagnostics
    }

    /// One diagnostic per reference whose name is not among `known` (the metrics a run
    /// recorded), at the reference's place.
    public func unknownReferences(known: Set<String>) -> [Diagnostic] {
        references.filter { !known.contains($0.name) }.map(References.unknown)
    }
}

/// A loaded book: the optional front page and the chapters in order of their number.
public struct Book: Hashable, Sendable {
    /// The book folder, or the single markdown file the book was made of.
    public var root: String
    /// The front page's `title`, else the folder's name.
    public var title: String
    /// `index.md`, when the book has one.
    public var frontPage: Chapter?
    /// The chapters, ordered by `NN` (then by file name).
    public var chapters: [Chapter]
    /// Problems of the book as a whole (misnamed files, unreadable files, clashing numbers).
    public var diagnostics: [Diagnostic]

    /// The chapter files of the folder that could not be read at all (their reasons are in
    /// `diagnostics`): not files, not UTF-8, too large, links outside the folder.
    public var unreadable: [String]

    /// A book given in full.
    public init(root: String, title: String, frontPage: Chapter?, chapters: [Chapter], diagnostics: [Diagnostic],
                unreadable: [String] = []) {
        self.root = root
        self.title = title
        self.frontPage = frontPage
        self.chapters = chapters
        self.diagnostics = diagnostics
        self.unreadable = unreadable
    }

    /// The book's problems followed by every chapter's, front page first.
    public var allDiagnostics: [Diagnostic] {
        diagnostics + (frontPage?.diagnostics ?? []) + chapters.flatMap(\.diagnostics)
    }
}
