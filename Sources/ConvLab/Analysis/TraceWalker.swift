/// The recursive walk behind `NetworkTrace`: one method per kind of layer, each computing
/// the output shape (PyTorch's rules), the receptive field, and the costs of one sample.
/// Paths follow torchvision's feature-extraction node names (`get_graph_node_names`): a
/// module's row is its module path; an operation its parent module's `forward` calls as a
/// function is that module's path and the function's name (`layer1.0.add`, `Mixed_5b.cat`);
/// a module or operation applied again gets `_1`, `_2`, … (`layer1.0.relu_1`).
struct TraceWalker {
    let input: FeatureShape
    var rows: [TraceRow] = []
    /// How many rows have asked for each path so far, for the `_1`, `_2` suffixes of repeats.
    private var uses: [String: Int] = [:]
    /// Every path given to a row so far.
    private var taken: Set<String> = []
    /// Whether leaves compute their output shapes; off for `LayerTable`, which lists layers
    /// without an input, so every flow keeps the placeholder input shape.
    var infersShapes = true

    init(input: FeatureShape) { self.input = input }

    /// The field of a unit that sees the whole input image.
    var globalField: ReceptiveField {
        guard case let .image(_, h, w) = input else { return ReceptiveField(size: 1, jump: 1, centerH: 0, centerW: 0, isGlobal: true) }
        return ReceptiveField(size: Size2D(h: h, w: w), jump: Size2D(h: h, w: w),
                              centerH: Double(h - 1) / 2, centerW: Double(w - 1) / 2, isGlobal: true)
    }

    /// Walks `spec` with the module path `path` of its enclosing module (plus its own name, if
    /// it is a module); `label` is the full name of the spec's own row when a `.functional`
    /// wrapper gave it one.
    mutating func walk(_ spec: LayerSpec, _ flow: Flow, path: String, label: String? = nil, depth: Int) throws(ShapeError) -> Flow {
        let name = path.isEmpty ? "(top)" : path
        switch spec {
        case let .sequential(items):
            var current = flow
            for (i, item) in items.enumerated() {
                current = try walk(item, current, path: child(path, "\(i)", item), depth: depth + 1)
            }
            return current
        case let .named(component, inner):
            return try walk(inner, flow, path: join(path, component), depth: depth)
        case let .functional(function, inner):
            return try walk(inner, flow, path: path, label: function.isEmpty ? label : join(path, function), depth: depth)
        case let .residual(body, shortcut, _):
            let main = try walk(body, flow, path: path, depth: depth + 1)
            let side = try shortcut.map { s throws(ShapeError) in try walk(s, flow, path: child(path, "shortcut", s), depth: depth + 1) } ?? flow
            guard main.shape == side.shape else { throw .branchMismatch(layer: name, shapes: [main.shape, side.shape]) }
            return merge(spec, flow, Flow(shape: main.shape, field: union([main.field, side.field])),
                         path: label ?? join(path, "add"), depth: depth)
        case let .highway(body, gate, _):
            let main = try walk(body, flow, path: child(path, "body", body), depth: depth + 1)
            let gated = try walk(.conv(gate), flow, path: child(path, "gate", .conv(gate)), depth: depth + 1)
            guard main.shape == flow.shape, gated.shape == flow.shape else {
                throw .branchMismatch(layer: name, shapes: [flow.shape, main.shape, gated.shape])
            }
            return merge(spec, flow, Flow(shape: flow.shape, field: union([main.field, gated.field, flow.field])),
                         path: label ?? join(path, "add"), depth: depth)
        case let .concat(branches):
            return try concat(spec, branches, flow, path: path, label: label, depth: depth)
        default:
            let out = infersShapes ? try leaf(spec, flow, name: label ?? name) : flow
            rows.append(TraceRow(path: unique(label ?? name), depth: depth, spec: spec, isMerge: false, inputShape: flow.shape,
                                 outputShape: out.shape, parameters: spec.parameterCount,
                                 multiplyAccumulates: macs(spec, out.shape), receptiveField: out.field))
            return out
        }
    }

    /// The path of an item of a sequential or concat: its own name if it has one, else its index.
    private func child(_ path: String, _ component: String, _ item: LayerSpec) -> String {
        switch item {
        case .named, .functional: path
        default: join(path, component)
        }
    }

    private func join(_ path: String, _ component: String) -> String {
        path.isEmpty ? component : "\(path).\(component)"
    }

    /// `path` the first time, then `path_1`, `path_2`, … as torchvision numbers repeated nodes.
    private mutating func unique(_ path: String) -> String {
        var count = uses[path, default: 0]
        var result = count == 0 ? path : "\(path)_\(count)"
        while taken.contains(result) {
            count += 1
            result = "\(path)_\(count)"
        }
        uses[path] = count + 1
        taken.insert(result)
        return result
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
        rows.append(TraceRow(path: unique(path), depth: depth, spec: spec, isMerge: true,
                             inputShape: input.shape, outputShape: out.shape, parameters: 0,
                             multiplyAccumulates: 0, receptiveField: out.field))
        return out
    }

    private mutating func concat(_ spec: LayerSpec, _ branches: [LayerSpec], _ flow: Flow, path: String, label: String?,
                                 depth: Int) throws(ShapeError) -> Flow {
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
                                      field: union(outs.map(\.field))), path: label ?? join(path, "cat"), depth: depth)
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
