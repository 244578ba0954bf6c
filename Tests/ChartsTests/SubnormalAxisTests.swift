import Charts
import LessonRuntime
import Testing

/// Data in the subnormal range (such as integers passed through `Double(bitPattern:)`) is
/// drawn, not trapped on: its step would underflow to 0.
@Suite struct SubnormalAxisTests {
    @Test func aSubnormalSpanGetsItsEndsAsTicks() {
        let low = Double(bitPattern: 1), high = Double(bitPattern: 12)  // 5e-324, 6e-323
        let scale = AxisScale(kind: .linear, data: [low, high])
        #expect(scale.ticks.map(\.value) == [scale.domain.lowerBound, scale.domain.upperBound])
        let svg = SVGChart(Plot.line("seeds", [.init("s", x: [low, high], y: [0.3, 0.4])])).render()
        #expect(svg.contains("<path"))
    }
}
