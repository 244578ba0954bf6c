import LessonEngine
import LessonRuntime

/// The front page: the book's title and front-page prose, then one entry per chapter with its
/// summary, its run's status, its claims and how far the learners got.
struct IndexPage {
    let input: SiteInput

    func body() -> String {
        let book = input.book
        var html = "<header class=\"book-head\"><h1>\(HTMLText.escape(book.title))</h1></header>\n"
        if let front = book.frontPage {
            if let summary = front.summary { html += "<p class=\"summary\">\(HTMLText.escape(summary))</p>\n" }
            html += "<div class=\"front\">\n" + HTMLRenderer().render(withoutTitleHeading(front.document)) + "</div>\n"
        }
        if !book.diagnostics.isEmpty {
            html += "<div class=\"problems\" role=\"alert\"><p><strong>Problems in the book</strong></p><ul>\n"
            html += book.diagnostics.map { d in
                "<li>" + OutputHTML.error(CellError(d.location, d.message)) + "</li>"
            }.joined(separator: "\n") + "\n</ul></div>\n"
        }
        html += "<h2 id=\"chapters\">Chapters</h2>\n<ol class=\"chapter-list\">\n"
        for chapter in book.chapters { html += entry(chapter) }
        html += "</ol>\n"
        html += "<p class=\"totals\">\(totals())</p>\n"
        return html
    }

    /// The front page's first `#` heading repeats the book's title: shown once.
    private func withoutTitleHeading(_ document: MarkdownDocument) -> MarkdownDocument {
        guard case .heading(1, _, _, _)? = document.blocks.first else { return document }
        return MarkdownDocument(blocks: Array(document.blocks.dropFirst()))
    }

    private func entry(_ chapter: Chapter) -> String {
        let run = input.runs[chapter.id]
        var html = "<li class=\"chapter-entry\">"
        html += "<a class=\"title\" href=\"\(HTMLText.escape(SitePaths.chapter(chapter.id)))\">"
            + "\(HTMLText.escape(chapter.title))</a>"
        if let summary = chapter.summary { html += "<p class=\"summary\">\(HTMLText.escape(summary))</p>" }
        var facts: [String] = []
        if let run {
            facts.append("<span class=\"badge \(run.status.rawValue)\">\(run.status.rawValue)</span>")
            let claims = ClaimTally(run)
            if claims.checked > 0 {
                facts.append("<span class=\"claims-count\(claims.fail == 0 ? "" : " some-fail")\">"
                    + "\(claims.hold)/\(claims.checked) claims hold</span>")
            }
        } else {
            facts.append("<span class=\"badge notRun\">not run</span>")
        }
        facts.append(ValueText.count(chapter.cells.count, "cell"))
        let exercises = chapter.cells.filter(\.options.exercise).count
        if exercises > 0 { facts.append(ValueText.count(exercises, "exercise")) }
        let started = input.learners.filter { $0.chapters[chapter.id] != nil }.count
        if !input.learners.isEmpty { facts.append("\(started) of \(ValueText.count(input.learners.count, "learner")) started") }
        html += "<p class=\"facts\">" + facts.joined(separator: " · ") + "</p>"
        return html + "</li>\n"
    }

    private func totals() -> String {
        let runs = input.book.chapters.compactMap { input.runs[$0.id] }
        let claims = ClaimTally(runs.flatMap(\.cells))
        let passed = runs.filter { $0.status == .passed }.count
        return "\(passed) of \(ValueText.count(input.book.chapters.count, "chapter")) \(passed == 1 ? "passes" : "pass") · "
            + "\(claims.hold) of \(ValueText.count(claims.checked, "claim")) \(claims.hold == 1 ? "holds" : "hold") · "
            + "<a href=\"progress.html\">learners’ progress</a>"
    }
}
