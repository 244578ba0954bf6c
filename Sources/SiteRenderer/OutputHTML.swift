import Charts
import LessonEngine
import LessonRuntime

/// Outputs, claims and errors as HTML; every piece of text is escaped.
enum OutputHTML {
    /// A `show` text, a table or an inline SVG plot; `id` makes the plot's element ids unique.
    static func render(_ output: Output, id: String) -> String {
        switch output {
        case .text(let text):
            return "<pre class=\"show\" aria-label=\"Shown text\">\(HTMLText.escape(text))</pre>\n"
        case .table(let table):
            var html = "<div class=\"table-wrap\"><table class=\"output-table\">\n<thead><tr>"
            html += table.header.map { "<th scope=\"col\">\(HTMLText.escape($0))</th>" }.joined()
            html += "</tr></thead>\n<tbody>\n"
            for row in table.rows {
                html += "<tr>" + row.map { "<td>\(HTMLText.escape($0))</td>" }.joined() + "</tr>\n"
            }
            return html + "</tbody></table></div>\n"
        case .plot(let plot):
            return "<figure class=\"plot\">\n<div class=\"plot-frame\" aria-label=\"Plot: \(HTMLText.escape(plot.title))\">\n"
                + SVGChart(plot, idPrefix: "plot-\(id)").render() + "</div>\n" + dataTable(plot) + "</figure>\n"
        }
    }

    /// The plot's numbers as a table in a closed disclosure after the drawing: the `<desc>`
    /// only summarises, and a screen reader cannot read values off a picture.
    static func dataTable(_ plot: Plot) -> String {
        let table = PlotTable(plot)
        guard !table.rows.isEmpty else { return "" }
        var html = "<details class=\"plot-data\"><summary>Data of “\(HTMLText.escape(plot.title))”</summary>\n"
            + "<div class=\"table-wrap\" aria-label=\"Data of “\(HTMLText.escape(plot.title))”\"><table class=\"output-table\">\n"
            + "<caption class=\"visually-hidden\">\(HTMLText.escape(plot.title))</caption>\n<thead><tr>"
        html += table.header.map { "<th scope=\"col\">\(HTMLText.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            html += "<tr>" + row.enumerated().map { column, cell in
                column == 0 ? "<th scope=\"row\">\(HTMLText.escape(cell))</th>" : "<td>\(HTMLText.escape(cell))</td>"
            }.joined() + "</tr>\n"
        }
        return html + "</tbody></table></div></details>\n"
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
