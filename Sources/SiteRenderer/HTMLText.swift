import Charts
import Foundation
import LessonEngine

/// Escaping and number formatting for pages. Everything that came from a cell or a chapter
/// passes through `escape` before it reaches a page.
enum HTMLText {
    /// `&`, `<`, `>`, `"` and `'` as entities: safe in content and in quoted attributes.
    static func escape(_ text: String) -> String {
        HTMLRenderer.escape(text).replacingOccurrences(of: "'", with: "&#39;")
    }

    /// Milliseconds as `812 ms` or `3.4 s`.
    static func duration(_ ms: Double) -> String {
        if ms < 0.5 { return "<1 ms" }
        return ms < 1000 ? "\(Int(ms.rounded())) ms" : String(format: "%.1f s", ms / 1000)
    }

    /// `<p>…</p>` of inline content rendered by the engine, without the paragraph tags.
    static func inline(_ inlines: [Inline], values: [String: String]) -> String {
        let html = HTMLRenderer(values: values).render(MarkdownDocument(blocks: [
            .paragraph(inlines, at: SourcePosition(line: 1, column: 1)),
        ]))
        var text = html.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("<p>") { text.removeFirst(3) }
        if text.hasSuffix("</p>") { text.removeLast(4) }
        return text
    }
}
