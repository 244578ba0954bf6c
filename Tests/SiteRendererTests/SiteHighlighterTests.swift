import SiteRenderer
import Testing

@Suite("Swift highlighter")
struct SiteHighlighterTests {
    func kinds(_ source: String) -> [String] {
        SwiftHighlighter.tokens(source).filter { $0.0 != .plain }.map { "\($0.0.rawValue):\($0.1)" }
    }

    @Test("Keywords, types, numbers, strings, comments and attributes")
    func classes() {
        #expect(kinds("let x: Int = 42 // answer") == ["keyword:let", "type:Int", "number:42", "comment:// answer"])
        #expect(kinds("@MainActor func f() { return \"a\\\"b\" }")
            == ["attribute:@MainActor", "keyword:func", "keyword:return", "string:\"a\\\"b\""])
        #expect(kinds("let y = 1.5e-3 + 0x1F") == ["keyword:let", "number:1.5e-3", "number:0x1F"])
        #expect(kinds("/* a /* nested */ still */ var") == ["comment:/* a /* nested */ still */", "keyword:var"])
        #expect(kinds("conv3x3 letter") == [])  // digits inside identifiers, keyword prefixes
        #expect(kinds("xs.map { $0 * 2 }") == ["number:2"])  // $0 is a name, not a number
    }

    @Test("Multi-line strings and unterminated input stay whole")
    func strings() {
        #expect(kinds("\"\"\"\nline \"q\"\n\"\"\" + x") == ["string:\"\"\"\nline \"q\"\n\"\"\""])
        #expect(kinds("\"open") == ["string:\"open"])
    }

    @Test("Tokens always give back the source, for any input", arguments: [
        "", "let a = [1, 2, 3].map { $0 * 2 } // ok", "\"\\(x)\" /* unterminated", "é = 3×3; π", "@", "0.", "a\"\"\"",
    ])
    func lossless(source: String) {
        #expect(SwiftHighlighter.tokens(source).map(\.1).joined() == source)
    }

    @Test("HTML is escaped inside and outside tokens")
    func escaped() {
        #expect(SwiftHighlighter.html("a < b && \"<i>\"")
            == "a &lt; b &amp;&amp; <span class=\"hl-string\">&quot;&lt;i&gt;&quot;</span>")
    }
}
