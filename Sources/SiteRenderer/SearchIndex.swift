import APIReference
import Foundation
import LessonEngine
import LessonRuntime

/// The search index, written as `search-index.js` (`window.LESSONS_SEARCH = [...]`) rather
/// than JSON, so that search works from `file://`, where pages may not fetch files.
///
/// One entry per chapter (its summary and whatever comes before its first section) and one
/// per section heading: `{page, anchor, title, chapter, text, code}`. `text` is the section's
/// prose as the page shows it, `{{ name }}` replaced by the run's value; `code` is the code of
/// its visible cells and what they printed, showed and claimed, so a reader can find a
/// function or a printed number too. Prose and code are kept apart so that a result's
/// snippet comes from prose when it can. Each is cut at `limit` characters.
enum SearchIndex {
    struct Entry: Encodable {
        var page: String
        var anchor: String
        var title: String
        var chapter: String
        var text: String
        var code: String
    }

    /// Characters kept per field of an entry: enough for a section, a bound on the file.
    static let limit = 3000

    static func entries(_ book: Book, runs: [String: ChapterRun] = [:], api: APIModule? = nil) -> [Entry] {
        var entries: [Entry] = []
        for chapter in book.chapters {
            let page = ChapterPage(chapter: chapter, run: runs[chapter.id], previous: nil, next: nil)
            let values = page.values
            let results = Dictionary(runs[chapter.id]?.cells.map { ($0.id, $0) } ?? [],
                                     uniquingKeysWith: { first, _ in first })
            var current = Entry(page: page.path, anchor: "", title: chapter.title, chapter: chapter.title,
                                text: chapter.summary ?? "", code: "")
            // The page's own blocks: a leading `# Title` is dropped there (the header shows it),
            // so it must not become an entry whose anchor the page lacks.
            for block in page.bodyBlocks {
                switch block {
                case .heading(_, let anchor, let content, _):
                    entries.append(current)
                    current = Entry(page: page.path, anchor: anchor, title: text(content, values),
                                    chapter: chapter.title, text: "", code: "")
                case .cell(let cell, _):
                    append(cellText(cell, results[cell.id]), to: &current.code)
                default:
                    append(plainText(block, values), to: &current.text)
                }
            }
            entries.append(current)
        }
        if let api { entries += APIPageSearch.entries(api) }
        return entries.map { entry in
            var entry = entry
            if entry.text.count > limit { entry.text = String(entry.text.prefix(limit)) }
            if entry.code.count > limit { entry.code = String(entry.code.prefix(limit)) }
            return entry
        }
    }

    /// The `.js` file. `<`, U+2028 and U+2029 are escaped so that no text can end the script
    /// or break the JavaScript parser.
    static func script(_ book: Book, runs: [String: ChapterRun] = [:], api: APIModule? = nil) -> String {
        "window.LESSONS_SEARCH = \(json(entries(book, runs: runs, api: api)));\n"
    }

    /// The bytes of `search-index.js` each chapter's entries take (as JSON, without the commas
    /// between entries), in book order, so the index's growth can be watched per chapter.
    static func bytesPerChapter(_ book: Book, runs: [String: ChapterRun] = [:]) -> [(chapter: String, bytes: Int)] {
        let all = entries(book, runs: runs)
        return book.chapters.map { chapter in
            let own = all.filter { $0.page == SitePaths.chapter(chapter.id) }
            return (chapter.id, own.map { json([$0]).utf8.count - 2 }.reduce(0, +))
        }
    }

    private static func json(_ entries: [Entry]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(entries)).flatMap { String(data: $0, encoding: .utf8) } ?? "[]"
        return json.replacingOccurrences(of: "<", with: "\\u003c")
            .replacingOccurrences(of: "\u{2028}", with: "\\u2028")
            .replacingOccurrences(of: "\u{2029}", with: "\\u2029")
    }

    /// Appends `text` with runs of white space collapsed: the index is for matching words,
    /// and indentation or blank lines would only make the file larger.
    private static func append(_ text: String, to field: inout String) {
        let words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard !words.isEmpty, field.count < limit else { return }
        field += (field.isEmpty ? "" : " ") + words
    }

    /// What the page shows of a cell: its code unless hidden, then its outputs and claims.
    private static func cellText(_ cell: Cell, _ result: CellResult?) -> String {
        var parts = cell.options.hidden ? [] : [cell.code]
        guard let result else { return parts.joined(separator: " ") }
        parts += [result.stdout]
        for output in result.outputs {
            switch output {
            case .text(let text): parts.append(text)
            case .table(let table): parts.append((table.header + table.rows.flatMap { $0 }).joined(separator: " "))
            case .plot(let plot): parts.append(plot.title)
            }
        }
        parts += result.claims.map(\.statement)
        return parts.joined(separator: " ")
    }

    /// Inline content as plain text, as the page shows it: `{{ name }}` as its value.
    static func text(_ inlines: [Inline], _ values: [String: String]) -> String {
        inlines.map { inline in
            switch inline {
            case .reference(let reference, let source): values[reference.name] ?? source
            case .emphasis(let children, _), .strong(let children, _), .link(_, _, let children, _),
                 .image(_, _, let children, _):
                text(children, values)
            case .softBreak, .hardBreak: " "
            default: inline.plainText
            }
        }.joined()
    }

    private static func plainText(_ block: Block, _ values: [String: String]) -> String {
        switch block {
        case .paragraph(let inlines, _): text(inlines, values)
        case .heading(_, _, let content, _): text(content, values)
        case .blockQuote(let blocks, _): blocks.map { plainText($0, values) }.joined(separator: " ")
        case .list(let list, _): list.items.flatMap(\.blocks).map { plainText($0, values) }.joined(separator: " ")
        case .table(let table, _): (table.header + table.rows.flatMap { $0 }).map { text($0, values) }
            .joined(separator: " ")
        case .code(_, let code, _): code
        // Raw HTML is shown on the page as text, so it is searchable as text.
        case .html(let raw, _): raw
        case .cell, .thematicBreak: ""
        }
    }
}
