@testable import Charts
import Foundation
import GoldenFiles
#if canImport(FoundationXML)
import FoundationXML
#endif
import LessonRuntime
import Testing

@Suite("SVG charts")
struct SVGChartTests {
    static let loss = Plot.line("Training loss", xLabel: "epoch", yLabel: "loss", yScale: .log, [
        .init("plain", y: [2.3, 1.2, 0.61, 0.33, 0.2, 0.14]),
        .init("residual", y: [2.3, 0.9, 0.4, 0.18, 0.09, 0.05]),
    ])
    static let scatter = Plot.scatter("Accuracy against size", xLabel: "parameters", yLabel: "accuracy",
                                      xScale: .log, [
        .init("VGG-ish", x: [1.2e5, 4.8e5, 2e6], y: [0.71, 0.78, 0.81]),
        .init("ResNet-ish", x: [9e4, 3e5, 1.1e6], y: [0.74, 0.8, 0.84]),
        .init("Mobile", x: [4e4, 1.5e5], y: [0.69, 0.75]),
    ])
    static let bars = Plot.bars("Cost per layer", categories: ["conv1", "conv2", "fc"], yLabel: "MFLOP", [
        .init("5×5", values: [12.5, 40, 1.2]),
        .init("two 3×3", values: [9, 28.8, 1.2]),
    ])
    static let heat = Plot.heatMap("Receptive field weight", values: [[0.1, 0.5, 0.1], [0.5, 1, 0.5], [0.1, 0.5, 0.1]],
                                   rowLabels: ["-1", "0", "1"], columnLabels: ["-1", "0", "1"],
                                   xLabel: "dx", yLabel: "dy")

    static let negative = Plot.scatter("Gradient noise", xLabel: "step", yLabel: "change", legend: false, [
        .init("a", x: [-3, -1.5, 0, 1.5, 3], y: [-0.42, 0.1, 0.03, -0.2, 0.37]),
        .init("b", x: [-2, 2], y: [0.25, -0.3]),
    ])
    static let logBars = Plot.bars("FLOPs by block", categories: ["stem", "stage 1", "stage 2", "a very long stage name"],
                                   yScale: .log, [.init("cost", values: [3e6, 4.5e7, 1.2e8, 9e8])])
    static let wideHeat: Plot = {
        var grid: [[Double]] = []
        for r in 0..<6 {
            var row: [Double] = []
            for c in 0..<24 { row.append(Double((r * 7 + c * 3) % 11) - 5) }
            grid.append(row)
        }
        grid[2][5] = .nan
        return Plot.heatMap("Activations", values: grid)
    }()

    @Test("Every plot kind matches its golden SVG", arguments: [
        ("line-log.svg", loss), ("scatter-log-x.svg", scatter), ("bars.svg", bars), ("heatmap.svg", heat),
        ("scatter-negative.svg", negative), ("bars-log.svg", logBars), ("heatmap-wide-nan.svg", wideHeat),
    ])
    func golden(name: String, plot: Plot) {
        expectGolden(SVGChart(plot, idPrefix: "p1").render(), name)
    }

    @Test("The output is well-formed XML")
    func wellFormed() throws {
        for plot in [Self.loss, Self.scatter, Self.bars, Self.heat] {
            let data = Data(SVGChart(plot).render().utf8)
            let parser = XMLParser(data: data)
            #expect(parser.parse(), "\(plot.kind): \(parser.parserError.map { "\($0)" } ?? "")")
        }
    }

    @Test("Text from the plot is escaped everywhere: title, labels, series, categories")
    func escaping() {
        let evil = "<script>alert('x')</script> & \"q\""
        let plot = Plot.bars(evil, categories: [evil], xLabel: evil, yLabel: evil, [.init(evil, values: [1])])
        let svg = SVGChart(plot).render()
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"))
        #expect(XMLParser(data: Data(svg.utf8)).parse())
    }

    @Test("Accessible: role img, title and description referenced by aria-labelledby")
    func accessible() {
        let svg = SVGChart(Self.loss, idPrefix: "c3-0").render()
        #expect(svg.contains("role=\"img\" aria-labelledby=\"c3-0-title c3-0-desc\""))
        #expect(svg.contains("<title id=\"c3-0-title\">Training loss</title>"))
        #expect(svg.contains("Y axis (loss), logarithmic, 0.01 to 10."))
        #expect(svg.contains("residual: 6 values from 0.05 to 2.3."))
    }

    @Test("Theme-neutral colours: currentColor text, series through CSS variables")
    func colours() {
        let svg = SVGChart(Self.bars).render()
        #expect(svg.contains("fill=\"currentColor\""))
        #expect(svg.contains("style=\"color:var(--lb-series-1, #c85a00)\""))
        #expect(!svg.contains("#000000"))
    }

