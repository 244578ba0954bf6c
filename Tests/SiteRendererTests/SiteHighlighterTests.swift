import LessonEngine
import SiteRenderer
import Testing

/// The site's painter of Swift tokens (the tokens themselves are `SwiftLexerTests`).
@Suite("Swift highlighter")
struct SiteHighlighterTests {
    @Test("Classified tokens get a span; names stay plain")
    func spans() {
        #expect(SwiftHighlighter.html("let x: Int = 42 // answer")
            == "<span class=\"hl-keyword\">let</span> x: <span class=\"hl-type\">Int</span> = "
            + "<span class=\"hl-number\">42</span> <span class=\"hl-comment\">// answer</span>")
        #expect(SwiftHighlighter.html("@MainActor #if") == "<span class=\"hl-attribute\">@MainActor</span> <span class=\"hl-attribute\">#if</span>")
    }

    @Test("HTML is escaped inside and outside tokens")
    func escaped() {
        #expect(SwiftHighlighter.html("a < b && \"<i>\"")
            == "a &lt; b &amp;&amp; <span class=\"hl-string\">&quot;&lt;i&gt;&quot;</span>")
    }

    @Test("Without its tags and entities the HTML is the source", arguments: [
        "", "let a = [1, 2, 3].map { $0 * 2 } // ok", "\"\\(x)\" /* unterminated", "é = 3×3; π", "@", "0.",
    ])
    func lossless(source: String) {
        let text = SwiftHighlighter.html(source).replacing(/<\/?span[^>]*>/, with: "")
            .replacing("&lt;", with: "<").replacing("&gt;", with: ">").replacing("&quot;", with: "\"")
            .replacing("&#39;", with: "'").replacing("&amp;", with: "&")
        #expect(text == source)
    }
}
