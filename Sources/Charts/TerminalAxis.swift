import Foundation
import LessonRuntime

/// One axis of a terminal chart: the shared `AxisScale` (the same 1-2-5 steps, decades and
/// value mapping as the SVG renderer) with the terminal's choices: fewer ticks, a wider pad
/// around a constant series, major ticks only, and 2× and 5× marks on a single decade.
struct TerminalAxis {
    /// The shared scale: domain, kind and the value-to-fraction mapping.
    let scale: AxisScale
    /// Tick values inside the domain, ascending; each gets a label.
    let ticks: [Double]

    /// An axis covering `values` with about `tickCount` ticks. `includeZero` (bars) starts a
    /// linear axis at 0. Values that cannot be drawn (non-finite, ≤ 0 on a log axis) are ignored.
    init(values: [Double], scale kind: Plot.Scale, tickCount: Int, includeZero: Bool = false) {
        let intervals = max(1, tickCount - 1)
        scale = AxisScale(kind: kind, data: values, includeZero: includeZero, targetTicks: intervals,
                          padding: 0.5, maxDecadeLabels: intervals)
        let low = scale.domain.lowerBound, high = scale.domain.upperBound
        // One decade has only its two ends as labels: 2× and 5× give the eye more to read by.
        if kind == .log, high == low * 10 {
            ticks = [low, low * 2, low * 5, high]
        } else {
            ticks = scale.majorTicks.map(\.value)
        }
    }

    /// Where `value` lies, 0 at the low end and 1 at the high end (outside for values off the
    /// axis); 0 when it cannot be computed (a range beyond the largest Double).
    func fraction(_ value: Double) -> Double {
        guard let f = scale.fraction(value), f.isFinite else { return 0 }
        return f
    }

    /// Whether `value` can be placed on this axis.
    func accepts(_ value: Double) -> Bool {
        value.isFinite && (scale.kind == .linear || value > 0)
    }
}
