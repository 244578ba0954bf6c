/// A 2-D convolution (cross-correlation, as in every deep-learning library) of an NCHW
/// input with a weight of shape [C_out, C_in/groups, K_h, K_w], plus an optional bias.
///
/// This is the entry point every layer uses. It computes the same function as
/// `conv2dReference`, by the fast path in `ConvKernels`.
public func conv2d(
    _ input: Tensor, _ weight: Tensor, bias: Tensor? = nil,
    stride: Size2D = 1, padding: Padding2D = 0, dilation: Size2D = 1, groups: Int = 1
) -> Tensor {
    let geometry = ConvGeometry(inputShape: input.shape, weightShape: weight.shape, stride: stride,
                                padding: padding, dilation: dilation, groups: groups)
    checkBias(bias, geometry)
    return ConvKernels.forward(input, weight, bias: bias, geometry)
}

/// The gradients of a convolution with respect to input, weight and (when `hasBias`) bias,
/// given the gradient of the loss with respect to its output.
public func conv2dBackward(
    _ input: Tensor, _ weight: Tensor, gradOutput: Tensor, hasBias: Bool = true,
    stride: Size2D = 1, padding: Padding2D = 0, dilation: Size2D = 1, groups: Int = 1
) -> ConvGradients {
    let geometry = ConvGeometry(inputShape: input.shape, weightShape: weight.shape, stride: stride,
                                padding: padding, dilation: dilation, groups: groups)
    checkGradOutput(gradOutput, geometry)
    return ConvKernels.backward(input, weight, gradOutput: gradOutput, hasBias: hasBias, geometry)
}
