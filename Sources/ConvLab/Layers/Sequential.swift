/// Layers applied one after another; a whole network is usually one of these.
/// `Sequential(Conv2D(...), ReLU(), MaxPool2D(kernel: 2))`.
public final class Sequential: Layer {
    /// The layers, in the order they are applied.
    public let layers: [any Layer]

    /// A chain of the given layers (none at all is the identity).
    public init(_ layers: [any Layer]) { self.layers = layers }

    /// A chain of the given layers, written as arguments.
    public convenience init(_ layers: any Layer...) { self.init(layers) }

    /// `.sequential` of the layers' specs.
    public var spec: LayerSpec { .sequential(layers.map(\.spec)) }
    /// The layers, in order.
    public var sublayers: [any Layer] { layers }

    /// Each layer's forward, first to last.
    public func forward(_ input: Tensor) -> Tensor {
        layers.reduce(input) { x, layer in layer.forward(x) }
    }

    /// Each layer's backward, last to first.
    public func backward(_ gradOutput: Tensor) -> Tensor {
        layers.reversed().reduce(gradOutput) { g, layer in layer.backward(g) }
    }
}

/// A layer with a name for tables (for example `layer1.0` of a ResNet); it computes exactly
/// what the wrapped layer computes.
public final class NamedLayer: Layer {
    /// The name shown in tables.
    public let name: String
    /// Whether `name` names an operation of the enclosing module's `forward` (`.functional`)
    /// rather than a module (`.named`).
    public let isFunctional: Bool
    /// The wrapped layer.
    public let layer: any Layer

    /// `layer` under `name`: a module, or with `isFunctional`, an operation such as `flatten`.
    public init(_ name: String, _ layer: any Layer, isFunctional: Bool = false) {
        self.name = name
        self.isFunctional = isFunctional
        self.layer = layer
    }

    /// `.named` (or `.functional`) of the name and the wrapped layer's spec.
    public var spec: LayerSpec { isFunctional ? .functional(name, layer.spec) : .named(name, layer.spec) }
    /// The wrapped layer.
    public var sublayers: [any Layer] { [layer] }
    /// The wrapped layer's forward.
    public func forward(_ input: Tensor) -> Tensor { layer.forward(input) }
    /// The wrapped layer's backward.
    public func backward(_ gradOutput: Tensor) -> Tensor { layer.backward(gradOutput) }
}
