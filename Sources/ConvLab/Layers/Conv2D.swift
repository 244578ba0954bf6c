/// A 2-D convolution layer (PyTorch's `Conv2d`): weight [C_out, C_in/groups, K_h, K_w] and an
/// optional bias per output channel, computed by `conv2d` and differentiated by `conv2dBackward`.
public final class Conv2D: Layer {
    /// The hyper-parameters (channels, kernel, stride, padding, dilation, groups, bias).
    public let convSpec: ConvSpec
    /// The kernel, shaped [C_out, C_in/groups, K_h, K_w].
    public let weight: Parameter
    /// One value per output channel, or nil without bias.
    public let bias: Parameter?
    private var lastInput: Tensor?

    /// A convolution described by `spec`, initialised from `generator`.
    public init(_ spec: ConvSpec, initializer: Initializer = .pytorchDefault, using generator: inout SeededGenerator) {
        Conv2D.check(spec)
        convSpec = spec
        weight = Parameter("weight", initializer.weight(spec.weightShape, using: &generator))
        bias = spec.bias
            ? Parameter("bias", initializer.bias(spec.outChannels, weightShape: spec.weightShape, using: &generator))
            : nil
    }

    /// A convolution described by `spec`, initialised from the process-wide generator (`manualSeed`).
    public convenience init(_ spec: ConvSpec, initializer: Initializer = .pytorchDefault) {
        var generator = withGlobalGenerator { SeededGenerator(seed: $0.next()) }
        self.init(spec, initializer: initializer, using: &generator)
    }

    /// A convolution with PyTorch's `Conv2d` arguments and defaults, e.g.
    /// `Conv2D(inChannels: 64, outChannels: 64, kernel: 3, padding: 1)`.
    public convenience init(inChannels: Int, outChannels: Int, kernel: Size2D, stride: Size2D = 1,
                            padding: Padding2D = 0, dilation: Size2D = 1, groups: Int = 1, bias: Bool = true,
                            initializer: Initializer = .pytorchDefault) {
        self.init(ConvSpec(inChannels: inChannels, outChannels: outChannels, kernel: kernel, stride: stride,
                           padding: padding, dilation: dilation, groups: groups, bias: bias),
                  initializer: initializer)
    }

    /// `.conv` of this layer's hyper-parameters.
    public var spec: LayerSpec { .conv(convSpec) }
    /// The weight, then the bias if any.
    public var ownParameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    /// conv2d(input, weight, bias); remembers the input for backward.
    public func forward(_ input: Tensor) -> Tensor {
        lastInput = input
        return conv2d(input, weight.value, bias: bias?.value, stride: convSpec.stride, padding: convSpec.padding,
                      dilation: convSpec.dilation, groups: convSpec.groups)
    }

    /// Accumulates ∂loss/∂weight and ∂loss/∂bias and returns ∂loss/∂input.
    public func backward(_ gradOutput: Tensor) -> Tensor {
        let input = remembered(lastInput, "Conv2D")
        let grads = conv2dBackward(input, weight.value, gradOutput: gradOutput, hasBias: bias != nil,
                                   stride: convSpec.stride, padding: convSpec.padding,
                                   dilation: convSpec.dilation, groups: convSpec.groups)
        accumulateGradient(grads.weight, into: &weight.grad, layer: "Conv2D")
        if let bias, let gradBias = grads.bias { accumulateGradient(gradBias, into: &bias.grad, layer: "Conv2D") }
        return grads.input
    }

    /// Catches impossible descriptions when the layer is built, before any input exists.
    private static func check(_ s: ConvSpec) {
        func fail(_ why: String) -> Never { fatalError("Conv2D: \(why) (\(s))") }
        guard s.inChannels >= 1, s.outChannels >= 1 else { fail("channels must be at least 1, got \(s.inChannels)→\(s.outChannels)") }
        guard s.groups >= 1 else { fail("groups must be at least 1, got \(s.groups)") }
        guard s.inChannels % s.groups == 0 else { fail("input channels \(s.inChannels) are not divisible by groups \(s.groups)") }
        guard s.outChannels % s.groups == 0 else { fail("output channels \(s.outChannels) are not divisible by groups \(s.groups)") }
        guard s.kernel.h >= 1, s.kernel.w >= 1 else { fail("kernel must be at least 1×1, got \(s.kernel)") }
        guard s.stride.h >= 1, s.stride.w >= 1 else { fail("stride must be at least 1, got \(s.stride)") }
        guard s.dilation.h >= 1, s.dilation.w >= 1 else { fail("dilation must be at least 1, got \(s.dilation)") }
    }
}
