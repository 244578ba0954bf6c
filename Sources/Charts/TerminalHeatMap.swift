import Foundation
import LessonRuntime
import Terminal

/// A heat map as coloured blocks: two columns per value so that cells look square, row
/// labels on the left, column labels above, and a colour scale with the range below.
/// Without colour, values become shades `░▒▓█`, lightest lowest.
enum TerminalHeatMap {
    /// The lowest value is a dot rather than blank, so that every cell of the grid shows.
    private static let shades: [Character] = ["·", "░", "▒", "▓", "█"]

    static func render(_ plot: Plot, style: TerminalStyle) -> String {
        let finite = plot.values.flatMap { $0 }.filter(\.isFinite)
        let low = finite.min() ?? 0, high = finite.max() ?? 1
        // The colour scale the SVG heat map uses: a flat range is widened around its value.
        let colour = AxisScale(exactly: low...max(low, high))
        let rowWidth = min(plot.rowLabels.map(\.count).max() ?? 0, max(6, style.width / 4))
        let columnCount = plot.values.first?.count ?? 0
        let labels = plot.categories.isEmpty ? (0..<columnCount).map(String.init) : plot.categories
        let longest = labels.map(\.count).max() ?? 1
        // A cell is as wide as its column label when that fits, else two columns and a key.
        let room = style.width - rowWidth - 1
        let cellWidth = max(2, min(longest + 1, 8))
        let width = cellWidth * columnCount <= room ? cellWidth : 2
        let shown = min(columnCount, max(1, room / width))
        var lines = [style.bold(plot.title)]
        if width > longest || longest <= 1 {
            let header = labels.prefix(shown).map { TerminalText.pad($0, width) }.joined()
            lines.append(String(repeating: " ", count: rowWidth + 1) + style.dim(TerminalPlot.trimmedRight(header)))
        }
        for (row, values) in plot.values.enumerated() {
            let label = plot.rowLabels.indices.contains(row) ? plot.rowLabels[row] : ""
            var text = TerminalText.padLeft(label, rowWidth) + " "
            for value in values.prefix(shown) {
                text += cell(value, colour: colour, width: width, style: style)
            }
            lines.append(text)
        }
        if shown < columnCount { lines.append(style.dim("  … \(columnCount - shown) more columns not shown (terminal too narrow)")) }
        if !(width > longest || longest <= 1) {
            let key = labels.prefix(shown).enumerated().map { "\($0.offset + 1)=\($0.element)" }.joined(separator: " ")
            lines.append(style.dim("columns: " + key))
        }
        if !plot.xLabel.isEmpty || !plot.yLabel.isEmpty {
            lines.append(style.dim([plot.yLabel, plot.xLabel].filter { !$0.isEmpty }.joined(separator: " × ")))
        }
        lines.append(scale(low: low, high: high, style: style))
        return lines.joined(separator: "\n")
    }

    /// Where `value` lies on the colour scale, clamped to 0…1 (a flat range's value: 0.5).
    private static func fraction(_ value: Double, colour: AxisScale) -> Double {
        guard let f = colour.fraction(value), f.isFinite else { return 0.5 }
        return min(1, max(0, f))
    }

    private static func cell(_ value: Double, colour: AxisScale, width: Int, style: TerminalStyle) -> String {
        guard value.isFinite else { return String(repeating: "?", count: width) }
        let f = fraction(value, colour: colour)
        guard style.usesColour else {
            let shade = shades[min(shades.count - 1, Int((f * Double(shades.count - 1)).rounded()))]
            return String(repeating: shade, count: width)
        }
        return background(f, style: style) + String(repeating: " ", count: width) + "\u{1B}[0m"
    }

    /// `min ▕colours▏ max` with the range's ends as numbers.
    private static func scale(low: Double, high: Double, style: TerminalStyle) -> String {
        let steps = 16
        var bar = ""
        for step in 0..<steps {
            let f = Double(step) / Double(steps - 1)
            if style.usesColour {
                bar += background(f, style: style) + " \u{1B}[0m"
            } else {
                bar.append(shades[min(shades.count - 1, Int((f * Double(shades.count - 1)).rounded()))])
            }
        }
        return "scale " + TerminalText.number(low) + " " + bar + " " + TerminalText.number(high)
    }

    /// The viridis colour map at `f`, as a 24-bit or the nearest 256-palette background.
    static func background(_ f: Double, style: TerminalStyle) -> String {
        let (r, g, b) = Viridis.rgb(at: f)
        if style.colour == .trueColour { return "\u{1B}[48;2;\(r);\(g);\(b)m" }
        func level(_ c: Int) -> Int { c < 48 ? 0 : c < 115 ? 1 : (c - 35) / 40 }
        return "\u{1B}[48;5;\(16 + 36 * level(r) + 6 * level(g) + level(b))m"
    }
}