    @Test("Every fallback series colour has 3:1 contrast on white and on the dark theme's background")
    func paletteContrast() {
        func luminance(_ hex: String) -> Double {
            let value = Int(hex.dropFirst(), radix: 16) ?? 0
            func linear(_ channel: Int) -> Double {
                let c = Double(channel) / 255
                return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
            }
            let channels: [Double] = [linear(value >> 16), linear((value >> 8) & 0xFF), linear(value & 0xFF)]
            return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
        }
        func contrast(_ a: String, _ b: String) -> Double {
            let (x, y) = (luminance(a), luminance(b))
            return (max(x, y) + 0.05) / (min(x, y) + 0.05)
        }
        #expect(abs(contrast("#000000", "#ffffff") - 21) < 1e-9)
        for colour in ChartPalette.fallback {
            #expect(contrast(colour, "#ffffff") >= 3, "\(colour) on white")
            #expect(contrast(colour, "#16181b") >= 3, "\(colour) on #16181b")
        }
    }

    @Test("Legend names are wrapped, never cut, and the panel widens for them")
    func legendNames() {
        let long = "depthwise separable with a very long name"
        let plot = Plot.line("t", [.init(long, y: [1, 2]), .init("short", y: [2, 1])])
        let svg = SVGChart(plot).render()
        let legend = svg.components(separatedBy: "<g class=\"lb-legend\">").last ?? ""
        #expect(!legend.contains("…"))
        #expect(legend.contains("<tspan x=\"") && legend.contains(">depthwise separable with</tspan>"))
        #expect(legend.contains(">a very long name</tspan>"))
        #expect(SVGSeriesDrawing.wrapped("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(SVGSeriesDrawing.wrapped("", width: 4) == [""])
        #expect(SVGSeriesDrawing.legendWidth(plot) > 150)
        #expect(XMLParser(data: Data(svg.utf8)).parse())
    }

    @Test("A plot's data as a table: shared x in one wide table, bars by category, heat map by row")
    func dataTable() {
        let wide = PlotTable(Plot.line("w", xLabel: "epoch", [.init("a", y: [1, 2]), .init("b", y: [3, 4.5])]))
        #expect(wide.header == ["epoch", "a", "b"])
        #expect(wide.rows == [["0", "1", "3"], ["1", "2", "4.5"]])
        let long = PlotTable(Plot.scatter("s", [.init("a", x: [1], y: [2]), .init("b", x: [3, 4], y: [5, 6])]))
        #expect(long.header == ["Series", "x", "y"])
        #expect(long.rows == [["a", "1", "2"], ["b", "3", "5"], ["b", "4", "6"]])
        let bars = PlotTable(Self.bars)
        #expect(bars.rows.count == Self.bars.categories.count)
        #expect(bars.header.count == Self.bars.series.count + 1)
        let heat = PlotTable(Plot.heatMap("h", values: [[1, 2], [3, 4]], rowLabels: ["r1", "r2"]))
        #expect(heat.header == ["Row", "1", "2"])
        #expect(heat.rows == [["r1", "1", "2"], ["r2", "3", "4"]])
    }

    @Test("A plot with problems is drawn as a message, not a broken chart")
    func problems() {
        let bad = Plot.line("Bad", yScale: .log, [.init("s", x: [1, 2], y: [1, -1])])
        let svg = SVGChart(bad).render()
        #expect(svg.contains("This plot cannot be drawn:"))
        #expect(svg.contains("series &#39;s&#39; has y values ≤ 0 on a log axis"))
        #expect(!svg.contains("<path"))
    }

    @Test("Gaps: a NaN breaks the line into two sub-paths")
    func gaps() {
        let plot = Plot.line("g", legend: false, [.init("s", y: [1, 2, .nan, 3, 4])])
        let svg = SVGChart(plot).render()
        let path = svg.split(separator: "\n").first { $0.hasPrefix("<path d=") } ?? ""
        #expect(path.filter { $0 == "M" }.count == 2)
        #expect(path.filter { $0 == "L" }.count == 2)
    }

    @Test("Viridis ends and middle")
    func viridis() {
        #expect(Viridis.hex(at: 0) == "#440154")
        #expect(Viridis.hex(at: 1) == "#fde725")
        #expect(Viridis.hex(at: 0.5) == "#21908d")
        #expect(Viridis.hex(at: .nan) == "#440154")
    }

    @Test("Same plot, same bytes")
    func deterministic() {
        #expect(SVGChart(Self.scatter).render() == SVGChart(Self.scatter).render())
    }
}
