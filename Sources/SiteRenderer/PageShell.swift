/// The frame every page shares: head (local stylesheet and scripts only, so no request leaves
/// the page), sidebar with the chapter list and search box, main content, footer.
struct PageShell {
    let bookTitle: String
    /// `(page file, chapter title, number)` of every chapter, in order.
    let chapters: [(path: String, title: String, number: Int?)]
    /// Whether the site has API pages, linked from the sidebar.
    var hasAPI = false

    /// A whole HTML page. `current` is the page's own file name (highlighted in the sidebar);
    /// `outline` lists the current chapter's headings as `(anchor, text)`. `<main>` takes
    /// `tabindex="-1"` so that the skip link moves keyboard focus there, not only the view.
    /// `current` is relative to the site's root; a page in a folder (`api/`) passes the way
    /// back to the root as `root` (`../`), which every link of the frame starts with.
    func page(title: String, current: String, outline: [(String, String)] = [], body: String, root: String = "") -> String {
        let pageTitle = title == bookTitle ? bookTitle : "\(title) · \(bookTitle)"
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <title>\(HTMLText.escape(pageTitle))</title>
        <link rel="stylesheet" href="\(root)style.css">
        <script defer src="\(root)search-index.js"></script>
        <script defer src="\(root)search.js"></script>
        </head>
        <body>
        <a class="skip" href="#content">Skip to content</a>
        \(sidebar(current: current, outline: outline, root: root))
        <main id="content" tabindex="-1">
        \(body)
        </main>
        </body>
        </html>

        """
    }

    private func sidebar(current: String, outline: [(String, String)], root: String) -> String {
        var html = "<nav class=\"sidebar\" aria-label=\"Book\">\n"
        html += "<p class=\"book-title\"><a href=\"\(root)index.html\">\(HTMLText.escape(bookTitle))</a></p>\n"
        html += "<div class=\"search\" role=\"search\"><label for=\"search-box\" class=\"visually-hidden\">Search</label>"
            + "<input id=\"search-box\" type=\"search\" placeholder=\"Search…\" autocomplete=\"off\">"
            + "<ol id=\"search-results\" aria-live=\"polite\"></ol></div>\n"
        html += "<ol class=\"toc\">\n"
        for chapter in chapters {
            let here = chapter.path == current
            let number = chapter.number.map { "<span class=\"num\">\($0)</span> " } ?? ""
            html += "<li\(here ? " class=\"current\"" : "")><a href=\"\(root)\(HTMLText.escape(chapter.path))\""
                + (here ? " aria-current=\"page\"" : "") + ">\(number)\(HTMLText.escape(chapter.title))</a>"
            if here, !outline.isEmpty {
                html += "\n<ol class=\"outline\">"
                    + outline.map { "<li><a href=\"#\(HTMLText.escape($0.0))\">\(HTMLText.escape($0.1))</a></li>" }.joined()
                    + "</ol>"
            }
            html += "</li>\n"
        }
        html += "</ol>\n"
        let progressHere = current == "progress.html"
        let printHere = current == PrintPage.path
        html += "<p class=\"side-links\"><a href=\"\(root)progress.html\"\(progressHere ? " aria-current=\"page\"" : "")>Progress</a>"
            + " · <a href=\"\(root)\(PrintPage.path)\"\(printHere ? " aria-current=\"page\"" : "")>Print the book</a>"
            + (hasAPI ? " · <a href=\"\(root)\(APIPaths.index)\"\(current == APIPaths.index ? " aria-current=\"page\"" : "")>API reference</a>" : "")
            + "</p>\n"
        return html + "</nav>"
    }
}
