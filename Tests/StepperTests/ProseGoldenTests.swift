import GoldenFiles
import Charts
import LessonEngine
import LessonRuntime
import Stepper
import Terminal
import Testing

/// Rendered prose of the fixture chapter and of a sampler of markdown, plain and in colour.
@Suite struct ProseGoldenTests {
    static let sampler = """
        ## Lists, quotes and tables

        1. first, with `code`
        2. second, with a [link](https://example.com) and <https://swift.org>

        > A quote with *emphasis*
        > and **strength**, {{ known }} and {{ missing }}.

        | layer | weights |
        |:------|--------:|
        | conv  | 1728    |

        ---

        ```swift
        let x = 1 // one
        ```

        ```text
        plain code
        ```
        """

    static let metrics = ["known": Metric(name: "known", value: 0.72, unit: "×")]

    @Test func samplerMatchesItsGoldenFiles() throws {
        let chapter = ChapterParser.parse(Self.sampler, file: "sampler.md")
        for (style, suffix) in [(TerminalStyle.plain(width: 60), "plain"), (TerminalStyle(colour: .ansi256, width: 60), "ansi")] {
            let text = TerminalProse(style: style, metrics: Self.metrics).render(chapter.document.blocks)
            expectGolden(text, "sampler.\(suffix).txt", escapeANSI: true)
        }
    }

    @Test func fixtureChapterMatchesItsGoldenFiles() throws {
        let chapter = ChapterParser.parse(Fixture.tinyText, file: "01-tiny.md")
        let text = TerminalProse(style: .plain(width: 72), metrics: ["weights": Metric(name: "weights", value: 18)])
            .render(chapter.document.blocks)
        expectGolden(text, "tiny.plain.txt", escapeANSI: true)
        expectGolden(TerminalProse(style: TerminalStyle(colour: .ansi256, width: 72)).render(chapter.document.blocks), "tiny.ansi.txt", escapeANSI: true)
    }

    @Test func referencesShowTheValueWithItsUnitOrTheSourceWhenUnknown() {
        let chapter = ChapterParser.parse("Ratio {{ known }}, other {{ missing }}.", file: "r.md")
        let text = TerminalProse(style: .plain(), metrics: Self.metrics).render(chapter.document.blocks)
        #expect(text == "Ratio 0.72 ×, other {{ missing }}.")
    }

    @Test func paragraphsWrapAtTheWidthWithoutCountingEscapes() {
        let words = Array(repeating: "**word**", count: 20).joined(separator: " ")
        let chapter = ChapterParser.parse(words, file: "w.md")
        let text = TerminalProse(style: TerminalStyle(colour: .ansi256, width: 30)).render(chapter.document.blocks)
        let widths = text.split(separator: "\n").map { TerminalText.stripANSI(String($0)).count }
        #expect(widths == [29, 29, 29, 9])  // 20 words of 4 letters: 6 to a line
    }
}
