import Charts
import LessonEngine
import LessonRuntime

/// A cell's results as Jupyter outputs, in the site's order: what it printed and showed
/// (`show` text, tables as HTML, plots as SVG) in call order (`CellResult.pieces`), stderr,
/// its claims, then its error.
enum CellOutputs {
    /// The outputs of `result`; `cellID` keeps the SVG element ids of its plots unique.
    static func outputs(_ result: CellResult, cellID: String) -> [NotebookOutput] {
        var outputs: [NotebookOutput] = []
        var shown = 0
        for piece in result.pieces {
            switch piece {
            case .printed(let text):
                outputs.append(.stream(name: "stdout", text: text))
            case .shown(let output):
                shown += 1
                outputs.append(display(output, id: "plot-\(cellID)-\(shown)"))
            }
        }
        if !result.stderr.isEmpty { outputs.append(.stream(name: "stderr", text: result.stderr)) }
        if !result.claims.isEmpty {
            outputs.append(.display(data: ["text/plain": result.claims.map(claim).joined(separator: "\n")]))
        }
        if let error = result.error {
            let place = "\(error.file):\(error.line):\(error.column)"
            // A `fails` or `exercise` cell that failed as it should: the failure is its point,
            // so it reads as text rather than as Jupyter's red error.
            if result.status == .expectedFailure {
                outputs.append(.display(data: ["text/plain": "failed as expected: \(place): \(error.message)"]))
            } else {
                outputs.append(.error(name: result.status.label, value: error.message,
                                      traceback: ["\(place): error: \(error.message)"]))
            }
        }
        return outputs
    }

    /// A `show` text, a table (HTML, with the text as a fallback) or a plot (SVG, with its title).
    static func display(_ output: Output, id: String) -> NotebookOutput {
        switch output {
        case .text(let text):
            return .display(data: ["text/plain": text])
        case .table(let table):
            return .display(data: ["text/html": html(table), "text/plain": plain(table)])
        case .plot(let plot):
            return .display(data: ["image/svg+xml": SVGChart(plot, idPrefix: id).render(), "text/plain": plot.title])
        }
    }

    /// `✓ statement — measured 0.72, expected 0.72 ± 0.005`, as the site words a claim.
    static func claim(_ claim: Claim) -> String {
        let mark = claim.inconclusive ? "?" : claim.passed ? "✓" : "✗"
        return "\(mark) \(claim.statement)" + (ValueText.detail(of: claim).map { " — \($0)" } ?? "")
    }

    private static func html(_ table: Table) -> String {
        var html = "<table>\n<thead><tr>" + table.header.map { "<th>\(HTMLRenderer.escape($0))</th>" }.joined()
            + "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            html += "<tr>" + row.map { "<td>\(HTMLRenderer.escape($0))</td>" }.joined() + "</tr>\n"
        }
        return html + "</tbody>\n</table>"
    }

    private static func plain(_ table: Table) -> String {
        ([table.header] + table.rows).map { $0.joined(separator: "\t") }.joined(separator: "\n")
    }
}
