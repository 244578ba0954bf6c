/// Axes, grid lines, tick labels and axis titles of a chart.
enum SVGAxes {
    private static let gridStyle = "stroke=\"currentColor\" stroke-opacity=\"0.14\""
    private static let axisStyle = "stroke=\"currentColor\" stroke-opacity=\"0.6\""

    /// Grid lines and labels at the major ticks of `x` (if any) and `y`, short marks at
    /// minor ticks, and the two axis lines.
    static func grid(into svg: inout SVGWriter, layout: SVGLayout, x: AxisScale?, y: AxisScale) {
        svg.line("<g class=\"lb-axes\">")
        for tick in y.ticks {
            guard let py = y.position(tick.value, from: layout.bottom, to: layout.top) else { continue }
            if tick.isMajor {
                svg.segment(x1: layout.left, y1: py, x2: layout.right, y2: py, extra: gridStyle)
                svg.label(tick.label, x: layout.left - 8, y: py + 4, anchor: "end")
            } else {
                svg.segment(x1: layout.left - 3, y1: py, x2: layout.left, y2: py, extra: axisStyle)
            }
        }
        if let x {
            for tick in x.ticks {
                guard let px = x.position(tick.value, from: layout.left, to: layout.right) else { continue }
                if tick.isMajor {
                    svg.segment(x1: px, y1: layout.top, x2: px, y2: layout.bottom, extra: gridStyle)
                    svg.label(tick.label, x: px, y: layout.bottom + 18)
                } else {
                    svg.segment(x1: px, y1: layout.bottom, x2: px, y2: layout.bottom + 3, extra: axisStyle)
                }
            }
        }
        svg.segment(x1: layout.left, y1: layout.bottom, x2: layout.right, y2: layout.bottom, extra: axisStyle)
        svg.segment(x1: layout.left, y1: layout.top, x2: layout.left, y2: layout.bottom, extra: axisStyle)
        svg.line("</g>")
    }

    /// The axis titles: centred under the x axis, rotated beside the y axis.
    static func labels(into svg: inout SVGWriter, layout: SVGLayout, xLabel: String, yLabel: String) {
        if !xLabel.isEmpty {
            svg.label(xLabel, x: (layout.left + layout.right) / 2, y: layout.height - 14,
                      extra: "class=\"lb-axis-label\"")
        }
        if !yLabel.isEmpty {
            let cy = SVGWriter.number((layout.top + layout.bottom) / 2)
            svg.label(yLabel, x: 18, y: (layout.top + layout.bottom) / 2,
                      extra: "class=\"lb-axis-label\" transform=\"rotate(-90 18 \(cy))\"")
        }
    }

    /// `text` cut to `limit` characters with an ellipsis, so long category names do not
    /// run into their neighbours (the full name stays in the chart's description).
    static func shortened(_ text: String, limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(max(1, limit - 1))) + "…"
    }
}
