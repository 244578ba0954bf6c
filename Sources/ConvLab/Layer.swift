/// A learnable tensor and the gradient accumulated for it by `backward`.
public final class Parameter {
    /// A name for tables and debugging, such as `weight` or `bias`.
    public let name: String
    /// The current value.
    public var value: Tensor
    /// ∂loss/∂value, accumulated by backward passes until `zeroGradient()`.
    public var grad: Tensor

    /// A parameter with the given value and a zero gradient.
    public init(_ name: String, _ value: Tensor) {
        self.name = name
        self.value = value
        self.grad = Tensor.zeros(value.shape)
    }

    /// Resets the accumulated gradient to zero.
    public func zeroGradient() { grad = Tensor.zeros(value.shape) }
}

/// A differentiable building block with its forward and backward passes side by side.
///
/// A layer remembers what its last `forward` needs for `backward` (inputs, masks), so call
/// them in pairs: forward, then backward with the gradient of the loss w.r.t. the output.
/// `backward` returns the gradient w.r.t. the input and adds parameter gradients into
/// `Parameter.grad`. Networks (Sequential, Residual, …) are layers too.
public protocol Layer: AnyObject, CustomStringConvertible {
    /// The description of this layer, without weights.
    var spec: LayerSpec { get }
    /// Computes the output and remembers what `backward` needs.
    func forward(_ input: Tensor) -> Tensor
    /// Given ∂loss/∂output, accumulates parameter gradients and returns ∂loss/∂input.
    func backward(_ gradOutput: Tensor) -> Tensor
    /// This layer's own parameters (not those of its sublayers).
    var ownParameters: [Parameter] { get }
    /// The layers inside this one, in order.
    var sublayers: [any Layer] { get }
}

extension Layer {
    /// Layers without weights have no own parameters.
    public var ownParameters: [Parameter] { [] }
    /// Leaf layers have no sublayers.
    public var sublayers: [any Layer] { [] }

    /// Applies the layer (the same as `forward`).
    public func callAsFunction(_ input: Tensor) -> Tensor { forward(input) }

    /// Every parameter of this layer and its sublayers, depth first.
    public var parameters: [Parameter] { ownParameters + sublayers.flatMap(\.parameters) }

    /// The number of learnable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }

    /// Resets every parameter gradient to zero.
    public func zeroGradients() { parameters.forEach { $0.zeroGradient() } }

    /// Every layer in this network, itself first, depth first.
    public var allLayers: [any Layer] { [self] + sublayers.flatMap(\.allLayers) }
}
