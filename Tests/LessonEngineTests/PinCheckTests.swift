import Foundation
import LessonRuntime
import Testing
@testable import LessonEngine

/// `PinCheck`: every value the prose shows is pinned by a claim (what `lessons verify` checks).
@Suite struct PinCheckTests {
    @Test func findsDecimalsPercentagesAndFractionsButNotIntegersVersionsOrCode() {
        let document = ChapterParser.parse("""
            # Ratio 0.72

            Two 3×3 keep 18/25 = 0.72, 28% fewer; 64 channels in 2014, ResNet V1.5, §3.2,
            `0.99` in code, 1,814,073,344 MACs, *4.09* GMACs and 12.5% (see arxiv.org/1512.03385).

            - a list item with 6/9
            """, file: "01-a.md").document
        let found = ProseNumbers.find(in: document)
        #expect(found.map(\.text) == ["0.72", "18/25", "0.72", "28%", "4.09", "12.5%", "6/9"])
        #expect(found[1].position == SourcePosition(line: 3, column: 15))
        #expect(found[0].form == .decimal(0.72, decimals: 2))
        #expect(found[3].form == .percent(28, decimals: 0))
        #expect(found[6].form == .fraction(6.0 / 9.0))
    }

    @Test func aNumberMatchesAValueAtTheDigitsShown() {
        let decimal = ProseNumber(form: .decimal(0.72, decimals: 2), text: "0.72", position: .init(line: 1, column: 1))
        #expect(decimal.matches(any: [0.7222]))
        #expect(decimal.matches(any: [0.715]))
        #expect(!decimal.matches(any: [0.73, 0.7]))
        let percent = ProseNumber(form: .percent(28, decimals: 0), text: "28%", position: .init(line: 1, column: 1))
        #expect(percent.matches(any: [0.72]))    // "28% fewer"
        #expect(percent.matches(any: [0.2801]))  // "28% of"
        #expect(percent.matches(any: [28.3]))    // recorded in percent
        #expect(!percent.matches(any: [0.75]))
        let fraction = ProseNumber(form: .fraction(6.0 / 9.0), text: "6/9", position: .init(line: 1, column: 1))
        #expect(fraction.matches(any: [2.0 / 3.0]))
        #expect(!fraction.matches(any: [4.0 / 9.0, 0.667]))
    }

    static let chapterText = """
        The ratio is {{ ratio }}, the count {{ count }}, the speed-up {{ speedup }}.
        Stated plainly: 0.72 and 0.35, and 6/9.

        ```swift id=a
        record("ratio", 0.7222)
        ```

        ```swift exercise
        claim("an exercise pins nothing", 1, equals: 1, within: 0, pins: "count")
        ```
        """

    static func run(_ claims: [Claim]) -> ChapterRun {
        ChapterRun(chapter: "a", file: "01-a.md",
                   cells: [CellResult(id: "a", line: 4, status: .passed, stdout: "", stderr: "", error: nil,
                                      durationMs: 1,
                                      metrics: [Metric(name: "ratio", value: 0.7222), Metric(name: "count", value: 3),
                                                Metric(name: "speedup", value: 0.8)],
                                      claims: claims, outputs: []),
                           CellResult(id: "c2", line: 8, status: .expectedFailure, stdout: "", stderr: "",
                                      error: nil, durationMs: 1, metrics: [],
                                      claims: [Claim(statement: "x", passed: false, measured: 1, expected: 1,
                                                     tolerance: 0, pins: ["count"])],
                                      outputs: [])],
                   cacheKey: "k", startedAt: Date(), durationMs: 1, toolchain: "t")
    }

    @Test func reportsEveryUnpinnedValueAtItsPlace() {
        let chapter = ChapterParser.parse(Self.chapterText, file: "01-a.md")
        let problems = PinCheck.problems(chapter: chapter, run: Self.run([]))
        #expect(problems.map { "\($0.line):\($0.column)" } == ["1:14", "1:37", "1:63", "2:17", "2:26", "2:36"])
        #expect(problems[0].message.contains("{{ ratio }} but no claim pins it"))
        #expect(problems[3].message.contains("states 0.72 but no claim checks that value"))
    }

    /// The bound of an ordering may be stated, and a timing claim's interval is a 95% one; the
    /// measured value of a bound claim is noise and pins no literal.
    @Test func boundsOfOrderingsMayBeStated() {
        let chapter = ChapterParser.parse(
            "At least 60% of peak, 95% of the time, not 0.85 or 0.35.\n\n```swift id=a\nlet x = 1\n```\n", file: "01-a.md")
        let claims = [
            Claim(statement: "fast", passed: true, measured: 0.85, expected: 0.6, bound: .atLeast),
            Claim(timing: "faster", TimeComparison(first: [2, 2, 2, 2, 2, 2], second: [1, 1, 1, 1, 1, 1]), below: 0.35),
        ]
        let problems = PinCheck.problems(chapter: chapter, run: Self.run(claims))
        #expect(problems.map(\.column) == [44])
    }

    @Test func claimsOfRegularCellsPinValues() {
        let chapter = ChapterParser.parse(Self.chapterText, file: "01-a.md")
        let claims = [
            Claim(statement: "ratio", passed: true, measured: 0.7222, expected: 0.72, tolerance: 0.005, pins: ["ratio"]),
            Claim(statement: "count", passed: true, measured: 3, expected: 3, tolerance: 0, pins: ["count"]),
            Claim(statement: "a third", passed: true, measured: 0.35, expected: 0.35, tolerance: 0.01),
            Claim(timing: "faster", TimeComparison(first: [2, 2, 2, 2, 2, 2], second: [1, 1, 1, 1, 1, 1]),
                  below: 1, pins: ["speedup"]),
        ]
        // 6/9 is the one value left: the count claim in the exercise pins nothing.
        let problems = PinCheck.problems(chapter: chapter, run: Self.run(claims))
        #expect(problems.map(\.column) == [36])
        #expect(problems.allSatisfy { $0.line == 2 })
    }
}
