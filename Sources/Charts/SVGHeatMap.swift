import Foundation
import LessonRuntime

/// A heat map: one rectangle per value coloured on the viridis scale, row and column labels,
/// a colour bar with ticks, and each cell's exact value in a `<title>` (and printed in the
/// cell when the grid is small enough to read it).
enum SVGHeatMap {
    static func draw(_ plot: Plot, color: AxisScale, layout: SVGLayout, into svg: inout SVGWriter) {
        let rows = plot.values.count
        let columns = plot.values.first?.count ?? 0
        guard rows > 0, columns > 0 else { return }
        let cellWidth = layout.plotWidth / Double(columns)
        let cellHeight = layout.plotHeight / Double(rows)
        let printValues = rows * columns <= 144 && cellWidth >= 34 && cellHeight >= 16
        svg.line("<g class=\"lb-heatmap\">")
        for (row, values) in plot.values.enumerated() {
            for (column, value) in values.enumerated() {
                let x = layout.left + Double(column) * cellWidth
                let y = layout.top + Double(row) * cellHeight
                let name = "\(label(plot.rowLabels, row)), \(label(plot.categories, column))"
                let fill = color.fraction(value).map { Viridis.hex(at: $0) } ?? "none"
                svg.rect(x: x, y: y, width: cellWidth, height: cellHeight,
                         extra: "fill=\"\(fill)\"" + (fill == "none" ? " stroke=\"currentColor\" stroke-opacity=\"0.3\"" : ""),
                         title: "\(name): \(ChartNumber.compact(value))")
                if printValues {
                    let ink = color.fraction(value).map { $0 > 0.55 ? "#000" : "#fff" } ?? "currentColor"
                    svg.label(ChartNumber.compact(value), x: x + cellWidth / 2, y: y + cellHeight / 2 + 4,
                              extra: "fill=\"\(ink)\" font-size=\"11\"")
                }
            }
        }
        svg.line("</g>")
        for row in 0..<rows where !plot.rowLabels.isEmpty {
            svg.label(SVGAxes.shortened(plot.rowLabels[row], limit: 9), x: layout.left - 6,
                      y: layout.top + (Double(row) + 0.5) * cellHeight + 4, anchor: "end")
        }
        for column in 0..<columns where !plot.categories.isEmpty {
            svg.label(SVGAxes.shortened(plot.categories[column], limit: max(3, Int(cellWidth / 7))),
                      x: layout.left + (Double(column) + 0.5) * cellWidth, y: layout.bottom + 18)
        }
        colorBar(color, layout: layout, into: &svg)
    }

    private static func label(_ labels: [String], _ index: Int) -> String {
        labels.indices.contains(index) ? labels[index] : "\(index)"
    }

    /// A vertical bar of 32 colour steps right of the grid, low values at the bottom.
    private static func colorBar(_ scale: AxisScale, layout: SVGLayout, into svg: inout SVGWriter) {
        let x = layout.right + 18
        let steps = 32
        let stepHeight = layout.plotHeight / Double(steps)
        svg.line("<g class=\"lb-colorbar\">")
        for step in 0..<steps {
            let fraction = (Double(step) + 0.5) / Double(steps)
            svg.rect(x: x, y: layout.bottom - Double(step + 1) * stepHeight, width: 14, height: stepHeight + 0.5,
                     extra: "fill=\"\(Viridis.hex(at: fraction))\"")
        }
        for tick in scale.majorTicks {
            guard let y = scale.position(tick.value, from: layout.bottom, to: layout.top) else { continue }
            svg.segment(x1: x + 14, y1: y, x2: x + 18, y2: y, extra: "stroke=\"currentColor\"")
            svg.label(tick.label, x: x + 21, y: y + 4, anchor: "start")
        }
        svg.line("</g>")
    }
}
