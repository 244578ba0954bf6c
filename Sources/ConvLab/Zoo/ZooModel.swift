/// A classic network from the zoo: its description, the input it was published for, and
/// auxiliary classifier heads that hang off the main path in training only.
public struct ZooModel: Hashable, Sendable {
    /// torchvision's name, such as `resnet50` or `vgg16_bn`.
    public let name: String
    /// The main path, input to logits.
    public let spec: LayerSpec
    /// The shape of one input sample the published figures use (3×224×224, or 3×299×299 for Inception-v3).
    public let input: FeatureShape
    /// Training-only side heads (GoogLeNet's aux1/aux2, Inception-v3's AuxLogits).
    public let auxiliaryHeads: [AuxiliaryHead]

    /// A zoo entry from its parts.
    public init(name: String, spec: LayerSpec, input: FeatureShape, auxiliaryHeads: [AuxiliaryHead] = []) {
        self.name = name
        self.spec = spec
        self.input = input
        self.auxiliaryHeads = auxiliaryHeads
    }

    /// Parameters of the main path and of every auxiliary head, as `sum(p.numel())` counts them in PyTorch.
    public var parameterCount: Int { spec.parameterCount + auxiliaryHeads.reduce(0) { $0 + $1.spec.parameterCount } }

    /// Shapes, fields and costs of the main path at the published input. Auxiliary heads
    /// do not run in evaluation, so they add no multiply-accumulates (torchvision's GFLOPS neither).
    public func trace() throws(ShapeError) -> NetworkTrace { try NetworkTrace(spec, input: input) }
}

/// A side classifier attached to the output of a named layer of the main path.
public struct AuxiliaryHead: Hashable, Sendable {
    /// The path of the main-path layer whose output feeds the head (for example `Mixed_6e`).
    public let attachedAfter: String
    /// The head, from that layer's output to logits.
    public let spec: LayerSpec

    /// A head from its attachment point and description.
    public init(attachedAfter: String, spec: LayerSpec) {
        self.attachedAfter = attachedAfter
        self.spec = spec
    }
}

/// A child's name in a `Build.seq` list: the attribute or `nn.Sequential` index under which
/// torchvision's module holds it (written as a string), or `.function(name)` for an operation
/// the module's `forward` calls as a function (`torch.flatten`, `F.relu`, `torch.cat`).
struct Child: ExpressibleByStringInterpolation, Sendable {
    let name: String
    let isFunction: Bool

    init(stringLiteral value: String) {
        name = value
        isFunction = false
    }

    private init(function: String) {
        name = function
        isFunction = true
    }

    /// An operation called as a function, named as torchvision's feature extraction names it.
    static func function(_ name: String) -> Child { Child(function: name) }

    /// `spec` under this name.
    func wrap(_ spec: LayerSpec) -> LayerSpec { isFunction ? .functional(name, spec) : .named(name, spec) }
}

/// Terse constructors the zoo files share, named after their PyTorch counterparts.
enum Build {
    static let relu = LayerSpec.activation(.relu)

    static func conv(_ i: Int, _ o: Int, _ k: Size2D, stride: Size2D = 1, padding: Padding2D = 0,
                     groups: Int = 1, bias: Bool = true) -> LayerSpec {
        .conv(ConvSpec(inChannels: i, outChannels: o, kernel: k, stride: stride, padding: padding, groups: groups, bias: bias))
    }

    static func maxPool(_ k: Int, stride: Int, padding: Int = 0, ceil: Bool = false) -> LayerSpec {
        .maxPool(PoolSpec(kernel: Size2D(integerLiteral: k), stride: Size2D(integerLiteral: stride),
                          padding: Padding2D(integerLiteral: padding), ceilMode: ceil))
    }

    static func avgPool(_ k: Int, stride: Int, padding: Int = 0) -> LayerSpec {
        .avgPool(PoolSpec(kernel: Size2D(integerLiteral: k), stride: Size2D(integerLiteral: stride),
                          padding: Padding2D(integerLiteral: padding)))
    }

    static func linear(_ i: Int, _ o: Int) -> LayerSpec { .linear(inFeatures: i, outFeatures: o, bias: true) }

    /// Named layers applied in turn: a module's children (`conv1`, `bn1`, …), an `nn.Sequential`
    /// with its indices written out, or operations of the module's `forward`.
    static func seq(_ items: [(Child, LayerSpec)]) -> LayerSpec {
        .sequential(items.map { $0.0.wrap($0.1) })
    }

    /// Named layers applied in turn by the enclosing module's `forward`, with no module of
    /// their own (an Inception-v3 branch: `branch5x5_1` then `branch5x5_2`).
    static func chain(_ items: [(Child, LayerSpec)]) -> LayerSpec { .functional("", seq(items)) }

    /// torchvision's `BasicConv2d` (GoogLeNet, Inception-v3): conv without bias, batch norm,
    /// then `F.relu` (a function, not a module).
    static func basicConv(_ i: Int, _ o: Int, _ k: Size2D, stride: Size2D = 1, padding: Padding2D = 0) -> LayerSpec {
        seq([("conv", conv(i, o, k, stride: stride, padding: padding, bias: false)),
             ("bn", .batchNorm(channels: o)), (.function("relu"), relu)])
    }
}
