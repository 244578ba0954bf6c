import Foundation
import GoldenFiles
import LessonEngine
import LessonRuntime
import SiteRenderer
import Testing

@Suite("Site pages")
struct SitePageTests {
    @Test("Pages match their golden files", arguments: [
        "index.html", "two-3x3.html", "broken.html", "progress.html", "class.html", "print.html", "search-index.js",
    ])
    func golden(path: String) {
        expectGolden(SiteFixture.file(path), path)
    }

    @Test("The site has every page, in a fixed order")
    func files() {
        #expect(SiteFixture.site.files().map(\.path) == [
            "index.html", "two-3x3.html", "broken.html", "progress.html", "class.html", "print.html", "style.css", "search.js",
            "search-index.js",
        ])
    }

    @Test("Everything from cells is escaped: a cell printing <script> shows it as text")
    func escaping() {
        let page = SiteFixture.file("two-3x3.html")
        #expect(!page.contains("<script>alert"))
        #expect(page.contains("<pre class=\"stdout\" aria-label=\"Output\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;\n</pre>"))
        #expect(page.contains("&lt;b&gt;bold&lt;/b&gt; claim"))
        #expect(page.contains("<th scope=\"col\">&lt;v&gt;</th>"))
        #expect(page.contains("<td>a&amp;b</td>"))
        #expect(SiteFixture.file("progress.html").contains("&lt;Bob&gt;"))
        #expect(SiteFixture.file("class.html").contains("<th scope=\"row\">&lt;Bob&gt;</th>"))
        #expect(SiteFixture.file("broken.html").contains("&lt;b&gt;html&lt;/b&gt;"))
        #expect(!SiteFixture.file("search-index.js").contains("<"))
    }

    @Test("Prose gets recorded values with units; claims show measured against expected")
    func values() {
        let page = SiteFixture.file("two-3x3.html")
        #expect(page.contains("Two 3×3 layers need 0.72 of the weights. Time: 12.5 ms."))
        #expect(page.contains("measured 0.72, expected 0.72 ± 0.005"))
        #expect(page.contains("<li class=\"claim pass\">"))
        #expect(page.contains("<li class=\"claim fail\">"))
        #expect(page.contains("1 of 2 claims hold"))
    }

    @Test("Hidden code is omitted but its outputs stay; exercise open, solution closed")
    func cellOptions() {
        let page = SiteFixture.file("two-3x3.html")
        #expect(!page.contains("setUp()"))
        #expect(page.contains("<div class=\"cell hidden-cell\" id=\"cell-c2\">"))
        #expect(page.contains("<details class=\"disclosure\" open><summary>Exercise</summary>"))
        #expect(page.contains("<details class=\"disclosure\"><summary>Solution</summary>"))
        #expect(page.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(page.contains("aria-labelledby=\"plot-plot-0-title plot-plot-0-desc\""))
    }

    @Test("Errors carry file:line:column; navigation links chapters in order")
    func errorsAndNavigation() {
        let broken = SiteFixture.file("broken.html")
        #expect(broken.contains("<code class=\"location\">Lessons/02-broken.md:8:14</code>"))
        #expect(broken.contains("<a class=\"prev\" rel=\"prev\" href=\"two-3x3.html\">← Two 3×3 instead of one 5×5</a>"))
        let first = SiteFixture.file("two-3x3.html")
        #expect(first.contains("<a class=\"next\" rel=\"next\" href=\"broken.html\">Broken things →</a>"))
        #expect(first.contains("<li class=\"current\"><a href=\"two-3x3.html\" aria-current=\"page\">"))
        #expect(first.contains("<a href=\"#a-plot\">A plot</a>"))
    }

    @Test("No request leaves the page: only local stylesheet and scripts")
    func local() {
        for file in SiteFixture.site.files() {
            let text = file.contents.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
            #expect(!text.contains("http://") && !text.contains("https://") && !text.contains("@import"), "\(file.path)")
        }
    }

    @Test("Claims of exercises that fail as written do not count against the chapter")
    func exerciseClaims() {
        var runs = SiteFixture.runs
        runs[0].cells[3].claims = [Claim(statement: "solved", passed: false)]
        runs[0].cells[0].claims.removeLast()
        let site = Site(SiteInput(book: SiteFixture.book, runs: runs))
        let index = site.files().first { $0.path == "index.html" }?.contents ?? ""
        #expect(index.contains("1/1 claims hold"))
        #expect(index.contains("1 of 1 claims hold"))
    }

    @Test("A chapter without a run shows its code marked not run")
    func noRun() {
        let site = Site(SiteInput(book: SiteFixture.book, runs: []))
        let page = site.files().first { $0.path == "broken.html" }?.contents ?? ""
        #expect(page.contains("No stored run of this chapter."))
        #expect(page.contains("<span class=\"hl-keyword\">let</span> x: <span class=\"hl-type\">Int</span> = <span class=\"hl-string\">&quot;no&quot;</span>"))
        let progress = site.files().first { $0.path == "progress.html" }?.contents ?? ""
        #expect(progress.contains("No learner has started yet."))
    }

    @Test("Chapter ids that clash with the site's own pages get a prefix")
    func paths() {
        #expect(SitePaths.chapter("two-3x3") == "two-3x3.html")
        #expect(SitePaths.chapter("index") == "chapter-index.html")
        #expect(SitePaths.chapter("a b/c") == "a-b-c.html")
        #expect(SitePaths.chapter("..") == "chapter-...html")
    }

    @Test("Writing creates the folder; a file in the way is a clear error")
    func write() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("site-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let written = try SiteFixture.site.write(to: folder.path + "/out")
        #expect(written.count == 9)
        let index = try String(contentsOfFile: folder.path + "/out/index.html", encoding: .utf8)
        #expect(index.contains("<h1>Conv Tricks</h1>"))
        _ = FileManager.default.createFile(atPath: folder.path + "/file", contents: Data())
        #expect(throws: SiteError.notAFolder(path: folder.path + "/file")) {
            try SiteFixture.site.write(to: folder.path + "/file")
        }
    }
}
