import Foundation

/// How a recorded value and a claim read, in every view: the site, the terminal, the plain
/// reports of `run` and `verify`, and `{{ name }}` in prose. One rule, so that a value reads
/// the same digits wherever a learner meets it.
public enum ValueText {
    /// A number as people read it: whole numbers in full (`36928`), others with four
    /// significant digits and no trailing zeros (`0.7222`, `12.5`), very large or small ones
    /// as `1.50e-5`; `∞`, `−∞` and `NaN` spelled out.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "−∞" : "∞") }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        let magnitude = abs(value)
        if magnitude >= 1e15 || magnitude < 1e-4 { return exponent(value) }
        let decimals = max(0, 3 - Int(floor(log10(magnitude))))
        return trimmed(String(format: "%.\(decimals)f", value))
    }

    /// A metric with its unit, as `{{ name }}` shows it: `0.72`, `12.5 ms`.
    public static func metric(_ value: Double, unit: String?) -> String {
        number(value) + (unit.map { $0.isEmpty ? "" : " \($0)" } ?? "")
    }

    /// `1.5e6`, `2e-5`: mantissa with up to three significant digits, no `+`, no padding.
    public static func exponent(_ value: Double) -> String {
        var power = Int(floor(log10(abs(value))))
        var mantissa = value / pow(10, Double(power))
        // 9.9996e5 rounds to a mantissa of 10.0: carry into the exponent.
        if abs((mantissa * 100).rounded() / 100) >= 10 {
            power += 1
            mantissa /= 10
        }
        return trimmed(String(format: "%.2f", mantissa)) + "e\(power)"
    }

    /// What a claim measured against what it expects, without its statement:
    /// `measured 0.7222, expected 0.72 ± 0.005`, or for a timing claim
    /// `ratio 0.85, 95% interval 0.82–0.88, bound 1 (inconclusive)`, or for a bound claim
    /// `measured 0.85, at least 0.6`; nil for a yes/no claim.
    public static func detail(of claim: Claim) -> String? {
        guard let measured = claim.measured, let expected = claim.expected else { return nil }
        if let interval = claim.interval, interval.count == 2 {
            return "ratio \(number(measured)), \(number(TimeComparison.confidence * 100))% interval \(number(interval[0]))–\(number(interval[1])), "
                + "below \(number(expected))" + (claim.inconclusive ? " (inconclusive)" : "")
        }
        switch claim.bound {
        case .atLeast: return "measured \(number(measured)), at least \(number(expected))"
        case .atMost: return "measured \(number(measured)), at most \(number(expected))"
        case nil: return "measured \(number(measured)), expected \(number(expected)) ± \(number(claim.tolerance ?? 0))"
        }
    }

    /// A claim's state in one word, for badges and screen readers.
    public static func verdict(of claim: Claim) -> String {
        claim.inconclusive ? "inconclusive" : (claim.passed ? "holds" : "does not hold")
    }

    private static func trimmed(_ fixed: String) -> String {
        var text = fixed
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
