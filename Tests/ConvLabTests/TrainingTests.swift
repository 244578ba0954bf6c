import Testing
@testable import ConvLab

/// The training loop and the degradation experiment, at a reduced size that still shows the effect.
@Suite struct TrainingTests {
    @Test func smallNetworkLearnsTheShapes() throws {
        let data = try SyntheticShapes.split(train: 300, test: 100, seed: 2)
        var generator = SeededGenerator(seed: 3)
        let network = Degradation.network(residual: false, blocks: 1, channels: 8)
            .instantiate(initializer: .kaimingNormal(mode: .fanOut), using: &generator)
        var seen: [Int] = []
        let reports = try Trainer.train(network, on: data.train, test: data.test,
                                        configuration: TrainingConfiguration(epochs: 4, batchSize: 20, learningRate: 0.03)) { seen.append($0.epoch) }
        #expect(seen == [1, 2, 3, 4] && reports.count == 4)
        #expect(reports.last!.trainLoss < 0.6 * reports.first!.trainLoss)
        #expect(try #require(reports.last!.testAccuracy) > 0.4)  // chance is 0.1
        let evaluation = Trainer.evaluate(network, on: data.test)
        #expect(evaluation.accuracy == reports.last!.testAccuracy)
    }

    @Test func badSettingsAreRejected() throws {
        let data = try SyntheticShapes.make(count: 10, seed: 1)
        var generator = SeededGenerator(seed: 1)
        let network = Degradation.network(residual: false, blocks: 1, channels: 2).instantiate(using: &generator)
        #expect(throws: TrainingError.self) { try Trainer.train(network, on: data, configuration: TrainingConfiguration(epochs: 0, batchSize: 5, learningRate: 0.1)) }
        #expect(throws: TrainingError.self) { try Trainer.train(network, on: data, configuration: TrainingConfiguration(epochs: 1, batchSize: 5, learningRate: -1)) }
    }

    @Test func networksHaveTheStatedDepth() {
        let spec = Degradation.network(residual: true, blocks: 3, channels: 4)
        let convs = (try? NetworkTrace(spec, input: .image(channels: 1, side: 16)))?.rows.filter {
            if case let .conv(c) = $0.spec { c.kernel == 3 } else { false }
        }
        #expect(convs?.count == 4 * 3 + 1)  // plus the linear layer: 4·blocks + 2 weighted layers
        #expect((try? spec.outputShape(for: .image(channels: 1, side: 16))) == .vector(10))
    }

    /// 400 images, 5 epochs, 6 against 18 weighted layers: about 5 s. Deep plain ends higher
    /// than shallow plain, and deep residual ends at most at the shallow loss.
    @Test func degradation() throws {
        let configuration = Degradation.Configuration(deepBlocks: 4, trainImages: 400,
                                                      training: TrainingConfiguration(epochs: 5, batchSize: 32, learningRate: 0.03))
        let result = try Degradation.run(configuration)
        let (shallow, deep, residual) = result.finalTrainLosses
        #expect(result.shallowDepth == 6 && result.deepDepth == 18)
        #expect(deep > shallow * 1.1, "deep plain \(deep) vs shallow \(shallow)")
        #expect(residual < shallow, "deep residual \(residual) vs shallow \(shallow)")
        #expect(result.showsDegradation)
    }
}
