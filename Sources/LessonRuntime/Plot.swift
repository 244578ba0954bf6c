/// A chart a cell asks the renderers to draw: lines, scatter points, grouped bars or a heat map.
///
/// One flat value rather than an enum with payloads, so that its JSON (the wire format the
/// renderers and the store read) stays a plain object with a `kind` field.
public struct Plot: Codable, Sendable, Hashable {
    /// What sort of chart.
    public enum Kind: String, Codable, Sendable, Hashable {
        /// Series drawn as connected lines.
        case line
        /// Series drawn as unconnected points.
        case scatter
        /// Grouped bars: one group per category, one bar per series.
        case bars
        /// A grid of values drawn as colours.
        case heatMap
    }

    /// How an axis maps values to positions.
    public enum Scale: String, Codable, Sendable, Hashable {
        /// Equal steps for equal differences.
        case linear
        /// Equal steps for equal ratios (base 10); values must be positive.
        case log
    }

    /// One named sequence of points (line, scatter) or of bar heights (bars).
    public struct Series: Codable, Sendable, Hashable {
        /// The name shown in the legend.
        public var name: String
        /// Horizontal coordinates; empty for bars.
        public var x: [Double]
        /// Vertical coordinates, or one bar height per category.
        public var y: [Double]

        /// Points `(x[i], y[i])` for a line or scatter plot.
        public init(_ name: String, x: [Double], y: [Double]) {
            self.name = name
            self.x = x
            self.y = y
        }

        /// Points `(i, y[i])`, `i` counting from 0, for a line or scatter plot.
        public init(_ name: String, y: [Double]) {
            self.init(name, x: y.indices.map(Double.init), y: y)
        }

        /// Bar heights, one per category of a bar chart.
        public init(_ name: String, values: [Double]) {
            self.init(name, x: [], y: values)
        }
    }

    /// The sort of chart.
    public var kind: Kind
    /// The title, also the text alternative for screen readers.
    public var title: String
    /// The horizontal axis's label.
    public var xLabel: String
    /// The vertical axis's label.
    public var yLabel: String
    /// The horizontal axis's scale (line and scatter).
    public var xScale: Scale
    /// The vertical axis's scale (line, scatter and bars).
    public var yScale: Scale
    /// Whether to draw a legend naming the series.
    public var legend: Bool
    /// The series (line, scatter, bars); empty for a heat map.
    public var series: [Series]
    /// Bar groups' labels (bars) or column labels (heat map).
    public var categories: [String]
    /// Row labels (heat map).
    public var rowLabels: [String]
    /// The grid, row by row (heat map).
    public var values: [[Double]]

    /// A plot given field by field; prefer `line`, `scatter`, `bars` and `heatMap`.
    public init(
        kind: Kind, title: String, xLabel: String = "", yLabel: String = "",
        xScale: Scale = .linear, yScale: Scale = .linear, legend: Bool = true,
        series: [Series] = [], categories: [String] = [], rowLabels: [String] = [],
        values: [[Double]] = []
    ) {
        self.kind = kind
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.yScale = yScale
        self.legend = legend
        self.series = series
        self.categories = categories
        self.rowLabels = rowLabels
        self.values = values
    }

    /// Series drawn as lines, e.g. loss against epoch; use `.log` scales for wide ranges.
    public static func line(
        _ title: String, xLabel: String = "", yLabel: String = "",
        xScale: Scale = .linear, yScale: Scale = .linear, legend: Bool = true, _ series: [Series]
    ) -> Plot {
        Plot(kind: .line, title: title, xLabel: xLabel, yLabel: yLabel,
             xScale: xScale, yScale: yScale, legend: legend, series: series)
    }

    /// Series drawn as points, e.g. accuracy against parameter count.
    public static func scatter(
        _ title: String, xLabel: String = "", yLabel: String = "",
        xScale: Scale = .linear, yScale: Scale = .linear, legend: Bool = true, _ series: [Series]
    ) -> Plot {
        Plot(kind: .scatter, title: title, xLabel: xLabel, yLabel: yLabel,
             xScale: xScale, yScale: yScale, legend: legend, series: series)
    }

    /// Grouped bars: `categories[i]` labels group `i`; each series gives one bar per group.
    public static func bars(
        _ title: String, categories: [String], xLabel: String = "", yLabel: String = "",
        yScale: Scale = .linear, legend: Bool = true, _ series: [Series]
    ) -> Plot {
        Plot(kind: .bars, title: title, xLabel: xLabel, yLabel: yLabel, yScale: yScale,
             legend: legend, series: series, categories: categories)
    }

    /// A heat map of `values[row][column]`, labelled by `rowLabels` and `columnLabels`.
    public static func heatMap(
        _ title: String, values: [[Double]], rowLabels: [String] = [], columnLabels: [String] = [],
        xLabel: String = "", yLabel: String = ""
    ) -> Plot {
        Plot(kind: .heatMap, title: title, xLabel: xLabel, yLabel: yLabel, legend: false,
             categories: columnLabels, rowLabels: rowLabels, values: values)
    }
}
