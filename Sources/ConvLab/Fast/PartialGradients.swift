/// Only ∂loss/∂input of a convolution (what `conv2dBackward(...).input` returns), without
/// computing the weight gradient: for a layer whose weights are frozen, and for timing.
public func conv2dInputGradient(
    _ input: Tensor, _ weight: Tensor, gradOutput: Tensor,
    stride: Size2D = 1, padding: Padding2D = 0, dilation: Size2D = 1, groups: Int = 1
) -> Tensor {
    partialBackward(input, weight, gradOutput, stride, padding, dilation, groups, .input).input
}

/// Only ∂loss/∂weight of a convolution (what `conv2dBackward(...).weight` returns), without
/// computing the input gradient: for the first layer of a network, and for timing.
public func conv2dWeightGradient(
    _ input: Tensor, _ weight: Tensor, gradOutput: Tensor,
    stride: Size2D = 1, padding: Padding2D = 0, dilation: Size2D = 1, groups: Int = 1
) -> Tensor {
    partialBackward(input, weight, gradOutput, stride, padding, dilation, groups, .weight).weight
}

private func partialBackward(_ input: Tensor, _ weight: Tensor, _ gradOutput: Tensor, _ stride: Size2D, _ padding: Padding2D,
                             _ dilation: Size2D, _ groups: Int, _ part: FastBackward.Parts) -> ConvGradients {
    let geometry = ConvGeometry(inputShape: input.shape, weightShape: weight.shape, stride: stride,
                                padding: padding, dilation: dilation, groups: groups)
    checkGradOutput(gradOutput, geometry)
    return ConvKernels.backward(input, weight, gradOutput: gradOutput, hasBias: false, geometry, parts: part)
}
