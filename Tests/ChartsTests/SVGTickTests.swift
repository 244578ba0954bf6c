import Charts
import LessonRuntime
import Testing

@Suite("Axis scales and ticks")
struct SVGTickTests {
    @Test("1-2-5 steps: the step is the 1, 2 or 5 × 10ⁿ just above the rough step")
    func niceSteps() {
        #expect(NiceTicks.niceStep(0.37) == 0.5)
        #expect(NiceTicks.niceStep(1300) == 2000)
        #expect(NiceTicks.niceStep(1) == 1)
        #expect(NiceTicks.niceStep(0.021) == 0.05)
        #expect(NiceTicks.niceStep(7) == 10)
    }

    @Test("A linear axis is rounded out to whole steps, labels without float noise")
    func linearTicks() {
        let scale = AxisScale(kind: .linear, data: [0.13, 0.92, 0.5])
        #expect(scale.domain == 0.0...1.0)
        #expect(scale.ticks.map(\.label) == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        #expect(scale.ticks.map(\.value) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        let big = AxisScale(kind: .linear, data: [-130, 1720])
        #expect(big.ticks.map(\.label) == ["-500", "0", "500", "1000", "1500", "2000"])
    }

    @Test("Bars include zero; a constant series still gets a non-empty axis")
    func zeroAndConstant() {
        #expect(AxisScale(kind: .linear, data: [3, 7], includeZero: true).domain.lowerBound == 0)
        let flat = AxisScale(kind: .linear, data: [5, 5, 5])
        #expect(flat.domain.lowerBound < 5 && flat.domain.upperBound > 5)
        #expect(AxisScale(kind: .linear, data: []).domain == 0.0...1.0)
        #expect(AxisScale(kind: .linear, data: [.nan, .infinity, 2, 4]).domain == 2.0...4.0)
    }

    @Test("A span beyond the largest Double keeps its ends as ticks instead of trapping")
    func extremeSpan() {
        let scale = AxisScale(kind: .linear, data: [-1e308, 1e308])
        #expect(scale.domain == -1e308...1e308)
        #expect(scale.ticks.map(\.value) == [-1e308, 1e308])
        #expect(scale.fraction(0) == 0.5)
        // Both renderers draw such data (it trapped the SVG heat map and line chart before).
        let heat = SVGChart(Plot.heatMap("extremes", values: [[-1e308, 1e308]])).render()
        #expect(heat.contains("<svg") && heat.contains("#fde725"))  // the top of viridis
        #expect(SVGChart(Plot.line("extremes", [.init("s", y: [-1e308, 1e308])])).render().contains("<path"))
    }

    @Test("A span among the smallest Doubles (whose step underflows) keeps its ends instead of trapping")
    func subnormalSpan() {
        // Values like these reach plots when integers are turned into Doubles bit for bit
        // (`Double(bitPattern:)`): 1, 2, 3, 4, 5 become 5e-324…2.5e-323.
        let data = (1...5).map { Double(bitPattern: UInt64($0)) }
        let scale = AxisScale(kind: .linear, data: data)
        #expect(scale.ticks.count == 2)
        #expect(scale.ticks.first?.value == scale.domain.lowerBound && scale.ticks.last?.value == scale.domain.upperBound)
        #expect(SVGChart(Plot.line("tiny", [.init("s", x: data, y: [1, 2, 3, 4, 5])])).render().contains("<path"))
    }

    @Test("The terminal's choices are parameters: a wider pad, fewer decade labels")
    func terminalParameters() {
        let flat = AxisScale(kind: .linear, data: [4, 4], padding: 0.5)
        #expect(flat.domain == 2.0...6.0)
        let wide = AxisScale(kind: .log, data: [1, 1e8], maxDecadeLabels: 4)
        #expect(wide.majorTicks.map(\.value) == [1, 100, 1e4, 1e6, 1e8])
        #expect(ChartNumber.compact(150_000, exponentFrom: 1e5) == "1.5e5")
        #expect(ChartNumber.compact(150_000) == "150000")
    }

    @Test("A log axis spans whole decades, with minor ticks when it is short")
    func logTicks() {
        let scale = AxisScale(kind: .log, data: [0.003, 42])
        #expect(scale.domain == 0.001...100)
        #expect(scale.majorTicks.map(\.label) == ["0.001", "0.01", "0.1", "1", "10", "100"])
        #expect(scale.ticks.filter { !$0.isMajor }.isEmpty)  // 5 decades: no minor ticks
        let short = AxisScale(kind: .log, data: [2, 80])
        #expect(short.majorTicks.map(\.label) == ["1", "10", "100"])
        #expect(short.ticks.filter { !$0.isMajor }.count == 16)
        let wide = AxisScale(kind: .log, data: [1e-9, 1e9])
        #expect(wide.majorTicks.map(\.label) == ["1e-9", "1e-6", "0.001", "1", "1000", "1e6", "1e9"])
        #expect(AxisScale(kind: .log, data: [-1, 0, 5]).domain == 1.0...10)
    }

    @Test("Positions: linear and log fractions, nil for what an axis cannot show")
    func fractions() {
        let linear = AxisScale(kind: .linear, data: [0, 10])
        #expect(linear.fraction(2.5) == 0.25)
        #expect(linear.position(10, from: 100, to: 0) == 0)
        let log = AxisScale(kind: .log, data: [1, 100])
        #expect(abs((log.fraction(10) ?? -1) - 0.5) < 1e-12)
        #expect(log.fraction(0) == nil)
        #expect(linear.fraction(.nan) == nil)
    }

    @Test("Number formatting is fixed: no locale, no -0, exponent for extremes")
    func numbers() {
        #expect(ChartNumber.tickLabel(-0.0, step: 0.1) == "0")
        #expect(ChartNumber.tickLabel(0.25, step: 0.05) == "0.25")
        #expect(ChartNumber.tickLabel(2_000_000, step: 1_000_000) == "2e6")
        #expect(ChartNumber.compact(3.14159) == "3.142")
        #expect(ChartNumber.compact(12345.6) == "12346")
        #expect(ChartNumber.compact(0.00001234) == "1.23e-5")
        #expect(ChartNumber.exponent(999_999) == "1e6")
    }

    @Test("Heat map colour scale spans exactly the finite values")
    func colorScale() {
        let plot = Plot.heatMap("h", values: [[1, 2], [3, .nan]])
        let scales = PlotScales(plot)
        #expect(scales.color?.domain == 1.0...3.0)
        #expect(scales.color?.ticks.map(\.label) == ["1", "1.5", "2", "2.5", "3"])
        #expect(scales.x == nil && scales.y == nil)
    }
}
