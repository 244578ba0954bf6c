import Foundation

/// The degradation experiment of He et al. (2015), scaled down to run on a laptop CPU in
/// seconds: with the same data, steps and learning rate, a deeper plain network ends with a
/// higher training loss than a shallower one (it is harder to optimise, not overfitting),
/// while the residual version of the deep network does not.
public enum Degradation {
    /// The sizes of one run.
    public struct Configuration: Sendable, Equatable {
        /// Channels of the first stage (the second has twice as many).
        public var channels: Int
        /// Blocks (two 3×3 convolutions each) per stage of the shallow network.
        public var shallowBlocks: Int
        /// Blocks per stage of the deep networks.
        public var deepBlocks: Int
        /// Image side (16 or 32).
        public var imageSize: Int
        /// Training images (test images are a quarter of that).
        public var trainImages: Int
        /// Optimiser settings shared by the three networks.
        public var training: TrainingConfiguration
        /// Seed of the data and of the weights.
        public var seed: UInt64

        /// A configuration; the defaults finish in seconds in a release build.
        public init(channels: Int = 8, shallowBlocks: Int = 1, deepBlocks: Int = 5, imageSize: Int = 16, trainImages: Int = 600,
                    training: TrainingConfiguration = TrainingConfiguration(epochs: 6, batchSize: 32, learningRate: 0.03), seed: UInt64 = 1) {
            self.channels = channels
            self.shallowBlocks = shallowBlocks
            self.deepBlocks = deepBlocks
            self.imageSize = imageSize
            self.trainImages = trainImages
            self.training = training
            self.seed = seed
        }
    }

    /// The three learning curves and what they show.
    public struct Result: Sendable {
        /// Weighted layers of the shallow and of the deep networks.
        public let shallowDepth: Int, deepDepth: Int
        /// Epoch reports of the shallow plain network.
        public let shallowPlain: [EpochReport]
        /// Epoch reports of the deep plain network.
        public let deepPlain: [EpochReport]
        /// Epoch reports of the deep residual network.
        public let deepResidual: [EpochReport]
        /// Wall-clock seconds for the whole experiment.
        public let seconds: Double

        /// The final training losses of shallow plain, deep plain and deep residual.
        public var finalTrainLosses: (shallowPlain: Double, deepPlain: Double, deepResidual: Double) {
            (shallowPlain.last?.trainLoss ?? .nan, deepPlain.last?.trainLoss ?? .nan, deepResidual.last?.trainLoss ?? .nan)
        }

        /// Deep plain ends above shallow plain, and deep residual ends below deep plain and at
        /// most at the shallow plain loss.
        public var showsDegradation: Bool {
            let (shallow, deep, residual) = finalTrainLosses
            return deep > shallow && residual < deep && residual <= shallow
        }
    }

    /// A CIFAR-style network for 1-channel images: a 3×3 stem, two stages of `blocks` blocks
    /// (the second at half the resolution and twice the channels), global pooling, a linear
    /// classifier. Residual blocks add their input (a 1×1 projection where the shape changes);
    /// plain blocks are the same layers without the addition. Weighted layers: 4·blocks + 2.
    public static func network(residual: Bool, blocks: Int, channels c: Int, classes: Int = 10) -> LayerSpec {
        func conv(_ i: Int, _ o: Int, stride: Int = 1) -> LayerSpec {
            .conv(ConvSpec(inChannels: i, outChannels: o, kernel: 3, stride: Size2D(integerLiteral: stride), padding: 1, bias: false))
        }
        func block(_ i: Int, _ o: Int, stride: Int) -> LayerSpec {
            let body = LayerSpec.sequential([conv(i, o, stride: stride), .batchNorm(channels: o), .activation(.relu),
                                             conv(o, o), .batchNorm(channels: o)])
            guard residual else { return .sequential([body, .activation(.relu)]) }
            let projection: LayerSpec? = (i == o && stride == 1) ? nil
                : .sequential([.conv(ConvSpec(inChannels: i, outChannels: o, kernel: 1, stride: Size2D(integerLiteral: stride), bias: false)),
                               .batchNorm(channels: o)])
            return .sequential([.residual(body: body, shortcut: projection, branchScale: 1), .activation(.relu)])
        }
        var items: [LayerSpec] = [conv(1, c), .batchNorm(channels: c), .activation(.relu)]
        for index in 0..<blocks { items.append(.named("stage1.\(index)", block(c, c, stride: 1))) }
        for index in 0..<blocks { items.append(.named("stage2.\(index)", block(index == 0 ? c : 2 * c, 2 * c, stride: index == 0 ? 2 : 1))) }
        items += [.adaptiveAvgPool(output: 1), .flatten, .linear(inFeatures: 2 * c, outFeatures: classes, bias: true)]
        return .sequential(items)
    }

    /// Trains the shallow plain, deep plain and deep residual networks on the same synthetic
    /// data with the same settings and He initialisation (fan-out, as torchvision's ResNet).
    public static func run(_ configuration: Configuration = Configuration(),
                           onEpoch: (String, EpochReport) -> Void = { _, _ in }) throws -> Result {
        let start = Date()
        let data = try SyntheticShapes.split(train: configuration.trainImages, test: max(10, configuration.trainImages / 4),
                                             size: configuration.imageSize, seed: configuration.seed)
        func train(_ name: String, residual: Bool, blocks: Int) throws -> [EpochReport] {
            var generator = SeededGenerator(seed: configuration.seed &+ 17)
            let spec = network(residual: residual, blocks: blocks, channels: configuration.channels)
            let layer = spec.instantiate(initializer: .kaimingNormal(mode: .fanOut, nonlinearity: .relu), using: &generator)
            return try Trainer.train(layer, on: data.train, test: data.test, configuration: configuration.training) { onEpoch(name, $0) }
        }
        let shallow = try train("plain-\(4 * configuration.shallowBlocks + 2)", residual: false, blocks: configuration.shallowBlocks)
        let deep = try train("plain-\(4 * configuration.deepBlocks + 2)", residual: false, blocks: configuration.deepBlocks)
        let residual = try train("residual-\(4 * configuration.deepBlocks + 2)", residual: true, blocks: configuration.deepBlocks)
        return Result(shallowDepth: 4 * configuration.shallowBlocks + 2, deepDepth: 4 * configuration.deepBlocks + 2,
                      shallowPlain: shallow, deepPlain: deep, deepResidual: residual, seconds: Date().timeIntervalSince(start))
    }
}
