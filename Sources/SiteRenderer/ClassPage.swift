import LessonEngine

/// `class.html`: the teacher's view, one row per learner and chapter (`ClassStanding`, the
/// rows of `lessons progress --class`): cells seen, exercises passed, tries, hints used,
/// solutions shown and the last activity. Linked from `progress.html`.
struct ClassPage {
    /// The page's file name.
    static let path = "class.html"

    let input: SiteInput

    func body() -> String {
        var html = "<h1>Class</h1>\n"
        let rows = input.learners.flatMap(\.classStandings)
        guard !rows.isEmpty else {
            return html + "<p class=\"empty\">No learner has started yet. Learners start with "
                + "<code>lessons step --learner NAME</code>; <code>lessons progress --class</code> shows the same table.</p>\n"
        }
        let titles = Dictionary(input.book.chapters.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        html += "<div class=\"table-wrap\"><table class=\"class-table\">\n<caption>Every learner in every chapter, "
            + "as <code>lessons progress --class</code> shows it</caption>\n<thead><tr>"
        html += ["Learner", "Chapter", "Cells seen", "Exercises passed", "Tries", "Hints used", "Solutions shown", "Last activity"]
            .map { "<th scope=\"col\">\($0)</th>" }.joined()
        html += "</tr></thead>\n<tbody>\n"
        for row in rows {
            let chapter = "<a href=\"\(HTMLText.escape(SitePaths.chapter(row.chapter)))\">"
                + HTMLText.escape(titles[row.chapter] ?? row.chapter) + "</a>"
            let cells: [String] = [
                chapter, "\(row.cellsSeen)/\(row.cellsTotal) (\(row.percent)%)",
                row.exercisesTotal == 0 ? "—" : "\(row.exercisesPassed)/\(row.exercisesTotal)",
                "\(row.tries)", "\(row.hintsUsed)", "\(row.solutionsShown)", row.lastActivityText,
            ]
            html += "<tr\(row.complete ? " class=\"complete\"" : "")><th scope=\"row\">\(HTMLText.escape(row.learner))</th>"
                + cells.map { "<td>\($0)</td>" }.joined() + "</tr>\n"
        }
        return html + "</tbody></table></div>\n"
    }
}
