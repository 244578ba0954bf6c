/// The sizes of one pooling over one input shape, checked once, with PyTorch's output rule.
struct PoolGeometry {
    let batch: Int, channels: Int
    let inH: Int, inW: Int
    let outH: Int, outW: Int
    let spec: PoolSpec

    /// Checks `spec` against `shape` ([N, C, H, W]) and derives the output size, stopping with
    /// a message naming the values when PyTorch would refuse the configuration.
    init(_ spec: PoolSpec, inputShape shape: [Int], layer: String) {
        func fail(_ why: String) -> Never {
            fatalError("\(layer): \(why) (input \(shape), kernel \(spec.kernel), stride \(spec.stride), padding \(spec.padding), ceilMode \(spec.ceilMode))")
        }
        guard shape.count == 4 else { fail("expects an NCHW tensor of rank 4") }
        guard spec.kernel.h >= 1, spec.kernel.w >= 1 else { fail("kernel must be at least 1×1") }
        guard spec.stride.h >= 1, spec.stride.w >= 1 else { fail("stride must be at least 1") }
        let p = spec.padding
        guard Swift.min(p.top, p.bottom, p.left, p.right) >= 0 else { fail("padding must not be negative") }
        // PyTorch: "pad should be at most half of effective kernel size" — otherwise a window
        // could lie entirely in the padding.
        guard Swift.max(p.top, p.bottom) <= spec.kernel.h / 2, Swift.max(p.left, p.right) <= spec.kernel.w / 2 else {
            fail("padding must be at most half the kernel")
        }
        batch = shape[0]
        channels = shape[1]
        inH = shape[2]
        inW = shape[3]
        outH = poolOutputLength(inH, kernel: spec.kernel.h, stride: spec.stride.h, before: p.top, after: p.bottom, ceilMode: spec.ceilMode)
        outW = poolOutputLength(inW, kernel: spec.kernel.w, stride: spec.stride.w, before: p.left, after: p.right, ceilMode: spec.ceilMode)
        guard outH >= 1, outW >= 1 else { fail("the output would be \(outH)×\(outW): the input is smaller than the window") }
        self.spec = spec
    }

    var outputShape: [Int] { [batch, channels, outH, outW] }
    var planes: Int { batch * channels }
}

/// PyTorch's `pooling_output_shape` (dilation 1), with padding allowed to differ per side:
/// floor or ceil of (size + padding − kernel) / stride, plus 1; in ceil mode the last window
/// must still start inside the input or the leading padding, else it is dropped.
func poolOutputLength(_ size: Int, kernel: Int, stride: Int, before: Int, after: Int, ceilMode: Bool) -> Int {
    let span = size + before + after - kernel
    if span < 0 { return 0 }
    var out = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1
    if ceilMode && (out - 1) * stride >= size + before { out -= 1 }
    return out
}
