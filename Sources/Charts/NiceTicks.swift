import Foundation

/// Tick placement: "nice" steps of 1, 2 or 5 times a power of ten on linear axes, powers of
/// ten on log axes. Tick values are computed as `index × step` (never by repeated addition),
/// so 0.1 + 0.1 + 0.1 drift cannot leak into labels.
public enum NiceTicks {
    /// Ticks for a linear axis: a 1-2-5 step giving about `target` intervals, the domain
    /// rounded out to whole steps, one labelled tick per step. `padding` is `widen`'s, for a
    /// constant series. A span beyond the largest Double (-1e308…1e308), or of subnormal
    /// numbers only, has no usable step: its ends are its only ticks.
    public static func linear(low: Double, high: Double, target: Int = 5, padding: Double = 0.1)
        -> (domain: ClosedRange<Double>, step: Double, ticks: [Tick]) {
        let (low, high) = widen(low: low, high: high, padding: padding)
        func endsOnly() -> (domain: ClosedRange<Double>, step: Double, ticks: [Tick]) {
            let step = high / 2 - low / 2
            return (low...high, step, [low, high].map { Tick(value: $0, label: ChartNumber.tickLabel($0, step: step)) })
        }
        guard (high - low).isFinite else { return endsOnly() }
        let step = niceStep((high - low) / Double(max(1, target)))
        let first = (low / step).rounded(.down)
        let last = (high / step).rounded(.up)
        // A step that underflowed to 0 (a span near the smallest Doubles) makes the count
        // infinite or NaN, which `Int()` traps on: such an axis gets its ends only too.
        guard step > 0, (last - first).isFinite, last - first <= 10_000 else { return endsOnly() }
        let count = Int(last - first)
        let ticks = (0...max(0, count)).map { index -> Tick in
            // Rounding to the step's decimals removes the last-bit noise of `k × 0.1`.
            let value = clean((first + Double(index)) * step, step: step)
            return Tick(value: value, label: ChartNumber.tickLabel(value, step: step))
        }
        return (clean(first * step, step: step)...clean(last * step, step: step), step, ticks)
    }

    /// Ticks for a log axis: the domain rounded out to whole decades, a labelled tick per
    /// decade (every 2nd, 3rd, … decade when there are more than `maxLabels`, 8 on a page,
    /// fewer on a terminal's short axis) and unlabelled minor ticks at 2…9 × each decade when
    /// the axis spans at most 3 decades.
    public static func log(low: Double, high: Double, maxLabels: Int = 8) -> (domain: ClosedRange<Double>, ticks: [Tick]) {
        let safeLow = low > 0 && low.isFinite ? low : 1
        let safeHigh = high > 0 && high.isFinite ? max(high, safeLow) : safeLow * 10
        var first = Int(floor(log10(safeLow) + 1e-12))
        var last = Int(ceil(log10(safeHigh) - 1e-12))
        if last <= first { last = first + 1 }
        if last - first > 60 { first = last - 60 }  // keep absurd ranges drawable
        let decades = last - first
        let labels = max(1, maxLabels)
        let every = decades <= labels ? 1 : Int((Double(decades) / Double(labels)).rounded(.up))
        var ticks: [Tick] = []
        for power in first...last {
            let decade = pow(10, Double(power))
            if (power - first) % every == 0 {
                ticks.append(Tick(value: decade, label: decadeLabel(power)))
            }
            if decades <= 3, power < last {
                ticks += (2...9).map { Tick(value: Double($0) * decade, label: "", isMajor: false) }
            }
        }
        return (pow(10, Double(first))...pow(10, Double(last)), ticks)
    }

    /// `10^power` as a label: plain from 0.001 to 100000, `1e6`, `1e-4` beyond.
    public static func decadeLabel(_ power: Int) -> String {
        if (-3...5).contains(power) { return ChartNumber.fixed(pow(10, Double(power)), decimals: max(0, -power)) }
        return "1e\(power)"
    }

    /// The 1-2-5 × 10ⁿ value nearest above `rough` (`0.37` → `0.5`, `1300` → `2000`).
    public static func niceStep(_ rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let magnitude = pow(10, floor(log10(rough)))
        let residual = rough / magnitude
        let factor: Double = residual <= 1 + 1e-9 ? 1 : residual <= 2 + 1e-9 ? 2 : residual <= 5 + 1e-9 ? 5 : 10
        return factor * magnitude
    }

    /// A range of non-zero width: equal ends are pushed apart (by 1 around 0, else by
    /// `padding` × the value: 10% on a page, 50% on a terminal's coarse grid), so that a
    /// constant series still gets an axis; swapped ends are reordered.
    public static func widen(low: Double, high: Double, padding: Double = 0.1) -> (low: Double, high: Double) {
        var (low, high) = (min(low, high), max(low, high))
        if !low.isFinite || !high.isFinite { return (0, 1) }
        if high - low <= abs(high) * 1e-12 {
            let pad = low == 0 ? 1 : abs(low) * padding
            low -= pad
            high += pad
        }
        return (low, high)
    }

    private static func clean(_ value: Double, step: Double) -> Double {
        let decimals = max(0, Int(-floor(log10(step))) + 2)
        guard decimals < 15 else { return value }
        let scale = pow(10, Double(decimals))
        let cleaned = (value * scale).rounded() / scale
        return cleaned == 0 ? 0 : cleaned  // no -0
    }
}
