import Foundation
import Testing

/// `print.html`: the whole book on one page, in order, with unique ids and its plots.
@Suite("Print page")
struct PrintPageTests {
    let page = SiteFixture.file("print.html")

    @Test("Every chapter is there, in book order, each starting a printed page")
    func chaptersInOrder() throws {
        let first = try #require(page.range(of: "<section class=\"print-chapter\" id=\"chapter-two-3x3\""))
        let second = try #require(page.range(of: "<section class=\"print-chapter\" id=\"chapter-broken\""))
        #expect(first.lowerBound < second.lowerBound)
        #expect(page.contains("<a href=\"#chapter-two-3x3\">1. Two 3×3 instead of one 5×5</a>"))
        // The same prose, values filled in, and the same inline SVG plot as the chapter page.
        #expect(page.contains("Two 3×3 layers need 0.72 of the weights."))
        #expect(page.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(page.contains("<code class=\"location\">Lessons/02-broken.md:8:14</code>"))
        #expect(!page.contains("class=\"pager\""))
        #expect(SiteFixture.file("style.css").contains(".print-chapter { break-before: page; }"))
    }

    @Test("Ids are scoped by chapter, so none repeats on the page")
    func uniqueIDs() throws {
        let regex = try NSRegularExpression(pattern: #" id="([^"]+)""#)
        let ids = regex.matches(in: page, range: NSRange(page.startIndex..., in: page)).map {
            String(page[Range($0.range(at: 1), in: page)!])
        }
        #expect(Set(ids).count == ids.count, "\(ids.sorted())")
        #expect(ids.contains("two-3x3-a-plot") && ids.contains("cell-two-3x3-plot"))
        #expect(ids.contains("plot-two-3x3-plot-0-title"))
    }

    @Test("Every page's sidebar links to it")
    func linked() {
        for path in ["index.html", "two-3x3.html", "progress.html"] {
            #expect(SiteFixture.file(path).contains("<a href=\"print.html\">Print the book</a>"), "\(path)")
        }
        #expect(page.contains("<a href=\"print.html\" aria-current=\"page\">Print the book</a>"))
    }
}
