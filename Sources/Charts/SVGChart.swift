import LessonRuntime

/// A `Plot` drawn as a self-contained, accessible SVG element.
///
/// The SVG is meant to be inlined in HTML: text and axes use `currentColor`, series use CSS
/// custom properties with fallbacks (`ChartPalette`), so one drawing suits light and dark
/// themes. It has `role="img"` with a `<title>` and a `<desc>` summarising the data for
/// screen readers. All text from the plot is escaped; numbers are formatted by fixed rules,
/// so the same plot always gives the same bytes.
public struct SVGChart: Sendable {
    /// The plot to draw.
    public var plot: Plot
    /// A prefix for element ids (`<title id>`); unique within the page that inlines the SVG.
    public var idPrefix: String

    /// A chart of `plot` whose ids start with `idPrefix` (letters, digits, `-`, `_` kept).
    public init(_ plot: Plot, idPrefix: String = "chart") {
        self.plot = plot
        self.idPrefix = String(idPrefix.unicodeScalars.filter { $0.properties.isAlphabetic && $0.isASCII
            || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }.map(Character.init))
        if self.idPrefix.isEmpty { self.idPrefix = "chart" }
    }

    /// The `<svg>` element. A plot with problems (see `Plot.problems`) is drawn as a framed
    /// message listing them, so a page never shows a broken or misleading chart.
    public func render() -> String {
        var svg = SVGWriter()
        let problems = plot.problems
        let layout = SVGLayout(sidePanel: sidePanel(problems: problems), hasXLabel: !plot.xLabel.isEmpty,
                               hasYLabel: !plot.yLabel.isEmpty)
        svg.line("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"lb-chart lb-chart-\(plot.kind.rawValue)\" "
            + "viewBox=\"0 0 \(SVGWriter.number(layout.width)) \(SVGWriter.number(layout.height))\" "
            + "role=\"img\" aria-labelledby=\"\(idPrefix)-title \(idPrefix)-desc\" "
            + "font-family=\"system-ui, sans-serif\" font-size=\"12\" fill=\"currentColor\">")
        svg.line("<title id=\"\(idPrefix)-title\">\(SVGWriter.escape(plot.title))</title>")
        svg.line("<desc id=\"\(idPrefix)-desc\">\(SVGWriter.escape(description(problems: problems)))</desc>")
        svg.label(plot.title, x: layout.width / 2, y: 24, extra: "font-size=\"15\" font-weight=\"600\"")
        if problems.isEmpty {
            drawBody(into: &svg, layout: layout)
        } else {
            svg.rect(x: layout.left, y: layout.top, width: layout.plotWidth, height: layout.plotHeight,
                     extra: "fill=\"none\" stroke=\"currentColor\" stroke-dasharray=\"4 4\"")
            for (index, problem) in (["This plot cannot be drawn:"] + problems).prefix(12).enumerated() {
                svg.label(problem, x: layout.left + 12, y: layout.top + 24 + Double(index) * 18, anchor: "start")
            }
        }
        svg.line("</svg>")
        return svg.text
    }

    private func sidePanel(problems: [String]) -> Double {
        guard problems.isEmpty else { return 20 }
        if plot.kind == .heatMap { return 90 }
        return plot.legend && !plot.series.isEmpty ? SVGSeriesDrawing.legendWidth(plot) : 20
    }

    private func drawBody(into svg: inout SVGWriter, layout: SVGLayout) {
        let scales = PlotScales(plot)
        switch plot.kind {
        case .line, .scatter:
            guard let x = scales.x, let y = scales.y else { return }
            SVGAxes.grid(into: &svg, layout: layout, x: x, y: y)
            SVGSeriesDrawing.points(plot, x: x, y: y, layout: layout, into: &svg)
        case .bars:
            guard let y = scales.y else { return }
            SVGAxes.grid(into: &svg, layout: layout, x: nil, y: y)
            SVGSeriesDrawing.bars(plot, y: y, layout: layout, into: &svg)
        case .heatMap:
            guard let color = scales.color else { return }
            SVGHeatMap.draw(plot, color: color, layout: layout, into: &svg)
        }
        SVGAxes.labels(into: &svg, layout: layout, xLabel: plot.xLabel, yLabel: plot.yLabel)
        if plot.legend, plot.kind != .heatMap, !plot.series.isEmpty {
            SVGSeriesDrawing.legend(plot, layout: layout, into: &svg)
        }
    }

    /// What a screen reader says after the title: the kind, the axes and each series' extent.
    func description(problems: [String]) -> String {
        if !problems.isEmpty { return "This plot cannot be drawn: " + problems.joined(separator: "; ") }
        let scales = PlotScales(plot)
        var parts: [String] = []
        switch plot.kind {
        case .line, .scatter:
            parts.append("\(plot.kind == .line ? "Line" : "Scatter") chart of \(plot.series.count) series.")
            if let x = scales.x { parts.append(axisSentence("X axis", plot.xLabel, x)) }
            if let y = scales.y { parts.append(axisSentence("Y axis", plot.yLabel, y)) }
        case .bars:
            parts.append("Bar chart of \(plot.series.count) series over \(ValueText.count(plot.categories.count, "category", plural: "categories")): "
                + plot.categories.joined(separator: ", ") + ".")
            if let y = scales.y { parts.append(axisSentence("Y axis", plot.yLabel, y)) }
        case .heatMap:
            let rows = plot.values.count, columns = plot.values.first?.count ?? 0
            parts.append("Heat map of \(rows) rows by \(columns) columns")
            if let color = scales.color {
                parts[0] += ", values from \(ChartNumber.compact(color.domain.lowerBound)) to "
                    + "\(ChartNumber.compact(color.domain.upperBound)) (dark to bright)."
            }
        }
        for series in plot.series {
            let finite = series.y.filter(\.isFinite)
            guard let low = finite.min(), let high = finite.max() else { continue }
            parts.append("\(series.name): \(ValueText.count(series.y.count, "value")) from \(ChartNumber.compact(low)) "
                + "to \(ChartNumber.compact(high)).")
        }
        return parts.joined(separator: " ")
    }

    private func axisSentence(_ axis: String, _ label: String, _ scale: AxisScale) -> String {
        let name = label.isEmpty ? "" : " (\(label))"
        return "\(axis)\(name), \(scale.kind == .log ? "logarithmic" : "linear"), "
            + "\(ChartNumber.compact(scale.domain.lowerBound)) to \(ChartNumber.compact(scale.domain.upperBound))."
    }
}
