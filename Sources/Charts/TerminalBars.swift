import LessonRuntime
import Terminal

/// Grouped bars drawn across the terminal: one group of rows per category, one row per
/// series, lengths in eighths of a column (`▏▎▍▌▋▊▉█`), each bar's value at its end.
enum TerminalBars {
    /// Fill for bars of series beyond the first when there is no colour to tell them apart.
    private static let plainFills: [Character] = ["█", "▓", "▒", "░"]
    /// Partial blocks by eighths, 1/8 to 7/8.
    private static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    static func render(_ plot: Plot, style: TerminalStyle) -> String {
        let values = plot.series.flatMap(\.y)
        let axis = TerminalAxis(values: values, scale: plot.yScale, tickCount: 5, includeZero: plot.yScale == .linear)
        let labelWidth = min(max(plot.categories.map(\.count).max() ?? 0, 1), max(6, style.width / 4))
        let valueWidth = (values.map { ValueText.number($0).count }.max() ?? 1) + 1
        let length = max(10, style.width - labelWidth - 2 - valueWidth)
        var lines = [style.bold(plot.title)]
        if !plot.yLabel.isEmpty {
            lines.append(String(repeating: " ", count: labelWidth + 2) + style.dim(plot.yLabel + (plot.yScale == .log ? " (log)" : "")))
        }
        lines.append(scaleLine(axis, length: length, indent: labelWidth + 1, style: style))
        let plainMultiple = !style.usesColour && plot.series.count > 1
        for (group, category) in plot.categories.enumerated() {
            for (index, series) in plot.series.enumerated() {
                let label = index == 0 ? TerminalText.pad(category, labelWidth) : String(repeating: " ", count: labelWidth)
                let value = series.y[group]
                var bar = self.bar(axis.accepts(value) ? max(0, axis.fraction(value)) : 0, length: length,
                                   fill: plainMultiple ? plainFills[index % plainFills.count] : "█")
                bar = style.usesColour ? style.paint(bar, TerminalStyle.seriesColour(index)) : bar
                lines.append(label + " " + style.dim("│") + bar + " " + ValueText.number(value))
            }
        }
        if !plot.xLabel.isEmpty { lines.append(style.dim(plot.xLabel)) }
        if plot.legend && plot.series.count > 1 {
            let names = plot.series.map(\.name)
            if plainMultiple {
                let entries = names.enumerated().map { "\(plainFills[$0.offset % plainFills.count]) \($0.element)" }
                lines.append(String(repeating: " ", count: labelWidth + 2) + entries.joined(separator: "  "))
            } else {
                lines += TerminalPlot.legend(names, style: style, markers: false, indent: labelWidth + 2)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A bar of `fraction` × `length` columns, the last column a partial block; a plain fill
    /// other than `█` has no partial blocks and is rounded to whole columns.
    static func bar(_ fraction: Double, length: Int, fill: Character) -> String {
        let eighthsTotal = fraction.isFinite ? Int((min(1, max(0, fraction)) * Double(length) * 8).rounded()) : 0
        if fill != "█" {
            return String(repeating: fill, count: Int((Double(eighthsTotal) / 8).rounded()))
        }
        var text = String(repeating: "█", count: eighthsTotal / 8)
        if eighthsTotal % 8 > 0 { text.append(eighths[eighthsTotal % 8 - 1]) }
        return text
    }

    /// The value axis above the bars: tick labels placed at their positions.
    private static func scaleLine(_ axis: TerminalAxis, length: Int, indent: Int, style: TerminalStyle) -> String {
        var labels = Array(repeating: Character(" "), count: length + 8)
        var free = 0
        for value in axis.ticks {
            let column = Int((axis.fraction(value) * Double(length)).rounded())
            let label = TerminalText.number(value)
            let start = min(max(0, column - label.count / 2), labels.count - label.count)
            guard start >= free else { continue }
            for (offset, character) in label.enumerated() { labels[start + offset] = character }
            free = start + label.count + 1
        }
        return style.dim(TerminalPlot.trimmedRight(String(repeating: " ", count: indent + 1) + String(labels)))
    }
}
