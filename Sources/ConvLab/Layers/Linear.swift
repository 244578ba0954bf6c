/// A fully connected layer (PyTorch's `Linear`): y = x·Wᵀ + b for x of shape [N, in], with
/// the weight stored [out, in] as PyTorch stores it.
public final class Linear: Layer {
    /// Input features.
    public let inFeatures: Int
    /// Output features.
    public let outFeatures: Int
    /// The weight, shaped [out, in].
    public let weight: Parameter
    /// One value per output feature, or nil without bias.
    public let bias: Parameter?
    private var lastInput: Tensor?

    /// A linear layer initialised from `generator`.
    public init(inFeatures: Int, outFeatures: Int, bias: Bool = true, initializer: Initializer = .pytorchDefault,
                using generator: inout SeededGenerator) {
        if inFeatures < 1 || outFeatures < 1 {
            fatalError("Linear: features must be at least 1, got \(inFeatures)→\(outFeatures)")
        }
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        let shape = [outFeatures, inFeatures]
        weight = Parameter("weight", initializer.weight(shape, using: &generator))
        self.bias = bias ? Parameter("bias", initializer.bias(outFeatures, weightShape: shape, using: &generator)) : nil
    }

    /// A linear layer initialised from the process-wide generator (`manualSeed`).
    public convenience init(inFeatures: Int, outFeatures: Int, bias: Bool = true, initializer: Initializer = .pytorchDefault) {
        var generator = withGlobalGenerator { SeededGenerator(seed: $0.next()) }
        self.init(inFeatures: inFeatures, outFeatures: outFeatures, bias: bias, initializer: initializer, using: &generator)
    }

    /// `.linear` of this layer's sizes.
    public var spec: LayerSpec { .linear(inFeatures: inFeatures, outFeatures: outFeatures, bias: bias != nil) }
    /// The weight, then the bias if any.
    public var ownParameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    /// x·Wᵀ + b, remembering x.
    public func forward(_ input: Tensor) -> Tensor {
        guard input.rank == 2, input.shape[1] == inFeatures else {
            fatalError("Linear: expects input [N, \(inFeatures)], got shape \(input.shape) (add Flatten() before a Linear after convolutions)")
        }
        lastInput = input
        let n = input.shape[0]
        var output = [Float](repeating: 0, count: n * outFeatures)
        output.withUnsafeMutableBufferPointer { y in
            input.scalars.withUnsafeBufferPointer { x in
                weight.value.scalars.withUnsafeBufferPointer { w in
                    linearForward(x, w, bias?.value.scalars, y, n: n, inFeatures: inFeatures, outFeatures: outFeatures)
                }
            }
        }
        return Tensor(shape: [n, outFeatures], scalars: output)
    }

    /// ∂W += dyᵀ·x, ∂b += Σ_n dy, returns dy·W.
    public func backward(_ gradOutput: Tensor) -> Tensor {
        let input = remembered(lastInput, "Linear")
        let n = input.shape[0]
        requireShape(gradOutput, [n, outFeatures], "Linear")
        var gradInput = [Float](repeating: 0, count: n * inFeatures)
        gradInput.withUnsafeMutableBufferPointer { dx in
            gradOutput.scalars.withUnsafeBufferPointer { dy in
                input.scalars.withUnsafeBufferPointer { x in
                    weight.value.scalars.withUnsafeBufferPointer { w in
                        weight.grad.scalars.withUnsafeMutableBufferPointer { dw in
                            linearBackward(dy, x, w, dx, dw, n: n, inFeatures: inFeatures, outFeatures: outFeatures)
                        }
                    }
                }
            }
        }
        if let bias {
            bias.grad.scalars.withUnsafeMutableBufferPointer { db in
                gradOutput.scalars.withUnsafeBufferPointer { dy in
                    for s in 0..<n { for o in 0..<outFeatures { db[o] += dy[s * outFeatures + o] } }
                }
            }
        }
        return Tensor(shape: input.shape, scalars: gradInput)
    }
}

private func linearForward(_ x: UnsafeBufferPointer<Float>, _ w: UnsafeBufferPointer<Float>, _ bias: [Float]?,
                           _ y: UnsafeMutableBufferPointer<Float>, n: Int, inFeatures: Int, outFeatures: Int) {
    for s in 0..<n {
        for o in 0..<outFeatures {
            var sum: Float = bias?[o] ?? 0
            for i in 0..<inFeatures { sum += x[s * inFeatures + i] * w[o * inFeatures + i] }
            y[s * outFeatures + o] = sum
        }
    }
}

private func linearBackward(_ dy: UnsafeBufferPointer<Float>, _ x: UnsafeBufferPointer<Float>, _ w: UnsafeBufferPointer<Float>,
                            _ dx: UnsafeMutableBufferPointer<Float>, _ dw: UnsafeMutableBufferPointer<Float>,
                            n: Int, inFeatures: Int, outFeatures: Int) {
    for s in 0..<n {
        for o in 0..<outFeatures {
            let g = dy[s * outFeatures + o]
            if g == 0 { continue }
            for i in 0..<inFeatures {
                dx[s * inFeatures + i] += g * w[o * inFeatures + i]
                dw[o * inFeatures + i] += g * x[s * inFeatures + i]
            }
        }
    }
}
