import Foundation
import LessonRuntime

/// One axis of a terminal chart: the data range widened to round numbers, the mapping of
/// values to a fraction of the axis, and tick values with labels.
///
/// Kept apart from the SVG renderer's scales so that the two can change independently; both
/// follow the same rules (1-2-5 steps on linear axes, powers of ten on log axes).
struct TerminalAxis {
    /// The low end of the axis.
    let low: Double
    /// The high end of the axis.
    let high: Double
    /// Linear or log.
    let scale: Plot.Scale
    /// Tick values inside `low...high`, ascending.
    let ticks: [Double]

    /// An axis covering `values` with about `tickCount` ticks. `includeZero` (bars) starts a
    /// linear axis at 0. Values that cannot be drawn (non-finite, ≤ 0 on a log axis) are ignored.
    init(values: [Double], scale: Plot.Scale, tickCount: Int, includeZero: Bool = false) {
        self.scale = scale
        let usable = values.filter { $0.isFinite && (scale == .linear || $0 > 0) }
        var low = usable.min() ?? (scale == .log ? 1 : 0)
        var high = usable.max() ?? (scale == .log ? 10 : 1)
        if scale == .log {
            low = pow(10, log10(low).rounded(.down))
            high = pow(10, log10(high).rounded(.up))
            if low == high { high = low * 10 }
            self.low = low
            self.high = high
            ticks = TerminalAxis.logTicks(low: low, high: high, count: tickCount)
            return
        }
        if includeZero { low = min(low, 0); high = max(high, 0) }
        if low == high {
            let pad = low == 0 ? 1 : abs(low) * 0.5
            low -= pad
            high += pad
        }
        // A range wider than the largest Double (±1e308) has no usable steps: its ends only.
        guard (high - low).isFinite else {
            self.low = low
            self.high = high
            ticks = [low, high]
            return
        }
        let step = TerminalAxis.niceStep((high - low) / Double(max(1, tickCount - 1)))
        low = (low / step).rounded(.down) * step
        high = (high / step).rounded(.up) * step
        self.low = low
        self.high = high
        var ticks: [Double] = []
        var index = 0.0
        while low + index * step <= high + step * 1e-9, ticks.count <= 4 * tickCount {
            let value = low + index * step
            ticks.append(abs(value) < step * 1e-9 ? 0 : value)
            index += 1
        }
        self.ticks = ticks
    }

    /// Where `value` lies, 0 at `low` and 1 at `high` (outside for values off the axis); 0
    /// when it cannot be computed (a range beyond the largest Double).
    func fraction(_ value: Double) -> Double {
        let f: Double
        switch scale {
        case .linear: f = (value - low) / (high - low)
        case .log: f = (log10(value) - log10(low)) / (log10(high) - log10(low))
        }
        return f.isFinite ? f : 0
    }

    /// Whether `value` can be placed on this axis.
    func accepts(_ value: Double) -> Bool {
        value.isFinite && (scale == .linear || value > 0)
    }

    /// The smallest of 1, 2, 5 × 10ᵏ at least `raw`: steps people read at a glance.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let power = pow(10, log10(raw).rounded(.down))
        for multiple in [1.0, 2, 5, 10] where multiple * power >= raw * (1 - 1e-9) {
            return multiple * power
        }
        return 10 * power
    }

    /// Powers of ten, every k-th decade when there are more than `count`; with a single
    /// decade, 2× and 5× are added so that the axis has more than its two ends.
    static func logTicks(low: Double, high: Double, count: Int) -> [Double] {
        let first = Int(log10(low).rounded()), last = Int(log10(high).rounded())
        let decades = last - first
        let every = max(1, Int((Double(decades) / Double(max(1, count - 1))).rounded(.up)))
        var ticks = stride(from: first, through: last, by: every).map { pow(10, Double($0)) }
        if decades == 1 { ticks = [low, low * 2, low * 5, high] }
        return ticks
    }
}
