/// How to train: epochs, batch size and PyTorch-style SGD settings.
public struct TrainingConfiguration: Sendable, Equatable {
    /// Passes over the training set.
    public var epochs: Int
    /// Images per SGD step.
    public var batchSize: Int
    /// SGD step size.
    public var learningRate: Float
    /// SGD momentum (0.9 as in He et al.).
    public var momentum: Float
    /// L2 weight decay.
    public var weightDecay: Float
    /// Seed of the per-epoch shuffles.
    public var seed: UInt64

    /// A configuration; defaults follow He et al.'s CIFAR recipe (momentum 0.9, decay 1e-4).
    public init(epochs: Int, batchSize: Int, learningRate: Float, momentum: Float = 0.9, weightDecay: Float = 1e-4, seed: UInt64 = 0) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.seed = seed
    }
}

/// Loss and accuracy after one epoch.
public struct EpochReport: Sendable, Equatable {
    /// 1 for the first epoch.
    public var epoch: Int
    /// Mean softmax cross-entropy over the epoch's mini-batches (training mode, as PyTorch logs it).
    public var trainLoss: Double
    /// Share of training images classified right during the epoch.
    public var trainAccuracy: Double
    /// Cross-entropy on the test split in inference mode, if one was given.
    public var testLoss: Double?
    /// Accuracy on the test split in inference mode, if one was given.
    public var testAccuracy: Double?
}

/// Why a training run cannot start.
public enum TrainingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A setting is out of range.
    case invalidSetting(String)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case let .invalidSetting(why): "training cannot start: \(why)"
        }
    }
}

/// Mini-batch SGD on softmax cross-entropy, one report per epoch.
public enum Trainer {
    /// Trains `network` (logits [N, classes]) on `train`, evaluating on `test` after each epoch.
    /// The data is reshuffled every epoch from `configuration.seed`; a last partial batch is kept.
    public static func train(_ network: any Layer, on train: LabelledImages, test: LabelledImages? = nil,
                             configuration: TrainingConfiguration,
                             onEpoch: (EpochReport) -> Void = { _ in }) throws(TrainingError) -> [EpochReport] {
        guard configuration.epochs >= 1 else { throw .invalidSetting("epochs must be at least 1, got \(configuration.epochs)") }
        guard configuration.batchSize >= 1 else { throw .invalidSetting("batch size must be at least 1, got \(configuration.batchSize)") }
        guard configuration.learningRate > 0, configuration.momentum >= 0, configuration.weightDecay >= 0 else {
            throw .invalidSetting("learning rate must be positive and momentum and weight decay not negative")
        }
        guard train.count > 0 else { throw .invalidSetting("the training set is empty") }
        let optimizer = SGD(parameters: network.parameters, learningRate: configuration.learningRate,
                            momentum: configuration.momentum, weightDecay: configuration.weightDecay)
        var generator = SeededGenerator(seed: configuration.seed)
        var reports: [EpochReport] = []
        for epoch in 1...configuration.epochs {
            network.setTraining(true)
            let data = train.shuffled(using: &generator)
            var lossSum = 0.0, correct = 0
            for start in stride(from: 0, to: data.count, by: configuration.batchSize) {
                let batch = data.batch(start..<min(start + configuration.batchSize, data.count))
                optimizer.zeroGradients()
                let logits = network.forward(batch.images)
                let loss = softmaxCrossEntropy(logits: logits, labels: batch.labels)
                _ = network.backward(loss.gradient)
                optimizer.step()
                lossSum += loss.value * Double(batch.labels.count)
                correct += zip(predictedClasses(logits), batch.labels).filter { $0 == $1 }.count
            }
            var report = EpochReport(epoch: epoch, trainLoss: lossSum / Double(data.count),
                                     trainAccuracy: Double(correct) / Double(data.count))
            if let test {
                let result = evaluate(network, on: test, batchSize: configuration.batchSize)
                report.testLoss = result.loss
                report.testAccuracy = result.accuracy
            }
            reports.append(report)
            onEpoch(report)
        }
        network.setTraining(false)
        return reports
    }

    /// Mean cross-entropy and accuracy of `network` on `data` in inference mode.
    public static func evaluate(_ network: any Layer, on data: LabelledImages, batchSize: Int = 100) -> (loss: Double, accuracy: Double) {
        guard data.count > 0 else { return (0, 0) }
        network.setTraining(false)
        var lossSum = 0.0, correct = 0
        for start in stride(from: 0, to: data.count, by: max(batchSize, 1)) {
            let batch = data.batch(start..<min(start + max(batchSize, 1), data.count))
            let logits = network.forward(batch.images)
            lossSum += softmaxCrossEntropy(logits: logits, labels: batch.labels).value * Double(batch.labels.count)
            correct += zip(predictedClasses(logits), batch.labels).filter { $0 == $1 }.count
        }
        return (lossSum / Double(data.count), Double(correct) / Double(data.count))
    }
}
