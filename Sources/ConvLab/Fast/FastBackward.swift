/// The backward pass: gradients of input, weight and bias from the output gradient.
///
/// Both gradients are again products over tap offsets (PlaneLayout):
/// - input:  planes_dX[k-offset + q] += Σ_o W[o, k] · dY[o, q]   (InputGradient; a stride-1
///   layer instead runs a forward convolution of dY, TransposedConv)
/// - weight: dW[o, k] = Σ_{n, q} dY[n, o, q] · X[n, k-offset + q] (WeightGradient, which reads
///   X in the planes row by row and dY as stored; NarrowWeightGradient for narrow groups)
/// InputGradient and NarrowWeightGradient read dY copied into wide numbering, with zeros in
/// the unused columns: garbage pixels carry dY = 0 and contribute nothing.
/// Which ∂weight GEMM a backward pass runs: NarrowWeightGradient's dot products, or
/// WeightGradient's tiles split by pixel segments (`gemm`) or by blocks of rows (`byRows`).
enum WeightGradientPath: Sendable {
    case narrow, pixelSegments, rowBlocks
}

enum FastBackward {
    /// Which gradients a call computes; the others come back empty (and cost nothing).
    struct Parts: OptionSet, Sendable {
        let rawValue: Int
        static let input = Parts(rawValue: 1), weight = Parts(rawValue: 2)
    }

    static func run(_ input: Tensor, _ weight: Tensor, gradOutput: Tensor, hasBias: Bool, _ g: ConvGeometry,
                    parts: Parts = [.input, .weight], weightPath: WeightGradientPath? = nil) -> ConvGradients {
        let layout = PlaneLayout(g)
        let perGroup = g.outChannels / g.groups, k = g.inChannels / g.groups * layout.taps
        // `weightPath` picks ∂weight's path for the tests; nil chooses by shape.
        let transposed = TransposedConv(g), narrow = perGroup >= 8
            && (weightPath.map { $0 == .narrow } ?? NarrowWeightGradient.applies(perGroup: perGroup))
        let byRows = weightPath.map { $0 == .rowBlocks }
            ?? WeightGradient.splitsByRows(k: k, pixels: g.batch * g.outputSize.h * g.outputSize.w, plane: g.outputSize.h * g.outputSize.w,
                                         channels: perGroup)
        // The wide copy of dY, only if some path below reads it.
        let needsWide = (parts.contains(.input) && transposed == nil) || (parts.contains(.weight) && narrow)
        let wide = needsWide ? widen(gradOutput, layout, g) : FloatBuffer(zeros: 1)
        let wideGrad = SharedConstPointer(wide.pointer)
        var gradInput = Tensor.zeros([0])
        if parts.contains(.input), let transposed {
            gradInput = transposed.inputGradient(weight: weight, gradOutput: gradOutput)
        } else if parts.contains(.input) {
            // InputGradient clears its planes block by block, on the worker that adds into each;
            // DirectConv only adds, into planes cleared here.
            let gemm = perGroup >= 8
            let gradPlanes = gemm ? FloatBuffer(uninitialized: g.batch * layout.imageCount)
                : FloatBuffer.zerosInParallel(g.batch * layout.imageCount)
            weight.scalars.withUnsafeBufferPointer { w in
                let weights = SharedConstPointer(w.baseAddress!)
                if gemm {
                    InputGradient.gemm(weight: weights, wideGrad: wideGrad, gradPlanes: gradPlanes.shared, layout, g)
                } else {
                    DirectConv.inputGradient(weight: weights, wideGrad: wideGrad, gradPlanes: gradPlanes.shared, layout, g)
                }
            }
            gradInput = gather(gradPlanes, layout, g)
        }
        var gradWeight = [Float]()
        if parts.contains(.weight) {
            gradWeight = [Float](repeating: 0, count: weight.count)
            if perGroup < 8 {
                input.scalars.withUnsafeBufferPointer { x in
                    gradOutput.scalars.withUnsafeBufferPointer { dy in
                        gradWeight.withUnsafeMutableBufferPointer { dw in
                            DirectConv.weightGradient(input: x.baseAddress!, gradOutput: dy.baseAddress!,
                                                      gradWeight: SharedPointer(dw.baseAddress!), layout, g)
                        }
                    }
                }
            } else if narrow {
                NarrowWeightGradient.withPlanes(input, layout, batch: g.batch) { planes, count in
                    gradWeight.withUnsafeMutableBufferPointer { dw in
                        NarrowWeightGradient.gemm(wideGrad: wideGrad, planes: planes, planesCount: count,
                                                  gradWeight: SharedPointer(dw.baseAddress!), layout, g)
                    }
                }
            } else {
                // ∂weight's 32-channel tiles over X in `planes`, laid out as `layout` says.
                func tiles(_ planes: UnsafePointer<Float>, _ layout: PlaneLayout) {
                    gradOutput.scalars.withUnsafeBufferPointer { dy in
                        gradWeight.withUnsafeMutableBufferPointer { dw in
                            if byRows {
                                WeightGradient.byRows(gradOutput: dy.baseAddress!, planes: SharedConstPointer(planes),
                                                      gradWeight: SharedPointer(dw.baseAddress!), layout, g)
                            } else {
                                WeightGradient.gemm(gradOutput: dy.baseAddress!, planes: SharedConstPointer(planes),
                                                    gradWeight: SharedPointer(dw.baseAddress!), layout, g)
                            }
                        }
                    }
                }
                if byRows && WeightGradient.byRowsReadsInputItself(g) {
                    input.scalars.withUnsafeBufferPointer { tiles($0.baseAddress!, PlaneLayout(g, unpadded: true)) }
                } else {
                    FastPlanes.withPlanes(input, layout, batch: g.batch) { tiles($0, layout) }
                }
            }
        }
        return ConvGradients(input: gradInput,
                             weight: parts.contains(.weight) ? Tensor(shape: weight.shape, scalars: gradWeight) : Tensor.zeros([0]),
                             bias: hasBias ? biasGradient(gradOutput, g) : nil)
    }

