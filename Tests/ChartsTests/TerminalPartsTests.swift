import Charts
import LessonRuntime
import Terminal
import Testing

/// The pieces under the terminal charts: styles, number labels, text fitting, plot problems.
@Suite struct TerminalPartsTests {
    @Test func colourOnlyOnATerminalWithoutNoColour() {
        #expect(TerminalStyle.detect(environment: [:], isTerminal: true, terminalWidth: 100) == TerminalStyle(colour: .ansi256, width: 100))
        #expect(TerminalStyle.detect(environment: ["NO_COLOR": "1"], isTerminal: true, terminalWidth: 100).colour == .none)
        #expect(TerminalStyle.detect(environment: [:], isTerminal: false, terminalWidth: nil).colour == .none)
        #expect(TerminalStyle.detect(environment: ["COLORTERM": "truecolor"], isTerminal: true, terminalWidth: nil).colour == .trueColour)
        #expect(TerminalStyle.detect(environment: ["TERM": "dumb"], isTerminal: true, terminalWidth: nil).colour == .none)
    }

    @Test func widthFromTheTerminalElseColumnsElseEighty() {
        #expect(TerminalStyle.detect(environment: ["COLUMNS": "120"], isTerminal: true, terminalWidth: 90).width == 90)
        #expect(TerminalStyle.detect(environment: ["COLUMNS": "120"], isTerminal: false, terminalWidth: nil).width == 120)
        #expect(TerminalStyle.detect(environment: ["COLUMNS": "junk"], isTerminal: false, terminalWidth: nil).width == 80)
        #expect(TerminalStyle.plain(width: 5).width == 30)
    }

    @Test func plainStylesWriteNoEscapes() {
        let plain = TerminalStyle.plain()
        #expect(plain.paint("x", 33) + plain.bold("y") + plain.dim("z") == "xyz")
        #expect(TerminalStyle(colour: .ansi256, width: 80).paint("x", 33) == "\u{1B}[38;5;33mx\u{1B}[0m")
        #expect(TerminalText.stripANSI("\u{1B}[1m\u{1B}[38;5;33mbold\u{1B}[0m plain") == "bold plain")
    }

    @Test func numberLabelsAreShort() {
        #expect(TerminalText.number(0) == "0")
        #expect(TerminalText.number(50_000) == "50000")
        #expect(TerminalText.number(150_000) == "1.5e5")
        #expect(TerminalText.number(0.001) == "0.001")
        #expect(TerminalText.number(0.0001) == "1e-4")
        #expect(TerminalText.number(0.25) == "0.25")
        #expect(TerminalText.number(-2.5) == "-2.5")
        #expect(TerminalText.milliseconds(4701.6) == "4702 ms")
        #expect(TerminalText.milliseconds(.nan) == "? ms" && TerminalText.milliseconds(.infinity) == "? ms")
    }

    @Test func fittingCutsWithAnEllipsis() {
        #expect(TerminalText.pad("abc", 5) == "abc  ")
        #expect(TerminalText.padLeft("abc", 5) == "  abc")
        #expect(TerminalText.fit("abcdef", 4) == "abc…")
    }

