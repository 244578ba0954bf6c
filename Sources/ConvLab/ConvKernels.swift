/// The fast convolution path behind `conv2d` and `conv2dBackward` (Sources/ConvLab/Fast):
/// implicit GEMM over phase planes with an AVX-512 microkernel, on `threadCount` threads.
/// Degenerate shapes (an empty axis) go to the reference loops, which handle them trivially.
enum ConvKernels {
    static func forward(_ input: Tensor, _ weight: Tensor, bias: Tensor?, _ g: ConvGeometry) -> Tensor {
        if isDegenerate(g) {
            return conv2dReference(input, weight, bias: bias, stride: g.stride, padding: g.padding,
                                   dilation: g.dilation, groups: g.groups)
        }
        return FastForward.run(input, weight, bias: bias, g)
    }

    static func backward(_ input: Tensor, _ weight: Tensor, gradOutput: Tensor, hasBias: Bool, _ g: ConvGeometry,
                         parts: FastBackward.Parts = [.input, .weight]) -> ConvGradients {
        if isDegenerate(g) {
            return conv2dBackwardReference(input, weight, gradOutput: gradOutput, hasBias: hasBias, stride: g.stride,
                                           padding: g.padding, dilation: g.dilation, groups: g.groups)
        }
        return FastBackward.run(input, weight, gradOutput: gradOutput, hasBias: hasBias, g, parts: parts)
    }

    /// True when some tensor involved has no elements.
    private static func isDegenerate(_ g: ConvGeometry) -> Bool {
        g.batch == 0 || g.inChannels == 0 || g.outChannels == 0 || g.inputSize.h == 0 || g.inputSize.w == 0
    }
}
