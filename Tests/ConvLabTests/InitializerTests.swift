import Testing
@testable import ConvLab

@Suite struct InitializerTests {
    @Test func fansMatchPyTorch() {
        // Conv 4→8 channels in 2 groups, 3×3: weight [8, 2, 3, 3]. PyTorch: fan_in = 2·9,
        // fan_out = 8·9 (not divided by groups).
        #expect(fans(ofWeightShape: [8, 2, 3, 3]) == (18, 72))
        #expect(fans(ofWeightShape: [10, 16]) == (16, 10))
    }

    @Test func pytorchDefaultBoundsWeightAndBias() {
        var g = SeededGenerator(seed: 1)
        let conv = Conv2D(ConvSpec(inChannels: 16, outChannels: 32, kernel: 3), using: &g)
        let bound = Float(1 / (16.0 * 9).squareRoot())
        let w = conv.weight.value.scalars
        #expect(w.allSatisfy { abs($0) <= bound })
        #expect(w.max()! > 0.95 * bound && w.min()! < -0.95 * bound, "uniform draws reach near both ends")
        #expect(conv.bias!.value.scalars.allSatisfy { abs($0) <= bound })
        // Variance of U(−b, b) is b²/3; 4608 draws give about 2% relative standard error.
        #expect(abs(conv.weight.value.variance() / Double(bound * bound / 3) - 1) < 0.08)
    }

    @Test(arguments: [FanMode.fanIn, .fanOut])
    func kaimingNormalStandardDeviation(mode: FanMode) {
        var g = SeededGenerator(seed: 2)
        let w = Initializer.kaimingNormal(mode: mode).weight([64, 32, 3, 3], using: &g)
        let fan = mode == .fanIn ? 32.0 * 9 : 64.0 * 9
        // 18 432 draws: the sample std has a relative standard error of 1/√(2n) ≈ 0.5%.
        #expect(abs(w.standardDeviation() / (2 / fan).squareRoot() - 1) < 0.025)
        #expect(abs(w.mean()) < 0.003)
    }

    @Test func kaimingUniformAndXavierBounds() {
        var g = SeededGenerator(seed: 3)
        let shape = [20, 10, 5, 5]   // fan_in 250, fan_out 500
        let leaky = Initializer.kaimingUniform(nonlinearity: .leakyReLU(negativeSlope: 0.2)).weight(shape, using: &g)
        let leakyBound = (2 / 1.04).squareRoot() * (3.0 / 250).squareRoot()
        #expect(leaky.scalars.allSatisfy { Double(abs($0)) <= leakyBound })
        #expect(Double(leaky.max()) > 0.98 * leakyBound)
        let xavier = Initializer.xavierUniform().weight(shape, using: &g)
        let xavierBound = (6.0 / 750).squareRoot()
        #expect(xavier.scalars.allSatisfy { Double(abs($0)) <= xavierBound })
        let xavierNormal = Initializer.xavierNormal(gain: Nonlinearity.tanh.gain).weight(shape, using: &g)
        #expect(abs(xavierNormal.standardDeviation() / (5.0 / 3 * (2.0 / 750).squareRoot()) - 1) < 0.03)
    }

    @Test func constantAndCustom() {
        var g = SeededGenerator(seed: 4)
        #expect(Initializer.constant(0.5).weight([2, 3], using: &g).scalars == Array(repeating: 0.5, count: 6))
        let custom = Initializer.custom { shape, _ in Tensor(shape: shape) { Float($0[0] - $0[1]) } }
        let linear = Linear(inFeatures: 2, outFeatures: 2, initializer: custom, using: &g)
        #expect(linear.weight.value.scalars == [0, -1, 1, 0])
        #expect(linear.bias?.value.scalars == [0, 0], "non-default initialisers zero the bias")
    }

    @Test func explicitGeneratorsRepeat() {
        var a = SeededGenerator(seed: 77), b = SeededGenerator(seed: 77)
        let first = LayerSpec.conv(ConvSpec(inChannels: 3, outChannels: 4, kernel: 3)).instantiate(using: &a)
        let second = LayerSpec.conv(ConvSpec(inChannels: 3, outChannels: 4, kernel: 3)).instantiate(using: &b)
        #expect(first.parameters.map(\.value) == second.parameters.map(\.value))
    }

    /// `manualSeed` is process-wide, and tests run in parallel: check it in a child process of
    /// its own, where nothing else draws from the global generator.
    @Test func manualSeedRepeatsWeights() async {
        await #expect(processExitsWith: .success) {
            manualSeed(42)
            let a = Conv2D(inChannels: 3, outChannels: 4, kernel: 3).weight.value
            let d = Dropout(probability: 0.5).forward(Tensor.ones([64]))
            manualSeed(42)
            let b = Conv2D(inChannels: 3, outChannels: 4, kernel: 3).weight.value
            let e = Dropout(probability: 0.5).forward(Tensor.ones([64]))
            manualSeed(43)
            let c = Conv2D(inChannels: 3, outChannels: 4, kernel: 3).weight.value
            if a != b || d != e || a == c { fatalError("manualSeed did not make initialisation repeatable") }
        }
    }
}
