/// Batch normalisation over the channels of an NCHW tensor, with PyTorch's `BatchNorm2d`
/// semantics: in training, each channel is normalised by its batch mean and biased variance,
/// and the running statistics move by `momentum` toward the batch mean and the UNBIASED
/// variance; in inference, the running statistics are used. Then y = γ·x̂ + β.
public final class BatchNorm2D: ModeDependentLayer {
    /// Channels (C).
    public let channels: Int
    /// The weight of the new batch in the running statistics (PyTorch: 0.1).
    public let momentum: Float
    /// Added to the variance before the square root (PyTorch: 1e-5).
    public let epsilon: Float
    /// γ, one scale per channel, initialised to 1.
    public let scale: Parameter
    /// β, one shift per channel, initialised to 0.
    public let shift: Parameter
    /// The running mean per channel, used in inference; starts at 0.
    public internal(set) var runningMean: Tensor
    /// The running variance per channel, used in inference; starts at 1.
    public internal(set) var runningVariance: Tensor
    /// True in training (batch statistics), false in inference (running statistics).
    public var isTraining = true

    private var lastNormalized: [Float] = []
    private var lastInverseStd: [Float] = []
    private var lastShape: [Int]?
    private var lastWasTraining = true

    /// A batch normalisation of `channels` channels.
    public init(channels: Int, momentum: Float = 0.1, epsilon: Float = 1e-5) {
        if channels < 1 { fatalError("BatchNorm2D: channels must be at least 1, got \(channels)") }
        self.channels = channels
        self.momentum = momentum
        self.epsilon = epsilon
        scale = Parameter("weight", Tensor.ones([channels]))
        shift = Parameter("bias", Tensor.zeros([channels]))
        runningMean = Tensor.zeros([channels])
        runningVariance = Tensor.ones([channels])
    }

    /// `.batchNorm` of this layer's channels.
    public var spec: LayerSpec { .batchNorm(channels: channels) }
    /// γ then β.
    public var ownParameters: [Parameter] { [scale, shift] }

    /// Normalises each channel and applies γ and β; in training, updates the running statistics.
    public func forward(_ input: Tensor) -> Tensor {
        requireImages(input, "BatchNorm2D")
        guard input.shape[1] == channels else {
            fatalError("BatchNorm2D: expects \(channels) channels, got input of shape \(input.shape)")
        }
        let (n, plane) = (input.shape[0], input.shape[2] * input.shape[3])
        let perChannel = n * plane
        if isTraining && perChannel < 2 {
            fatalError("BatchNorm2D: training needs more than 1 value per channel to compute a variance, got input of shape \(input.shape)")
        }
        var mean = [Float](repeating: 0, count: channels), inverseStd = [Float](repeating: 0, count: channels)
        if isTraining {
            let stats = channelStatistics(input.scalars, n: n, channels: channels, plane: plane)
            for c in 0..<channels {
                mean[c] = Float(stats.mean[c])
                inverseStd[c] = Float(1 / (stats.variance[c] + Double(epsilon)).squareRoot())
                let unbiased = stats.variance[c] * Double(perChannel) / Double(perChannel - 1)
                runningMean.scalars[c] = (1 - momentum) * runningMean.scalars[c] + momentum * mean[c]
                runningVariance.scalars[c] = (1 - momentum) * runningVariance.scalars[c] + momentum * Float(unbiased)
            }
        } else {
            for c in 0..<channels {
                mean[c] = runningMean.scalars[c]
                inverseStd[c] = 1 / (runningVariance.scalars[c] + epsilon).squareRoot()
            }
        }
        var normalized = [Float](repeating: 0, count: input.count)
        var output = [Float](repeating: 0, count: input.count)
        input.scalars.withUnsafeBufferPointer { x in
            normalized.withUnsafeMutableBufferPointer { xhat in
                output.withUnsafeMutableBufferPointer { y in
                    for s in 0..<n {
                        for c in 0..<channels {
                            let (g, b, m, k) = (scale.value.scalars[c], shift.value.scalars[c], mean[c], inverseStd[c])
                            let base = (s * channels + c) * plane
                            for i in base..<(base + plane) {
                                xhat[i] = (x[i] - m) * k
                                y[i] = g * xhat[i] + b
                            }
                        }
                    }
                }
            }
        }
        lastNormalized = normalized
        lastInverseStd = inverseStd
        lastShape = input.shape
        lastWasTraining = isTraining
        return Tensor(shape: input.shape, scalars: output)
    }

    /// Accumulates ∂γ = Σ dy·x̂ and ∂β = Σ dy; returns ∂x. In training the batch statistics
    /// depend on x, giving ∂x = γ/σ · (dy − mean(dy) − x̂·mean(dy·x̂)); in inference ∂x = γ/σ · dy.
    public func backward(_ gradOutput: Tensor) -> Tensor {
        let shape = remembered(lastShape, "BatchNorm2D")
        requireShape(gradOutput, shape, "BatchNorm2D")
        let (n, plane) = (shape[0], shape[2] * shape[3])
        let count = Double(n * plane)
        var gradInput = [Float](repeating: 0, count: gradOutput.count)
        gradOutput.scalars.withUnsafeBufferPointer { dy in
            lastNormalized.withUnsafeBufferPointer { xhat in
                gradInput.withUnsafeMutableBufferPointer { dx in
                    for c in 0..<channels {
                        var sumDy = 0.0, sumDyXhat = 0.0
                        for s in 0..<n {
                            let base = (s * channels + c) * plane
                            let (sum, dot) = DoubleSums.sumAndDot(dy.baseAddress! + base, xhat.baseAddress! + base, count: plane)
                            sumDy += sum
                            sumDyXhat += dot
                        }
                        scale.grad.scalars[c] += Float(sumDyXhat)
                        shift.grad.scalars[c] += Float(sumDy)
                        let factor = scale.value.scalars[c] * lastInverseStd[c]
                        let (meanDy, meanDyXhat): (Float, Float) = lastWasTraining ? (Float(sumDy / count), Float(sumDyXhat / count)) : (0, 0)
                        for s in 0..<n {
                            let base = (s * channels + c) * plane
                            for i in base..<(base + plane) { dx[i] = factor * (dy[i] - meanDy - xhat[i] * meanDyXhat) }
                        }
                    }
                }
            }
        }
        return Tensor(shape: shape, scalars: gradInput)
    }
}

/// Per-channel mean and biased variance of an NCHW buffer, in `Double` (two passes, so a
/// large mean does not swamp the variance).
func channelStatistics(_ x: [Float], n: Int, channels: Int, plane: Int) -> (mean: [Double], variance: [Double]) {
    var mean = [Double](repeating: 0, count: channels), variance = [Double](repeating: 0, count: channels)
    let count = Double(n * plane)
    x.withUnsafeBufferPointer { x in
        for c in 0..<channels {
            var sum = 0.0
            for s in 0..<n { sum += DoubleSums.sum(x.baseAddress! + (s * channels + c) * plane, count: plane) }
            let m = sum / count
            var squares = 0.0
            for s in 0..<n { squares += DoubleSums.squaredDeviations(x.baseAddress! + (s * channels + c) * plane, count: plane, from: m) }
            mean[c] = m
            variance[c] = squares / count
        }
    }
    return (mean, variance)
}
