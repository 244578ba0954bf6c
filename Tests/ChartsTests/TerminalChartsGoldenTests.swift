import GoldenFiles
import Charts
import LessonRuntime
import Terminal
import Testing

/// Every kind of plot and a table, drawn plain and in colour, against golden files.
@Suite struct TerminalChartsGoldenTests {
    static let plain = TerminalStyle.plain(width: 72)
    static let colour = TerminalStyle(colour: .ansi256, width: 72)

    static let loss = Plot.line(
        "Training loss", xLabel: "epoch", yLabel: "loss", yScale: .log,
        [.init("plain", y: [2.3, 1.1, 0.52, 0.3, 0.21, 0.16, 0.13, 0.11]),
         .init("residual", y: [2.3, 0.8, 0.31, 0.14, 0.07, 0.041, 0.025, 0.018])])

    static let scatter = Plot.scatter(
        "Accuracy against parameters", xLabel: "parameters", yLabel: "accuracy", xScale: .log,
        [.init("plain", x: [1e3, 1e4, 1e5, 1e6], y: [0.61, 0.72, 0.8, 0.83]),
         .init("depthwise", x: [3e2, 2e3, 3e4, 2e5], y: [0.58, 0.7, 0.79, 0.82])])

    static let bars = Plot.bars(
        "Weights per block", categories: ["5×5", "two 3×3", "1×1 + 3×3"], yLabel: "weights",
        [.init("weights", values: [102_400, 73_728, 40_960]), .init("MACs/px", values: [25_600, 18_432, 10_240])])

    static let heat = Plot.heatMap(
        "Receptive field weight", values: [[0, 1, 2, 1, 0], [1, 3, 5, 3, 1], [2, 5, 9, 5, 2], [1, 3, 5, 3, 1], [0, 1, 2, 1, 0]],
        rowLabels: ["-2", "-1", "0", "1", "2"], columnLabels: ["-2", "-1", "0", "1", "2"])

    static let table = Table(header: ["block", "weights", "ratio"],
                             rows: [["5×5", "102400", "1"], ["two 3×3", "73728", "0.72"]])

    @Test(arguments: [("line", loss), ("scatter", scatter), ("bars", bars), ("heatmap", heat)])
    func plotsMatchTheirGoldenFiles(name: String, plot: Plot) throws {
        expectGolden(TerminalPlot.render(plot, style: Self.plain), "\(name).plain.txt", folder: "TerminalGolden", escapeANSI: true)
        expectGolden(TerminalPlot.render(plot, style: Self.colour), "\(name).ansi.txt", folder: "TerminalGolden", escapeANSI: true)
    }

    @Test func tableMatchesItsGoldenFile() throws {
        expectGolden(TerminalTable.render(Self.table, style: Self.plain), "table.plain.txt", folder: "TerminalGolden", escapeANSI: true)
        expectGolden(TerminalTable.render(Self.table, style: Self.colour), "table.ansi.txt", folder: "TerminalGolden", escapeANSI: true)
    }

    @Test func heatMapInTrueColourUsesTwentyFourBitBackgrounds() {
        let text = TerminalPlot.render(Self.heat, style: TerminalStyle(colour: .trueColour, width: 72))
        // The lowest value is viridis's dark purple, the highest its yellow.
        #expect(text.contains("\u{1B}[48;2;68;1;84m"))
        #expect(text.contains("\u{1B}[48;2;253;231;37m"))
    }
}
