import LessonRuntime

/// A plot's data as rows and columns, for a table beside the drawing: a screen reader (or
/// anyone who wants the numbers) gets every value, not only the summary in `<desc>`.
///
/// Line and scatter series that share their x values make one wide table (x, then one column
/// per series); otherwise one row per point with the series' name. Bars give a row per
/// category, a heat map a row per row. Numbers are written as `ValueText.number` writes them.
public struct PlotTable: Sendable, Hashable {
    /// Column headings.
    public var header: [String]
    /// The rows; each has `header.count` cells. The first cell names the row.
    public var rows: [[String]]

    /// The table of `plot`'s data.
    public init(_ plot: Plot) {
        let number = ValueText.number
        switch plot.kind {
        case .line, .scatter:
            let x = plot.xLabel.isEmpty ? "x" : plot.xLabel, y = plot.yLabel.isEmpty ? "y" : plot.yLabel
            let shared = plot.series.first?.x
            if let shared, plot.series.allSatisfy({ $0.x == shared && $0.y.count == shared.count }) {
                header = [x] + plot.series.map(\.name)
                rows = shared.indices.map { row in [number(shared[row])] + plot.series.map { number($0.y[row]) } }
            } else {
                header = ["Series", x, y]
                rows = plot.series.flatMap { series in
                    zip(series.x, series.y).map { [series.name, number($0), number($1)] }
                }
            }
        case .bars:
            header = [plot.xLabel.isEmpty ? "Category" : plot.xLabel] + plot.series.map(\.name)
            rows = plot.categories.indices.map { group in
                [plot.categories[group]] + plot.series.map { $0.y.indices.contains(group) ? number($0.y[group]) : "" }
            }
        case .heatMap:
            let columns = plot.values.map(\.count).max() ?? 0
            let labels = (0..<columns).map { plot.categories.indices.contains($0) ? plot.categories[$0] : "\($0 + 1)" }
            header = [plot.yLabel.isEmpty ? "Row" : plot.yLabel] + labels
            rows = plot.values.indices.map { row in
                [plot.rowLabels.indices.contains(row) ? plot.rowLabels[row] : "\(row + 1)"]
                    + (0..<columns).map { plot.values[row].indices.contains($0) ? number(plot.values[row][$0]) : "" }
            }
        }
    }
}
