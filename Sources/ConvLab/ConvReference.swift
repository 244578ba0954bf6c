/// The reference convolution: the definition written as obvious loops, accumulating in
/// `Double`. It is slow on purpose and short enough to read in one screen; the fast path
/// (`conv2d`) is tested against it, and lessons may call it to compare.
///
/// output[n, o, y, x] = bias[o] + Σ_{c in o's group, i, j}
///     input[n, c, y·s_h − pad_top + i·d_h, x·s_w − pad_left + j·d_w] · weight[o, c − first channel of group, i, j]
/// where taps that fall into the padding read zero.
public func conv2dReference(
    _ input: Tensor, _ weight: Tensor, bias: Tensor? = nil,
    stride: Size2D = 1, padding: Padding2D = 0, dilation: Size2D = 1, groups: Int = 1
) -> Tensor {
    let g = ConvGeometry(inputShape: input.shape, weightShape: weight.shape, stride: stride,
                         padding: padding, dilation: dilation, groups: groups)
    checkBias(bias, g)
    let inPerGroup = g.inChannels / groups, outPerGroup = g.outChannels / groups
    var output = Tensor.zeros(g.outputShape)
    for n in 0..<g.batch {
        for o in 0..<g.outChannels {
            let firstChannel = (o / outPerGroup) * inPerGroup
            for y in 0..<g.outputSize.h {
                for x in 0..<g.outputSize.w {
                    var sum = Double(bias?.scalars[o] ?? 0)
                    for c in 0..<inPerGroup {
                        for i in 0..<g.kernel.h {
                            for j in 0..<g.kernel.w {
                                let row = y * stride.h - padding.top + i * dilation.h
                                let col = x * stride.w - padding.left + j * dilation.w
                                guard row >= 0, row < g.inputSize.h, col >= 0, col < g.inputSize.w else { continue }
                                sum += Double(input[n, firstChannel + c, row, col]) * Double(weight[o, c, i, j])
                            }
                        }
                    }
                    output[n, o, y, x] = Float(sum)
                }
            }
        }
    }
    return output
}

/// The gradients of a convolution's loss with respect to its three inputs.
public struct ConvGradients: Sendable, Equatable {
    /// ∂loss/∂input, shaped like the input.
    public var input: Tensor
    /// ∂loss/∂weight, shaped like the weight.
    public var weight: Tensor
    /// ∂loss/∂bias (one value per output channel), or nil when the convolution has no bias.
    public var bias: Tensor?

    /// Gradients given one by one.
    public init(input: Tensor, weight: Tensor, bias: Tensor?) {
        self.input = input
        self.weight = weight
        self.bias = bias
    }
}

/// The reference backward pass: the same loops as `conv2dReference`, with each product's
/// two partial derivatives added where the forward pass read its factors.
public func conv2dBackwardReference(
    _ input: Tensor, _ weight: Tensor, gradOutput: Tensor, hasBias: Bool = true,
    stride: Size2D = 1, padding: Padding2D = 0, dilation: Size2D = 1, groups: Int = 1
) -> ConvGradients {
    let g = ConvGeometry(inputShape: input.shape, weightShape: weight.shape, stride: stride,
                         padding: padding, dilation: dilation, groups: groups)
    checkGradOutput(gradOutput, g)
    let inPerGroup = g.inChannels / groups, outPerGroup = g.outChannels / groups
    var gradInput = [Double](repeating: 0, count: input.count)
    var gradWeight = [Double](repeating: 0, count: weight.count)
    var gradBias = [Double](repeating: 0, count: g.outChannels)
    for n in 0..<g.batch {
        for o in 0..<g.outChannels {
            let firstChannel = (o / outPerGroup) * inPerGroup
            for y in 0..<g.outputSize.h {
                for x in 0..<g.outputSize.w {
                    let upstream = Double(gradOutput[n, o, y, x])
                    gradBias[o] += upstream
                    for c in 0..<inPerGroup {
                        for i in 0..<g.kernel.h {
                            for j in 0..<g.kernel.w {
                                let row = y * stride.h - padding.top + i * dilation.h
                                let col = x * stride.w - padding.left + j * dilation.w
                                guard row >= 0, row < g.inputSize.h, col >= 0, col < g.inputSize.w else { continue }
                                let inputOffset = input.offset(of: [n, firstChannel + c, row, col])
                                let weightOffset = weight.offset(of: [o, c, i, j])
                                gradInput[inputOffset] += upstream * Double(weight.scalars[weightOffset])
                                gradWeight[weightOffset] += upstream * Double(input.scalars[inputOffset])
                            }
                        }
                    }
                }
            }
        }
    }
    return ConvGradients(
        input: Tensor(shape: input.shape, scalars: gradInput.map(Float.init)),
        weight: Tensor(shape: weight.shape, scalars: gradWeight.map(Float.init)),
        bias: hasBias ? Tensor(shape: [g.outChannels], scalars: gradBias.map(Float.init)) : nil)
}

func checkBias(_ bias: Tensor?, _ g: ConvGeometry) {
    if let bias, bias.shape != [g.outChannels] {
        fatalError("conv2d: bias must have shape [\(g.outChannels)] (one per output channel), got \(bias.shape)")
    }
}

func checkGradOutput(_ gradOutput: Tensor, _ g: ConvGeometry) {
    if gradOutput.shape != g.outputShape {
        fatalError("conv2dBackward: gradOutput must have the output's shape \(g.outputShape), got \(gradOutput.shape)")
    }
}
