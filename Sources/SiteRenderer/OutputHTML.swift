import Charts
import LessonEngine
import LessonRuntime

/// Outputs, claims and errors as HTML; every piece of text is escaped.
enum OutputHTML {
    /// A `show` text, a table or an inline SVG plot; `id` makes the plot's element ids unique.
    static func render(_ output: Output, id: String) -> String {
        switch output {
        case .text(let text):
            return "<pre class=\"show\">\(HTMLText.escape(text))</pre>\n"
        case .table(let table):
            var html = "<div class=\"table-wrap\"><table class=\"output-table\">\n<thead><tr>"
            html += table.header.map { "<th scope=\"col\">\(HTMLText.escape($0))</th>" }.joined()
            html += "</tr></thead>\n<tbody>\n"
            for row in table.rows {
                html += "<tr>" + row.map { "<td>\(HTMLText.escape($0))</td>" }.joined() + "</tr>\n"
            }
            return html + "</tbody></table></div>\n"
        case .plot(let plot):
            return "<figure class=\"plot\">\n" + SVGChart(plot, idPrefix: "plot-\(id)").render() + "</figure>\n"
        }
    }

    /// `✓ statement — measured 0.72, expected 0.72 ± 0.005` as a list item with a badge; an
    /// inconclusive timing claim gets `?` and says so in words, not by colour alone.
    static func claim(_ claim: Claim) -> String {
        let (mark, kind) = claim.inconclusive ? ("?", "inconclusive") : claim.passed ? ("✓", "pass") : ("✗", "fail")
        var html = "<li class=\"claim \(kind)\"><span class=\"mark\" "
            + "aria-label=\"\(ValueText.verdict(of: claim))\">\(mark)</span> "
            + HTMLText.escape(claim.statement)
        if let detail = ValueText.detail(of: claim) {
            html += " <span class=\"measure\">\(HTMLText.escape(detail))</span>"
        }
        return html + "</li>"
    }

    /// `file:line:column: message`, the location in `<code>` so it can be copied to an editor.
    static func error(_ error: CellError) -> String {
        "<code class=\"location\">\(HTMLText.escape("\(error.file):\(error.line):\(error.column)"))</code>: "
            + "<span class=\"message\">\(HTMLText.escape(error.message))</span>"
    }
}
