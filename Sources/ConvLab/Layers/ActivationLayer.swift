import Foundation

/// An element-wise nonlinearity (ReLU, ReLU6, sigmoid, tanh or identity) as a layer.
/// `ReLU()`, `ReLU6()`, `Sigmoid()`, `Tanh()` and `Identity()` build one.
public final class ActivationLayer: Layer {
    /// Which nonlinearity this layer applies.
    public let activation: Activation
    private var lastInput: Tensor?
    private var lastOutput: Tensor?

    /// A layer applying `activation` to every element.
    public init(_ activation: Activation) { self.activation = activation }

    /// `.activation` of this layer's nonlinearity.
    public var spec: LayerSpec { .activation(activation) }

    /// f(x) element-wise; remembers input and output (sigmoid and tanh differentiate via the output).
    public func forward(_ input: Tensor) -> Tensor {
        let output = Tensor(shape: input.shape, scalars: activationForward(activation, input.scalars))
        lastInput = input
        lastOutput = output
        return output
    }

    /// gradOutput · f′(x) element-wise.
    public func backward(_ gradOutput: Tensor) -> Tensor {
        let input = remembered(lastInput, "ActivationLayer(\(activation))")
        let output = remembered(lastOutput, "ActivationLayer(\(activation))")
        requireShape(gradOutput, input.shape, "ActivationLayer(\(activation))")
        return Tensor(shape: input.shape,
                      scalars: activationBackward(activation, input.scalars, output.scalars, gradOutput.scalars))
    }
}

/// A ReLU layer, max(0, x).
public func ReLU() -> ActivationLayer { ActivationLayer(.relu) }
/// A ReLU6 layer, min(max(0, x), 6), as in MobileNetV2.
public func ReLU6() -> ActivationLayer { ActivationLayer(.relu6) }
/// A logistic sigmoid layer, 1 / (1 + e^−x).
public func Sigmoid() -> ActivationLayer { ActivationLayer(.sigmoid) }
/// A tanh layer.
public func Tanh() -> ActivationLayer { ActivationLayer(.tanh) }
/// An identity layer (no nonlinearity), for linear stacks in receptive-field experiments.
public func Identity() -> ActivationLayer { ActivationLayer(.identity) }

/// f(x) for every element; one loop per case so the branch is outside the hot loop.
func activationForward(_ activation: Activation, _ x: [Float]) -> [Float] {
    [Float](unsafeUninitializedCapacity: x.count) { out, initialized in
        x.withUnsafeBufferPointer { src in
            switch activation {
            case .relu: for i in 0..<src.count { out[i] = Swift.max(src[i], 0) }
            case .relu6: for i in 0..<src.count { out[i] = Swift.min(Swift.max(src[i], 0), 6) }
            case .sigmoid: for i in 0..<src.count { out[i] = stableSigmoid(src[i]) }
            case .tanh: for i in 0..<src.count { out[i] = Foundation.tanh(src[i]) }
            case .identity: for i in 0..<src.count { out[i] = src[i] }
            }
        }
        initialized = x.count
    }
}

/// gradOutput · f′ for every element. ReLU's derivative at exactly 0 is taken as 0, as PyTorch does;
/// ReLU6's is 0 at 0 and at 6 as well.
func activationBackward(_ activation: Activation, _ x: [Float], _ y: [Float], _ dy: [Float]) -> [Float] {
    [Float](unsafeUninitializedCapacity: x.count) { out, initialized in
        x.withUnsafeBufferPointer { x in
            y.withUnsafeBufferPointer { y in
                dy.withUnsafeBufferPointer { dy in
                    switch activation {
                    case .relu: for i in 0..<x.count { out[i] = x[i] > 0 ? dy[i] : 0 }
                    case .relu6: for i in 0..<x.count { out[i] = x[i] > 0 && x[i] < 6 ? dy[i] : 0 }
                    case .sigmoid: for i in 0..<x.count { out[i] = dy[i] * y[i] * (1 - y[i]) }
                    case .tanh: for i in 0..<x.count { out[i] = dy[i] * (1 - y[i] * y[i]) }
                    case .identity: for i in 0..<x.count { out[i] = dy[i] }
                    }
                }
            }
        }
        initialized = x.count
    }
}

/// σ(x) without overflow: e^−x is only evaluated for x ≥ 0 and e^x only for x < 0.
func stableSigmoid(_ x: Float) -> Float {
    if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
    let e = Foundation.exp(x)
    return e / (1 + e)
}
