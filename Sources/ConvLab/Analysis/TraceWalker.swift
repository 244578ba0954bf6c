/// The recursive walk behind `NetworkTrace`: one method per kind of layer, each computing
/// the output shape (PyTorch's rules), the receptive field, and the costs of one sample.
struct TraceWalker {
    let input: FeatureShape
    var rows: [TraceRow] = []

    init(input: FeatureShape) { self.input = input }

    /// The field of a unit that sees the whole input image.
    var globalField: ReceptiveField {
        guard case let .image(_, h, w) = input else { return ReceptiveField(size: 1, jump: 1, centerH: 0, centerW: 0, isGlobal: true) }
        return ReceptiveField(size: Size2D(h: h, w: w), jump: Size2D(h: h, w: w),
                              centerH: Double(h - 1) / 2, centerW: Double(w - 1) / 2, isGlobal: true)
    }

    mutating func walk(_ spec: LayerSpec, _ flow: Flow, path: String, depth: Int) throws(ShapeError) -> Flow {
        let name = path.isEmpty ? "(top)" : path
        switch spec {
        case let .sequential(items):
            var current = flow
            for (i, item) in items.enumerated() {
                current = try walk(item, current, path: child(path, "\(i)", item), depth: depth + 1)
            }
            return current
        case let .named(label, inner):
            return try walk(inner, flow, path: path.isEmpty ? label : "\(path).\(label)", depth: depth)
        case let .residual(body, shortcut, _):
            let main = try walk(body, flow, path: path, depth: depth + 1)
            let side = try shortcut.map { s throws(ShapeError) in try walk(s, flow, path: child(path, "shortcut", s), depth: depth + 1) } ?? flow
            guard main.shape == side.shape else { throw .branchMismatch(layer: name, shapes: [main.shape, side.shape]) }
            return merge(spec, flow, Flow(shape: main.shape, field: union([main.field, side.field])), path: path, depth: depth)
        case let .highway(body, gate, _):
            let main = try walk(body, flow, path: child(path, "body", body), depth: depth + 1)
            let gated = try walk(.conv(gate), flow, path: child(path, "gate", .conv(gate)), depth: depth + 1)
            guard main.shape == flow.shape, gated.shape == flow.shape else {
                throw .branchMismatch(layer: name, shapes: [flow.shape, main.shape, gated.shape])
            }
            return merge(spec, flow, Flow(shape: flow.shape, field: union([main.field, gated.field, flow.field])), path: path, depth: depth)
        case let .concat(branches):
            return try concat(spec, branches, flow, path: path, depth: depth)
        default:
            let out = try leaf(spec, flow, name: name)
            rows.append(TraceRow(path: name, depth: depth, spec: spec, isMerge: false, inputShape: flow.shape,
                                 outputShape: out.shape, parameters: spec.parameterCount,
                                 multiplyAccumulates: macs(spec, out.shape), receptiveField: out.field))
            return out
        }
    }

    private func child(_ path: String, _ component: String, _ item: LayerSpec) -> String {
        if case .named = item { return path }
        return path.isEmpty ? component : "\(path).\(component)"
    }

    private func union(_ fields: [ReceptiveField?]) -> ReceptiveField? {
        guard var result = fields.first ?? nil else { return nil }
        for field in fields.dropFirst() {
            guard let field, let joined = result.union(field) else { return nil }
            result = joined
        }
        return result
    }

    private mutating func merge(_ spec: LayerSpec, _ input: Flow, _ out: Flow, path: String, depth: Int) -> Flow {
        rows.append(TraceRow(path: path.isEmpty ? "(top)" : path, depth: depth, spec: spec, isMerge: true,
                             inputShape: input.shape, outputShape: out.shape, parameters: 0,
                             multiplyAccumulates: 0, receptiveField: out.field))
        return out
    }

    private mutating func concat(_ spec: LayerSpec, _ branches: [LayerSpec], _ flow: Flow, path: String, depth: Int) throws(ShapeError) -> Flow {
        let name = path.isEmpty ? "(top)" : path
        guard !branches.isEmpty else { throw .invalidHyperparameter(layer: name, reason: "a concat needs at least one branch") }
        var outs: [Flow] = []
        for (i, branch) in branches.enumerated() {
            outs.append(try walk(branch, flow, path: child(path, "\(i)", branch), depth: depth + 1))
        }
        var channels = 0
        var spatial: (Int, Int)?
        for out in outs {
            guard case let .image(c, h, w) = out.shape else { throw .branchMismatch(layer: name, shapes: outs.map(\.shape)) }
            if let spatial, spatial != (h, w) { throw .branchMismatch(layer: name, shapes: outs.map(\.shape)) }
            channels += c
            spatial = (h, w)
        }
        let (h, w) = spatial ?? (0, 0)
        return merge(spec, flow, Flow(shape: .image(channels: channels, height: h, width: w),
                                      field: union(outs.map(\.field))), path: path, depth: depth)
    }

    private func macs(_ spec: LayerSpec, _ output: FeatureShape) -> Int {
        switch spec {
        case let .conv(c):
            guard case let .image(_, h, w) = output else { return 0 }
            return c.outChannels * h * w * (c.inChannels / c.groups) * c.kernel.h * c.kernel.w
        case let .linear(i, o, _): return i * o
        default: return 0
        }
    }
}
