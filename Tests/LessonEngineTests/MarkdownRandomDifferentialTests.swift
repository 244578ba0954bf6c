import Foundation
import Testing
@testable import LessonEngine

/// Seeded random documents built from markdown fragments, compared with cmark-gfm: finds
/// disagreements the spec examples do not reach (tables above all, which are not in them).
@Suite struct MarkdownRandomDifferentialTests {
    static let blockPieces = [
        "", "", "# Title *x*", "## a ##", "para text", "more `code` text", "> quote", "> - quoted item", "- item",
        "  - nested", "    - deeper", "1. one", "2) two", "10. ten", "* star", "+ plus", "```swift id=a", "```", "~~~",
        "    indented", "\tcode", "***", "---", "___", "===", "| a | b |", "|---|:-:|", "| --- | --- |", "a | b",
        "-- | --", "| 1 | 2 | 3 |", "|x|", "\\| esc | y", "[ref]: /url \"t\"", "[ref]", "<div>", "</div>", "<!-- c -->",
        "   > lazy", "text  ", "text\\", "- [ ] task", "1. ```", "   code in item", "-", "1.",
        "| h1 | h2 |\n|----|---:|", "h | i\n:-- | :-:", "| x |\n| - |", "|a|b|c|\n|-|-|-|\n|1|2|", "> | q |\n> |---|",
        "- item\n\n  ```swift\n  let x = 1\n  ```", "1. step\n   ```\n   code\n   ```", "  | indented | t |\n  | -- | -- |",
        "| `a|b` | c \\| d |\n|---|---|", "| *e* | [l](/u) |\n|:-:|:-:|\n| <b> | Array<Int> |",
    ]
    static let inlinePieces = [
        "*a*", "**b**", "_c_", "__d__", "***e***", "*", "_", "**", "`x`", "``y``", "`", "[l](/u)", "[l](/u \"t\")",
        "![i](/p)", "[ref]", "[x][ref]", "<http://a.b>", "<a@b.c>", "<b>", "</b>", "Array<Int>", "&amp;", "&copy;",
        "&#35;", "\\*", "\\", "{{ m.x }}", "{{", "}}", "a", "word", " ", "  ", "(", ")", "[", "]", "!", "|", "é", "→",
    ]

    @Test(.enabled(if: DifferentialInputs.shouldRun, DifferentialInputs.skipReason))
    func randomDocumentsMatchCmarkGFM() throws {
        let inputs = try DifferentialInputs.require()
        var generator = FuzzGenerator(state: UInt64(ProcessInfo.processInfo.environment["MARKDOWN_FUZZ_SEED"] ?? "") ?? 2026)
        var failures: [String] = []
        for _ in 0..<Self.count {
            let markdown = Self.document(using: &generator)
            let ours = MarkdownDifferential.render(markdown)
            let theirs = try MarkdownDifferential.cmark(markdown, binary: inputs.cmark)
            if ours != theirs {
                failures.append("\(markdown.debugDescription)\nours:  \(ours.debugDescription)\ncmark: \(theirs.debugDescription)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(Self.count) differ:\n\(failures.prefix(8).joined(separator: "\n\n"))")
    }

    /// Short strings over markdown's special characters: reaches corners of the inline
    /// rules (flanking, brackets, entities, HTML) that fragment documents do not.
    @Test(.enabled(if: DifferentialInputs.shouldRun, DifferentialInputs.skipReason))
    func characterSoupMatchesCmarkGFM() throws {
        let inputs = try DifferentialInputs.require()
        let alphabet = Array(" \n\n*_`[]()!<>&#;\\-+.1|:~{}\"'a\tb/=@é\u{A0}。“€")
        var generator = FuzzGenerator(state: UInt64(ProcessInfo.processInfo.environment["MARKDOWN_FUZZ_SEED"] ?? "") ?? 99)
        var failures: [String] = []
        for _ in 0..<Self.count {
            let length = Int.random(in: 0...60, using: &generator)
            let markdown = String((0..<length).map { _ in alphabet.randomElement(using: &generator) ?? " " })
            let ours = MarkdownDifferential.render(markdown)
            let theirs = try MarkdownDifferential.cmark(markdown, binary: inputs.cmark)
            if ours != theirs {
                failures.append("\(markdown.debugDescription)\nours:  \(ours.debugDescription)\ncmark: \(theirs.debugDescription)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(Self.count) differ:\n\(failures.prefix(8).joined(separator: "\n\n"))")
    }

    static let count = Int(ProcessInfo.processInfo.environment["MARKDOWN_FUZZ_COUNT"] ?? "") ?? 300

    static func document(using generator: inout FuzzGenerator) -> String {
        let lineCount = Int.random(in: 1...12, using: &generator)
        return (0..<lineCount).map { _ in
            var line = blockPieces.randomElement(using: &generator) ?? ""
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                line += (Bool.random(using: &generator) ? " " : "") + (inlinePieces.randomElement(using: &generator) ?? "")
            }
            return line
        }.joined(separator: "\n") + "\n"
    }
}
