extension Plot {
    /// What is wrong with this plot, in words the cell's author can act on; empty when it can
    /// be drawn. Renderers may rely on a plot that passed this check.
    public var problems: [String] {
        switch kind {
        case .line, .scatter: return pointProblems()
        case .bars: return barProblems()
        case .heatMap: return heatMapProblems()
        }
    }

    private func pointProblems() -> [String] {
        var problems: [String] = []
        if series.isEmpty { problems.append("a \(kind.rawValue) plot needs at least one series") }
        for s in series {
            if s.x.count != s.y.count {
                problems.append("series '\(s.name)' has \(s.x.count) x values but \(s.y.count) y values")
            }
            if xScale == .log, s.x.contains(where: { $0 <= 0 }) {
                problems.append("series '\(s.name)' has x values ≤ 0 on a log axis")
            }
            if yScale == .log, s.y.contains(where: { $0 <= 0 }) {
                problems.append("series '\(s.name)' has y values ≤ 0 on a log axis")
            }
        }
        return problems
    }

    private func barProblems() -> [String] {
        var problems: [String] = []
        if series.isEmpty { problems.append("a bar chart needs at least one series") }
        for s in series where s.y.count != categories.count {
            problems.append(
                "series '\(s.name)' has \(ValueText.count(s.y.count, "value")) for \(ValueText.count(categories.count, "category", plural: "categories"))")
        }
        if yScale == .log, series.contains(where: { $0.y.contains { $0 <= 0 } }) {
            problems.append("bar heights must be > 0 on a log axis")
        }
        return problems
    }

    private func heatMapProblems() -> [String] {
        var problems: [String] = []
        guard let width = values.first?.count, width > 0 else {
            return ["a heat map needs at least one row with at least one value"]
        }
        if values.contains(where: { $0.count != width }) {
            problems.append("heat map rows must all have \(width) values")
        }
        if !rowLabels.isEmpty, rowLabels.count != values.count {
            problems.append("\(ValueText.count(rowLabels.count, "row label")) for \(ValueText.count(values.count, "row"))")
        }
        if !categories.isEmpty, categories.count != width {
            problems.append("\(categories.count) column labels for \(width) columns")
        }
        return problems
    }
}
