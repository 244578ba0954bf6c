import Charts
import LessonEngine
import LessonRuntime
import Terminal

/// Markdown prose for the terminal: headings, emphasis, code spans and blocks (Swift
/// highlighted), lists, block quotes, links as text plus URL, tables, thematic breaks, and
/// `{{ name }}` replaced by the recorded value. Paragraphs are wrapped to the width.
public struct TerminalProse {
    /// Width and colours.
    public var style: TerminalStyle
    /// Metrics the chapter's run recorded, by name; a reference to a missing one is shown
    /// as written, dimmed (the chapter has not run yet).
    public var metrics: [String: Metric]

    /// A renderer for `style`, filling references from `metrics`.
    public init(style: TerminalStyle, metrics: [String: Metric] = [:]) {
        self.style = style
        self.metrics = metrics
    }

    /// The blocks as text, a blank line between blocks, no trailing newline.
    public func render(_ blocks: [Block]) -> String {
        blocks.map { render($0, width: style.width) }.filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    private func render(_ block: Block, width: Int) -> String {
        switch block {
        case .paragraph(let inlines, _):
            return wrap(inline(inlines), width: width).joined(separator: "\n")
        case .heading(let level, _, let content, _):
            let text = inline(content)
            let marker = String(repeating: "#", count: level) + " "
            let underline = level == 1 ? "\n" + style.dim(String(repeating: "═", count: min(width, TerminalText.stripANSI(marker + text).count))) : ""
            return style.bold(style.paint(marker, 75)) + style.bold(text) + underline
        case .thematicBreak:
            return style.dim(String(repeating: "─", count: min(width, 40)))
        case .blockQuote(let children, _):
            let inner = TerminalProse(style: TerminalStyle(colour: style.colour, width: max(20, width - 2)), metrics: metrics)
            return prefixed(inner.render(children), first: style.dim("│ "), rest: style.dim("│ "))
        case .list(let list, _):
            return renderList(list, width: width)
        case .code(let info, _, _) where Chapter.isHint(info: info):
            // Hints stay hidden until asked for, one at a time (`lessons hint`).
            return style.dim("(a hint is kept here: `lessons hint` shows it)")
        case .code(let info, let code, _):
            let language = info.split(separator: " ").first.map(String.init) ?? ""
            return TerminalCode.render(code, swift: language == "swift", firstLine: nil, style: style)
        case .cell(let cell, _):
            return TerminalCode.render(cell.code, swift: true, firstLine: cell.firstCodeLine, style: style)
        case .html(let html, _):
            return style.dim(TerminalPlot.trimmedLines(html))
        case .table(let table, _):
            let header = table.header.map { TerminalText.stripANSI(inline($0)) }
            let rows = table.rows.map { $0.map { TerminalText.stripANSI(inline($0)) } }
            return TerminalTable.render(Table(header: header, rows: rows), style: style)
        }
    }

    private func renderList(_ list: ListBlock, width: Int) -> String {
        var items: [String] = []
        for (offset, item) in list.items.enumerated() {
            let marker = list.start.map { "\($0 + offset)\(list.delimiter) " } ?? "• "
            let inner = TerminalProse(style: TerminalStyle(colour: style.colour, width: max(20, width - marker.count)), metrics: metrics)
            let body = item.blocks.map { inner.render($0, width: inner.style.width) }
                .joined(separator: list.tight ? "\n" : "\n\n")
            items.append(prefixed(body, first: style.paint(marker, 75), rest: String(repeating: " ", count: marker.count)))
        }
        return items.joined(separator: list.tight ? "\n" : "\n\n")
    }

    /// Puts `first` before the first line and `rest` before the others (blank lines too).
    private func prefixed(_ text: String, first: String, rest: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { ($0.offset == 0 ? first : rest) + $0.element }
            .map { TerminalPlot.trimmedRight($0) }
            .joined(separator: "\n")
    }

    /// Inline content as one string with escapes; soft breaks become spaces, hard breaks `\n`.
    func inline(_ inlines: [Inline]) -> String {
        inlines.map(inline).joined()
    }

    private func inline(_ node: Inline) -> String {
        switch node {
        case .text(let text, _): return text
        case .softBreak: return " "
        case .hardBreak: return "\n"
        case .code(let code, _): return style.usesColour ? style.paint(code, 180) : "`\(code)`"
        case .emphasis(let children, _): return style.usesColour ? style.italic(inline(children)) : "_\(inline(children))_"
        case .strong(let children, _): return style.usesColour ? style.bold(inline(children)) : "**\(inline(children))**"
        case .link(let destination, _, let content, _):
            let text = inline(content)
            // An autolink's text is its URL: printing it twice says nothing more.
            if TerminalText.stripANSI(text) == destination || "mailto:" + TerminalText.stripANSI(text) == destination {
                return style.underline(style.paint(text, 39))
            }
            return style.underline(style.paint(text, 39)) + " " + style.dim("(\(destination))")
        case .image(let source, _, let description, _):
            return "[image: \(inline(description))] " + style.dim("(\(source))")
        case .html(let html, _): return html
        case .reference(let reference, let source):
            // The site's formatting of the same placeholder, so that both read alike.
            guard let text = References.values(of: metrics)[reference.key] else { return style.dim(source) }
            return style.bold(text)
        }
    }

    /// Breaks `text` into lines of at most `width` visible columns at spaces (a word longer
    /// than the width gets a line of its own); `\n` in the text always breaks. A style open
    /// at a break is closed at the line's end and reopened on the next line, so that the
    /// prefixes of quotes and lists never take it on.
    func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var active = ""
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = active, visible = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                let length = TerminalText.stripANSI(String(word)).count
                if visible > 0, visible + 1 + length > width {
                    lines.append(line + (active.isEmpty ? "" : "\u{1B}[0m"))
                    line = active
                    visible = 0
                }
                active = TerminalText.activeStyle(after: String(word), before: active)
                if visible > 0 { line += " "; visible += 1 }
                line += word
                visible += length
            }
            lines.append(line + (active.isEmpty ? "" : "\u{1B}[0m"))
        }
        return lines
    }
}
