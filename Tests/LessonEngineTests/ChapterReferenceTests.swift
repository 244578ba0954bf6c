import LessonRuntime
import Testing
@testable import LessonEngine

@Suite struct ChapterReferenceTests {
    @Test func aPlaceholderShowsTheUnitUnlessItAsksForTheRawValue() {
        let values = References.values(of: ["t": Metric(name: "t", value: 12.5, unit: "ms"), "n": Metric(name: "n", value: 3)])
        let result = References.substitute("{{ t }} | {{ t | raw }} | {{t|raw}} | {{ n }} | {{ t | round }}",
                                           file: "a.md", line: 1, values: values)
        #expect(result.text == "12.5 ms | 12.5 | 12.5 | 3 | {{ t | round }}")
        #expect(result.diagnostics.count == 1 && result.diagnostics[0].message.contains("'round' is not a filter"))
    }

    @Test func substitutesKnownNamesAndReportsUnknownOnes() {
        let result = References.substitute("ratio {{ params.ratio }}, speed {{speed}}", file: "01-a.md", line: 4,
                                           values: ["params.ratio": "0.72"])
        #expect(result.text == "ratio 0.72, speed {{speed}}")
        #expect(result.diagnostics.map(\.location) == [SourceLocation(file: "01-a.md", line: 4, column: 33)])
        #expect(result.diagnostics[0].message.contains("no cell of this chapter records 'speed'"))
    }

    @Test func malformedPlaceholdersStayTextWithADiagnostic() {
        let bad = References.scan("a {{ two words }} b {{ open", file: "f.md", line: 1, column: 5)
        #expect(bad.segments == [.text("a {{ two words }} b {{ open")])
        #expect(bad.diagnostics.map(\.location.column) == [7, 25])
    }

    @Test func chapterChecksReferencesAgainstRecordedNames() {
        let chapter = ChapterParser.parse("A {{ x }} and {{ y.z }}.\n", file: "01-a.md")
        let unknown = chapter.unknownReferences(known: ["x"])
        #expect(unknown.map(\.location) == [SourceLocation(file: "01-a.md", line: 1, column: 15)])
    }
}
