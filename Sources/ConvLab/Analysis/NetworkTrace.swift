/// One row of a network trace: a leaf layer, or the point where branches merge
/// (residual add, highway gate, concat), with its shapes, costs and receptive field.
public struct TraceRow: Hashable, Sendable {
    /// Where the layer sits, named as torchvision's feature extraction (`get_graph_node_names`)
    /// names the node: a module's path in PyTorch's module tree (`features.0`, `layer1.0.conv1`,
    /// `Mixed_5b.branch1x1.conv`); for an operation a module's `forward` calls as a function,
    /// that module's path and the function (`flatten`, `Mixed_5b.branch1x1.relu`, and for merge
    /// rows `layer1.0.add`, `inception3a.cat`); `_1`, `_2`, … for a module or operation applied
    /// again (`layer1.0.relu_1`). Unique within a trace. Unnamed items of a sequential or concat
    /// are numbered as `nn.Sequential` numbers them; a lone unnamed layer is `(top)`.
    public let path: String
    /// Nesting depth (0 for the top level), for indenting tables.
    public let depth: Int
    /// The layer's own description; for a merge row, the whole residual/highway/concat spec.
    public let spec: LayerSpec
    /// Whether this row is a merge of branches rather than a leaf layer.
    public let isMerge: Bool
    /// The shape arriving at the layer.
    public let inputShape: FeatureShape
    /// The shape leaving the layer.
    public let outputShape: FeatureShape
    /// Learnable scalars of this layer: weights, biases, batch-norm scale and shift.
    public let parameters: Int
    /// Multiply-accumulates per sample, counted as torchvision counts its GFLOPS:
    /// convolutions and linear layers only (bias additions, norms, pools and activations are free).
    public let multiplyAccumulates: Int
    /// The receptive field of one output position of this layer; nil where no single field
    /// describes every position (after an adaptive pool whose windows are not uniform).
    public let receptiveField: ReceptiveField?
}

/// A network's description walked over one input shape: shape inference, receptive field,
/// parameters and multiply-accumulates, layer by layer. Computed from the description
/// alone, no weight allocated, in well under a millisecond per hundred layers.
public struct NetworkTrace: Sendable {
    /// The shape of one input sample.
    public let input: FeatureShape
    /// Leaf layers and merges in execution order (branches in order, then their merge row).
    public let rows: [TraceRow]
    /// The shape of one output sample.
    public let output: FeatureShape
    /// The receptive field of one output position of the whole network.
    public let receptiveField: ReceptiveField?

    /// Walks `spec` over `input`; throws the first shape that cannot work, naming its layer.
    public init(_ spec: LayerSpec, input: FeatureShape) throws(ShapeError) {
        var walker = TraceWalker(input: input)
        let flow = try walker.walk(spec, Flow(shape: input, field: .identity), path: "", depth: 0)
        self.input = input
        self.rows = walker.rows
        self.output = flow.shape
        self.receptiveField = flow.field
    }

    /// All learnable scalars.
    public var totalParameters: Int { rows.reduce(0) { $0 + $1.parameters } }
    /// All multiply-accumulates per sample.
    public var totalMultiplyAccumulates: Int { rows.reduce(0) { $0 + $1.multiplyAccumulates } }
    /// Giga multiply-accumulates per sample: the number torchvision publishes as "GFLOPS".
    public var gigaMultiplyAccumulates: Double { Double(totalMultiplyAccumulates) / 1e9 }
    /// Scalars held by every row's output for one sample (what a forward pass keeps for backward).
    public var activationElements: Int { rows.reduce(0) { $0 + $1.outputShape.elementCount } }
    /// Activation memory in bytes for one sample, as `Float` (4 bytes a scalar).
    public var activationBytes: Int { activationElements * MemoryLayout<Float>.size }
}

extension LayerSpec {
    /// The output shape for one input sample of shape `input`, by PyTorch's rules.
    public func outputShape(for input: FeatureShape) throws(ShapeError) -> FeatureShape {
        try NetworkTrace(self, input: input).output
    }

    /// The theoretical receptive field of one output position at the given input shape.
    public func receptiveField(for input: FeatureShape) throws(ShapeError) -> ReceptiveField? {
        try NetworkTrace(self, input: input).receptiveField
    }

    /// Learnable scalars (weights, biases, batch-norm scale and shift); no input shape needed.
    public var parameterCount: Int {
        switch self {
        case let .conv(c): c.parameterCount
        case let .batchNorm(channels): 2 * channels
        case let .linear(i, o, bias): i * o + (bias ? o : 0)
        case .activation, .maxPool, .avgPool, .adaptiveAvgPool, .flatten, .dropout: 0
        case let .sequential(items), let .concat(items): items.reduce(0) { $0 + $1.parameterCount }
        case let .residual(body, shortcut, _): body.parameterCount + (shortcut?.parameterCount ?? 0)
        case let .highway(body, gate, _): body.parameterCount + gate.parameterCount
        case let .named(_, inner), let .functional(_, inner): inner.parameterCount
        }
    }
}

extension ConvSpec {
    /// Weights plus biases: C_out·(C_in/groups)·K_h·K_w (+ C_out).
    public var parameterCount: Int {
        outChannels * (inChannels / max(groups, 1)) * kernel.h * kernel.w + (bias ? outChannels : 0)
    }
}

/// The shape and receptive field flowing along one edge of the network.
struct Flow {
    var shape: FeatureShape
    var field: ReceptiveField?
}
