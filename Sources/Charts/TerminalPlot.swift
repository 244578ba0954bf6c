import LessonRuntime
import Terminal

/// Draws a plot for the terminal: line and scatter charts in braille with axes and a legend,
/// grouped bars with block characters, heat maps as coloured blocks with a scale. A plot
/// that fails `Plot.problems` is shown as its problems, never drawn wrongly.
public enum TerminalPlot {
    /// The plot as lines of text (no trailing newline), at most `style.width` columns wide.
    public static func render(_ plot: Plot, style: TerminalStyle) -> String {
        let problems = plot.problems
        guard problems.isEmpty else {
            return ([style.bold(plot.title)] + problems.map { "  ✗ cannot draw: \($0)" }).joined(separator: "\n")
        }
        switch plot.kind {
        case .line, .scatter: return renderPoints(plot, style: style)
        case .bars: return TerminalBars.render(plot, style: style)
        case .heatMap: return TerminalHeatMap.render(plot, style: style)
        }
    }

    /// Line and scatter charts: the y axis's labels in a gutter, the braille area, the x axis
    /// with ticks, its labels, the axis label and a legend.
    static func renderPoints(_ plot: Plot, style: TerminalStyle) -> String {
        let xAxis = TerminalAxis(values: plot.series.flatMap(\.x), scale: plot.xScale, tickCount: 5)
        let rows = max(6, min(14, style.width / 6))
        let yAxis = TerminalAxis(values: plot.series.flatMap(\.y), scale: plot.yScale, tickCount: max(3, rows / 3))
        let yLabels = yAxis.ticks.map(TerminalText.number)
        let gutter = max(yLabels.map(\.count).max() ?? 1, 1)
        // The last x label may hang past the area by half its width.
        let columns = max(10, style.width - gutter - 2 - 3)
        var canvas = TerminalCanvas(columns: columns, rows: rows)
        for (index, series) in plot.series.enumerated() {
            draw(series, index: index, kind: plot.kind, on: &canvas, x: xAxis, y: yAxis)
        }
        let markers = !style.usesColour && plot.series.count > 1
        var rowLabel = [Int: String]()
        for (value, label) in zip(yAxis.ticks, yLabels) {
            rowLabel[pixelRow(yAxis.fraction(value), canvas.pixelHeight) / 4] = label
        }
        var lines = [style.bold(plot.title)]
        if !plot.yLabel.isEmpty { lines.append(style.dim(plot.yLabel + (plot.yScale == .log ? " (log)" : ""))) }
        for row in 0..<rows {
            let label = TerminalText.padLeft(rowLabel[row] ?? "", gutter)
            let tick = rowLabel[row] == nil ? "│" : "┤"
            lines.append(style.dim(label + " " + tick) + trimmedRight(areaRow(canvas, row, markers: markers, style: style)))
        }
        lines += xAxisLines(xAxis, columns: columns, pixels: canvas.pixelWidth, gutter: gutter, style: style)
        if !plot.xLabel.isEmpty {
            let label = plot.xLabel + (plot.xScale == .log ? " (log)" : "")
            let indent = gutter + 2 + max(0, (columns - label.count) / 2)
            lines.append(String(repeating: " ", count: indent) + style.dim(label))
        }
        if plot.legend { lines += legend(plot.series.map(\.name), style: style, markers: markers, indent: gutter + 2) }
        return lines.joined(separator: "\n")
    }

    /// One row of the drawing area, each run of characters of one series painted at once.
    private static func areaRow(_ canvas: TerminalCanvas, _ row: Int, markers: Bool, style: TerminalStyle) -> String {
        var text = "", run = "", owner: Int?
        func flush() {
            text += owner.map { style.paint(run, TerminalStyle.seriesColour($0)) } ?? run
            run = ""
        }
        for column in 0..<canvas.columns {
            let series = style.usesColour ? canvas.series(column, row) : nil
            if series != owner { flush(); owner = series }
            run.append(canvas.character(column, row, markers: markers))
        }
        flush()
        return text
    }

