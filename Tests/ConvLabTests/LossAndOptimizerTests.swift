import Testing
@testable import ConvLab

@Suite struct LossAndOptimizerTests {
    @Test func softmaxCrossEntropyHandValues() {
        // Row 0: logits (1, 2, 3), label 2: log(e + e² + e³) − 3 = 0.40760596;
        // row 1: (0.5, −1, 0.25), label 0: 0.69411219. Mean 0.55085908.
        let logits = Tensor(shape: [2, 3], scalars: [1, 2, 3, 0.5, -1, 0.25])
        let result = softmaxCrossEntropy(logits: logits, labels: [2, 0])
        #expect(abs(result.value - 0.5508590754) < 1e-6)
        // (softmax − one-hot)/N: softmax(1,2,3) = (0.09003057, 0.24472847, 0.66524096).
        let expected: [Float] = [0.09003057, 0.24472847, 0.66524096 - 1, 0.49951773 - 1, 0.11145747, 0.38902480].map { $0 / 2 }
        #expect(maxDifference(result.gradient, Tensor(shape: [2, 3], scalars: expected)) < 1e-6)
    }

    @Test func softmaxCrossEntropyIsStableForHugeLogits() {
        let result = softmaxCrossEntropy(logits: Tensor(shape: [1, 2], scalars: [1000, 0]), labels: [1])
        #expect(result.value == 1000)
        #expect(result.gradient.scalars == [1, -1])
    }

    @Test func softmaxCrossEntropyGradientByFiniteDifferences() {
        var g = SeededGenerator(seed: 12)
        var logits = Tensor.normal([3, 4], standardDeviation: 2, using: &g)
        let labels = [3, 0, 2]
        let analytic = softmaxCrossEntropy(logits: logits, labels: labels).gradient
        for i in 0..<logits.count {
            let original = logits.scalars[i]
            logits.scalars[i] = original + 1e-2
            let (up, plus) = (Double(logits.scalars[i]), softmaxCrossEntropy(logits: logits, labels: labels).value)
            logits.scalars[i] = original - 1e-2
            let (down, minus) = (Double(logits.scalars[i]), softmaxCrossEntropy(logits: logits, labels: labels).value)
            logits.scalars[i] = original
            // The loss is computed in Double, so only the O(h²) truncation (≈1e-5 here) remains.
            #expect(abs((plus - minus) / (up - down) - Double(analytic.scalars[i])) < 1e-4)
        }
    }

    @Test func meanSquaredErrorHandValues() {
        let result = meanSquaredError(prediction: Tensor(shape: [2], scalars: [1, 2]), target: Tensor(shape: [2], scalars: [0, 4]))
        #expect(result.value == 2.5)            // (1² + 2²)/2
        #expect(result.gradient.scalars == [1, -2])  // 2·(p − t)/2
    }

    /// p = 1, a constant gradient 0.5, lr 0.1, momentum 0.9, weight decay 0.01, by PyTorch's rule
    /// (worked by hand, then checked with a few lines of Python):
    /// step 1: d = 0.5 + 0.01 = 0.51, buf = 0.51, p = 0.949;
    /// step 2: d = 0.50949, buf = 0.9·0.51 + 0.50949 = 0.96849, p = 0.852151;
    /// step 3: p = 0.714134749. Nesterov steps d + 0.9·buf: p = 0.9031, 0.76507411, 0.590209958.
    @Test(arguments: [(false, [0.949, 0.852151, 0.714134749]), (true, [0.9031, 0.76507411, 0.590209958])])
    func sgdMatchesPyTorchUpdate(nesterov: Bool, expected: [Double]) {
        let p = Parameter("w", Tensor(shape: [1], scalars: [1]))
        let sgd = SGD(parameters: [p], learningRate: 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: nesterov)
        for k in 0..<3 {
            sgd.zeroGradients()
            p.grad = Tensor(shape: [1], scalars: [0.5])
            sgd.step()
            #expect(abs(Double(p.value.scalars[0]) - expected[k]) < 1e-6)
        }
    }

    @Test func plainSGDStep() {
        let p = Parameter("w", Tensor(shape: [2], scalars: [1, -2]))
        p.grad = Tensor(shape: [2], scalars: [0.5, 1])
        SGD(parameters: [p], learningRate: 0.5).step()
        #expect(p.value.scalars == [0.75, -2.5])
    }

    /// A tiny classifier learns: loss falls after a few SGD steps on a fixed batch.
    @Test func trainingReducesTheLoss() {
        var g = SeededGenerator(seed: 30)
        let net = Sequential(Conv2D(ConvSpec(inChannels: 1, outChannels: 4, kernel: 3, padding: 1), using: &g), ReLU(),
                             AdaptiveAvgPool2D(outputSize: 1), Flatten(), Linear(inFeatures: 4, outFeatures: 2, using: &g))
        let x = Tensor.normal([8, 1, 5, 5], using: &g)
        let labels = (0..<8).map { x.scalars[$0 * 25 + 12] > 0 ? 1 : 0 }
        let sgd = SGD(parameters: net.parameters, learningRate: 0.5, momentum: 0.9)
        let before = softmaxCrossEntropy(logits: net.forward(x), labels: labels).value
        for _ in 0..<30 {
            sgd.zeroGradients()
            let loss = softmaxCrossEntropy(logits: net.forward(x), labels: labels)
            _ = net.backward(loss.gradient)
            sgd.step()
        }
        let after = softmaxCrossEntropy(logits: net.forward(x), labels: labels).value
        #expect(after < 0.7 * before)
    }
}
