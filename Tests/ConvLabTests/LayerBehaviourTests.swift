import Testing
@testable import ConvLab

/// Forward values of the layers against hand-computed PyTorch semantics.
@Suite struct LayerBehaviourTests {
    private let ramp3x3 = Tensor(shape: [1, 1, 3, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])

    /// Output lengths by PyTorch's `pooling_output_shape`.
    @Test func poolOutputLengthsFollowPyTorch() {
        // GoogLeNet: MaxPool2d(3, 2, ceil_mode=True) takes 112 to 56 (floor mode would give 55).
        #expect(poolOutputLength(112, kernel: 3, stride: 2, before: 0, after: 0, ceilMode: true) == 56)
        #expect(poolOutputLength(112, kernel: 3, stride: 2, before: 0, after: 0, ceilMode: false) == 55)
        // Size 5, kernel 2, stride 2, padding 1, ceil: ceil(5/2)+1 = 4, but the 4th window would
        // start at 6 ≥ 5 + 1 (in the right padding), so PyTorch drops it: 3.
        #expect(poolOutputLength(5, kernel: 2, stride: 2, before: 1, after: 1, ceilMode: true) == 3)
        #expect(poolOutputLength(8, kernel: 3, stride: 2, before: 0, after: 0, ceilMode: true) == 4)
        #expect(MaxPool2D(kernel: 3, stride: 2, padding: 1).forward(Tensor.zeros([1, 1, 7, 7])).shape == [1, 1, 4, 4])
    }

    @Test func maxPoolPicksWindowMaximaWithCeilMode() {
        let out = MaxPool2D(kernel: 2, stride: 2, ceilMode: true).forward(ramp3x3)
        #expect(out.shape == [1, 1, 2, 2])
        #expect(out.scalars == [5, 6, 8, 9])
        // Padding reads −∞: all-negative inputs keep negative maxima.
        let negative = MaxPool2D(kernel: 3, stride: 1, padding: 1).forward(ramp3x3 * -1)
        #expect(negative.scalars == [-1, -1, -2, -1, -1, -2, -4, -4, -5])
    }

    @Test func avgPoolCeilModeDividesByTheClippedWindow() {
        // Kernel 2, stride 2, ceil: windows {1,2,4,5}, {3,6}, {7,8}, {9}; the part beyond the
        // input is not counted even with countIncludePad (no padding to include).
        #expect(AvgPool2D(kernel: 2, stride: 2, ceilMode: true).forward(ramp3x3).scalars == [3, 4.5, 7.5, 9])
    }

    @Test func avgPoolCountIncludePad() {
        // Kernel 3, stride 2, padding 1: windows cover {1,2,4,5}, {2,3,5,6}, {4,5,7,8}, {5,6,8,9}.
        let included = AvgPool2D(kernel: 3, stride: 2, padding: 1).forward(ramp3x3).scalars
        #expect(included.map { $0 * 9 } == [12, 16, 24, 28])
        let excluded = AvgPool2D(kernel: 3, stride: 2, padding: 1, countIncludePad: false).forward(ramp3x3).scalars
        #expect(excluded == [3, 4, 6, 7])
    }

    @Test func adaptiveAvgPoolUsesPyTorchWindows() {
        // 5 → 3: rows [0, 2), [1, 4), [3, 5).
        let row = Tensor(shape: [1, 1, 1, 5], scalars: [1, 2, 3, 4, 5])
        #expect(AdaptiveAvgPool2D(outputSize: Size2D(h: 1, w: 3)).forward(row).scalars == [1.5, 3, 4.5])
        #expect(AdaptiveAvgPool2D(outputSize: 1).forward(ramp3x3).scalars == [5])
    }

