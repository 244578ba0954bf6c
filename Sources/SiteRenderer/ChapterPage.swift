import LessonEngine
import LessonRuntime

/// One chapter as a page: its prose with `{{ name }}` replaced by the run's values, each cell
/// with its code, outputs and claims, the run's problems on top and prev/next links below.
struct ChapterPage {
    let chapter: Chapter
    let run: ChapterRun?
    let previous: Chapter?
    let next: Chapter?
    /// Put before every id the page writes (see `CellHTML.scope`); empty on its own page.
    var scope = ""

    /// The page's file name.
    var path: String { SitePaths.chapter(chapter.id) }

    /// The metric values prose refers to, formatted with their units.
    var values: [String: String] {
        References.values(of: run?.metrics ?? [:])
    }

    /// Top-level headings as `(anchor, text)` for the sidebar's outline.
    var outline: [(String, String)] {
        bodyBlocks.compactMap { block in
            guard case .heading(let level, let anchor, let content, _) = block, level <= 3 else { return nil }
            return (anchor, SearchIndex.text(content, values))
        }
    }

    func body() -> String {
        article() + pager()
    }

    /// The chapter without the prev/next links: its own page's content, and its part of
    /// the print page.
    func article() -> String {
        var html = "<article class=\"chapter\">\n"
        html += header()
        if let run, !run.diagnostics.isEmpty {
            html += "<div class=\"problems\" role=\"alert\"><p><strong>Problems in this chapter</strong></p><ul>\n"
            html += run.diagnostics.map { "<li>\(OutputHTML.error($0))</li>" }.joined(separator: "\n")
            html += "\n</ul></div>\n"
        }
        let results = Dictionary(run?.cells.map { ($0.id, $0) } ?? [], uniquingKeysWith: { first, _ in first })
        var prose: [Block] = []
        func flushProse() {
            guard !prose.isEmpty else { return }
            html += HTMLRenderer(values: values).render(MarkdownDocument(blocks: prose))
            prose = []
        }
        for block in bodyBlocks {
            switch block {
            case .cell(let cell, _):
                flushProse()
                html += CellHTML(cell: cell, result: results[cell.id], file: chapter.file, scope: scope).render()
            case .heading(let level, let anchor, let content, _):
                flushProse()
                // The `#` link is a real, named Tab stop (it was aria-hidden yet focusable,
                // which keyboard and screen reader users met as an unnamed control).
                let name = "Link to this section: " + SearchIndex.text(content, values)
                let id = HTMLText.escape(scope + anchor)
                html += "<h\(level) id=\"\(id)\">"
                    + HTMLText.inline(content, values: values)
                    + "<a class=\"anchor\" href=\"#\(id)\" aria-label=\"\(HTMLText.escape(name))\">#</a></h\(level)>\n"
            case .code(let info, let code, _) where Chapter.isHint(info: info):
                // Hints stay folded, as `lessons hint` gives them one at a time on request.
                flushProse()
                html += "<details class=\"hint\"><summary>Hint</summary><pre>\(HTMLText.escape(code))</pre></details>\n"
            default:
                prose.append(block)
            }
        }
        flushProse()
        return html + "</article>\n"
    }

    /// The document without a leading `# Title` that repeats the chapter's title (the page
    /// header already shows it).
    var bodyBlocks: [Block] {
        let blocks = chapter.document.blocks
        guard case .heading(1, _, let content, _)? = blocks.first,
              content.map(\.plainText).joined() == chapter.title else { return blocks }
        return Array(blocks.dropFirst())
    }

    private func header() -> String {
        var html = "<header class=\"chapter-head\">\n"
        if let number = chapter.number { html += "<p class=\"eyebrow\">Chapter \(number)</p>\n" }
        html += "<h1>\(HTMLText.escape(chapter.title))</h1>\n"
        if let summary = chapter.summary { html += "<p class=\"summary\">\(HTMLText.escape(summary))</p>\n" }
        html += "<p class=\"run-info\">" + runInfo() + "</p>\n"
        return html + "</header>\n"
    }

    private func runInfo() -> String {
        guard let run else { return "<span class=\"badge notRun\">not run</span> No stored run of this chapter." }
        let claims = ClaimTally(run)
        var parts = ["<span class=\"badge \(run.status.rawValue)\">\(run.status.rawValue)</span>"]
        if claims.checked > 0 { parts.append("\(claims.hold) of \(claims.checked) claims hold") }
        parts.append("ran <time datetime=\"\(SiteDates.iso(run.startedAt))\">\(SiteDates.human(run.startedAt))</time>"
            + " in \(HTMLText.escape(HTMLText.duration(run.durationMs)))")
        if !run.toolchain.isEmpty { parts.append(HTMLText.escape(run.toolchain)) }
        return parts.joined(separator: " · ")
    }

    private func pager() -> String {
        var html = "<nav class=\"pager\" aria-label=\"Chapters\">\n"
        if let previous {
            html += "<a class=\"prev\" rel=\"prev\" href=\"\(HTMLText.escape(SitePaths.chapter(previous.id)))\">"
                + "← \(HTMLText.escape(previous.title))</a>\n"
        } else {
            html += "<a class=\"prev\" rel=\"prev\" href=\"index.html\">← Contents</a>\n"
        }
        if let next {
            html += "<a class=\"next\" rel=\"next\" href=\"\(HTMLText.escape(SitePaths.chapter(next.id)))\">"
                + "\(HTMLText.escape(next.title)) →</a>\n"
        }
        return html + "</nav>\n"
    }
}
