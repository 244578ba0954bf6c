/// The fast convolution path behind `conv2d` and `conv2dBackward`.
///
/// For now it delegates to the reference loops; the GEMM-based kernels replace these two
/// functions without changing any public signature.
enum ConvKernels {
    static func forward(_ input: Tensor, _ weight: Tensor, bias: Tensor?, _ g: ConvGeometry) -> Tensor {
        conv2dReference(input, weight, bias: bias, stride: g.stride, padding: g.padding,
                        dilation: g.dilation, groups: g.groups)
    }

    static func backward(_ input: Tensor, _ weight: Tensor, gradOutput: Tensor, hasBias: Bool, _ g: ConvGeometry) -> ConvGradients {
        conv2dBackwardReference(input, weight, gradOutput: gradOutput, hasBias: hasBias, stride: g.stride,
                                padding: g.padding, dilation: g.dilation, groups: g.groups)
    }
}
