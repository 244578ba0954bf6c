import Terminal

extension TerminalText {
    /// A number as an axis or value label: `ChartNumber.compact` (at most 4 significant
    /// digits, no trailing zeros), with the exponent from ±10⁵ and below 10⁻³ so that labels
    /// stay narrow in a terminal's gutter.
    public static func number(_ value: Double) -> String {
        ChartNumber.compact(value, exponentFrom: 1e5, exponentBelow: 1e-3)
    }
}
