import Foundation

extension LayerSpec {
    /// A one-line description for tables, in PyTorch's words: `Conv2d(3, 64, k=7, s=2, p=3)`,
    /// `MaxPool2d(k=3, s=2, ceil)`, `Residual`, `Concat(4)`.
    public var summary: String {
        switch self {
        case let .conv(c):
            var parts = ["\(c.inChannels), \(c.outChannels)", "k=\(c.kernel)"]
            if c.stride != 1 { parts.append("s=\(c.stride)") }
            if c.padding != 0 { parts.append("p=\(c.padding)") }
            if c.dilation != 1 { parts.append("d=\(c.dilation)") }
            if c.groups != 1 { parts.append("g=\(c.groups)") }
            if !c.bias { parts.append("no bias") }
            return "Conv2d(" + parts.joined(separator: ", ") + ")"
        case let .batchNorm(channels): return "BatchNorm2d(\(channels))"
        case let .activation(a):
            switch a {
            case .relu: return "ReLU"
            case .relu6: return "ReLU6"
            case .sigmoid: return "Sigmoid"
            case .tanh: return "Tanh"
            case .identity: return "Identity"
            }
        case let .maxPool(p): return "MaxPool2d(\(p.summary))"
        case let .avgPool(p): return "AvgPool2d(\(p.summary))"
        case let .adaptiveAvgPool(output): return "AdaptiveAvgPool2d(\(output))"
        case .flatten: return "Flatten"
        case let .linear(i, o, bias): return "Linear(\(i), \(o)\(bias ? "" : ", no bias"))"
        case let .dropout(p): return "Dropout(\(p))"
        case let .sequential(items): return "Sequential(\(items.count))"
        case let .residual(_, shortcut, scale):
            return "Residual add" + (shortcut == nil ? "" : " (projection)") + (scale == 1 ? "" : " ×\(scale)")
        case .highway: return "Highway gate"
        case let .concat(branches): return "Concat(\(branches.count) branches)"
        case let .named(_, inner), let .functional(_, inner): return inner.summary
        }
    }
}

extension PoolSpec {
    var summary: String {
        var parts = ["k=\(kernel)"]
        if stride != kernel { parts.append("s=\(stride)") }
        if padding != 0 { parts.append("p=\(padding)") }
        if ceilMode { parts.append("ceil") }
        return parts.joined(separator: ", ")
    }
}

extension NetworkTrace {
    /// A torchinfo-like summary: every layer with its output shape, parameters and
    /// multiply-accumulates, then totals and activation memory for one sample.
    public func costTable() -> String {
        let body = rows.map { row in
            [row.path, row.spec.summary, row.outputShape.description, groupedDigits(row.parameters),
             groupedDigits(row.multiplyAccumulates)]
        }
        let table = TextTable(header: ["Layer", "Type", "Output shape", "Params", "MACs"], rows: body,
                              alignRight: [false, false, false, true, true])
        let megabytes = Double(activationBytes) / 1_048_576
        return table.description + "\n" + [
            "Total params: \(groupedDigits(totalParameters))",
            "Total mult-adds: \(groupedDigits(totalMultiplyAccumulates)) (\(String(format: "%.2f", gigaMultiplyAccumulates)) G)",
            "Input: \(input), activations per sample: \(groupedDigits(activationElements)) scalars (\(String(format: "%.2f", megabytes)) MB as Float)",
        ].joined(separator: "\n")
    }

    /// The receptive field layer by layer: size per axis, jump and the centre of output (0, 0)'s field.
    public func receptiveFieldTable() -> String {
        let body = rows.map { row -> [String] in
            let cells = [row.path, row.spec.summary, row.outputShape.description]
            guard let field = row.receptiveField else { return cells + ["undefined", "", "", ""] }
            if field.isGlobal { return cells + ["global", "", "", ""] }
            return cells + ["\(field.size.h)×\(field.size.w)", "\(field.jump.h)×\(field.jump.w)",
                            ReceptiveField.format(field.centerH) + ", " + ReceptiveField.format(field.centerW),
                            ReceptiveField.format(field.startH) + ", " + ReceptiveField.format(field.startW)]
        }
        return TextTable(header: ["Layer", "Type", "Output shape", "Field", "Jump", "Centre", "Start"], rows: body,
                         alignRight: [false, false, false, true, true, true, true]).description
    }
}