    private static func draw(_ series: Plot.Series, index: Int, kind: Plot.Kind, on canvas: inout TerminalCanvas,
                             x: TerminalAxis, y: TerminalAxis) {
        var previous: (Int, Int)?
        for (xValue, yValue) in zip(series.x, series.y) {
            guard x.accepts(xValue), y.accepts(yValue) else { previous = nil; continue }
            let point = (pixelColumn(x.fraction(xValue), canvas.pixelWidth), pixelRow(y.fraction(yValue), canvas.pixelHeight))
            if kind == .line, let previous {
                canvas.line(from: previous, to: point, series: index)
            } else if kind == .scatter {
                // A 2×2 dot block: one braille dot alone is too faint to see as a point.
                for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] { canvas.set(point.0 + dx - (point.0 % 2), point.1 + dy, series: index) }
            } else {
                canvas.set(point.0, point.1, series: index)
            }
            previous = point
        }
    }

    /// Fractions are clamped to -1…2 first: a point off the axis stays off the canvas (where
    /// dots are ignored) without an `Int` conversion that could trap.
    static func pixelColumn(_ fraction: Double, _ width: Int) -> Int {
        Int((clamped(fraction) * Double(width - 1)).rounded())
    }

    static func pixelRow(_ fraction: Double, _ height: Int) -> Int {
        Int(((1 - clamped(fraction)) * Double(height - 1)).rounded())
    }

    private static func clamped(_ fraction: Double) -> Double {
        fraction.isFinite ? min(2, max(-1, fraction)) : 0
    }

    /// `└──┬───┬──` under the area and the tick labels under their ticks, skipping a label
    /// that would run into the one before it.
    private static func xAxisLines(_ axis: TerminalAxis, columns: Int, pixels: Int, gutter: Int,
                                   style: TerminalStyle) -> [String] {
        var rule = Array(repeating: Character("─"), count: columns)
        var labels = Array(repeating: Character(" "), count: columns + 6)
        var free = 0
        for value in axis.ticks {
            let column = min(columns - 1, pixelColumn(axis.fraction(value), pixels) / 2)
            rule[column] = "┬"
            let label = TerminalText.number(value)
            let start = max(0, column - label.count / 2)
            guard start >= free, start + label.count <= labels.count else { continue }
            for (offset, character) in label.enumerated() { labels[start + offset] = character }
            free = start + label.count + 1
        }
        let pad = String(repeating: " ", count: gutter + 1)
        return [style.dim(pad + "└" + String(rule)), trimmedRight(pad + " " + String(labels))]
    }

    /// `● name  ● name` in the series' colours (or markers), wrapped to the width.
    public static func legend(_ names: [String], style: TerminalStyle, markers: Bool, indent: Int) -> [String] {
        guard !names.isEmpty else { return [] }
        var lines: [String] = []
        var current = String(repeating: " ", count: indent), visible = indent
        for (index, name) in names.enumerated() {
            let marker = markers ? String(TerminalStyle.seriesMarkers[index % TerminalStyle.seriesMarkers.count]) : "●"
            let entry = (style.usesColour ? style.paint("●", TerminalStyle.seriesColour(index)) : marker) + " " + name
            let width = 2 + name.count
            if visible > indent, visible + 2 + width > style.width {
                lines.append(current)
                current = String(repeating: " ", count: indent)
                visible = indent
            }
            if visible > indent { current += "  "; visible += 2 }
            current += entry
            visible += width
        }
        lines.append(current)
        return lines
    }

    /// Every line of `text` without trailing spaces, and no trailing newline.
    public static func trimmedLines(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { trimmedRight(String($0)) }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// `text` without spaces at its end.
    public static func trimmedRight(_ text: String) -> String {
        var text = text
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
