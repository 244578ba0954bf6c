/// Average pooling to a fixed output size (PyTorch's `AdaptiveAvgPool2d`): output row i averages
/// input rows floor(i·H/H_out) ..< ceil((i+1)·H/H_out), and likewise for columns, so windows
/// may overlap and differ in size. Output 1×1 is global average pooling.
public final class AdaptiveAvgPool2D: Layer {
    /// The output height and width.
    public let outputSize: Size2D
    private var lastInputShape: [Int]?

    /// An adaptive average pooling to `outputSize` (1 for global average pooling).
    public init(outputSize: Size2D) {
        if outputSize.h < 1 || outputSize.w < 1 {
            fatalError("AdaptiveAvgPool2D: output size must be at least 1×1, got \(outputSize)")
        }
        self.outputSize = outputSize
    }

    /// `.adaptiveAvgPool` of this layer's output size.
    public var spec: LayerSpec { .adaptiveAvgPool(output: outputSize) }

    /// The mean of each adaptive window.
    public func forward(_ input: Tensor) -> Tensor {
        requireImages(input, "AdaptiveAvgPool2D")
        lastInputShape = input.shape
        let (planes, h, w) = (input.shape[0] * input.shape[1], input.shape[2], input.shape[3])
        let (oh, ow) = (outputSize.h, outputSize.w)
        var output = [Float](repeating: 0, count: planes * oh * ow)
        output.withUnsafeMutableBufferPointer { out in
            input.scalars.withUnsafeBufferPointer { x in
                for plane in 0..<planes {
                    for i in 0..<oh {
                        let (y0, y1) = adaptiveRange(i, h, oh)
                        for j in 0..<ow {
                            let (x0, x1) = adaptiveRange(j, w, ow)
                            var sum: Float = 0
                            for y in y0..<y1 { for xx in x0..<x1 { sum += x[plane * h * w + y * w + xx] } }
                            out[plane * oh * ow + i * ow + j] = sum / Float((y1 - y0) * (x1 - x0))
                        }
                    }
                }
            }
        }
        return Tensor(shape: [input.shape[0], input.shape[1], oh, ow], scalars: output)
    }

    /// Spreads each output gradient evenly over its window.
    public func backward(_ gradOutput: Tensor) -> Tensor {
        let shape = remembered(lastInputShape, "AdaptiveAvgPool2D")
        let (planes, h, w) = (shape[0] * shape[1], shape[2], shape[3])
        let (oh, ow) = (outputSize.h, outputSize.w)
        requireShape(gradOutput, [shape[0], shape[1], oh, ow], "AdaptiveAvgPool2D")
        var gradInput = [Float](repeating: 0, count: planes * h * w)
        gradInput.withUnsafeMutableBufferPointer { dx in
            gradOutput.scalars.withUnsafeBufferPointer { dy in
                for plane in 0..<planes {
                    for i in 0..<oh {
                        let (y0, y1) = adaptiveRange(i, h, oh)
                        for j in 0..<ow {
                            let (x0, x1) = adaptiveRange(j, w, ow)
                            let share = dy[plane * oh * ow + i * ow + j] / Float((y1 - y0) * (x1 - x0))
                            for y in y0..<y1 { for xx in x0..<x1 { dx[plane * h * w + y * w + xx] += share } }
                        }
                    }
                }
            }
        }
        return Tensor(shape: shape, scalars: gradInput)
    }
}

/// PyTorch's adaptive window: start = floor(i·size/out), end = ceil((i+1)·size/out).
func adaptiveRange(_ i: Int, _ size: Int, _ out: Int) -> (Int, Int) {
    (i * size / out, ((i + 1) * size + out - 1) / out)
}

/// Flattens [N, C, H, W] (or any rank ≥ 2) to [N, C·H·W], as PyTorch's `Flatten()`.
public final class Flatten: Layer {
    private var lastInputShape: [Int]?

    /// A flattening layer.
    public init() {}

    /// `.flatten`.
    public var spec: LayerSpec { .flatten }

    /// The same scalars viewed as [N, rest].
    public func forward(_ input: Tensor) -> Tensor {
        if input.rank < 2 { fatalError("Flatten: expects a batch of rank 2 or more, got shape \(input.shape)") }
        lastInputShape = input.shape
        return input.reshaped([input.shape[0], input.count / Swift.max(input.shape[0], 1)])
    }

    /// The gradient viewed back in the input's shape.
    public func backward(_ gradOutput: Tensor) -> Tensor {
        let shape = remembered(lastInputShape, "Flatten")
        requireShape(gradOutput, [shape[0], shape.dropFirst().reduce(1, *)], "Flatten")
        return gradOutput.reshaped(shape)
    }
}
