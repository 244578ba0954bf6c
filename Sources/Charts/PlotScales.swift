import LessonRuntime

/// The axes of a plot, computed once from its data so that every renderer (SVG, terminal)
/// draws the same domain and the same ticks.
public struct PlotScales: Sendable, Hashable {
    /// The horizontal axis (line, scatter); `nil` for bars (categories) and heat maps.
    public var x: AxisScale?
    /// The vertical axis (line, scatter, bars); `nil` for heat maps.
    public var y: AxisScale?
    /// The colour scale of a heat map: exactly its finite values' range; `nil` otherwise.
    public var color: AxisScale?

    /// The scales of `plot`. Bars start at 0 on a linear axis; a heat map gets a colour scale
    /// spanning its smallest to its largest finite value.
    public init(_ plot: Plot, targetTicks: Int = 5) {
        switch plot.kind {
        case .line, .scatter:
            x = AxisScale(kind: plot.xScale, data: plot.series.flatMap(\.x), targetTicks: targetTicks)
            y = AxisScale(kind: plot.yScale, data: plot.series.flatMap(\.y), targetTicks: targetTicks)
        case .bars:
            y = AxisScale(kind: plot.yScale, data: plot.series.flatMap(\.y), includeZero: true,
                          targetTicks: targetTicks)
        case .heatMap:
            let finite = plot.values.flatMap { $0 }.filter(\.isFinite)
            let low = finite.min() ?? 0
            color = AxisScale(exactly: low...(finite.max() ?? low), targetTicks: targetTicks)
        }
    }
}
