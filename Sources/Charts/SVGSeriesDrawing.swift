import LessonRuntime

/// Lines, points, bars and the legend. Each series also gets its own marker shape, so that
/// series stay apart for readers who cannot tell the colours apart, and in print.
enum SVGSeriesDrawing {
    /// Line series as paths (broken at values an axis cannot show), scatter series as markers;
    /// line series with few points get markers too.
    static func points(_ plot: Plot, x: AxisScale, y: AxisScale, layout: SVGLayout, into svg: inout SVGWriter) {
        for (index, series) in plot.series.enumerated() {
            let color = ChartPalette.color(index)
            svg.line("<g class=\"lb-series lb-series-\(index)\" style=\"color:\(color)\">")
            var located: [(Double, Double)?] = []
            for (vx, vy) in zip(series.x, series.y) {
                if let px = x.position(vx, from: layout.left, to: layout.right),
                   let py = y.position(vy, from: layout.bottom, to: layout.top) {
                    located.append((px, py))
                } else {
                    located.append(nil)
                }
            }
            if plot.kind == .line {
                let path = pathData(located)
                if !path.isEmpty {
                    svg.line("<path d=\"\(path)\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" "
                        + "stroke-linejoin=\"round\" stroke-linecap=\"round\"/>")
                }
            }
            if plot.kind == .scatter || located.count <= 30 {
                for point in located.compactMap({ $0 }) {
                    svg.line(marker(index, at: point, radius: plot.kind == .scatter ? 4 : 3))
                }
            }
            svg.line("</g>")
        }
    }

    /// `M x y L x y …`, starting a new sub-path after each gap.
    static func pathData(_ points: [(Double, Double)?]) -> String {
        var parts: [String] = []
        var pen = false
        for point in points {
            guard let (px, py) = point else { pen = false; continue }
            parts.append((pen ? "L" : "M") + "\(SVGWriter.number(px)) \(SVGWriter.number(py))")
            pen = true
        }
        return parts.joined(separator: " ")
    }

    /// Marker `index % 4`: circle, square, triangle, diamond, filled with the series colour.
    static func marker(_ index: Int, at point: (Double, Double), radius r: Double) -> String {
        let (cx, cy) = point
        let n = SVGWriter.number
        switch index % 4 {
        case 0:
            return "<circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"\(n(r))\" fill=\"currentColor\"/>"
        case 1:
            return "<rect x=\"\(n(cx - r))\" y=\"\(n(cy - r))\" width=\"\(n(2 * r))\" height=\"\(n(2 * r))\" fill=\"currentColor\"/>"
        case 2:
            return "<path d=\"M\(n(cx)) \(n(cy - r * 1.2)) L\(n(cx + r * 1.1)) \(n(cy + r * 0.8)) "
                + "L\(n(cx - r * 1.1)) \(n(cy + r * 0.8)) Z\" fill=\"currentColor\"/>"
        default:
            return "<path d=\"M\(n(cx)) \(n(cy - r * 1.3)) L\(n(cx + r * 1.3)) \(n(cy)) "
                + "L\(n(cx)) \(n(cy + r * 1.3)) L\(n(cx - r * 1.3)) \(n(cy)) Z\" fill=\"currentColor\"/>"
        }
    }

    /// Grouped bars: one group per category, one bar per series inside it, each bar with a
    /// `<title>` giving its exact value. Bars grow from 0 (linear) or the axis's bottom (log).
    static func bars(_ plot: Plot, y: AxisScale, layout: SVGLayout, into svg: inout SVGWriter) {
        let groups = max(1, plot.categories.count)
        let groupWidth = layout.plotWidth / Double(groups)
        let barWidth = groupWidth * 0.8 / Double(max(1, plot.series.count))
        let base = y.kind == .log ? layout.bottom
            : (y.position(0, from: layout.bottom, to: layout.top) ?? layout.bottom)
        for (index, series) in plot.series.enumerated() {
            svg.line("<g class=\"lb-series lb-series-\(index)\" style=\"color:\(ChartPalette.color(index))\">")
            for (group, value) in series.y.enumerated() {
                guard let top = y.position(value, from: layout.bottom, to: layout.top) else { continue }
                let left = layout.left + Double(group) * groupWidth + groupWidth * 0.1 + Double(index) * barWidth
                let category = plot.categories.indices.contains(group) ? plot.categories[group] : ""
                svg.rect(x: left, y: min(top, base), width: barWidth - 1, height: abs(base - top),
                         extra: "fill=\"currentColor\"",
                         title: "\(series.name), \(category): \(ChartNumber.compact(value))")
            }
            svg.line("</g>")
        }
        let limit = max(3, Int(groupWidth / 7))
        for (group, category) in plot.categories.enumerated() {
            svg.label(SVGAxes.shortened(category, limit: limit),
                      x: layout.left + (Double(group) + 0.5) * groupWidth, y: layout.bottom + 18)
        }
    }

    /// The series' names beside their marker and colour, to the right of the plotting area.
    /// Long names wrap onto further lines rather than being cut: the legend is the only place
    /// that ties a colour and marker to a name.
    static func legend(_ plot: Plot, layout: SVGLayout, into svg: inout SVGWriter) {
        svg.line("<g class=\"lb-legend\">")
        var y = layout.top + 8
        for (index, series) in plot.series.prefix(legendEntries).enumerated() {
            let x = layout.right + 16
            svg.line("<g style=\"color:\(ChartPalette.color(index))\">")
            if plot.kind == .line {
                svg.segment(x1: x, y1: y, x2: x + 20, y2: y, extra: "stroke=\"currentColor\" stroke-width=\"2\"")
            }
            svg.line(marker(index, at: (x + 10, y), radius: plot.kind == .bars ? 5 : 3.5))
            svg.line("</g>")
            let lines = wrapped(series.name, width: legendLineLength)
            svg.lines(lines, x: x + 28, y: y + 4, lineHeight: 14)
            y += 20 + 14 * Double(lines.count - 1)
        }
        svg.line("</g>")
    }

    /// At most this many series are named in the legend (the description names them all).
    static let legendEntries = 16
    /// Characters per legend line: the panel grows up to this width, then names wrap.
    static let legendLineLength = 24

    /// The legend panel's width: room for the longest (wrapped) line of any name, at least
    /// the 150 units a name of 17 characters needs.
    static func legendWidth(_ plot: Plot) -> Double {
        let longest = plot.series.prefix(legendEntries)
            .flatMap { wrapped($0.name, width: legendLineLength) }.map(\.count).max() ?? 0
        return max(150, 52 + 6.6 * Double(longest))
    }

    /// `text` broken at spaces into lines of at most `width` characters; a longer word is
    /// split across lines. Nothing is dropped.
    static func wrapped(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = Substring(word)
            while word.count > width {
                if !current.isEmpty { lines.append(current); current = "" }
                lines.append(String(word.prefix(width)))
                word = word.dropFirst(width)
            }
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }
}
