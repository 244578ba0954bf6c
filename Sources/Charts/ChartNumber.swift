import Foundation
import LessonRuntime

/// Number formatting for charts: fixed rules, no locale, so that the same plot always gives
/// the same bytes (golden files, cache-stable pages) on every machine.
public enum ChartNumber {
    /// A tick label for `value` on an axis whose ticks are `step` apart: just enough decimals
    /// to tell neighbouring ticks apart (`0.25` with step 0.05 → `0.25`, not `0.250000`), and
    /// an exponent (`2e6`, `5e-5`) once plain decimals would get long.
    public static func tickLabel(_ value: Double, step: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-∞" : "∞") }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e6 || magnitude < 1e-4 { return exponent(value) }
        let decimals = step > 0 && step.isFinite ? max(0, Int(-floor(log10(step) + 1e-9))) : 6
        return fixed(value, decimals: min(decimals, 6))
    }

    /// A value shown on its own (a heat map cell's tooltip, a legend's range): up to four
    /// significant digits, trailing zeros dropped, exponent form at magnitudes of
    /// `exponentFrom` and above or below `exponentBelow` (a terminal's narrow gutter switches
    /// earlier: 1e5 and 1e-3).
    public static func compact(_ value: Double, exponentFrom: Double = 1e6, exponentBelow: Double = 1e-4) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-∞" : "∞") }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= exponentFrom || magnitude < exponentBelow { return exponent(value) }
        let decimals = max(0, 3 - Int(floor(log10(magnitude))))
        return fixed(value, decimals: min(decimals, 7))
    }

    /// `value` with exactly `decimals` digits after the point, then trailing zeros (and a
    /// bare point) removed; `-0` becomes `0`.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        var text = String(format: "%.\(max(0, decimals))f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// `1.5e6`, `2e-5`: the exponent form every view shares (`ValueText.exponent`).
    public static func exponent(_ value: Double) -> String { ValueText.exponent(value) }
}
