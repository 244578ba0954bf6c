import Testing
@testable import LessonEngine

@Suite struct MarkdownTreeTests {
    private func parse(_ text: String) -> MarkdownParser.Result { MarkdownParser(file: "t.md").parse(text) }

    @Test func everyNodeKnowsItsLineAndColumn() {
        let blocks = parse("# Title\n\nSome *em* and `code`.\n\n> quoted\n").document.blocks
        #expect(blocks.map(\.position) == [
            SourcePosition(line: 1, column: 1), SourcePosition(line: 3, column: 1), SourcePosition(line: 5, column: 1),
        ])
        guard case .paragraph(let inlines, _) = blocks[1] else {
            Issue.record("expected a paragraph")
            return
        }
        #expect(inlines.map(\.position.column) == [1, 6, 10, 15, 21])
        guard case .blockQuote(let quoted, _) = blocks[2], case .paragraph(let inner, _)? = quoted.first else {
            Issue.record("expected a quoted paragraph")
            return
        }
        #expect(inner.first?.position == SourcePosition(line: 5, column: 3))
    }

    @Test func headingsGetUniqueGitHubStyleAnchors() {
        let blocks = parse("# Two 3×3 convs, *not* one!\n## Setup\n## Setup\n### Setup-1\n").document.blocks
        let anchors = blocks.compactMap { block -> String? in
            if case .heading(_, let anchor, _, _) = block { anchor } else { nil }
        }
        #expect(anchors == ["two-33-convs-not-one", "setup", "setup-1", "setup-1-1"])
        #expect(HTMLRenderer().render(parse("## Setup\n").document) == "<h2>Setup</h2>\n")
    }

    @Test func arrayOfIntInProseStaysText() {
        let document = parse("An Array<Int> and a Dictionary<String, [Int]>.\n").document
        #expect(HTMLRenderer().render(document) == "<p>An Array&lt;Int&gt; and a Dictionary&lt;String, [Int]&gt;.</p>\n")
        #expect(HTMLRenderer(rawHTML: .omit).render(document)
            == "<p>An Array<!-- raw HTML omitted --> and a Dictionary&lt;String, [Int]&gt;.</p>\n")
        let block = parse("<div>\n*hi*\n</div>\n").document
        #expect(HTMLRenderer().render(block) == "<p>&lt;div&gt;\n*hi*\n&lt;/div&gt;</p>\n")
    }

    @Test func fenceInsideAListItemIsACellWithItsIndentationRemoved() {
        let text = "1. Make the layers:\n\n   ```swift id=setup hidden\n   let a = 1\n     let b = 2\n   ```\n2. Next\n"
        let result = parse(text)
        #expect(result.cells.map(\.id) == ["setup"])
        #expect(result.cells.first?.code == "let a = 1\n  let b = 2\n")
        #expect(result.cells.first?.fence == SourceLocation(file: "t.md", line: 3, column: 4))
        #expect(result.cells.first?.options.hidden == true)
        guard case .list(let list, _)? = result.document.blocks.first,
              case .cell(let cell, let info)? = list.items.first?.blocks.last else {
            Issue.record("expected the cell inside the first item")
            return
        }
        #expect(cell.id == "setup")
        #expect(info == "swift id=setup hidden")
        #expect(list.start == 1 && !list.tight && list.items.count == 2)
    }

    @Test func otherFencesAreCodeAndUnclosedOnesAreReported() {
        let result = parse("```python\nprint(1)\n```\n\n~~~swift\nlet x = 1\n")
        #expect(result.cells.count == 1)
        guard case .code(let info, let code, _)? = result.document.blocks.first else {
            Issue.record("expected plain code first")
            return
        }
        #expect(info == "python" && code == "print(1)\n")
        #expect(result.diagnostics.map(\.location) == [SourceLocation(file: "t.md", line: 5, column: 1)])
    }

    @Test func tablesKeepAlignmentAndPadRows() {
        let document = parse("| a | b |\n|:--|--:|\n| 1 |\n| x \\| y | 2 | 3 |\n").document
        guard case .table(let table, let at)? = document.blocks.first else {
            Issue.record("expected a table")
            return
        }
        #expect(at == SourcePosition(line: 1, column: 1))
        #expect(table.alignments == [.left, .right])
        #expect(table.rows.map { $0.map { $0.map(\.plainText).joined() } } == [["1", ""], ["x | y", "2"]])
        #expect(table.header.first?.first?.position == SourcePosition(line: 1, column: 3))
    }

    @Test func referencesAreNodesOutsideCodeOnly() {
        let result = parse("Ratio {{ params.ratio }} but `{{ no }}` and [{{ link.x }}](u).\n")
        #expect(result.references.map(\.name) == ["params.ratio", "link.x"])
        #expect(result.references.first?.location == SourceLocation(file: "t.md", line: 1, column: 7))
        let rendered = HTMLRenderer(values: ["params.ratio": "0.72"]).render(result.document)
        #expect(rendered == "<p>Ratio 0.72 but <code>{{ no }}</code> and <a href=\"u\">{{ link.x }}</a>.</p>\n")
    }

    @Test func resolvingReferencesReplacesKnownAndReportsUnknown() {
        let chapter = ChapterParser.parse("---\ntitle: T\n---\n# H\n\n*{{ a }}* and {{ b }}\n", file: "01-x.md")
        let (document, diagnostics) = chapter.resolvingReferences(["a": "1.5 ms"])
        #expect(diagnostics.map(\.location) == [SourceLocation(file: "01-x.md", line: 6, column: 15)])
        #expect(HTMLRenderer().render(document) == "<h1>H</h1>\n<p><em>1.5 ms</em> and {{ b }}</p>\n")
    }

    @Test func badPlaceholdersAreDiagnosticsAndStayText() {
        let result = parse("A {{ two words }} and {{ 9lives }} and {{ open\n")
        #expect(result.references.isEmpty)
        #expect(result.diagnostics.map(\.location.column) == [3, 23, 40])
        #expect(HTMLRenderer().render(result.document) == "<p>A {{ two words }} and {{ 9lives }} and {{ open</p>\n")
    }

    @Test func dangerousURLsAreEmptied() {
        let document = parse("[a](javascript:alert(1)) ![b](data:text/html;x) ![c](data:image/png;x) [d](<x y>)\n").document
        #expect(HTMLRenderer().render(document) == "<p><a href=\"\">a</a> <img src=\"\" alt=\"b\" /> "
            + "<img src=\"data:image/png;x\" alt=\"c\" /> <a href=\"x%20y\">d</a></p>\n")
    }
}
