import APIReference
import Foundation
import GoldenFiles
import LessonEngine
import SiteRenderer
import Testing

/// ConvLab's reference pages under `api/` and the links from chapters' code into them.
@Suite("API reference pages")
struct APIPageTests {
    @Test("A type's page: declaration, doc, members by kind, place in the module (golden)")
    func typePage() {
        expectGolden(APIFixture.file("api/Conv2D.html"), "api-Conv2D.html")
    }

    @Test("The index groups every type and free function by kind (golden)")
    func indexPage() {
        expectGolden(APIFixture.file("api/index.html"), "api-index.html")
    }

    @Test("The reference's pages: one per type (nested too) and per free function name, overloads together")
    func pages() {
        let paths = APIFixture.site.files().map(\.path).filter { $0.hasPrefix("api/") }
        #expect(paths == ["api/index.html", "api/Conv2D.html", "api/Tensor.html", "api/Zoo.html",
                          "api/Zoo.VGGConfiguration.html", "api/func-conv2d.html"])
        let conv2d = APIFixture.file("api/func-conv2d.html")
        #expect(conv2d.contains("<h2 id=\"conv2d(_:_:)\">") && conv2d.contains("<h2 id=\"conv2d(_:_:)-2\">"))
        #expect(conv2d.contains("2 overloads"))
        let nested = APIFixture.file("api/Zoo.VGGConfiguration.html")
        #expect(nested.contains("<p class=\"api-place\"><a href=\"index.html\">ConvLab</a> › <a href=\"Zoo.html\">Zoo</a></p>"))
    }

    @Test("API pages reach the site's root through ../ and the sidebar links the reference")
    func relativeLinks() {
        let page = APIFixture.file("api/Tensor.html")
        #expect(page.contains("<link rel=\"stylesheet\" href=\"../style.css\">"))
        #expect(page.contains("<script defer src=\"../search-index.js\"></script>"))
        #expect(page.contains("<a href=\"../using.html\">"))
        let chapter = APIFixture.file("using.html")
        #expect(chapter.contains("<a href=\"api/index.html\">API reference</a>"))
        // A site without a reference has no link to one.
        #expect(!SiteFixture.file("index.html").contains("API reference"))
    }

    @Test("A chapter's code links ConvLab's types, functions and unambiguous members to their pages")
    func chapterLinks() {
        let page = APIFixture.file("using.html")
        func link(_ href: String, _ inner: String) -> String { "<a class=\"api-link\" href=\"\(href)\">\(inner)</a>" }
        #expect(page.contains(link("api/Conv2D.html", "<span class=\"hl-type\">Conv2D</span>") + "(<span class=\"hl-number\">3</span>"))
        #expect(page.contains(link("api/Tensor.html", "<span class=\"hl-type\">Tensor</span>") + "." + link("api/Tensor.html#zeros(_:)", "zeros")))
        #expect(page.contains("conv." + link("api/Conv2D.html#forward(_:)", "forward") + "(x)"))
        #expect(page.contains(link("api/func-conv2d.html", "conv2d") + "(x, conv." + link("api/Conv2D.html#weight", "weight") + ".value)"))
        #expect(page.contains(link("api/Zoo.html", "<span class=\"hl-type\">Zoo</span>") + "."
            + link("api/Zoo.VGGConfiguration.html", "<span class=\"hl-type\">VGGConfiguration</span>") + "."
            + link("api/Zoo.VGGConfiguration.html#vgg16", "vgg16")))
        // `y` has no plain ConvLab type (what `forward` returns is not looked into): not linked.
        #expect(page.contains("y.shape") && !page.contains("#shape"))
        // `x = Tensor.zeros(…)`, whose declaration returns Tensor, so `x.max()` is Tensor's;
        // an array's `max()` is not, nor that of a receiver of unknown type.
        #expect(page.contains("print(x." + link("api/Tensor.html#max()", "max") + "(), [<span class=\"hl-number\">3</span>, "
            + "<span class=\"hl-number\">1</span>].max()!, y.max())"))
        // The chapter declares `shape` itself, so the bare name is not ConvLab's.
        #expect(page.contains("<span class=\"hl-keyword\">func</span> shape(of t: "))
        // An argument label that spells a ConvLab function is a label, not a call.
        #expect(page.contains("conv2d: <span class=\"hl-number\">1</span>"))
        // Locals stay plain.
        #expect(page.contains("<span class=\"hl-keyword\">let</span> conv = "))
    }

    @Test("The search finds the reference: one entry per page, titled by the symbol")
    func search() throws {
        let script = APIFixture.file("search-index.js")
        let json = String(script.dropFirst("window.LESSONS_SEARCH = ".count).dropLast(2))
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: String]])
        let conv = try #require(entries.first { $0["page"] == "api/Conv2D.html" })
        #expect(conv["title"] == "Conv2D")
        #expect(conv["chapter"] == "ConvLab API")
        #expect(conv["text"]?.contains("A 2-D convolution layer") == true)
        #expect(conv["code"]?.contains("func forward(_ input: Tensor) -> Tensor") == true)
        #expect(entries.contains { $0["page"] == "api/func-conv2d.html" && $0["title"] == "conv2d" })
    }

    @Test("Doc comments are markdown with raw HTML shown as text; a member without one says so")
    func docs() {
        let page = APIFixture.file("api/Conv2D.html")
        #expect(page.contains("<code>Conv2d</code>"))
        #expect(page.contains("&lt;b&gt;[C_out, C_in, K, K]&lt;/b&gt;"))
        #expect(page.contains("<h3 id=\"forward(_:)\"><code>forward(_:)</code></h3>"))
        #expect(page.contains("No documentation comment."))
        // A declaration's type names link to the type's page (a name outside ConvLab does not).
        #expect(page.contains("<a class=\"api-link\" href=\"Tensor.html\"><span class=\"hl-type\">Tensor</span></a>"))
        #expect(page.contains("<span class=\"hl-type\">Int</span>"))
        // A code span in a doc comment that names a ConvLab symbol links to it, as code would.
        let zoo = APIFixture.file("api/Zoo.html")
        #expect(zoo.contains("built of <a class=\"api-link\" href=\"Conv2D.html\"><code>Conv2D</code></a> layers"))
        #expect(zoo.contains("run by <a class=\"api-link\" href=\"Tensor.html#zeros(_:)\"><code>Tensor.zeros()</code></a>, not <code>Conv2d</code>."))
    }
}
