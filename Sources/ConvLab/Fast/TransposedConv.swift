/// ∂loss/∂input of a stride-1 convolution as a forward convolution of the output gradient,
/// so that it runs on FastForward (channel vectors, segments, wide or packed; bias-free
/// stores, no scatter-add):
///
///     dX[c, r, s] = Σ_{o, i, j} dY[o, r + p_top − i·d_h, s + p_left − j·d_w] · W[o, c, i, j]
///
/// is a convolution of dY with the kernel flipped in both axes and its channel axes swapped
/// (within each group), dilation kept, and padding (K − 1)·d − p on each side. It needs that
/// padding to be non-negative (p ≤ (K − 1)·d, true of every usual convolution); otherwise,
/// and for strides above 1, InputGradient scatters into planes instead.
struct TransposedConv {
    let original: ConvGeometry
    let padding: Padding2D

    init?(_ g: ConvGeometry) {
        guard g.stride == Size2D(h: 1, w: 1) else { return nil }
        let spanH = (g.kernel.h - 1) * g.dilation.h, spanW = (g.kernel.w - 1) * g.dilation.w
        let padding = Padding2D(top: spanH - g.padding.top, bottom: spanH - g.padding.bottom,
                                left: spanW - g.padding.left, right: spanW - g.padding.right)
        guard min(padding.top, padding.bottom, padding.left, padding.right) >= 0 else { return nil }
        original = g
        self.padding = padding
    }

    /// The input gradient, shaped like the input; `mode` picks the forward layout (tests force each).
    func inputGradient(weight: Tensor, gradOutput: Tensor, mode: ForwardMode = .automatic) -> Tensor {
        let g = original
        let transposed = ConvGeometry(inputShape: gradOutput.shape, weightShape: [g.inChannels, g.outChannels / g.groups, g.kernel.h, g.kernel.w],
                                      stride: 1, padding: padding, dilation: g.dilation, groups: g.groups)
        // The GEMM paths read the original weight through tables; only DirectConv (fewer than
        // 8 output channels per group) needs the flipped copy.
        guard g.inChannels / g.groups >= 8 else { return FastForward.run(gradOutput, flippedWeight(weight), bias: nil, transposed, mode: mode) }
        return FastForward.run(gradOutput, weight, bias: nil, transposed, mode: mode, rows: flippedRows)
    }

    /// Where W'[group·C_in/g + c, o, i, j] (below) lies in the original weight: row c of the
    /// transposed GEMM starts at the original's (group, o = 0, c), and column (o, tap) reads
    /// output channel o at the reversed tap.
    private var flippedRows: WeightRows {
        let g = original
        let inPerGroup = g.inChannels / g.groups, outPerGroup = g.outChannels / g.groups, taps = g.kernel.h * g.kernel.w
        let start = (0..<g.inChannels).map { c in (c / inPerGroup * outPerGroup * inPerGroup + c % inPerGroup) * taps }
        let column = (0..<(outPerGroup * taps)).map { kk in (kk / taps) * inPerGroup * taps + (taps - 1 - kk % taps) }
        return WeightRows(start: start, column: column, reading: .flipped(of: g.with(batch: 1)))
    }

    /// W'[group·C_in/g + c, o, i, j] = W[group·C_out/g + o, c, K_h − 1 − i, K_w − 1 − j].
    private func flippedWeight(_ weight: Tensor) -> Tensor {
        let g = original
        let inPerGroup = g.inChannels / g.groups, outPerGroup = g.outChannels / g.groups
        let (kh, kw) = (g.kernel.h, g.kernel.w)
        var scalars = [Float](repeating: 0, count: weight.count)
        weight.scalars.withUnsafeBufferPointer { w in
            for group in 0..<g.groups {
                for o in 0..<outPerGroup {
                    for c in 0..<inPerGroup {
                        let src = ((group * outPerGroup + o) * inPerGroup + c) * kh * kw
                        let dst = ((group * inPerGroup + c) * outPerGroup + o) * kh * kw
                        for i in 0..<kh {
                            for j in 0..<kw { scalars[dst + i * kw + j] = w[src + (kh - 1 - i) * kw + (kw - 1 - j)] }
                        }
                    }
                }
            }
        }
        return Tensor(shape: [g.inChannels, outPerGroup, kh, kw], scalars: scalars)
    }
}
