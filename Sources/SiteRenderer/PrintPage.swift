import LessonEngine

/// `print.html`: the whole book on one page, chapters in order (as mdBook's print page), for
/// printing or saving as PDF. Each chapter starts a new printed page; plots are the same
/// inline SVG as on the chapter pages, so they print as vectors. Ids are scoped by chapter
/// (`weights-curve`), because chapters may reuse cell ids and heading anchors.
struct PrintPage {
    let input: SiteInput

    /// The page's file name.
    static let path = "print.html"

    func body() -> String {
        let book = input.book
        var html = "<div class=\"print-book\">\n<header class=\"print-cover\">\n"
        html += "<h1>\(HTMLText.escape(book.title))</h1>\n"
        html += "<p class=\"print-hint\">The whole book on one page: print it or save it as PDF from the browser.</p>\n"
        html += "<ol class=\"print-toc\">\n" + book.chapters.map { chapter in
            let number = chapter.number.map { "\($0). " } ?? ""
            return "<li><a href=\"#chapter-\(HTMLText.escape(chapter.id))\">\(number)\(HTMLText.escape(chapter.title))</a></li>"
        }.joined(separator: "\n") + "\n</ol>\n</header>\n"
        for chapter in book.chapters {
            let page = ChapterPage(chapter: chapter, run: input.runs[chapter.id], previous: nil, next: nil,
                                   scope: chapter.id + "-")
            html += "<section class=\"print-chapter\" id=\"chapter-\(HTMLText.escape(chapter.id))\" "
                + "aria-label=\"\(HTMLText.escape(chapter.title))\">\n" + page.article() + "</section>\n"
        }
        return html + "</div>\n"
    }
}