    @Test func chunksCountOnlyVisibleColumnsAndCarryTheColour() {
        #expect(TerminalText.chunks("abcdefg", width: 3) == ["abc", "def", "g"])
        #expect(TerminalText.chunks("let x = value", width: 8) == ["let x = ", "value"])
        #expect(TerminalText.chunks("let xy = value", width: 8) == ["let xy ", "= value"])
        #expect(TerminalText.chunks("ab cdefgh", width: 8) == ["ab cdefg", "h"])  // space too early
        let red = "\u{1B}[38;5;160m", reset = "\u{1B}[0m"
        #expect(TerminalText.chunks("x" + red + "abcd" + reset + "y", width: 3) ==
                ["x" + red + "ab" + reset, red + "cd" + reset + "y"])
    }

    @Test func theActiveStyleIsEverythingSinceTheLastReset() {
        let bold = "\u{1B}[1m", blue = "\u{1B}[38;5;33m", reset = "\u{1B}[0m"
        #expect(TerminalText.activeStyle(after: bold + "a" + reset + blue + "b") == blue)
        #expect(TerminalText.activeStyle(after: "c", before: bold) == bold)
        #expect(TerminalText.activeStyle(after: "d" + reset, before: bold) == "")
    }

    @Test func aPlotThatCannotBeDrawnShowsItsProblems() {
        let bad = Plot.line("Broken", [.init("s", x: [1, 2], y: [1])])
        #expect(TerminalPlot.render(bad, style: .plain()) == "Broken\n  ✗ cannot draw: series 's' has 2 x values but 1 y values")
        let log = Plot.line("Log", yScale: .log, [.init("s", y: [1, 0])])
        #expect(TerminalPlot.render(log, style: .plain()).contains("y values ≤ 0 on a log axis"))
    }

    @Test func everyLineFitsTheWidth() {
        for width in [30, 50, 80, 120] {
            let style = TerminalStyle.plain(width: width)
            for plot in [TerminalChartsGoldenTests.loss, TerminalChartsGoldenTests.scatter, TerminalChartsGoldenTests.bars] {
                let widest = TerminalPlot.render(plot, style: style).split(separator: "\n").map(\.count).max() ?? 0
                #expect(widest <= width, "\(plot.title) at \(width) columns is \(widest) wide")
            }
        }
    }

    @Test func aLineSeriesIsDrawnThroughItsPoints() throws {
        // y = x on a 0…1 square: the braille dots run from the bottom left to the top right.
        let plot = Plot.line("Diagonal", legend: false, [.init("d", x: [0, 1], y: [0, 1])])
        let lines = TerminalPlot.render(plot, style: .plain(width: 40)).split(separator: "\n").map(String.init)
        let area = lines.filter { $0.contains("┤") || $0.contains("│") }
        let first = try #require(area.first), last = try #require(area.last)
        #expect(first.last.map { ("\u{2800}"..."\u{28FF}").contains($0) } == true)
        #expect(last.contains("┤") && last.dropFirst(5).first.map { ("\u{2801}"..."\u{28FF}").contains($0) } == true)
    }

    @Test func colourAddsOnlyEscapesToASingleSeriesChart() {
        let plot = Plot.line("One", xLabel: "x", yLabel: "y", [.init("s", y: [3, 1, 4, 1, 5, 9, 2, 6])])
        let colour = TerminalPlot.render(plot, style: TerminalStyle(colour: .ansi256, width: 60))
        #expect(TerminalText.stripANSI(colour) == TerminalPlot.render(plot, style: .plain(width: 60)))
        #expect(colour.contains("\u{1B}[38;5;33m"))  // the first series' blue
    }

    @Test(arguments: [
        Plot.line("one point", [.init("s", x: [2], y: [5])]),
        Plot.line("flat", [.init("s", y: [3, 3, 3])]),
        Plot.line("not finite", [.init("s", y: [1, .nan, .infinity, 2])]),
        Plot.line("extremes", [.init("s", y: [-1e308, 1e308])]),
        Plot.scatter("tiny", [.init("s", x: [1e-300, 2e-300], y: [0, 1])]),
        Plot.bars("negative", categories: ["a", "b"], [.init("s", values: [-3, 2])]),
        Plot.bars("not finite", categories: ["a"], [.init("s", values: [.nan])]),
        Plot.heatMap("not finite", values: [[.nan, 1], [.infinity, 2]]),
        Plot.heatMap("one value", values: [[7]]),
        Plot.heatMap("extremes", values: [[-1e308, 1e308]]),
    ])
    func oddDataIsDrawnWithoutCrashing(plot: Plot) {
        for style in [TerminalStyle.plain(width: 30), TerminalStyle(colour: .ansi256, width: 200)] {
            let text = TerminalPlot.render(plot, style: style)
            #expect(text.hasPrefix(style.bold(plot.title)))
        }
    }

    @Test func barsUseEighthBlocks() {
        let plot = Plot.bars("B", categories: ["a", "b"], legend: false, [.init("s", values: [10, 5.5])])
        let text = TerminalPlot.render(plot, style: .plain(width: 40))
        // 40 columns less label, border and the widest value leave 33 for the longest bar;
        // 5.5 of 10 is 145.2 eighths: 18 full blocks and one eighth.
        #expect(text.contains("a │" + String(repeating: "█", count: 33) + " 10"))
        #expect(text.contains("b │" + String(repeating: "█", count: 18) + "▏ 5.5"))
    }

    @Test func wideTablesAreCutToTheWidth() {
        let table = Table(header: ["name", "description"], rows: [["conv", String(repeating: "long ", count: 20)]])
        let lines = TerminalTable.render(table, style: .plain(width: 40)).split(separator: "\n")
        #expect(lines.allSatisfy { $0.count == 40 })
        #expect(lines[3].contains("…"))
    }
}
