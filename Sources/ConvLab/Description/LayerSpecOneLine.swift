/// One-line descriptions of layers in ConvLab's own words (its class names, arrows for
/// channels, settings named in full), for `print(layer)` and the rows of `LayerTable`.
/// `LayerSpec.summary` keeps PyTorch's words (`Conv2d(3, 64, k=7, s=2, p=3)`) for the cost
/// and receptive-field tables, which are read beside torchvision's.
extension LayerSpec {
    /// `Conv2D(64→64, kernel 3×3, padding 1)`, `ReLU()`, `Residual(x + body(x))`: what the
    /// layer is, its settings that differ from the defaults, and no parameter count.
    public var oneLine: String {
        switch self {
        case let .conv(c): return "Conv2D(" + c.settings.joined(separator: ", ") + ")"
        case let .batchNorm(channels): return "BatchNorm2D(\(channels))"
        case let .activation(a): return a.constructor + "()"
        case let .maxPool(p): return "MaxPool2D(" + p.settings(average: false).joined(separator: ", ") + ")"
        case let .avgPool(p): return "AvgPool2D(" + p.settings(average: true).joined(separator: ", ") + ")"
        case let .adaptiveAvgPool(output): return "AdaptiveAvgPool2D(output \(output.h)×\(output.w))"
        case .flatten: return "Flatten()"
        case let .linear(i, o, bias): return "Linear(\(i)→\(o)" + (bias ? "" : ", no bias") + ")"
        case let .dropout(p): return "Dropout(probability \(p))"
        case let .sequential(items): return "Sequential(\(items.count) " + (items.count == 1 ? "layer)" : "layers)")
        case let .residual(_, shortcut, scale):
            let branch = scale == 1 ? "body(x)" : "\(scale)·body(x)"
            return "Residual(" + (shortcut == nil ? "x" : "shortcut(x)") + " + " + branch + ")"
        case let .highway(_, gate, bias):
            return "Highway(T·body(x) + (1 − T)·x, T = σ(gate \(gate.kernel.h)×\(gate.kernel.w)), gate bias \(bias))"
        case let .concat(branches): return "Concat(\(branches.count) " + (branches.count == 1 ? "branch)" : "branches)")
        case let .named(_, inner), let .functional(_, inner): return inner.oneLine
        }
    }

    /// Whether the layer holds other layers (a sequential, residual, highway or concat, under
    /// any names): such a layer prints as a table, a leaf as one line.
    public var isComposite: Bool {
        switch self {
        case .sequential, .residual, .highway, .concat: true
        case let .named(_, inner), let .functional(_, inner): inner.isComposite
        default: false
        }
    }
}

extension ConvSpec {
    /// Channels and kernel always; stride, padding, dilation, groups and bias when they
    /// differ from PyTorch's defaults, so the common case stays short.
    var settings: [String] {
        var parts = ["\(inChannels)→\(outChannels)", "kernel \(kernel.h)×\(kernel.w)"]
        if stride != 1 { parts.append("stride \(stride)") }
        if padding != 0 { parts.append("padding \(padding)") }
        if dilation != 1 { parts.append("dilation \(dilation)") }
        if groups != 1 { parts.append("groups \(groups)") }
        if !bias { parts.append("no bias") }
        return parts
    }
}

extension PoolSpec {
    /// The window always; stride (when not the window), padding, ceil mode and, for average
    /// pooling, padding left out of the mean, when they differ from PyTorch's defaults.
    func settings(average: Bool) -> [String] {
        var parts = ["kernel \(kernel.h)×\(kernel.w)"]
        if stride != kernel { parts.append("stride \(stride)") }
        if padding != 0 { parts.append("padding \(padding)") }
        if ceilMode { parts.append("ceil mode") }
        if average && !countIncludePad { parts.append("padding not counted") }
        return parts
    }
}

extension Activation {
    /// The name of the function that builds the layer (`ReLU()`), as a cell writes it.
    var constructor: String {
        switch self {
        case .relu: "ReLU"
        case .relu6: "ReLU6"
        case .sigmoid: "Sigmoid"
        case .tanh: "Tanh"
        case .identity: "Identity"
        }
    }
}
