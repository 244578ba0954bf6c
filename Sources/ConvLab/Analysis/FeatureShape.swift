/// The shape of one sample as it flows through a network, batch axis excluded: an image
/// [C, H, W] before `flatten`, a vector [F] after it. Costs are counted per sample, as
/// torchvision counts its published GFLOPS.
public enum FeatureShape: Hashable, Sendable, CustomStringConvertible {
    /// Channels, height and width (NCHW without the N).
    case image(channels: Int, height: Int, width: Int)
    /// A flat feature vector.
    case vector(Int)

    /// An image shape from its channels and a square side.
    public static func image(channels: Int, side: Int) -> FeatureShape {
        .image(channels: channels, height: side, width: side)
    }

    /// The number of scalars in one sample.
    public var elementCount: Int {
        switch self {
        case let .image(c, h, w): c * h * w
        case let .vector(f): f
        }
    }

    /// The extents as an array, as PyTorch prints them without the batch: [C, H, W] or [F].
    public var dimensions: [Int] {
        switch self {
        case let .image(c, h, w): [c, h, w]
        case let .vector(f): [f]
        }
    }

    /// The shape of a batch of `n` samples, ready for `Tensor`.
    public func tensorShape(batch n: Int) -> [Int] { [n] + dimensions }

    /// `[64, 112, 112]` or `[1000]`.
    public var description: String { "[" + dimensions.map(String.init).joined(separator: ", ") + "]" }
}

/// Why a description cannot run on a given input. Every case names the layer by its path
/// in the network (such as `features.3` or `layer2.0.conv1`), so the message says where to look.
public enum ShapeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A layer needs an image [C, H, W] but receives a flat vector, or the reverse.
    case wrongRank(layer: String, expected: String, got: FeatureShape)
    /// The channels (or features) arriving differ from what the layer was built for.
    case channelMismatch(layer: String, expected: Int, got: Int)
    /// The (dilated) window is larger than the padded input, so there is no output position.
    case inputTooSmall(layer: String, input: FeatureShape, window: Size2D, padded: Size2D)
    /// A hyper-parameter is out of range (stride 0, negative padding, groups not dividing channels…).
    case invalidHyperparameter(layer: String, reason: String)
    /// The branches of a residual, highway or concat layer disagree on their output shapes.
    case branchMismatch(layer: String, shapes: [FeatureShape])

    /// A message a user can act on.
    public var description: String {
        switch self {
        case let .wrongRank(layer, expected, got):
            "\(layer): expects \(expected), got \(got); add a flatten (or remove one) before it"
        case let .channelMismatch(layer, expected, got):
            "\(layer): built for \(expected) input channels or features, but receives \(got); fix the previous layer's output size"
        case let .inputTooSmall(layer, input, window, padded):
            "\(layer): its \(window.h)×\(window.w) window (with dilation) does not fit the padded input \(padded.h)×\(padded.w) of shape \(input); use a larger input or fewer downsampling layers"
        case let .invalidHyperparameter(layer, reason):
            "\(layer): \(reason)"
        case let .branchMismatch(layer, shapes):
            "\(layer): branches produce shapes \(shapes.map(\.description).joined(separator: ", ")), which cannot be combined; match their strides and paddings"
        }
    }
}

/// Output-size arithmetic, exactly as PyTorch's `conv_output_size` and `pooling_output_shape`.
enum OutputSize {
    /// floor((n + padBefore + padAfter − span) / stride) + 1, with span = dilation·(k − 1) + 1.
    static func convolution(_ n: Int, kernel: Int, stride: Int, padBefore: Int, padAfter: Int, dilation: Int) -> Int? {
        let span = dilation * (kernel - 1) + 1
        let padded = n + padBefore + padAfter
        guard span <= padded else { return nil }
        return (padded - span) / stride + 1
    }

    /// PyTorch's pooling size: with `ceilMode` round up, but drop a last window that would
    /// start inside the right padding (it would see padding only).
    static func pooling(_ n: Int, kernel: Int, stride: Int, padBefore: Int, padAfter: Int, ceilMode: Bool) -> Int? {
        let padded = n + padBefore + padAfter
        guard kernel <= padded else { return nil }
        let numerator = padded - kernel + (ceilMode ? stride - 1 : 0)
        var size = numerator / stride + 1
        if ceilMode && (size - 1) * stride >= n + padBefore { size -= 1 }
        return size >= 1 ? size : nil
    }
}
