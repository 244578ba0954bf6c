/// Renders the syntax tree as HTML byte-for-byte like `cmark-gfm --extension table` does
/// (same tags, escaping and newlines), except for author HTML, which is never passed
/// through: by default it is shown as escaped text; `.omit` writes cmark-gfm's
/// `<!-- raw HTML omitted -->` instead, which is what the differential test compares.
public struct HTMLRenderer: Sendable {
    /// What to do with raw HTML written by the author.
    public enum RawHTML: Sendable {
        /// Show it as text (`<b>` becomes `&lt;b&gt;`): the product's choice.
        case escape
        /// Replace it by `<!-- raw HTML omitted -->`, as cmark-gfm's default (safe) mode does.
        case omit
    }

    /// The raw HTML policy.
    public var rawHTML: RawHTML
    /// Values for `{{ name }}` references; a name without a value is rendered as written.
    public var values: [String: String]

    /// A renderer with the given raw HTML policy and reference values.
    public init(rawHTML: RawHTML = .escape, values: [String: String] = [:]) {
        self.rawHTML = rawHTML
        self.values = values
    }

    /// The document as HTML.
    public func render(_ document: MarkdownDocument) -> String {
        var output = Output()
        for block in document.blocks { render(block, tight: false, into: &output) }
        return output.text
    }

    private func render(_ block: Block, tight: Bool, into out: inout Output) {
        switch block {
        case .paragraph(let inlines, _):
            if tight {
                render(inlines, into: &out)
            } else {
                out.cr()
                out.text += "<p>"
                render(inlines, into: &out)
                out.text += "</p>\n"
            }
        case .heading(let level, _, let content, _):
            out.cr()
            out.text += "<h\(level)>"
            render(content, into: &out)
            out.text += "</h\(level)>\n"
        case .thematicBreak:
            out.cr()
            out.text += "<hr />\n"
        case .blockQuote(let blocks, _):
            out.cr()
            out.text += "<blockquote>\n"
            for child in blocks { render(child, tight: false, into: &out) }
            out.cr()
            out.text += "</blockquote>\n"
        case .list(let list, _):
            renderList(list, into: &out)
        case .code(let info, let code, _):
            renderCode(info: info, code: code, into: &out)
        case .cell(let cell, let info):
            renderCode(info: info, code: cell.code, into: &out)
        case .html(let html, _):
            out.cr()
            switch rawHTML {
            case .omit: out.text += "<!-- raw HTML omitted -->"
            case .escape: out.text += "<p>" + Self.escape(html) + "</p>"
            }
            out.cr()
        case .table(let table, _):
            renderTable(table, into: &out)
        }
    }

    private func renderList(_ list: ListBlock, into out: inout Output) {
        out.cr()
        if let start = list.start {
            out.text += start == 1 ? "<ol>\n" : "<ol start=\"\(start)\">\n"
        } else {
            out.text += "<ul>\n"
        }
        for item in list.items {
            out.cr()
            out.text += "<li>"
            for block in item.blocks { render(block, tight: list.tight, into: &out) }
            out.text += "</li>\n"
        }
        out.cr()
        out.text += list.start == nil ? "</ul>\n" : "</ol>\n"
    }

    private func renderCode(info: String, code: String, into out: inout Output) {
        out.cr()
        let language = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
        out.text += language.isEmpty ? "<pre><code>" : "<pre><code class=\"language-\(Self.escape(language))\">"
        out.text += Self.escape(code)
        out.text += "</code></pre>\n"
    }

    private func renderTable(_ table: TableBlock, into out: inout Output) {
        out.cr()
        out.text += "<table>\n<thead>\n"
        renderRow(table.header, table.alignments, tag: "th", into: &out)
        out.text += "</thead>\n"
        if !table.rows.isEmpty {
            out.text += "<tbody>\n"
            for row in table.rows { renderRow(row, table.alignments, tag: "td", into: &out) }
            out.text += "</tbody>\n"
        }
        out.text += "</table>\n"
    }

    private func renderRow(_ cells: [[Inline]], _ alignments: [TableAlignment], tag: String, into out: inout Output) {
        out.text += "<tr>\n"
        for (index, cell) in cells.enumerated() {
            let alignment = index < alignments.count ? alignments[index] : .none
            out.text += alignment == .none ? "<\(tag)>" : "<\(tag) align=\"\(alignment.rawValue)\">"
            render(cell, into: &out)
            out.text += "</\(tag)>\n"
        }
        out.text += "</tr>\n"
    }

    private func render(_ inlines: [Inline], into out: inout Output) {
        for inline in inlines { render(inline, into: &out) }
    }

    private func render(_ inline: Inline, into out: inout Output) {
        switch inline {
        case .text(let text, _): out.text += Self.escape(text)
        case .softBreak: out.text += "\n"
        case .hardBreak: out.text += "<br />\n"
        case .code(let code, _): out.text += "<code>" + Self.escape(code) + "</code>"
        case .emphasis(let children, _):
            out.text += "<em>"
            render(children, into: &out)
            out.text += "</em>"
        case .strong(let children, _):
            out.text += "<strong>"
            render(children, into: &out)
            out.text += "</strong>"
        case .link(let destination, let title, let content, _):
            out.text += "<a href=\"" + Self.safeURL(destination) + "\""
            if !title.isEmpty { out.text += " title=\"" + Self.escape(title) + "\"" }
            out.text += ">"
            render(content, into: &out)
            out.text += "</a>"
        case .image(let source, let title, let description, _):
            out.text += "<img src=\"" + Self.safeURL(source) + "\" alt=\""
            out.text += Self.escape(description.map(plainText).joined()) + "\""
            if !title.isEmpty { out.text += " title=\"" + Self.escape(title) + "\"" }
            out.text += " />"
        case .html(let html, _):
            out.text += rawHTML == .omit ? "<!-- raw HTML omitted -->" : Self.escape(html)
        case .reference(let reference, let source):
            out.text += Self.escape(values[reference.key] ?? source)
        }
    }

    /// Alt text: the text of the description, breaks as spaces (as cmark does).
    private func plainText(_ inline: Inline) -> String {
        switch inline {
        case .softBreak, .hardBreak: " "
        case .reference(let reference, let source): values[reference.key] ?? source
        case .emphasis(let children, _), .strong(let children, _), .link(_, _, let children, _),
             .image(_, _, let children, _):
            children.map(plainText).joined()
        default: inline.plainText
        }
    }

    /// The output buffer with cmark's "newline unless at the start of a line" operation.
    private struct Output {
        var text = ""
        mutating func cr() {
            if let last = text.utf8.last, last != 0x0A { text += "\n" }
        }
    }
}
