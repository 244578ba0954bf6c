import Testing
@testable import LessonEngine

/// A small deterministic generator (SplitMix64), so a failing input can be reproduced.
struct FuzzGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Pieces that trigger many parser paths when shuffled together.
let fuzzPieces = [
    "---", "title: x", "```swift", "```swift id=a hidden", "```", "~~~", "{{ a }}", "{{", "}}", "# h", "> q",
    "- item", "1. one", "   ```swift solution", "| a | b |", "|---|---|", "`code`", "*em*", "**", "<div>",
    "[link](url)", "![img](x)", "\\", "&amp;", "&#xZZ;", "\t", "    indented", "", "Array<Int>", "***",
]

@Suite struct ChapterFuzzTests {
    @Test func randomBytesNeverCrashAndDiagnosticsPointIntoTheFile() {
        var generator = FuzzGenerator(state: 42)
        for _ in 0..<300 {
            let count = Int.random(in: 0..<400, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = String(decoding: bytes, as: UTF8.self)
            check(ChapterParser.parse(text, file: "f.md"), text)
        }
    }

    @Test func randomLinesNeverCrashAndDiagnosticsPointIntoTheFile() {
        var generator = FuzzGenerator(state: 7)
        for _ in 0..<300 {
            let count = Int.random(in: 0..<30, using: &generator)
            let lines = (0..<count).map { _ in fuzzPieces.randomElement(using: &generator) ?? "" }
            let text = lines.joined(separator: "\n")
            check(ChapterParser.parse(text, file: "f.md"), text)
        }
    }

    private func check(_ chapter: Chapter, _ text: String) {
        let lineCount = max(SourceText(text).lines.count, 1)
        for diagnostic in chapter.diagnostics {
            #expect(diagnostic.location.line >= 1 && diagnostic.location.line <= lineCount, "\(diagnostic) in \(text.debugDescription)")
            #expect(diagnostic.location.column >= 1)
        }
        #expect(Set(chapter.cells.map(\.index)) == Set(0..<chapter.cells.count))
        #expect(chapter.cells.allSatisfy { $0.fence.line >= 1 && $0.fence.line <= lineCount })
        #expect(chapter.document.blocks.allSatisfy { $0.position.line >= 1 && $0.position.line <= lineCount })
        // Rendering walks the whole tree: it must cope with whatever the parser built.
        let html = HTMLRenderer().render(chapter.document)
        #expect(chapter.document.blocks.isEmpty || !html.isEmpty)
    }
}
