/// Max pooling (PyTorch's `MaxPool2d`, dilation 1): padding reads as −∞, so a window's maximum
/// always comes from the input; `ceilMode` keeps a last partial window.
public final class MaxPool2D: Layer {
    /// Kernel, stride, padding and ceil mode.
    public let poolSpec: PoolSpec
    private var lastInputShape: [Int]?
    /// For each output element, the offset of its maximum inside its input plane.
    private var argmax: [Int32] = []

    /// A max pooling described by `spec`.
    public init(_ spec: PoolSpec) { poolSpec = spec }

    /// A max pooling with PyTorch's arguments; the stride defaults to the kernel size.
    public convenience init(kernel: Size2D, stride: Size2D? = nil, padding: Padding2D = 0, ceilMode: Bool = false) {
        self.init(PoolSpec(kernel: kernel, stride: stride, padding: padding, ceilMode: ceilMode))
    }

    /// `.maxPool` of this layer's window.
    public var spec: LayerSpec { .maxPool(poolSpec) }

    /// The maximum of each window; remembers where it was for backward.
    public func forward(_ input: Tensor) -> Tensor {
        let g = PoolGeometry(poolSpec, inputShape: input.shape, layer: "MaxPool2D")
        var indices = [Int32](repeating: 0, count: g.planes * g.outH * g.outW)
        let output = [Float](unsafeUninitializedCapacity: indices.count) { out, initialized in
            input.scalars.withUnsafeBufferPointer { x in
                indices.withUnsafeMutableBufferPointer { idx in
                    maxPoolForward(g, x, out, idx)
                }
            }
            initialized = indices.count
        }
        lastInputShape = input.shape
        argmax = indices
        return Tensor(shape: g.outputShape, scalars: output)
    }

    /// Routes each output gradient to the input element that was the window's maximum.
    public func backward(_ gradOutput: Tensor) -> Tensor {
        let shape = remembered(lastInputShape, "MaxPool2D")
        let g = PoolGeometry(poolSpec, inputShape: shape, layer: "MaxPool2D")
        requireShape(gradOutput, g.outputShape, "MaxPool2D")
        var gradInput = [Float](repeating: 0, count: shape.reduce(1, *))
        let planeIn = g.inH * g.inW, planeOut = g.outH * g.outW
        gradInput.withUnsafeMutableBufferPointer { dx in
            gradOutput.scalars.withUnsafeBufferPointer { dy in
                argmax.withUnsafeBufferPointer { idx in
                    for plane in 0..<g.planes {
                        for o in 0..<planeOut {
                            dx[plane * planeIn + Int(idx[plane * planeOut + o])] += dy[plane * planeOut + o]
                        }
                    }
                }
            }
        }
        return Tensor(shape: shape, scalars: gradInput)
    }
}

/// Average pooling (PyTorch's `AvgPool2d`): with `countIncludePad` (the default) a window
/// divides by its size including zero padding, but never by the part beyond the trailing
/// padding that ceil mode adds; without it, by the input pixels it covers.
public final class AvgPool2D: Layer {
    /// Kernel, stride, padding, ceil mode and `countIncludePad`.
    public let poolSpec: PoolSpec
    private var lastInputShape: [Int]?

    /// An average pooling described by `spec`.
    public init(_ spec: PoolSpec) { poolSpec = spec }

    /// An average pooling with PyTorch's arguments; the stride defaults to the kernel size.
    public convenience init(kernel: Size2D, stride: Size2D? = nil, padding: Padding2D = 0, ceilMode: Bool = false,
                            countIncludePad: Bool = true) {
        self.init(PoolSpec(kernel: kernel, stride: stride, padding: padding, ceilMode: ceilMode, countIncludePad: countIncludePad))
    }

    /// `.avgPool` of this layer's window.
    public var spec: LayerSpec { .avgPool(poolSpec) }

    /// The mean of each window.
    public func forward(_ input: Tensor) -> Tensor {
        let g = PoolGeometry(poolSpec, inputShape: input.shape, layer: "AvgPool2D")
        lastInputShape = input.shape
        var output = [Float](repeating: 0, count: g.planes * g.outH * g.outW)
        output.withUnsafeMutableBufferPointer { out in
            input.scalars.withUnsafeBufferPointer { x in avgPoolForward(g, x, out) }
        }
        return Tensor(shape: g.outputShape, scalars: output)
    }

    /// Spreads each output gradient evenly over its window (divided by the same count).
    public func backward(_ gradOutput: Tensor) -> Tensor {
        let shape = remembered(lastInputShape, "AvgPool2D")
        let g = PoolGeometry(poolSpec, inputShape: shape, layer: "AvgPool2D")
        requireShape(gradOutput, g.outputShape, "AvgPool2D")
        var gradInput = [Float](repeating: 0, count: shape.reduce(1, *))
        gradInput.withUnsafeMutableBufferPointer { dx in
            gradOutput.scalars.withUnsafeBufferPointer { dy in avgPoolBackward(g, dy, dx) }
        }
        return Tensor(shape: shape, scalars: gradInput)
    }
}

/// One averaging window clipped to the input, and the count it divides by: with
/// `countIncludePad` the window clipped only to the padded input (PyTorch), else the pixels covered.
private struct AvgWindow {
    let yLo: Int, yHi: Int, xLo: Int, xHi: Int, count: Float

    init(_ g: PoolGeometry, _ oy: Int, _ ox: Int) {
        let s = g.spec
        let y0 = oy * s.stride.h - s.padding.top, x0 = ox * s.stride.w - s.padding.left
        let yEnd = Swift.min(y0 + s.kernel.h, g.inH + s.padding.bottom)
        let xEnd = Swift.min(x0 + s.kernel.w, g.inW + s.padding.right)
        yLo = Swift.max(y0, 0); yHi = Swift.min(yEnd, g.inH)
        xLo = Swift.max(x0, 0); xHi = Swift.min(xEnd, g.inW)
        count = Float(s.countIncludePad ? (yEnd - y0) * (xEnd - x0) : (yHi - yLo) * (xHi - xLo))
    }
}

private func avgPoolForward(_ g: PoolGeometry, _ x: UnsafeBufferPointer<Float>, _ out: UnsafeMutableBufferPointer<Float>) {
    let planeIn = g.inH * g.inW, planeOut = g.outH * g.outW
    for oy in 0..<g.outH {
        for ox in 0..<g.outW {
            let w = AvgWindow(g, oy, ox)
            for plane in 0..<g.planes {
                var sum: Float = 0
                for y in w.yLo..<w.yHi { for xx in w.xLo..<w.xHi { sum += x[plane * planeIn + y * g.inW + xx] } }
                out[plane * planeOut + oy * g.outW + ox] = sum / w.count
            }
        }
    }
}

private func avgPoolBackward(_ g: PoolGeometry, _ dy: UnsafeBufferPointer<Float>, _ dx: UnsafeMutableBufferPointer<Float>) {
    let planeIn = g.inH * g.inW, planeOut = g.outH * g.outW
    for oy in 0..<g.outH {
        for ox in 0..<g.outW {
            let w = AvgWindow(g, oy, ox)
            for plane in 0..<g.planes {
                let share = dy[plane * planeOut + oy * g.outW + ox] / w.count
                for y in w.yLo..<w.yHi { for xx in w.xLo..<w.xHi { dx[plane * planeIn + y * g.inW + xx] += share } }
            }
        }
    }
}
