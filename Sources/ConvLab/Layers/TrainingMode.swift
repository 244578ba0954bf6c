/// A layer that behaves differently in training and in inference (BatchNorm2D, Dropout).
/// Layers start in training mode, as PyTorch modules do.
public protocol ModeDependentLayer: Layer {
    /// True in training (batch statistics, random dropout), false in inference.
    var isTraining: Bool { get set }
}

extension Layer {
    /// Switches every mode-dependent layer of this network (itself included) to training
    /// (`true`) or inference (`false`), like PyTorch's `train()` / `eval()`.
    public func setTraining(_ training: Bool) {
        for layer in allLayers {
            if let layer = layer as? any ModeDependentLayer { layer.isTraining = training }
        }
    }
}

/// Dropout (PyTorch's `Dropout`): in training each element is zeroed with `probability` and
/// the survivors are scaled by 1/(1 − p) ("inverted" dropout, so inference needs no rescaling);
/// in inference it is the identity. Masks come from the layer's own seeded generator.
public final class Dropout: ModeDependentLayer {
    /// The probability of zeroing an element.
    public let probability: Double
    /// True in training; false makes the layer the identity.
    public var isTraining = true
    private var generator: SeededGenerator
    private var lastScaledMask: [Float]?

    /// A dropout layer whose masks are drawn from `generator`'s sequence.
    public init(probability: Double, using generator: inout SeededGenerator) {
        guard probability >= 0, probability <= 1 else {
            fatalError("Dropout: probability must be between 0 and 1, got \(probability)")
        }
        self.probability = probability
        self.generator = SeededGenerator(seed: generator.next())
    }

    /// A dropout layer seeded from the process-wide generator (`manualSeed`).
    public convenience init(probability: Double = 0.5) {
        var generator = withGlobalGenerator { SeededGenerator(seed: $0.next()) }
        self.init(probability: probability, using: &generator)
    }

    /// `.dropout` of this layer's probability.
    public var spec: LayerSpec { .dropout(probability: probability) }

    /// x · mask / (1 − p) in training; x in inference.
    public func forward(_ input: Tensor) -> Tensor {
        guard isTraining, probability > 0 else {
            lastScaledMask = nil
            return input
        }
        // p = 1 zeroes everything (PyTorch does too); avoid dividing by zero.
        let keep = probability < 1 ? Float(1 / (1 - probability)) : 0
        var mask = [Float](repeating: 0, count: input.count)
        for i in 0..<mask.count where generator.nextUnitDouble() >= probability { mask[i] = keep }
        lastScaledMask = mask
        return Tensor(shape: input.shape, scalars: elementwiseProduct(input.scalars, mask))
    }

    /// The upstream gradient through the same mask and scale.
    public func backward(_ gradOutput: Tensor) -> Tensor {
        guard let mask = lastScaledMask else { return gradOutput }
        if mask.count != gradOutput.count {
            fatalError("Dropout.backward: gradOutput has \(gradOutput.count) elements (shape \(gradOutput.shape)), the forward input had \(mask.count)")
        }
        return Tensor(shape: gradOutput.shape, scalars: elementwiseProduct(gradOutput.scalars, mask))
    }
}

/// Element-wise product of two arrays of equal length.
func elementwiseProduct(_ a: [Float], _ b: [Float]) -> [Float] {
    [Float](unsafeUninitializedCapacity: a.count) { out, initialized in
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                for i in 0..<a.count { out[i] = a[i] * b[i] }
            }
        }
        initialized = a.count
    }
}
