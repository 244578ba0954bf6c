import Foundation
import LessonRuntime

/// One labelled position on an axis (or on a heat map's colour bar).
public struct Tick: Sendable, Hashable {
    /// The data value at the tick.
    public var value: Double
    /// The text under or beside the tick; empty for a minor tick.
    public var label: String
    /// A major tick gets a label and a grid line; minor ticks (2…9 between log decades) a
    /// short mark only.
    public var isMajor: Bool

    /// A tick given in full.
    public init(value: Double, label: String, isMajor: Bool = true) {
        self.value = value
        self.label = label
        self.isMajor = isMajor
    }
}

/// How data values map to positions along one axis: the (rounded-out) domain and its ticks.
///
/// Shared by the SVG and the terminal renderers, so both draw the same axes: build one with
/// `init(kind:data:)`, then ask `fraction(_:)` (0 at the domain's start, 1 at its end) and
/// scale that to pixels or character cells.
public struct AxisScale: Sendable, Hashable {
    /// Linear or log (base 10).
    public var kind: Plot.Scale
    /// The values at the axis's two ends; the data range rounded out to ticks.
    public var domain: ClosedRange<Double>
    /// The ticks, in increasing order; every major tick lies inside `domain`.
    public var ticks: [Tick]

    /// A scale covering `data` (the finite data values, in any order), rounded out to nice
    /// ticks: 1-2-5 steps on a linear axis, decades on a log axis. `includeZero` keeps 0 on a
    /// linear axis (bar heights start there). Non-finite values are ignored, and so are values
    /// ≤ 0 on a log axis; with nothing left the domain is 0…1 (linear) or 1…10 (log).
    /// `padding` widens a constant series (see `NiceTicks.widen`); a log axis labels at most
    /// `maxDecadeLabels` decades (a terminal's short axis gives fewer).
    public init(kind: Plot.Scale, data: [Double], includeZero: Bool = false, targetTicks: Int = 5,
                padding: Double = 0.1, maxDecadeLabels: Int = 8) {
        self.kind = kind
        let usable = data.filter { $0.isFinite && (kind == .linear || $0 > 0) }
        switch kind {
        case .linear:
            var low = usable.min() ?? 0
            var high = usable.max() ?? 1
            if includeZero { low = min(low, 0); high = max(high, 0) }
            let nice = NiceTicks.linear(low: low, high: high, target: targetTicks, padding: padding)
            domain = nice.domain
            ticks = nice.ticks
        case .log:
            let nice = NiceTicks.log(low: usable.min() ?? 1, high: usable.max() ?? 10, maxLabels: maxDecadeLabels)
            domain = nice.domain
            ticks = nice.ticks
        }
    }

    /// A scale with a fixed domain and no rounding (a heat map's colour bar spans exactly the
    /// data): ticks are the nice 1-2-5 values inside the domain.
    public init(exactly domain: ClosedRange<Double>, targetTicks: Int = 5) {
        kind = .linear
        let widened = NiceTicks.widen(low: domain.lowerBound, high: domain.upperBound)
        let exact = widened.low...widened.high
        self.domain = exact
        ticks = NiceTicks.linear(low: widened.low, high: widened.high, target: targetTicks).ticks
            .filter { exact.contains($0.value) }
    }

    /// Where `value` lies along the axis: 0 at `domain.lowerBound`, 1 at its upper bound
    /// (outside 0…1 for values outside the domain); `nil` for a value the axis cannot show
    /// (not finite, or ≤ 0 on a log axis).
    public func fraction(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        switch kind {
        case .linear:
            let span = domain.upperBound - domain.lowerBound
            // -1e308…1e308 overflows to an infinite span: halved, the same ratio is finite.
            guard span.isFinite else {
                return (value / 2 - domain.lowerBound / 2) / (domain.upperBound / 2 - domain.lowerBound / 2)
            }
            return span > 0 ? (value - domain.lowerBound) / span : 0.5
        case .log:
            guard value > 0 else { return nil }
            let low = log10(domain.lowerBound)
            let span = log10(domain.upperBound) - low
            return span > 0 ? (log10(value) - low) / span : 0.5
        }
    }

    /// `fraction(value)` mapped onto `start…end` (pass `end < start` for a y axis that grows
    /// upwards in screen coordinates).
    public func position(_ value: Double, from start: Double, to end: Double) -> Double? {
        fraction(value).map { start + $0 * (end - start) }
    }

    /// The major ticks only (the ones with labels).
    public var majorTicks: [Tick] { ticks.filter(\.isMajor) }
}
