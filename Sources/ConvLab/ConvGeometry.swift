/// A pair of per-axis integers (height, width): a kernel size, a stride or a dilation.
/// An integer literal means the same value on both axes.
public struct Size2D: Hashable, Sendable, Codable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// The extent along the height (vertical) axis.
    public var h: Int
    /// The extent along the width (horizontal) axis.
    public var w: Int

    /// A pair with its height and width given separately.
    public init(h: Int, w: Int) {
        self.h = h
        self.w = w
    }

    /// The same value on both axes.
    public init(integerLiteral value: Int) { self.init(h: value, w: value) }

    /// `3` when both axes agree, otherwise `1×7`.
    public var description: String { h == w ? "\(h)" : "\(h)×\(w)" }
}

/// Zero padding on each side of an image; asymmetric padding is allowed
/// (TensorFlow's "same" padding of an even kernel pads one side more).
public struct Padding2D: Hashable, Sendable, Codable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// Rows of zeros above the image.
    public var top: Int
    /// Rows of zeros below the image.
    public var bottom: Int
    /// Columns of zeros to the left of the image.
    public var left: Int
    /// Columns of zeros to the right of the image.
    public var right: Int

    /// Padding given side by side.
    public init(top: Int, bottom: Int, left: Int, right: Int) {
        self.top = top
        self.bottom = bottom
        self.left = left
        self.right = right
    }

    /// Symmetric padding: `h` rows above and below, `w` columns left and right.
    public init(h: Int, w: Int) { self.init(top: h, bottom: h, left: w, right: w) }

    /// The same padding on all four sides.
    public init(integerLiteral value: Int) { self.init(h: value, w: value) }

    /// `1` when all sides agree, else `(top, bottom, left, right)`.
    public var description: String {
        if top == bottom && left == right { return top == left ? "\(top)" : "\(top)×\(left)" }
        return "(\(top), \(bottom), \(left), \(right))"
    }
}

/// Every size of one convolution, checked once: input and weight shapes, stride, padding,
/// dilation, groups, and the output size they imply. Both the reference and the fast path
/// start from this value, so they cannot disagree about shapes.
public struct ConvGeometry: Hashable, Sendable {
    /// Images in the batch (N).
    public let batch: Int
    /// Input channels (C_in).
    public let inChannels: Int
    /// Input height and width.
    public let inputSize: Size2D
    /// Output channels (C_out).
    public let outChannels: Int
    /// Kernel height and width.
    public let kernel: Size2D
    /// Step between neighbouring outputs, in input pixels.
    public let stride: Size2D
    /// Zeros around the input.
    public let padding: Padding2D
    /// Spacing between kernel taps (1 = dense kernel).
    public let dilation: Size2D
    /// Channel groups; `groups == inChannels` is a depthwise convolution.
    public let groups: Int
    /// Output height and width.
    public let outputSize: Size2D

    /// Checks a configuration and derives the output size. A configuration that cannot work
    /// stops with a message naming the values (`fatalError`, so it survives release builds).
    public init(inputShape: [Int], weightShape: [Int], stride: Size2D, padding: Padding2D, dilation: Size2D, groups: Int) {
        func fail(_ why: String) -> Never {
            fatalError("conv2d: \(why) (input \(inputShape), weight \(weightShape), stride \(stride), padding \(padding), dilation \(dilation), groups \(groups))")
        }
        guard inputShape.count == 4 else { fail("input must have rank 4 (N, C, H, W), got shape \(inputShape)") }
        guard weightShape.count == 4 else { fail("weight must have rank 4 (C_out, C_in/groups, K_h, K_w), got shape \(weightShape)") }
        guard stride.h >= 1 && stride.w >= 1 else { fail("stride must be at least 1, got \(stride)") }
        guard dilation.h >= 1 && dilation.w >= 1 else { fail("dilation must be at least 1, got \(dilation)") }
        guard min(padding.top, padding.bottom, padding.left, padding.right) >= 0 else { fail("padding must not be negative, got \(padding)") }
        guard groups >= 1 else { fail("groups must be at least 1, got \(groups)") }
        let (n, c, h, w) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
        let (outC, cPerGroup, kh, kw) = (weightShape[0], weightShape[1], weightShape[2], weightShape[3])
        guard c % groups == 0 else { fail("input channels \(c) are not divisible by groups \(groups)") }
        guard outC % groups == 0 else { fail("output channels \(outC) are not divisible by groups \(groups)") }
        guard cPerGroup == c / groups else {
            fail("weight expects \(cPerGroup) input channels per group, but input has \(c) channels in \(groups) groups (\(c / groups) each)")
        }
        guard kh >= 1 && kw >= 1 else { fail("kernel must be at least 1×1, got \(kh)×\(kw)") }
        let spanH = dilation.h * (kh - 1) + 1, spanW = dilation.w * (kw - 1) + 1
        let paddedH = h + padding.top + padding.bottom, paddedW = w + padding.left + padding.right
        guard spanH <= paddedH && spanW <= paddedW else {
            fail("kernel spans \(spanH)×\(spanW) pixels (with dilation), larger than the padded input \(paddedH)×\(paddedW)")
        }
        self.batch = n
        self.inChannels = c
        self.inputSize = Size2D(h: h, w: w)
        self.outChannels = outC
        self.kernel = Size2D(h: kh, w: kw)
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
        self.outputSize = Size2D(h: (paddedH - spanH) / stride.h + 1, w: (paddedW - spanW) / stride.w + 1)
    }

    /// The shape of the output tensor, [N, C_out, H_out, W_out].
    public var outputShape: [Int] { [batch, outChannels, outputSize.h, outputSize.w] }
    /// The shape of the input tensor, [N, C_in, H, W].
    public var inputShape: [Int] { [batch, inChannels, inputSize.h, inputSize.w] }
    /// The shape of the weight tensor, [C_out, C_in/groups, K_h, K_w].
    public var weightShape: [Int] { [outChannels, inChannels / groups, kernel.h, kernel.w] }

    /// The same layer over `images` images (a run of a larger batch).
    func with(batch images: Int) -> ConvGeometry {
        ConvGeometry(inputShape: [images, inChannels, inputSize.h, inputSize.w], weightShape: weightShape,
                     stride: stride, padding: padding, dilation: dilation, groups: groups)
    }

    /// Floating-point operations of the forward pass, counting a multiply-add as 2:
    /// 2·N·C_out·H_out·W_out·(C_in/groups)·K_h·K_w.
    public var forwardFlops: Double {
        2 * Double(batch * outChannels * outputSize.h * outputSize.w) * Double(inChannels / groups * kernel.h * kernel.w)
    }
}
