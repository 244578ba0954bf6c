import LessonEngine
import LessonRuntime

/// One cell on a chapter page: a header (id, status, time), the highlighted code (not for
/// hidden cells), then what it printed and showed, its claims and its error. Exercises are
/// an open disclosure; solutions a closed one, so a learner sees them only by choice.
struct CellHTML {
    let cell: Cell
    let result: CellResult?
    let file: String
    /// Put before every id this cell writes, so that ids stay unique on a page holding
    /// several chapters (the print page); empty on a chapter's own page.
    var scope = ""
    /// ConvLab's reference, whose names in the code become links to their pages.
    var api: APILinks? = nil
    /// What the chapter's names mean, for `api` (see `APILinks`).
    var names = APILinks.Scope()

    func render() -> String {
        let status = result?.status ?? .notRun
        let options = cell.options
        if options.hidden {
            // The code is the author's business; what it showed still belongs to the lesson.
            let outputs = results()
            return outputs.isEmpty ? "" : "<div class=\"cell hidden-cell\" id=\"cell-\(scope)\(anchor)\">\n\(outputs)</div>\n"
        }
        let kind = options.exercise ? " exercise" : options.solution ? " solution" : ""
        var html = "<section class=\"cell\(kind) status-\(status.rawValue)\" id=\"cell-\(scope)\(anchor)\" "
            + "aria-label=\"Cell \(HTMLText.escape(cell.id))\">\n"
        let inner = head(status) + code() + results()
        if options.exercise {
            html += "<details class=\"disclosure\" open><summary>Exercise</summary>\n\(inner)</details>\n"
        } else if options.solution {
            html += "<details class=\"disclosure\"><summary>Solution</summary>\n\(inner)</details>\n"
        } else {
            html += inner
        }
        return html + "</section>\n"
    }

    private var anchor: String { HTMLText.escape(cell.id) }

    private func head(_ status: CellStatus) -> String {
        var parts = ["<span class=\"cell-id\">\(HTMLText.escape(cell.id))</span>",
                     "<span class=\"badge \(status.rawValue)\">\(status.label)</span>"]
        if let result, result.status != .notRun, result.durationMs > 0 { parts.append("<span class=\"time\">\(HTMLText.escape(HTMLText.duration(result.durationMs)))</span>") }
        if cell.options.norun { parts.append("<span class=\"tag\">not run by design</span>") }
        if cell.options.fails { parts.append("<span class=\"tag\">expected to fail</span>") }
        parts.append("<span class=\"where\">\(HTMLText.escape(file)):\(cell.fence.line)</span>")
        return "<div class=\"cell-head\">" + parts.joined(separator: " ") + "</div>\n"
    }

    private func code() -> String {
        var code = cell.code
        if code.hasSuffix("\n") { code.removeLast() }
        // Named so that, when the page script makes a wide block a Tab stop, a screen reader
        // says what it is on focus.
        return "<pre class=\"code\" aria-label=\"Code of cell \(anchor)\"><code class=\"language-swift\">"
            + "\(SwiftHighlighter.html(code, link: api.map { api in { api.href(at: $0, in: $1, scope: names) } }))</code></pre>\n"
    }

    private func results() -> String {
        guard let result else { return "" }
        var html = ""
        // Printed text and shown outputs in call order; the output ids count outputs only.
        var position = 0
        for piece in result.pieces {
            switch piece {
            case .printed(let text):
                html += "<pre class=\"stdout\" aria-label=\"Output\">\(HTMLText.escape(text))</pre>\n"
            case .shown(let output):
                html += OutputHTML.render(output, id: "\(scope)\(cell.id)-\(position)")
                position += 1
            }
        }
        if !result.stderr.isEmpty { html += "<pre class=\"stderr\" aria-label=\"Error output\">\(HTMLText.escape(result.stderr))</pre>\n" }
        if !result.metrics.isEmpty {
            html += "<dl class=\"metrics\">" + result.metrics.map { metric in
                "<div><dt>\(HTMLText.escape(metric.name))</dt><dd>\(HTMLText.escape(ValueText.metric(metric.value, unit: metric.unit)))</dd></div>"
            }.joined() + "</dl>\n"
        }
        if !result.claims.isEmpty {
            html += "<ul class=\"claims\">\n" + result.claims.map(OutputHTML.claim).joined(separator: "\n") + "\n</ul>\n"
        }
        if let error = result.error {
            let expected = result.status == .expectedFailure
            html += "<div class=\"\(expected ? "expected-error" : "error")\"" + (expected ? "" : " role=\"alert\"") + ">"
                + (expected ? "<strong>Failed as expected:</strong> " : "")
                + OutputHTML.error(error) + "</div>\n"
        }
        return html
    }
}
