/// What one block of a network does to the signal, forward and backward, in one run.
public struct LayerSignal: Sendable, Equatable {
    /// Mean of the block's output activations.
    public var activationMean: Double
    /// Standard deviation of the block's output activations.
    public var activationStd: Double
    /// ‖∂loss/∂(block output)‖.
    public var activationGradientNorm: Double
    /// ‖∂loss/∂W‖ over the block's weights (tensors of rank ≥ 2; biases and norms excluded).
    public var weightGradientNorm: Double
}

/// A statistic over many seeds: mean, and the 5th and 95th percentiles.
public struct Band: Sendable, Equatable {
    /// The mean over seeds.
    public var mean: Double
    /// The 5th percentile (linear interpolation between order statistics).
    public var low: Double
    /// The 95th percentile.
    public var high: Double

    /// The band of a sample; all zero for an empty sample.
    public init(_ values: [Double]) {
        let sorted = values.sorted()
        mean = values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        low = Band.percentile(sorted, 0.05)
        high = Band.percentile(sorted, 0.95)
    }

    static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        guard let first = sorted.first else { return 0 }
        let position = q * Double(sorted.count - 1)
        let below = Int(position.rounded(.down)), above = min(below + 1, sorted.count - 1)
        let t = position - Double(below)
        return sorted.count == 1 ? first : sorted[below] * (1 - t) + sorted[above] * t
    }
}

/// Per block, each signal statistic as a band over seeds.
public struct LayerSignalBand: Sendable, Equatable {
    /// Mean of the output activations.
    public var activationMean: Band
    /// Standard deviation of the output activations.
    public var activationStd: Band
    /// ‖∂loss/∂(block output)‖.
    public var activationGradientNorm: Band
    /// ‖∂loss/∂W‖ of the block's weights.
    public var weightGradientNorm: Band
}

/// Signal probes: how activations, activation gradients and weight gradients change with
/// depth in a network at initialisation.
///
/// The lesson behind it: in a plain network the activation gradient shrinks (or grows) by a
/// fixed factor per layer, but the weight gradient of layer l is the product of its input
/// activation and its output gradient, so the forward and backward factors cancel and
/// weight-gradient norms barely change with depth. The probe exposes both.
public enum SignalProbe {
    /// Runs `blocks` in order on `input`, takes ∂loss/∂output from `lossGradient`, runs
    /// backward block by block, and reports each block's statistics.
    public static func measure(blocks: [any Layer], input: Tensor, lossGradient: (Tensor) -> Tensor) -> [LayerSignal] {
        var activations: [Tensor] = []
        var x = input
        for block in blocks {
            x = block.forward(x)
            activations.append(x)
        }
        blocks.forEach { $0.zeroGradients() }
        var gradient = lossGradient(x)
        var norms = [Double](repeating: 0, count: blocks.count)
        for index in blocks.indices.reversed() {
            norms[index] = gradient.l2Norm()
            gradient = blocks[index].backward(gradient)
        }
        return blocks.indices.map { i in
            let weights = blocks[i].parameters.filter { $0.value.rank >= 2 }
            let squared = weights.reduce(0.0) { $0 + $1.grad.l2Norm() * $1.grad.l2Norm() }
            return LayerSignal(activationMean: activations[i].mean(), activationStd: activations[i].standardDeviation(),
                               activationGradientNorm: norms[i], weightGradientNorm: squared.squareRoot())
        }
    }

    /// `measure` repeated for every seed (a fresh network, input and loss each time), summarised per block.
    /// `run(seed)` builds the blocks, the input and the loss gradient for one seed.
    public static func sweep(seeds: [UInt64], run: (UInt64) -> (blocks: [any Layer], input: Tensor, lossGradient: (Tensor) -> Tensor)) -> [LayerSignalBand] {
        let runs = seeds.map { seed in
            let setup = run(seed)
            return measure(blocks: setup.blocks, input: setup.input, lossGradient: setup.lossGradient)
        }
        guard let depth = runs.first?.count else { return [] }
        return (0..<depth).map { i in
            LayerSignalBand(activationMean: Band(runs.map { $0[i].activationMean }),
                            activationStd: Band(runs.map { $0[i].activationStd }),
                            activationGradientNorm: Band(runs.map { $0[i].activationGradientNorm }),
                            weightGradientNorm: Band(runs.map { $0[i].weightGradientNorm }))
        }
    }

    /// The loss ⟨r, y⟩ for a fixed Gaussian r: its gradient is r whatever the output, so the
    /// backward signal starts independent of the forward one, as the theory assumes.
    public static func randomProjection(seed: UInt64) -> (Tensor) -> Tensor {
        { output in
            var generator = SeededGenerator(seed: seed)
            return Tensor.normal(output.shape, using: &generator)
        }
    }
}
