/// Records a named measurement, kept with the run and usable in prose as `{{ name }}`.
///
///     record("conv.mflops", 118.0, unit: "MFLOP")
public func record(_ name: String, _ value: Double, unit: String? = nil) {
    Channel.shared.send(.metric, metric: Metric(name: name, value: value, unit: unit))
}

/// Checks that `measured` is within `tolerance` of `expected`; the claim is shown as a
/// pass/fail badge and a failing claim fails the cell (the program goes on).
///
/// `pins` names the recorded metrics whose value this claim checks: a metric the prose shows
/// as `{{ name }}` must be pinned by some claim, or `lessons verify` fails the chapter.
///
///     record("params.ratio", ratio)
///     claim("two 3×3 need 28% fewer weights", ratio, equals: 0.72, within: 0.005, pins: "params.ratio")
public func claim(
    _ statement: String, _ measured: Double, equals expected: Double, within tolerance: Double,
    pins: String..., line: Int = #line
) {
    // Written so that NaN anywhere fails the claim.
    let passed = abs(measured - expected) <= abs(tolerance)
    Channel.shared.send(.claim, claim: Claim(
        statement: statement, passed: passed, measured: measured, expected: expected,
        tolerance: abs(tolerance), line: line, pins: pins))
}

/// Checks a yes/no statement; a false one fails the cell (the program goes on).
///
/// A yes/no claim may pin a metric only for an ordering (`a < b`): the prose that shows the
/// metric must then state no more than that ordering.
///
///     claim("the residual block keeps the shape", y.shape == x.shape)
public func claim(_ statement: String, _ holds: Bool, pins: String..., line: Int = #line) {
    Channel.shared.send(.claim, claim: Claim(statement: statement, passed: holds, line: line, pins: pins))
}

/// Checks that `measured` is at least `bound` (a share of this machine's peak, say): for
/// orderings and limits that a measurement must respect but cannot pin to one value. The
/// prose may state the bound; `pins` names metrics whose value it shows only as that ordering.
///
///     claim("the 3×3 runs at ≥ 60% of this machine's peak", share, atLeast: 0.6, pins: "share.dense")
public func claim(_ statement: String, _ measured: Double, atLeast bound: Double, pins: String..., line: Int = #line) {
    Channel.shared.send(.claim, claim: Claim(
        statement: statement, passed: measured >= bound, measured: measured, expected: bound,
        line: line, pins: pins, bound: .atLeast))
}

/// Checks that `measured` is at most `bound`; see `claim(_:_:atLeast:pins:)`.
///
///     claim("the depthwise 3×3 runs at ≤ 30% of peak", share, atMost: 0.3)
public func claim(_ statement: String, _ measured: Double, atMost bound: Double, pins: String..., line: Int = #line) {
    Channel.shared.send(.claim, claim: Claim(
        statement: statement, passed: measured <= bound, measured: measured, expected: bound,
        line: line, pins: pins, bound: .atMost))
}

/// Checks that the second computation of `comparison` takes less than `bound` times the
/// first's time (`compareTimes(below:)` measured it).
///
/// The claim holds when the whole 95% interval of the ratio lies below `bound`, fails when it
/// lies at or above it, and is **inconclusive** otherwise: a machine too busy to decide is not
/// a failure of the book. A run with a failed or inconclusive timing claim is never cached.
///
///     let times = compareTimes(below: 1, { five(x) }, { threes(x) })
///     claim("two 3×3 take less time than one 5×5", times, below: 1, pins: "time.ratio")
public func claim(
    _ statement: String, _ comparison: TimeComparison, below bound: Double,
    pins: String..., line: Int = #line
) {
    Channel.shared.send(.claim, claim: Claim(
        timing: statement, comparison, below: bound, pins: pins, line: line))
}

/// Shows a chart; see `Plot.line`, `Plot.scatter`, `Plot.bars` and `Plot.heatMap`.
///
/// A plot that cannot be drawn (mismatched lengths, values ≤ 0 on a log axis) stops the cell
/// with a message naming the problem, at the line of the call.
public func plot(_ spec: Plot) {
    let problems = spec.problems
    guard problems.isEmpty else {
        fatalError("plot '\(spec.title)': " + problems.joined(separator: "; "))
    }
    Channel.shared.send(.output, output: .plot(spec))
}

/// Shows a table; every row must have one entry per header column.
public func table(_ header: [String], _ rows: [[String]]) {
    let table = Table(header: header, rows: rows)
    let problems = table.problems
    guard problems.isEmpty else {
        fatalError("table: " + problems.joined(separator: "; "))
    }
    Channel.shared.send(.output, output: .table(table))
}

/// Shows a value (a tensor, an array, a layer) by its description.
public func show(_ value: Any) {
    show(String(describing: value))
}

/// Shows a piece of text as an output of its own (unlike `print`, which goes to stdout).
public func show(_ text: String) {
    Channel.shared.send(.output, output: .text(text))
}
