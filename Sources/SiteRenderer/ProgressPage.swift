import LessonEngine
import LessonRuntime

/// `progress.html`: a table of learners × chapters; each entry shows cells seen and
/// exercises solved out of the chapter's totals, with a bar for the share of cells seen.
struct ProgressPage {
    let input: SiteInput

    func body() -> String {
        var html = "<h1>Progress</h1>\n"
        guard !input.learners.isEmpty else {
            return html + "<p class=\"empty\">No learner has started yet. Progress appears here once someone "
                + "works through a chapter with <code>lessons step --learner NAME</code>.</p>\n"
        }
        let chapters = input.book.chapters
        html += "<div class=\"table-wrap\"><table class=\"progress-table\">\n<caption>Cells seen and exercises "
            + "solved, per learner and chapter</caption>\n<thead><tr><th scope=\"col\">Learner</th>"
        html += chapters.map { "<th scope=\"col\"><a href=\"\(HTMLText.escape(SitePaths.chapter($0.id)))\">"
            + "\(HTMLText.escape($0.title))</a></th>" }.joined()
        html += "<th scope=\"col\">Book</th></tr></thead>\n<tbody>\n"
        for learner in input.learners {
            html += "<tr><th scope=\"row\">\(HTMLText.escape(learner.name))</th>"
            var seen = 0, total = 0
            for chapter in chapters {
                let cells = chapter.cells.filter { !$0.options.hidden }.count
                let exercises = chapter.cells.filter(\.options.exercise).count
                total += cells
                guard let progress = learner.chapters[chapter.id] else {
                    html += "<td class=\"untouched\">—</td>"
                    continue
                }
                let shown = min(progress.cellsSeen, cells)
                seen += shown
                html += "<td>" + bar(shown, of: cells) + "<span>\(shown)/\(cells) cells</span>"
                if exercises > 0 {
                    html += "<span>\(min(progress.exercisesPassed, exercises))/\(exercises) exercises"
                        + " (\(progress.attempts) tries)</span>"
                }
                html += "</td>"
            }
            html += "<td>" + bar(seen, of: total) + "<span>\(percent(seen, of: total))</span></td></tr>\n"
        }
        return html + "</tbody></table></div>\n"
    }

    private func percent(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "—" : "\(Int((Double(part) * 100 / Double(whole)).rounded()))%"
    }

    private func bar(_ part: Int, of whole: Int) -> String {
        let value = whole == 0 ? 0 : Double(part) / Double(whole)
        return "<meter min=\"0\" max=\"1\" value=\"\(ValueText.number((value * 1000).rounded() / 1000))\">"
            + "\(percent(part, of: whole))</meter>"
    }
}
