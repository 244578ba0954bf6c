/// Shape and receptive-field rules of the leaf layers.
extension TraceWalker {
    func leaf(_ spec: LayerSpec, _ flow: Flow, name: String) throws(ShapeError) -> Flow {
        switch spec {
        case let .conv(c):
            return try convolution(c, flow, name: name)
        case let .batchNorm(channels):
            let (c, _, _) = try image(flow, name: name)
            guard c == channels else { throw .channelMismatch(layer: name, expected: channels, got: c) }
            return flow
        case .activation, .dropout:
            return flow
        case let .maxPool(p), let .avgPool(p):
            return try pooling(p, flow, name: name)
        case let .adaptiveAvgPool(output):
            return try adaptive(output, flow, name: name)
        case .flatten:
            return Flow(shape: .vector(flow.shape.elementCount), field: globalField)
        case let .linear(inFeatures, outFeatures, _):
            guard case let .vector(f) = flow.shape else {
                throw .wrongRank(layer: name, expected: "a flat vector [\(inFeatures)]", got: flow.shape)
            }
            guard f == inFeatures else { throw .channelMismatch(layer: name, expected: inFeatures, got: f) }
            guard outFeatures >= 1 else { throw .invalidHyperparameter(layer: name, reason: "outFeatures must be at least 1, got \(outFeatures)") }
            return Flow(shape: .vector(outFeatures), field: globalField)
        case .sequential, .residual, .highway, .concat, .named, .functional:
            fatalError("TraceWalker.leaf: \(name) is a container; walk() handles it")
        }
    }

    private func image(_ flow: Flow, name: String) throws(ShapeError) -> (Int, Int, Int) {
        guard case let .image(c, h, w) = flow.shape else {
            throw .wrongRank(layer: name, expected: "an image [C, H, W]", got: flow.shape)
        }
        return (c, h, w)
    }

    private func checkWindow(_ kernel: Size2D, _ stride: Size2D, _ padding: Padding2D, _ dilation: Size2D, name: String) throws(ShapeError) {
        guard kernel.h >= 1, kernel.w >= 1 else { throw .invalidHyperparameter(layer: name, reason: "kernel must be at least 1×1, got \(kernel)") }
        guard stride.h >= 1, stride.w >= 1 else { throw .invalidHyperparameter(layer: name, reason: "stride must be at least 1, got \(stride)") }
        guard dilation.h >= 1, dilation.w >= 1 else { throw .invalidHyperparameter(layer: name, reason: "dilation must be at least 1, got \(dilation)") }
        guard min(padding.top, padding.bottom, padding.left, padding.right) >= 0 else {
            throw .invalidHyperparameter(layer: name, reason: "padding must not be negative, got \(padding)")
        }
    }

    private func convolution(_ c: ConvSpec, _ flow: Flow, name: String) throws(ShapeError) -> Flow {
        let (channels, h, w) = try image(flow, name: name)
        try checkWindow(c.kernel, c.stride, c.padding, c.dilation, name: name)
        guard c.groups >= 1, c.inChannels % c.groups == 0, c.outChannels % c.groups == 0 else {
            throw .invalidHyperparameter(layer: name, reason: "groups \(c.groups) must divide both \(c.inChannels) input and \(c.outChannels) output channels")
        }
        guard channels == c.inChannels else { throw .channelMismatch(layer: name, expected: c.inChannels, got: channels) }
        let p = c.padding
        guard let oh = OutputSize.convolution(h, kernel: c.kernel.h, stride: c.stride.h, padBefore: p.top, padAfter: p.bottom, dilation: c.dilation.h),
              let ow = OutputSize.convolution(w, kernel: c.kernel.w, stride: c.stride.w, padBefore: p.left, padAfter: p.right, dilation: c.dilation.w)
        else {
            throw .inputTooSmall(layer: name, input: flow.shape,
                                 window: Size2D(h: c.dilation.h * (c.kernel.h - 1) + 1, w: c.dilation.w * (c.kernel.w - 1) + 1),
                                 padded: Size2D(h: h + p.top + p.bottom, w: w + p.left + p.right))
        }
        let field = flow.field?.through(kernel: c.kernel, stride: c.stride, padTop: p.top, padLeft: p.left, dilation: c.dilation)
        return Flow(shape: .image(channels: c.outChannels, height: oh, width: ow), field: field)
    }

    private func pooling(_ pool: PoolSpec, _ flow: Flow, name: String) throws(ShapeError) -> Flow {
        let (channels, h, w) = try image(flow, name: name)
        let p = pool.padding
        try checkWindow(pool.kernel, pool.stride, p, 1, name: name)
        // PyTorch refuses padding beyond half the window: such a window could see padding only.
        guard 2 * max(p.top, p.bottom) <= pool.kernel.h, 2 * max(p.left, p.right) <= pool.kernel.w else {
            throw .invalidHyperparameter(layer: name, reason: "pool padding \(p) must be at most half the \(pool.kernel) window")
        }
        guard let oh = OutputSize.pooling(h, kernel: pool.kernel.h, stride: pool.stride.h, padBefore: p.top, padAfter: p.bottom, ceilMode: pool.ceilMode),
              let ow = OutputSize.pooling(w, kernel: pool.kernel.w, stride: pool.stride.w, padBefore: p.left, padAfter: p.right, ceilMode: pool.ceilMode)
        else {
            throw .inputTooSmall(layer: name, input: flow.shape, window: pool.kernel,
                                 padded: Size2D(h: h + p.top + p.bottom, w: w + p.left + p.right))
        }
        let field = flow.field?.through(kernel: pool.kernel, stride: pool.stride, padTop: p.top, padLeft: p.left)
        return Flow(shape: .image(channels: channels, height: oh, width: ow), field: field)
    }

    /// PyTorch's adaptive window i spans [⌊i·n/m⌋, ⌈(i+1)·n/m⌉): uniform (a plain pool with
    /// kernel = stride = n/m) only when m divides n; otherwise the field is not one shape.
    private func adaptive(_ output: Size2D, _ flow: Flow, name: String) throws(ShapeError) -> Flow {
        let (channels, h, w) = try image(flow, name: name)
        guard output.h >= 1, output.w >= 1 else { throw .invalidHyperparameter(layer: name, reason: "adaptive output must be at least 1×1, got \(output)") }
        let shape = FeatureShape.image(channels: channels, height: output.h, width: output.w)
        guard h % output.h == 0, w % output.w == 0 else { return Flow(shape: shape, field: nil) }
        let window = Size2D(h: h / output.h, w: w / output.w)
        return Flow(shape: shape, field: flow.field?.through(kernel: window, stride: window, padTop: 0, padLeft: 0))
    }
}
