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

    /// A measured value as prose shows it: whole numbers in full, others with up to four
    /// significant digits (`0.7222`, `28.8`, `303.5`, `1235`), exponent form (`2.5e-6`) below 1e-4.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "−∞" : "∞") }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        let magnitude = abs(value)
        if magnitude >= 1e15 || magnitude < 1e-4 { return ChartNumber.exponent(value) }
        let decimals = max(0, 3 - Int(floor(log10(magnitude))))
        var text = String(format: "%.\(decimals)f", value)
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// A metric with its unit: `0.72`, `12.5 ms`.
    static func metric(_ value: Double, unit: String?) -> String {
        number(value) + (unit.map { $0.isEmpty ? "" : " \($0)" } ?? "")
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
