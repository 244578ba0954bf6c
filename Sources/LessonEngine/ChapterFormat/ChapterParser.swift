/// Parses one chapter's text into a `Chapter`. Pure: no file is read; `file` is only used
/// to name the chapter and to place diagnostics.
public enum ChapterParser {
    /// The chapter in `text`, read from `file` (a path; its last component names the chapter).
    public static func parse(_ text: String, file: String) -> Chapter {
        let source = SourceText(text)
        let front = FrontMatter(source, file: file)
        let name = ChapterName(path: file)
        let body = MarkdownParser(file: file).parse(source.lines[front.bodyStart...])
        var diagnostics = front.diagnostics + body.diagnostics
        diagnostics.sort { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
        diagnostics = capped(diagnostics)
        let fields = front.dictionary
        let title = fields["title"].flatMap { $0.isEmpty ? nil : $0 } ?? firstHeading(body.document) ?? name.slug
        return Chapter(id: name.slug, number: name.number, file: file, title: title, summary: fields["summary"],
                       frontMatter: fields, document: body.document, cells: body.cells, references: body.references,
                       diagnostics: diagnostics)
    }

    /// Problems reported per chapter: a hostile or broken chapter (thousands of bad `{{`)
    /// gets a readable report, not one line per byte pair.
    public static let maxDiagnostics = 50

    /// The first `maxDiagnostics` problems, then one line at the next problem's place
    /// saying how many more there are.
    static func capped(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        guard diagnostics.count > maxDiagnostics else { return diagnostics }
        let more = diagnostics.count - maxDiagnostics
        return Array(diagnostics.prefix(maxDiagnostics))
            + [Diagnostic(diagnostics[maxDiagnostics].location, "… and \(more) more problems in this chapter")]
    }

    /// The text of the first level-1 heading, used when the front matter has no title.
    private static func firstHeading(_ document: MarkdownDocument) -> String? {
        for case .heading(1, _, let content, _) in document.blocks {
            return content.map(\.plainText).joined()
        }
        return nil
    }
}

/// The parts of a chapter file's name: `02-two-3x3.md` is chapter 2, id `two-3x3`.
struct ChapterName: Hashable, Sendable {
    /// The `NN` prefix, if the name has one.
    var number: Int?
    /// The id: the name without `NN-` and `.md`.
    var slug: String

    /// Whether the id can safely name files and folders (site pages, exercise folders):
    /// not empty, no leading `.` (so never `.` or `..`), no `/`, `\\` or control characters.
    var isSafe: Bool {
        guard let first = slug.unicodeScalars.first, first != "." else { return false }
        return !slug.unicodeScalars.contains { $0 == "/" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F }
    }

    /// Reads the last path component of `path`.
    init(path: String) {
        var base = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
        if base.hasSuffix(".md") { base.removeLast(3) }
        let digits = base.prefix { $0.isASCII && $0.isNumber }
        let rest = base.dropFirst(digits.count)
        if !digits.isEmpty, rest.hasPrefix("-"), rest.count > 1, let number = Int(digits) {
            self.number = number
            slug = String(rest.dropFirst())
        } else {
            number = nil
            slug = base
        }
    }
}