    @Test func batchNormTrainingStatisticsAndRunningUpdate() {
        let bn = BatchNorm2D(channels: 1)
        let x = Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4])
        let y = bn.forward(x)
        // Mean 2.5, biased variance 1.25 for normalising.
        let s = Float(1 / (1.25 + 1e-5).squareRoot())
        #expect(maxDifference(y, Tensor(shape: [1, 1, 2, 2], scalars: [-1.5 * s, -0.5 * s, 0.5 * s, 1.5 * s])) < 1e-6)
        // Running: 0.9·0 + 0.1·2.5 and 0.9·1 + 0.1·(unbiased 5/3).
        #expect(abs(bn.runningMean.scalars[0] - 0.25) < 1e-7)
        #expect(abs(bn.runningVariance.scalars[0] - (0.9 + 0.1 * 5 / 3)) < 1e-6)
        bn.setTraining(false)
        let inference = bn.forward(x)
        let k = 1 / (bn.runningVariance.scalars[0] + 1e-5).squareRoot()
        #expect(abs(inference.scalars[3] - (4 - 0.25) * k) < 1e-5)
        #expect(abs(bn.runningMean.scalars[0] - 0.25) < 1e-7, "inference must not update the running statistics")
    }

    @Test func dropoutScalesSurvivorsAndIsIdentityInInference() {
        var g = SeededGenerator(seed: 4)
        let dropout = Dropout(probability: 0.25, using: &g)
        let x = Tensor.ones([10_000])
        let y = dropout.forward(x)
        let zeros = y.scalars.filter { $0 == 0 }.count
        #expect(y.scalars.allSatisfy { $0 == 0 || abs($0 - 4.0 / 3) < 1e-6 })
        // Binomial(10 000, 0.25): standard deviation 43, so ±200 is about 4.6 sigma.
        #expect(abs(zeros - 2500) < 200)
        let grad = dropout.backward(Tensor.filled([10_000], with: 2))
        #expect(grad.scalars == y.scalars.map { $0 * 2 })
        dropout.setTraining(false)
        #expect(dropout.forward(x) == x)
    }

    @Test func setTrainingReachesNestedLayers() {
        var g = SeededGenerator(seed: 1)
        let bn = BatchNorm2D(channels: 2), dropout = Dropout(probability: 0.5, using: &g)
        let net = Sequential(Residual(body: Sequential(bn, ReLU())), NamedLayer("head", dropout))
        net.setTraining(false)
        #expect(!bn.isTraining && !dropout.isTraining)
        net.setTraining(true)
        #expect(bn.isTraining && dropout.isTraining)
    }

    @Test func instantiatedNetworksReportTheirSpec() {
        let spec = LayerSpec.sequential([
            .named("stem", .conv(ConvSpec(inChannels: 3, outChannels: 8, kernel: 3, padding: 1, bias: false))),
            .batchNorm(channels: 8), .activation(.relu6),
            .residual(body: .conv(ConvSpec(inChannels: 8, outChannels: 8, kernel: 3, padding: 1)), shortcut: nil, branchScale: 0.5),
            .highway(body: .activation(.tanh), gate: ConvSpec(inChannels: 8, outChannels: 8, kernel: 1), gateBias: -3),
            .concat([.maxPool(PoolSpec(kernel: 3, stride: 1, padding: 1, ceilMode: true)),
                     .avgPool(PoolSpec(kernel: 3, stride: 1, padding: 1, countIncludePad: false))]),
            .adaptiveAvgPool(output: 1), .functional("flatten", .flatten), .dropout(probability: 0.2),
            .linear(inFeatures: 16, outFeatures: 10, bias: true),
        ])
        var g = SeededGenerator(seed: 2)
        let net = spec.instantiate(using: &g)
        #expect(net.spec == spec)
        #expect(net.forward(Tensor.zeros([2, 3, 8, 8])).shape == [2, 10])
        // 3·8·9 + BN 16 + (8·8·9 + 8) + gate (8·8 + 8) + linear (16·10 + 10)
        #expect(net.parameterCount == 216 + 16 + 584 + 72 + 170)
    }

    /// The book's first example: two 3×3 need 28% fewer weights than one 5×5.
    @Test func parameterCountsOfTheChapterExample() {
        var g = SeededGenerator(seed: 3)
        let five = Conv2D(ConvSpec(inChannels: 64, outChannels: 64, kernel: 5, padding: 2), using: &g)
        let threes = Sequential(Conv2D(ConvSpec(inChannels: 64, outChannels: 64, kernel: 3, padding: 1), using: &g),
                                Conv2D(ConvSpec(inChannels: 64, outChannels: 64, kernel: 3, padding: 1), using: &g))
        #expect(five.parameterCount == 64 * 64 * 25 + 64)
        #expect(threes.parameterCount == 2 * (64 * 64 * 9 + 64))
        #expect(abs(Double(threes.parameterCount) / Double(five.parameterCount) - 0.7208) < 1e-4)
    }

    @Test func highwayStartsByCarryingTheInput() {
        var g = SeededGenerator(seed: 6)
        let gate = ConvSpec(inChannels: 2, outChannels: 2, kernel: 1)
        let highway = Highway(body: ActivationLayer(.identity), gate: gate, gateBias: -3,
                              initializer: .constant(0), using: &g)
        #expect(highway.gate.bias?.value.scalars == [-3, -3])
        // With zero gate weights T = σ(−3) everywhere and body = identity, y = x exactly… and
        // with a body that doubles, y = x·(1 + T).
        let x = randomInput([1, 2, 3, 3])
        #expect(maxDifference(highway.forward(x), x) < 1e-6)
        let doubling = Highway(body: Residual(body: ActivationLayer(.identity)), gate: gate, gateBias: -3,
                               initializer: .constant(0), using: &g)
        let t = stableSigmoid(-3)
        #expect(maxDifference(doubling.forward(x), x * (1 + t)) < 1e-6)
    }

    @Test func concatStacksChannelsInBranchOrder() {
        var g = SeededGenerator(seed: 8)
        let one = Conv2D(ConvSpec(inChannels: 1, outChannels: 1, kernel: 1, bias: false), initializer: .constant(2), using: &g)
        let out = Concat(ActivationLayer(.identity), one).forward(ramp3x3)
        #expect(out.shape == [1, 2, 3, 3])
        #expect(Array(out.scalars[9...]) == ramp3x3.scalars.map { $0 * 2 })
    }
}
