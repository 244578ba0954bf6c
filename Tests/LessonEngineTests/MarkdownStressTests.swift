import Foundation
import Testing
@testable import LessonEngine

/// Pathological inputs: each must parse and render without exhausting the stack, and the
/// nesting caps (100 containers, 64 inline levels) must hold.
@Suite struct MarkdownStressTests {
    @Test func deepBlockQuotesAreCapped() {
        let document = MarkdownParser(file: "s.md").parse(String(repeating: ">", count: 20_000) + " x").document
        #expect(blockDepth(document.blocks) == BlockParser.maxNesting)
        #expect(HTMLRenderer().render(document).hasSuffix("</blockquote>\n"))
    }

    @Test func deepListsAreCapped() {
        let document = MarkdownParser(file: "s.md").parse(String(repeating: "- ", count: 5_000) + "x").document
        // Each level is a list and an item: 50 lists deep.
        #expect(blockDepth(document.blocks) == BlockParser.maxNesting / 2)
    }

    @Test func deepEmphasisAndImagesAreCapped() {
        let emphasis = String(repeating: "*", count: 20_000) + "a" + String(repeating: "*", count: 20_000)
        let images = String(repeating: "![", count: 5_000) + "a" + String(repeating: "](u)", count: 5_000)
        for text in [emphasis, images] {
            let document = MarkdownParser(file: "s.md").parse(text).document
            guard case .paragraph(let inlines, _)? = document.blocks.first else {
                Issue.record("expected a paragraph")
                continue
            }
            let depth = inlineDepth(inlines)
            #expect(depth > 10 && depth <= 2 * InlineParser.maxNesting)
            #expect(HTMLRenderer().render(document).hasPrefix("<p>"))
        }
    }

    @Test func millionsOfEmphasisDelimitersCostTheirBytesNotANodeEach() {
        let text = String(repeating: "a*", count: 1 << 20)  // 2 MB, a million delimiter runs
        let document = MarkdownParser(file: "s.md").parse(text).document
        guard case .paragraph(let inlines, _)? = document.blocks.first else {
            Issue.record("expected a paragraph")
            return
        }
        // The first runs make emphasis as CommonMark says; all after the cap is one text node.
        #expect(inlines.count <= 2 * InlineParser.maxDelimiters + 2)
        let consumed = InlineParser.maxDelimiters  // every pair of the first runs became <em>
        #expect(inlines.map(\.plainText).joined().utf8.count == text.utf8.count - consumed)
        let html = HTMLRenderer().render(document)
        #expect(html.hasPrefix("<p>a<em>a</em>a<em>a</em>"))
        #expect(html.hasSuffix("a*a*a*</p>\n"))
        // Brackets past the nesting cap are text too, added to the text before them.
        let brackets = String(repeating: "a[", count: 1 << 19)
        guard case .paragraph(let bracketInlines, _)? = MarkdownParser(file: "s.md").parse(brackets).document.blocks.first
        else {
            Issue.record("expected a paragraph")
            return
        }
        #expect(bracketInlines.count <= 2 * InlineParser.maxNesting + 2)
        #expect(bracketInlines.map(\.plainText).joined() == brackets)
    }

    @Test func longRunsOfOpenersStayText() {
        for text in [String(repeating: "[", count: 20_000), String(repeating: "{{", count: 10_000),
                     "a " + String(repeating: "<!-- ", count: 4_000), "a " + String(repeating: "`", count: 3_000) + "x"] {
            let chapter = ChapterParser.parse(text, file: "s.md")
            guard case .paragraph(let inlines, _)? = chapter.document.blocks.first else {
                Issue.record("expected a paragraph")
                continue
            }
            // All of it is text (the paragraph's trailing blank is dropped, as always).
            let plain = inlines.map(\.plainText).joined()
            #expect(plain.utf8.count == text.trimmingCharacters(in: .whitespaces).utf8.count)
            #expect(inlines.allSatisfy { if case .text = $0 { true } else { false } })
            #expect(chapter.diagnostics.count <= 1)
        }
    }

    private func blockDepth(_ blocks: [Block]) -> Int {
        blocks.map { block in
            switch block {
            case .blockQuote(let children, _): 1 + blockDepth(children)
            case .list(let list, _): 1 + (list.items.map { blockDepth($0.blocks) }.max() ?? 0)
            default: 0
            }
        }.max() ?? 0
    }

    private func inlineDepth(_ inlines: [Inline]) -> Int {
        inlines.map { inline in
            switch inline {
            case .emphasis(let children, _), .strong(let children, _), .link(_, _, let children, _),
                 .image(_, _, let children, _):
                1 + inlineDepth(children)
            default: 0
            }
        }.max() ?? 0
    }
}

/// A hostile chapter costs linear time and gets a bounded report.
@Suite struct HostileChapterTests {
    private func bracesRun(_ pairs: Int) -> String {
        String(repeating: "{{", count: pairs) + "}}"
    }

    @Test func aRunOfOpenersBeforeClosersGetsACappedReport() {
        let chapter = ChapterParser.parse(bracesRun(20_000), file: "h.md")
        #expect(chapter.diagnostics.count == ChapterParser.maxDiagnostics + 1)
        #expect(chapter.diagnostics.last?.message == "… and 19950 more problems in this chapter")
        // Each message quotes a bounded part of the run, not the run itself.
        #expect(chapter.diagnostics.allSatisfy { $0.message.utf8.count < 300 })
        let scanned = References.scan(bracesRun(20_000), file: "h.md", line: 1, column: 1)
        #expect(scanned.diagnostics.allSatisfy { $0.message.utf8.count < 300 })
    }

    @Test func aRunOfOpenersParsesInLinearTime() {
        // 8× the input may take at most ~30× the time (quadratic would be 64×); the best of
        // three runs each keeps a busy machine's noise out.
        func seconds(_ text: String) -> Double {
            (0..<3).map { _ in
                let start = monotonicNow()
                _ = ChapterParser.parse(text, file: "h.md")
                _ = References.scan(text, file: "h.md", line: 1, column: 1)
                return monotonicNow() - start
            }.min()!
        }
        let small = seconds(bracesRun(4_000)), large = seconds(bracesRun(32_000))
        #expect(large < 30 * small + 0.05, "1×: \(small) s, 8×: \(large) s")
    }

    @Test func goodPlaceholdersStillParseBesideBadOnes() {
        let scanned = References.scan("{{ {{ a.b }} {{x y}} {{ ok }}", file: "h.md", line: 3, column: 1)
        let names = scanned.segments.compactMap { if case .reference(let r, _) = $0 { r.name } else { nil } }
        #expect(names == ["ok"])
        #expect(scanned.diagnostics.count == 2)
        #expect(scanned.diagnostics.first?.location.column == 1)
    }
}
