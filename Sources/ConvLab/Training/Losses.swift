import Foundation

/// A loss value and its gradient with respect to the prediction, ready for `backward`.
public struct LossResult: Sendable {
    /// The loss, averaged as the function's documentation says.
    public var value: Double
    /// ∂loss/∂prediction, shaped like the prediction.
    public var gradient: Tensor
}

/// Softmax cross-entropy of `logits` [N, classes] against integer `labels`, averaged over the
/// batch (PyTorch's `cross_entropy` with `reduction="mean"`).
///
/// Numerically stable: each row is shifted by its maximum before exponentiating, so logits of
/// 1000 do not overflow, and log-softmax is x − max − log Σ e^(x − max). The gradient is
/// (softmax − one-hot) / N.
public func softmaxCrossEntropy(logits: Tensor, labels: [Int]) -> LossResult {
    guard logits.rank == 2 else {
        fatalError("softmaxCrossEntropy: logits must have shape [N, classes], got \(logits.shape)")
    }
    let (n, classes) = (logits.shape[0], logits.shape[1])
    guard labels.count == n, n > 0 else {
        fatalError("softmaxCrossEntropy: \(labels.count) labels for a batch of \(n) rows (logits \(logits.shape)); give one label per row")
    }
    if let bad = labels.first(where: { $0 < 0 || $0 >= classes }) {
        fatalError("softmaxCrossEntropy: label \(bad) is outside 0..<\(classes)")
    }
    var gradient = [Float](repeating: 0, count: n * classes)
    var total = 0.0
    logits.scalars.withUnsafeBufferPointer { z in
        gradient.withUnsafeMutableBufferPointer { g in
            for row in 0..<n {
                let base = row * classes
                var maximum = -Double.infinity
                for k in 0..<classes { maximum = Swift.max(maximum, Double(z[base + k])) }
                var sum = 0.0
                for k in 0..<classes { sum += Foundation.exp(Double(z[base + k]) - maximum) }
                let logSum = Foundation.log(sum) + maximum
                total += logSum - Double(z[base + labels[row]])
                for k in 0..<classes {
                    let p = Foundation.exp(Double(z[base + k]) - logSum)
                    g[base + k] = Float((p - (k == labels[row] ? 1 : 0)) / Double(n))
                }
            }
        }
    }
    return LossResult(value: total / Double(n), gradient: Tensor(shape: logits.shape, scalars: gradient))
}

/// Mean squared error over all elements (PyTorch's `mse_loss`, `reduction="mean"`):
/// mean((prediction − target)²), gradient 2·(prediction − target)/count.
public func meanSquaredError(prediction: Tensor, target: Tensor) -> LossResult {
    guard prediction.shape == target.shape else {
        fatalError("meanSquaredError: prediction has shape \(prediction.shape) but target has \(target.shape)")
    }
    let count = prediction.count
    var gradient = [Float](repeating: 0, count: count)
    var total = 0.0
    prediction.scalars.withUnsafeBufferPointer { p in
        target.scalars.withUnsafeBufferPointer { t in
            for i in 0..<count {
                let d = Double(p[i]) - Double(t[i])
                total += d * d
                gradient[i] = Float(2 * d / Double(count))
            }
        }
    }
    return LossResult(value: count == 0 ? 0 : total / Double(count), gradient: Tensor(shape: prediction.shape, scalars: gradient))
}

/// For each row of `logits` [N, classes], the index of its largest entry (the predicted class).
public func predictedClasses(_ logits: Tensor) -> [Int] {
    guard logits.rank == 2 else { fatalError("predictedClasses: logits must have shape [N, classes], got \(logits.shape)") }
    let classes = logits.shape[1]
    return (0..<logits.shape[0]).map { row in
        var best = 0
        for k in 1..<Swift.max(classes, 1) where logits.scalars[row * classes + k] > logits.scalars[row * classes + best] { best = k }
        return best
    }
}
