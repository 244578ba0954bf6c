import Testing
@testable import ConvLab

/// One convolution configuration of the gradient sweep.
struct ConvGradientCase: Sendable, CustomTestStringConvertible {
    let spec: ConvSpec
    let inputShape: [Int]
    var testDescription: String {
        "k\(spec.kernel) s\(spec.stride) p\(spec.padding) d\(spec.dilation) g\(spec.groups) \(spec.inChannels)→\(spec.outChannels)\(spec.bias ? "" : " nobias") on \(inputShape)"
    }

    /// The sweep: every kernel × every (stride, dilation) pair × groups 1, 2 and depthwise,
    /// alternating symmetric and asymmetric padding and with/without bias, so each of those
    /// also meets every kernel. Inputs are just large enough for the dilated kernel.
    static let sweep: [ConvGradientCase] = {
        let kernels: [Size2D] = [1, 3, 5, Size2D(h: 1, w: 7), Size2D(h: 7, w: 1)]
        let groupings: [(inC: Int, outC: Int, groups: Int)] = [(2, 3, 1), (4, 2, 2), (3, 3, 3)]
        var cases: [ConvGradientCase] = []
        var toggle = 0
        for kernel in kernels {
            for (stride, dilation) in [(1, 1), (2, 1), (1, 2), (2, 2)] {
                for g in groupings {
                    toggle += 1
                    let padding = toggle % 2 == 0
                        ? Padding2D(h: kernel.h / 2, w: kernel.w / 2)
                        : Padding2D(top: kernel.h / 2, bottom: 0, left: 1, right: kernel.w / 2 + 1)
                    let spanH = dilation * (kernel.h - 1) + 1, spanW = dilation * (kernel.w - 1) + 1
                    let h = Swift.max(5, spanH - padding.top - padding.bottom + 1)
                    let w = Swift.max(5, spanW - padding.left - padding.right + 1)
                    let spec = ConvSpec(inChannels: g.inC, outChannels: g.outC, kernel: kernel, stride: Size2D(integerLiteral: stride),
                                        padding: padding, dilation: Size2D(integerLiteral: dilation), groups: g.groups,
                                        bias: toggle % 3 != 0)
                    cases.append(ConvGradientCase(spec: spec, inputShape: [toggle % 4 == 0 ? 2 : 1, g.inC, h, w]))
                }
            }
        }
        return cases
    }()
}

@Suite struct ConvGradientSweepTests {
    @Test(arguments: ConvGradientCase.sweep)
    func conv2DBackwardMatchesFiniteDifferences(_ c: ConvGradientCase) {
        var generator = SeededGenerator(seed: 11)
        let layer = Conv2D(c.spec, using: &generator)
        checkGradients(layer, input: randomInput(c.inputShape))
    }

    @Test(arguments: ConvGradientCase.sweep)
    func fastPathAgreesWithReference(_ c: ConvGradientCase) {
        var generator = SeededGenerator(seed: 13)
        let input = Tensor.normal(c.inputShape, using: &generator)
        let weight = Tensor.normal(c.spec.weightShape, using: &generator)
        let bias = c.spec.bias ? Tensor.normal([c.spec.outChannels], using: &generator) : nil
        let s = c.spec
        let fast = conv2d(input, weight, bias: bias, stride: s.stride, padding: s.padding, dilation: s.dilation, groups: s.groups)
        let reference = conv2dReference(input, weight, bias: bias, stride: s.stride, padding: s.padding,
                                        dilation: s.dilation, groups: s.groups)
        #expect(fast.shape == reference.shape)
        let upstream = Tensor.normal(reference.shape, using: &generator)
        let fastGrads = conv2dBackward(input, weight, gradOutput: upstream, hasBias: s.bias, stride: s.stride,
                                       padding: s.padding, dilation: s.dilation, groups: s.groups)
        let referenceGrads = conv2dBackwardReference(input, weight, gradOutput: upstream, hasBias: s.bias, stride: s.stride,
                                                     padding: s.padding, dilation: s.dilation, groups: s.groups)
        // Sums of at most a few hundred products of O(1) terms: float32 error stays far below 1e-4.
        #expect(maxDifference(fast, reference) < 1e-4)
        #expect(maxDifference(fastGrads.input, referenceGrads.input) < 1e-4)
        #expect(maxDifference(fastGrads.weight, referenceGrads.weight) < 1e-4)
        #expect((fastGrads.bias == nil) == !s.bias)
        if let a = fastGrads.bias, let b = referenceGrads.bias { #expect(maxDifference(a, b) < 1e-4) }
    }

    /// 1 input channel 3×3 = 1…9, a 2×2 kernel, no padding, stride 1: every gradient by hand.
    @Test func gradientsOfAHandComputedCase() {
        let input = Tensor(shape: [1, 1, 3, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let weight = Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4])
        // Output 2×2: (0,0) = 1·1 + 2·2 + 4·3 + 5·4 = 37; (0,1) = 2+6+15+24 = 47; (1,0) = 67; (1,1) = 77.
        #expect(conv2d(input, weight).scalars == [37, 47, 67, 77])
        let upstream = Tensor(shape: [1, 1, 2, 2], scalars: [1, 0, 0, 2])
        let grads = conv2dBackward(input, weight, gradOutput: upstream)
        // ∂w[i][j] = Σ_yx g[y][x]·in[y+i][x+j] = 1·in[i][j] + 2·in[1+i][1+j]:
        // w00: 1 + 2·5 = 11, w01: 2 + 2·6 = 14, w10: 4 + 2·8 = 20, w11: 5 + 2·9 = 23.
        #expect(grads.weight.scalars == [11, 14, 20, 23])
        // ∂in = g(0,0)·w placed at (0,0) + g(1,1)·w placed at (1,1):
        // [[1, 2, 0], [3, 4+2, 4], [0, 6, 8]].
        #expect(grads.input.scalars == [1, 2, 0, 3, 6, 4, 0, 6, 8])
        #expect(grads.bias?.scalars == [3])
    }
}

/// The largest absolute element-wise difference of two tensors of the same shape.
func maxDifference(_ a: Tensor, _ b: Tensor) -> Float {
    guard a.shape == b.shape else { return .infinity }
    return zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
}
