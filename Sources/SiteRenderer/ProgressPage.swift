import LessonEngine
import LessonRuntime

/// `progress.html`: a table of learners × chapters; each entry shows a `LearnerStanding`
/// (cells seen and exercises solved out of the chapter's), with a bar for the share seen.
struct ProgressPage {
    let input: SiteInput

    func body() -> String {
        var html = "<h1>Progress</h1>\n<p>Tries, hints and last activity per learner: "
            + "<a href=\"\(ClassPage.path)\">the class</a>.</p>\n"
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
            var standings: [LearnerStanding] = []
            for chapter in chapters {
                guard let standing = learner.chapters[chapter.id] else {
                    // Never opened: nothing seen, but its cells still count towards the book.
                    standings.append(LearnerStanding(chapter: chapter, seen: [], passed: [], attempts: 0))
                    html += "<td class=\"untouched\">—</td>"
                    continue
                }
                standings.append(standing)
                html += "<td>" + bar(standing.cellsSeen, of: standing.cells)
                    + "<span>\(standing.cellsSeen)/\(standing.cells) cells</span>"
                if standing.exercises > 0 {
                    html += "<span>\(standing.exercisesPassed)/\(standing.exercises) exercises"
                        + " (\(standing.attempts) tries)</span>"
                }
                html += "</td>"
            }
            let book = LearnerStanding.total(standings)
            html += "<td>" + bar(book.seen, of: book.cells) + "<span>\(percent(book.seen, of: book.cells))</span></td></tr>\n"
        }
        return html + "</tbody></table></div>\n"
    }

    private func percent(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "—" : "\(LearnerStanding.percent(part, of: whole))%"
    }

    private func bar(_ part: Int, of whole: Int) -> String {
        let value = whole == 0 ? 0 : Double(part) / Double(whole)
        return "<meter min=\"0\" max=\"1\" value=\"\(ValueText.number((value * 1000).rounded() / 1000))\">"
            + "\(percent(part, of: whole))</meter>"
    }
}
