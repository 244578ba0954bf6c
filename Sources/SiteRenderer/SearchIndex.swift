import Foundation
import LessonEngine

/// The search index, written as `search-index.js` (`window.LESSONS_SEARCH = [...]`) rather
/// than JSON, so that search works from `file://`, where pages may not fetch files.
///
/// One entry per chapter and one per heading: `{page, anchor, title, chapter, text}`, where
/// `text` is the section's prose as plain text (code excluded, so results point at prose).
enum SearchIndex {
    struct Entry: Encodable {
        var page: String
        var anchor: String
        var title: String
        var chapter: String
        var text: String
    }

    static func entries(_ book: Book) -> [Entry] {
        var entries: [Entry] = []
        for chapter in book.chapters {
            let page = SitePaths.chapter(chapter.id)
            var current = Entry(page: page, anchor: "", title: chapter.title, chapter: chapter.title,
                                text: chapter.summary ?? "")
            for block in chapter.document.blocks {
                if case .heading(_, let anchor, let content, _) = block {
                    entries.append(current)
                    current = Entry(page: page, anchor: anchor, title: content.map(\.plainText).joined(),
                                    chapter: chapter.title, text: "")
                } else {
                    let text = plainText(block)
                    if !text.isEmpty { current.text += (current.text.isEmpty ? "" : " ") + text }
                }
            }
            entries.append(current)
        }
        return entries.map { entry in
            var entry = entry
            if entry.text.count > 2000 { entry.text = String(entry.text.prefix(2000)) }
            return entry
        }
    }

    /// The `.js` file. `<`, U+2028 and U+2029 are escaped so that no text can end the script
    /// or break the JavaScript parser.
    static func script(_ book: Book) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(entries(book))).flatMap { String(data: $0, encoding: .utf8) } ?? "[]"
        let safe = json.replacingOccurrences(of: "<", with: "\\u003c")
            .replacingOccurrences(of: "\u{2028}", with: "\\u2028")
            .replacingOccurrences(of: "\u{2029}", with: "\\u2029")
        return "window.LESSONS_SEARCH = \(safe);\n"
    }

    private static func plainText(_ block: Block) -> String {
        switch block {
        case .paragraph(let inlines, _): inlines.map(\.plainText).joined()
        case .heading(_, _, let content, _): content.map(\.plainText).joined()
        case .blockQuote(let blocks, _): blocks.map(plainText).joined(separator: " ")
        case .list(let list, _): list.items.flatMap(\.blocks).map(plainText).joined(separator: " ")
        case .table(let table, _): (table.header + table.rows.flatMap { $0 }).map { $0.map(\.plainText).joined() }
            .joined(separator: " ")
        case .code, .cell, .html, .thematicBreak: ""
        }
    }
}