    /// The output gradient in wide numbering: [n][o][widePadded], unused pixels zero.
    private static func widen(_ gradOutput: Tensor, _ layout: PlaneLayout, _ g: ConvGeometry) -> FloatBuffer {
        let wide = FloatBuffer(uninitialized: g.batch * g.outChannels * layout.widePadded)
        let target = wide.shared, plane = g.outputSize.h * g.outputSize.w
        gradOutput.scalars.withUnsafeBufferPointer { src in
            let source = SharedConstPointer(src.baseAddress!)
            // By image, or for a single image by halves of its channels (`bandShares`): the
            // shares narrow ∂weight's channel blocks are taken in. (InputGradient's bands of
            // pixels read both halves: not measured against halves of the rows.)
            parallelRanges(g.batch * g.outChannels, shares: bandShares(g.batch)) { _, range in
                for item in range {
                    // Cleared here, in this worker's cache, rather than by a pass over the whole buffer first.
                    (target.base + item * layout.widePadded).initialize(repeating: 0, count: layout.widePadded)
                    layout.widenOutput(source.base + item * plane, into: target.base + item * layout.widePadded, channels: 0..<1)
                }
            }
        }
        return wide
    }

    /// The input gradient read back out of its planes, without the padding.
    private static func gather(_ gradPlanes: FloatBuffer, _ layout: PlaneLayout, _ g: ConvGeometry) -> Tensor {
        // Every element is written below (every channel of every image, all its rows and
        // columns), so the result starts uninitialised: clearing it first was a pass over
        // the whole input gradient on the caller's thread alone (the stem's 0.6 MB, while the
        // helpers waited).
        let count = g.inputShape.reduce(1, *)
        var result = [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        let source = SharedConstPointer(gradPlanes.pointer), imageSize = g.inChannels * g.inputSize.h * g.inputSize.w
        result.withUnsafeMutableBufferPointer { dst in
            let target = SharedPointer(dst.baseAddress!)
            parallelRanges(g.batch * g.inChannels, shares: imageShares(g.batch)) { _, range in
                for item in range {
                    let n = item / g.inChannels, c = item % g.inChannels
                    layout.gatherImage(source.base + n * layout.imageCount, into: target.base + n * imageSize, channels: c..<(c + 1))
                }
            }
        }
        return Tensor(shape: g.inputShape, scalars: result)
    }

    /// Σ over images and pixels of the output gradient, per output channel (in Double, 16 lanes at a time).
    private static func biasGradient(_ gradOutput: Tensor, _ g: ConvGeometry) -> Tensor {
        let plane = g.outputSize.h * g.outputSize.w
        var sums = [Double](repeating: 0, count: g.outChannels)
        gradOutput.scalars.withUnsafeBufferPointer { dy in
            for n in 0..<g.batch {
                for o in 0..<g.outChannels {
                    sums[o] += DoubleSums.sum(dy.baseAddress! + (n * g.outChannels + o) * plane, count: plane)
                }
            }
        }
        return Tensor(shape: [g.outChannels], scalars: sums.map { Float($0) })
    }
}
