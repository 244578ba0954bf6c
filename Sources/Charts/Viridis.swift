import Foundation

/// The viridis colour map (perceptually uniform, readable in grey, fine on light and dark
/// backgrounds), linearly interpolated between nine reference colours; shared by the SVG and
/// the terminal heat maps.
public enum Viridis {
    private static let stops: [(Double, Double, Double)] = [
        (68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141),
        (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37),
    ]

    /// The colour at `fraction` (clamped to 0…1) as `#rrggbb`.
    public static func hex(at fraction: Double) -> String {
        let (r, g, b) = rgb(at: fraction)
        return String(format: "#%02x%02x%02x", r, g, b)
    }

    /// The colour at `fraction` (clamped to 0…1) as 0…255 components.
    public static func rgb(at fraction: Double) -> (Int, Int, Int) {
        let t = min(1, max(0, fraction.isFinite ? fraction : 0)) * Double(stops.count - 1)
        let lower = min(Int(t), stops.count - 2)
        let mix = t - Double(lower)
        let (a, b) = (stops[lower], stops[lower + 1])
        func blend(_ p: Double, _ q: Double) -> Int { Int((p + (q - p) * mix).rounded()) }
        return (blend(a.0, b.0), blend(a.1, b.1), blend(a.2, b.2))
    }
}
