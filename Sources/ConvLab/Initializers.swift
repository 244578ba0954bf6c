/// Whether an initialiser scales by a weight's fan-in (preserves activation variance in the
/// forward pass) or its fan-out (preserves gradient variance in the backward pass).
public enum FanMode: Sendable, Hashable {
    /// Scale by the number of inputs of each output unit.
    case fanIn
    /// Scale by the number of outputs each input unit feeds.
    case fanOut
}

/// The nonlinearity that follows a layer, which sets the gain of He and Xavier
/// initialisation exactly as PyTorch's `torch.nn.init.calculate_gain`.
public enum Nonlinearity: Sendable, Hashable {
    /// Identity (also conv and sigmoid in PyTorch's table): gain 1.
    case linear
    /// ReLU: gain √2, because ReLU zeroes half of a symmetric input's variance.
    case relu
    /// Leaky ReLU with the given negative slope: gain √(2 / (1 + slope²)).
    case leakyReLU(negativeSlope: Double)
    /// tanh: gain 5/3.
    case tanh

    /// The gain factor of the initialiser's standard deviation.
    public var gain: Double {
        switch self {
        case .linear: 1
        case .relu: 2.0.squareRoot()
        case .leakyReLU(let slope): (2 / (1 + slope * slope)).squareRoot()
        case .tanh: 5.0 / 3.0
        }
    }
}

/// The fan-in and fan-out of a weight shape, as PyTorch's `_calculate_fan_in_and_fan_out`:
/// for a conv weight [C_out, C_in/groups, K_h, K_w], fan-in = (C_in/groups)·K_h·K_w and
/// fan-out = C_out·K_h·K_w (PyTorch does NOT divide fan-out by groups); for a linear weight
/// [out, in], fan-in = in and fan-out = out. A rank-1 shape stops, as in PyTorch.
public func fans(ofWeightShape shape: [Int]) -> (fanIn: Int, fanOut: Int) {
    guard shape.count >= 2 else {
        fatalError("fans: a weight needs at least 2 dimensions to have a fan-in and fan-out, got shape \(shape)")
    }
    let receptive = shape.dropFirst(2).reduce(1, *)
    return (shape[1] * receptive, shape[0] * receptive)
}

/// How a layer's weights and biases get their first values. Every draw comes from a
/// `SeededGenerator`, so the same seed gives the same network.
///
/// Biases: `.pytorchDefault` draws them uniform in ±1/√fan_in (PyTorch's Conv2d and Linear);
/// every other initialiser sets them to zero, as torchvision does after He initialisation.
public enum Initializer: Sendable {
    /// PyTorch's default for Conv2d and Linear: kaiming_uniform with a = √5, which works out
    /// to a weight uniform in ±1/√fan_in, and a bias uniform in ±1/√fan_in.
    case pytorchDefault
    /// He et al. (2015): normal with std = gain/√fan.
    case kaimingNormal(mode: FanMode = .fanIn, nonlinearity: Nonlinearity = .relu)
    /// He et al. (2015): uniform in ±gain·√(3/fan).
    case kaimingUniform(mode: FanMode = .fanIn, nonlinearity: Nonlinearity = .relu)
    /// Glorot and Bengio (2010): normal with std = gain·√(2/(fan_in + fan_out)).
    case xavierNormal(gain: Double = 1)
    /// Glorot and Bengio (2010): uniform in ±gain·√(6/(fan_in + fan_out)).
    case xavierUniform(gain: Double = 1)
    /// Every weight equal to `value` (biases zero), for hand-checkable experiments.
    case constant(Float)
    /// Any rule: given the weight's shape and a generator, return the weight.
    case custom(@Sendable (_ shape: [Int], _ generator: inout SeededGenerator) -> Tensor)

    /// A freshly drawn weight of the given shape.
    public func weight(_ shape: [Int], using generator: inout SeededGenerator) -> Tensor {
        let (fanIn, fanOut) = fans(ofWeightShape: shape)
        func fan(_ mode: FanMode) -> Double { Double(mode == .fanIn ? fanIn : fanOut) }
        switch self {
        case .pytorchDefault:
            // gain(leaky_relu, a=√5) = √(2/6); bound = √3·gain/√fan_in = 1/√fan_in.
            let bound = 1 / Double(fanIn).squareRoot()
            return Tensor.uniform(shape, in: -bound..<bound, using: &generator)
        case .kaimingNormal(let mode, let nonlinearity):
            return Tensor.normal(shape, standardDeviation: nonlinearity.gain / fan(mode).squareRoot(), using: &generator)
        case .kaimingUniform(let mode, let nonlinearity):
            let bound = nonlinearity.gain * (3 / fan(mode)).squareRoot()
            return Tensor.uniform(shape, in: -bound..<bound, using: &generator)
        case .xavierNormal(let gain):
            let std = gain * (2 / Double(fanIn + fanOut)).squareRoot()
            return Tensor.normal(shape, standardDeviation: std, using: &generator)
        case .xavierUniform(let gain):
            let bound = gain * (6 / Double(fanIn + fanOut)).squareRoot()
            return Tensor.uniform(shape, in: -bound..<bound, using: &generator)
        case .constant(let value):
            return Tensor.filled(shape, with: value)
        case .custom(let make):
            let weight = make(shape, &generator)
            if weight.shape != shape {
                fatalError("Initializer.custom: the closure returned shape \(weight.shape), but the weight needs \(shape)")
            }
            return weight
        }
    }

    /// A freshly drawn bias of `count` values for a weight of shape `weightShape`.
    public func bias(_ count: Int, weightShape: [Int], using generator: inout SeededGenerator) -> Tensor {
        switch self {
        case .pytorchDefault:
            let fanIn = fans(ofWeightShape: weightShape).fanIn
            let bound = fanIn > 0 ? 1 / Double(fanIn).squareRoot() : 0
            return Tensor.uniform([count], in: -bound..<bound, using: &generator)
        default:
            return Tensor.zeros([count])
        }
    }
}
