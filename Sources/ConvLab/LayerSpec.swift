/// A network's description without its weights: what every layer is and how layers connect.
///
/// Receptive fields, parameter counts and costs are computed from a `LayerSpec` alone, so
/// VGG-16's 138 M parameters are counted without allocating them. `instantiate` allocates
/// weights and returns a runnable `Layer`; every layer reports its `spec` back.
public indirect enum LayerSpec: Hashable, Sendable {
    /// A 2-D convolution.
    case conv(ConvSpec)
    /// Batch normalisation over the channels of an NCHW tensor (scale and shift per channel).
    case batchNorm(channels: Int)
    /// An element-wise nonlinearity.
    case activation(Activation)
    /// Max pooling.
    case maxPool(PoolSpec)
    /// Average pooling.
    case avgPool(PoolSpec)
    /// Average pooling to a fixed output size (1×1 is global average pooling), as PyTorch's
    /// `AdaptiveAvgPool2d`.
    case adaptiveAvgPool(output: Size2D)
    /// Flattens [N, C, H, W] to [N, C·H·W].
    case flatten
    /// A fully connected layer on [N, inFeatures].
    case linear(inFeatures: Int, outFeatures: Int, bias: Bool)
    /// Dropout: zeroes each element with `probability` in training, the identity in inference.
    case dropout(probability: Double)
    /// Layers applied one after another.
    case sequential([LayerSpec])
    /// y = shortcut(x) + branchScale · body(x); a nil shortcut is the identity.
    case residual(body: LayerSpec, shortcut: LayerSpec?, branchScale: Float)
    /// A highway layer (Srivastava et al., 2015): T = σ(gate(x)), y = T·body(x) + (1 − T)·x,
    /// with the gate's bias initialised to `gateBias` (negative, so it starts by carrying x).
    case highway(body: LayerSpec, gate: ConvSpec, gateBias: Float)
    /// Parallel branches on the same input, concatenated along channels (Inception).
    case concat([LayerSpec])
    /// A module held under a name, as PyTorch holds a submodule: an attribute (`conv1`) or an
    /// `nn.Sequential` index (`0`). Every row of the layers inside has the name in its
    /// `TraceRow.path` (`layer1.0.conv1`).
    case named(String, LayerSpec)
    /// Code in the enclosing module's `forward` rather than a module of its own, such as
    /// `torch.flatten`, `F.relu`, `torch.cat` or the `+` of a residual block. The layers
    /// inside keep the enclosing module's path; the row of this layer itself (a leaf, or the
    /// merge of a residual, highway or concat) is called `name` there, as torchvision's
    /// feature extraction names it (`flatten`, `relu`, `cat`, `add`). An empty name groups
    /// layers without naming anything: a merge then keeps its default name, `add` or `cat`.
    case functional(String, LayerSpec)
}

/// The hyper-parameters of one convolution.
public struct ConvSpec: Hashable, Sendable, Codable {
    /// Input channels.
    public var inChannels: Int
    /// Output channels.
    public var outChannels: Int
    /// Kernel height and width.
    public var kernel: Size2D
    /// Stride per axis.
    public var stride: Size2D
    /// Zero padding per side.
    public var padding: Padding2D
    /// Dilation per axis.
    public var dilation: Size2D
    /// Channel groups (inChannels for depthwise).
    public var groups: Int
    /// Whether the convolution adds a learned bias per output channel.
    public var bias: Bool

    /// A convolution description; defaults are PyTorch's `Conv2d` defaults.
    public init(inChannels: Int, outChannels: Int, kernel: Size2D, stride: Size2D = 1, padding: Padding2D = 0,
                dilation: Size2D = 1, groups: Int = 1, bias: Bool = true) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
        self.bias = bias
    }

    /// The weight's shape, [C_out, C_in/groups, K_h, K_w].
    public var weightShape: [Int] { [outChannels, inChannels / groups, kernel.h, kernel.w] }
}

/// The hyper-parameters of a pooling window.
public struct PoolSpec: Hashable, Sendable, Codable {
    /// Window height and width.
    public var kernel: Size2D
    /// Stride per axis (PyTorch's default is the kernel size).
    public var stride: Size2D
    /// Padding per side (read as −∞ by max pooling and as 0 by average pooling).
    public var padding: Padding2D
    /// Round the output size up instead of down, as Caffe did and GoogLeNet and SqueezeNet use.
    public var ceilMode: Bool
    /// Whether average pooling divides by the whole window, padding included (PyTorch's default).
    public var countIncludePad: Bool

    /// A pooling description; the stride defaults to the kernel size.
    public init(kernel: Size2D, stride: Size2D? = nil, padding: Padding2D = 0, ceilMode: Bool = false,
                countIncludePad: Bool = true) {
        self.kernel = kernel
        self.stride = stride ?? kernel
        self.padding = padding
        self.ceilMode = ceilMode
        self.countIncludePad = countIncludePad
    }
}

/// The element-wise nonlinearities.
public enum Activation: String, Hashable, Sendable, Codable, CaseIterable {
    /// max(0, x)
    case relu
    /// min(max(0, x), 6), as MobileNetV2 uses.
    case relu6
    /// 1 / (1 + e^−x)
    case sigmoid
    /// tanh(x)
    case tanh
    /// x (no nonlinearity), for linear stacks in receptive-field experiments.
    case identity
}
