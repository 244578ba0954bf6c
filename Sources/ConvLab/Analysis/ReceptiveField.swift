/// The theoretical receptive field of one output position: the input pixels that can
/// influence it, whatever the weights.
///
/// Per axis: `size` (pixels spanned), `jump` (input pixels between neighbouring outputs, the
/// product of strides) and `center` (the input coordinate at the middle of the field of
/// output (0, 0), which may lie in the padding or between pixels). The field of output `i`
/// is centred at `center + i·jump`. After `flatten` or a linear layer the field is the
/// whole input (`isGlobal`).
public struct ReceptiveField: Hashable, Sendable, CustomStringConvertible {
    /// Pixels spanned per axis (height, width).
    public var size: Size2D
    /// Input pixels between neighbouring output positions per axis (the product of strides).
    public var jump: Size2D
    /// Input row of the centre of output (0, 0)'s field.
    public var centerH: Double
    /// Input column of the centre of output (0, 0)'s field.
    public var centerW: Double
    /// Whether every input pixel reaches every output (after flatten, linear or global pooling).
    public var isGlobal: Bool

    /// The field of the input itself: one pixel, jump 1, centred on pixel (0, 0).
    public static let identity = ReceptiveField(size: 1, jump: 1, centerH: 0, centerW: 0, isGlobal: false)

    /// A field from its parts.
    public init(size: Size2D, jump: Size2D, centerH: Double, centerW: Double, isGlobal: Bool = false) {
        self.size = size
        self.jump = jump
        self.centerH = centerH
        self.centerW = centerW
        self.isGlobal = isGlobal
    }

    /// The first input row covered by output (0, 0) (negative: inside the top padding).
    public var startH: Double { centerH - Double(size.h - 1) / 2 }
    /// The first input column covered by output (0, 0) (negative: inside the left padding).
    public var startW: Double { centerW - Double(size.w - 1) / 2 }

    /// The input rows covered by output row `i` (may extend past the image into padding).
    public func rows(forOutput i: Int) -> ClosedRange<Int> {
        let start = Int((startH + Double(i * jump.h)).rounded(.down))
        return start...(start + size.h - 1)
    }

    /// The input columns covered by output column `j`.
    public func columns(forOutput j: Int) -> ClosedRange<Int> {
        let start = Int((startW + Double(j * jump.w)).rounded(.down))
        return start...(start + size.w - 1)
    }

    /// The field after a window of `kernel` taps with the given stride, leading padding and
    /// dilation: size grows by (effective kernel − 1)·jump, the centre moves by
    /// ((effective kernel − 1)/2 − padding)·jump, and the jump multiplies by the stride.
    public func through(kernel: Size2D, stride: Size2D, padTop: Int, padLeft: Int, dilation: Size2D = 1) -> ReceptiveField {
        if isGlobal { return self }
        let effH = dilation.h * (kernel.h - 1) + 1, effW = dilation.w * (kernel.w - 1) + 1
        return ReceptiveField(
            size: Size2D(h: size.h + (effH - 1) * jump.h, w: size.w + (effW - 1) * jump.w),
            jump: Size2D(h: jump.h * stride.h, w: jump.w * stride.w),
            centerH: centerH + (Double(effH - 1) / 2 - Double(padTop)) * Double(jump.h),
            centerW: centerW + (Double(effW - 1) / 2 - Double(padLeft)) * Double(jump.w))
    }

    /// The union of two fields seen by the same output grid (residual: body and shortcut;
    /// concat: every branch). Nil when the jumps differ, since then no single field
    /// describes every output position.
    public func union(_ other: ReceptiveField) -> ReceptiveField? {
        if isGlobal { return self }
        if other.isGlobal { return other }
        guard jump == other.jump else { return nil }
        let top = min(startH, other.startH), left = min(startW, other.startW)
        let bottom = max(startH + Double(size.h - 1), other.startH + Double(other.size.h - 1))
        let right = max(startW + Double(size.w - 1), other.startW + Double(other.size.w - 1))
        return ReceptiveField(size: Size2D(h: Int(bottom - top) + 1, w: Int(right - left) + 1), jump: jump,
                              centerH: (top + bottom) / 2, centerW: (left + right) / 2)
    }

    /// `global`, or size, jump and centre in words a learner can read, such as
    /// `11×11 pixels, jump 4, centred at (3, 3)` (the centre of output (0, 0)'s field).
    public var description: String {
        if isGlobal { return "global (every input pixel)" }
        return "\(size.h)×\(size.w) pixels, jump \(jump), centred at (\(Self.format(centerH)), \(Self.format(centerW)))"
    }

    static func format(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(x)
    }
}
