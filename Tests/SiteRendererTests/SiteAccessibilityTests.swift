import Foundation
import LessonEngine
import LessonRuntime
@testable import SiteRenderer
import Testing

/// What the pages give keyboard and screen reader users, and what search indexes. The browser
/// test (`Tests/Browser`, run by `.ci/browser-tests.sh`) checks the same on the built book
/// with axe-core; these pin the markup that makes it so.
@Suite("Site accessibility and search")
struct SiteAccessibilityTests {
    @Test("Heading anchors are named links, not aria-hidden Tab stops")
    func anchors() {
        let page = SiteFixture.file("two-3x3.html")
        #expect(!page.contains("aria-hidden"))
        #expect(page.contains("<a class=\"anchor\" href=\"#a-plot\" aria-label=\"Link to this section: A plot\">#</a>"))
    }

    @Test("Code blocks are named; the skip link's target takes focus")
    func names() {
        let page = SiteFixture.file("two-3x3.html")
        #expect(page.contains("<pre class=\"code\" aria-label=\"Code of cell c1\">"))
        #expect(page.contains("<main id=\"content\" tabindex=\"-1\">"))
        #expect(SiteStyle.css.contains(":focus-visible { outline: 3px solid var(--accent)"))
    }

    @Test("A plot keeps its title and description and gets its data as a table")
    func plotData() {
        let page = SiteFixture.file("two-3x3.html")
        let figure = page.components(separatedBy: "<figure class=\"plot\">").last?
            .components(separatedBy: "</figure>").first ?? ""
        #expect(figure.contains("<title id=\"plot-plot-0-title\">loss</title>"))
        #expect(figure.contains("<desc id=\"plot-plot-0-desc\">"))
        #expect(figure.contains("<details class=\"plot-data\"><summary>Data of “loss”</summary>"))
        #expect(figure.contains("<thead><tr><th scope=\"col\">x</th><th scope=\"col\">a</th></tr></thead>"))
        #expect(figure.contains("<tr><th scope=\"row\">2</th><td>1</td></tr>"))
        // The table follows the drawing, so a screen reader meets the summary first.
        #expect((figure.range(of: "</svg>")?.lowerBound ?? figure.endIndex) < (figure.range(of: "<table")?.lowerBound ?? figure.startIndex))
    }

    @Test("The index holds prose with values filled in, code and outputs, and only anchors the page has")
    func index() {
        let entries = SearchIndex.entries(SiteFixture.book, runs: SiteFixture.site.input.runs)
        let weights = entries.first { $0.anchor == "weights" }
        #expect(weights?.text == "Two 3×3 layers need 0.72 of the weights. Time: 12.5 ms.")
        #expect(weights?.code.contains("record(\"params.ratio\", ratio)") == true)
        #expect(weights?.code.contains("<script>alert") == true)
        #expect(weights?.code.contains("fewer weights") == true)
        #expect(weights?.code.contains("setUp()") == false, "hidden code is not shown, so not indexed")
        #expect(entries.first { $0.anchor == "a-plot" }?.code.contains("loss") == true)
        for entry in entries where !entry.anchor.isEmpty {
            let page = SiteFixture.file(entry.page)
            #expect(page.contains("id=\"\(entry.anchor)\""), "\(entry.page)#\(entry.anchor)")
        }
    }

    @Test("A chapter's leading # Title (dropped from its page) is no entry of its own")
    func titleHeading() {
        let chapter = ChapterParser.parse("""
            ---
            title: Same
            ---
            # Same

            Intro with {{ x }}.

            ## Next

            More.
            """, file: "Lessons/01-same.md")
        let book = Book(root: "Lessons", title: "B", frontPage: nil, chapters: [chapter], diagnostics: [])
        let entries = SearchIndex.entries(book)
        #expect(entries.map(\.anchor) == ["", "next"])
        #expect(entries[0].text == "Intro with {{ x }}.", "without a run the placeholder is what the page shows")
        let site = Site(SiteInput(book: book, runs: []))
        let page = site.files().first { $0.path == entries[1].page }?.contents ?? ""
        #expect(page.contains("id=\"next\"") && !page.contains("id=\"same\""))
    }

    @Test("Bytes per chapter add up to the index file, less its frame")
    func bytes() {
        let runs = SiteFixture.site.input.runs
        let sizes = SearchIndex.bytesPerChapter(SiteFixture.book, runs: runs)
        #expect(sizes.map(\.chapter) == SiteFixture.book.chapters.map(\.id))
        let file = SearchIndex.script(SiteFixture.book, runs: runs).utf8.count
        let frame = "window.LESSONS_SEARCH = [];\n".utf8.count
        let commas = SearchIndex.entries(SiteFixture.book, runs: runs).count - 1
        #expect(sizes.map(\.bytes).reduce(0, +) + frame + commas == file)
    }
}
