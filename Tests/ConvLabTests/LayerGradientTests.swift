import Testing
@testable import ConvLab

/// Every layer and composite, backward against finite differences (input and parameters).
@Suite struct LayerGradientTests {
    private func generator() -> SeededGenerator { SeededGenerator(seed: 21) }

    @Test(arguments: Activation.allCases)
    func activation(_ activation: Activation) {
        // Values spread over [-8, 8] so ReLU6's upper kink at 6 is exercised too, none within h of a kink.
        let x = kinkFreeInput([2, 3, 4, 4], spacing: 0.17)
        checkGradients(ActivationLayer(activation), input: x)
    }

    @Test func maxPoolPlain() { checkGradients(MaxPool2D(kernel: 2), input: kinkFreeInput([2, 2, 6, 6])) }
    @Test func maxPoolOverlappingWithPadding() {
        checkGradients(MaxPool2D(kernel: 3, stride: 2, padding: 1), input: kinkFreeInput([1, 2, 7, 7]))
    }
    @Test func maxPoolCeilMode() {
        checkGradients(MaxPool2D(kernel: 3, stride: 2, ceilMode: true), input: kinkFreeInput([1, 2, 8, 8]))
    }
    @Test func maxPoolAsymmetric() {
        checkGradients(MaxPool2D(kernel: Size2D(h: 3, w: 2), stride: Size2D(h: 1, w: 2),
                                 padding: Padding2D(top: 1, bottom: 0, left: 0, right: 1), ceilMode: true),
                       input: kinkFreeInput([1, 1, 5, 6]))
    }

    @Test(arguments: [true, false])
    func avgPoolCeilModeAndPadding(countIncludePad: Bool) {
        let pool = AvgPool2D(kernel: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: countIncludePad)
        checkGradients(pool, input: randomInput([2, 2, 6, 6]))
    }
    @Test func avgPoolPlain() { checkGradients(AvgPool2D(kernel: 2), input: randomInput([1, 3, 4, 6])) }

    @Test(arguments: [Size2D(h: 1, w: 1), Size2D(h: 3, w: 2), Size2D(h: 4, w: 5)])
    func adaptiveAvgPool(_ size: Size2D) {
        checkGradients(AdaptiveAvgPool2D(outputSize: size), input: randomInput([2, 2, 7, 5]))
    }

    @Test func batchNormTraining() {
        let bn = BatchNorm2D(channels: 3)
        bn.scale.value = Tensor(shape: [3], scalars: [1.5, -0.5, 2])
        bn.shift.value = Tensor(shape: [3], scalars: [0.1, 0.2, -0.3])
        checkGradients(bn, input: randomInput([2, 3, 3, 3]))
    }

    @Test func batchNormInference() {
        let bn = BatchNorm2D(channels: 2)
        bn.runningMean = Tensor(shape: [2], scalars: [0.3, -1])
        bn.runningVariance = Tensor(shape: [2], scalars: [2, 0.5])
        bn.scale.value = Tensor(shape: [2], scalars: [0.7, 1.3])
        bn.setTraining(false)
        checkGradients(bn, input: randomInput([2, 2, 3, 3]))
    }

    @Test func linearWithAndWithoutBias() {
        var g = generator()
        checkGradients(Linear(inFeatures: 5, outFeatures: 3, using: &g), input: randomInput([4, 5]))
        checkGradients(Linear(inFeatures: 5, outFeatures: 3, bias: false, using: &g), input: randomInput([2, 5]))
    }

    @Test func flattenThenLinear() {
        var g = generator()
        checkGradients(Sequential(Flatten(), Linear(inFeatures: 12, outFeatures: 4, using: &g)), input: randomInput([2, 3, 2, 2]))
    }

    @Test func sequentialNetwork() {
        var g = generator()
        let net = Sequential(
            Conv2D(ConvSpec(inChannels: 2, outChannels: 4, kernel: 3, padding: 1), using: &g),
            BatchNorm2D(channels: 4), Tanh(),
            AvgPool2D(kernel: 2),
            Conv2D(ConvSpec(inChannels: 4, outChannels: 3, kernel: 3, stride: 2, padding: 1), using: &g),
            AdaptiveAvgPool2D(outputSize: 1), Flatten(),
            Linear(inFeatures: 3, outFeatures: 2, using: &g))
        checkGradients(net, input: randomInput([2, 2, 6, 6]))
    }

    @Test(arguments: [Float(1), 0.2])
    func residualIdentity(branchScale: Float) {
        var g = generator()
        let body = Sequential(Conv2D(ConvSpec(inChannels: 3, outChannels: 3, kernel: 3, padding: 1), using: &g), Tanh(),
                              Conv2D(ConvSpec(inChannels: 3, outChannels: 3, kernel: 3, padding: 1), using: &g))
        checkGradients(Residual(body: body, branchScale: branchScale), input: randomInput([2, 3, 4, 4]))
    }

    @Test func residualWithProjection() {
        var g = generator()
        let body = Sequential(Conv2D(ConvSpec(inChannels: 2, outChannels: 4, kernel: 3, stride: 2, padding: 1), using: &g),
                              BatchNorm2D(channels: 4), Sigmoid())
        let projection = Sequential(Conv2D(ConvSpec(inChannels: 2, outChannels: 4, kernel: 1, stride: 2, bias: false), using: &g),
                                    BatchNorm2D(channels: 4))
        checkGradients(Residual(body: body, shortcut: projection, branchScale: 0.5), input: randomInput([2, 2, 5, 5]))
    }

    @Test func highway() {
        var g = generator()
        let body = Sequential(Conv2D(ConvSpec(inChannels: 3, outChannels: 3, kernel: 3, padding: 1), using: &g), Tanh())
        let gate = ConvSpec(inChannels: 3, outChannels: 3, kernel: 3, padding: 1)
        // gateBias 0 keeps T near 1/2, where both paths carry gradient.
        checkGradients(Highway(body: body, gate: gate, gateBias: 0, using: &g), input: randomInput([2, 3, 4, 4]))
    }

    @Test func concatInceptionLike() {
        var g = generator()
        let net = Concat(
            Conv2D(ConvSpec(inChannels: 3, outChannels: 2, kernel: 1), using: &g),
            Sequential(Conv2D(ConvSpec(inChannels: 3, outChannels: 2, kernel: 1), using: &g), Tanh(),
                       Conv2D(ConvSpec(inChannels: 2, outChannels: 3, kernel: 3, padding: 1), using: &g)),
            Sequential(AvgPool2D(kernel: 3, stride: 1, padding: 1),
                       Conv2D(ConvSpec(inChannels: 3, outChannels: 1, kernel: 1), using: &g)))
        checkGradients(net, input: randomInput([2, 3, 4, 4]))
    }

    @Test func namedLayerAndInstantiatedSpec() {
        let spec = LayerSpec.named("stem", .sequential([
            .conv(ConvSpec(inChannels: 1, outChannels: 2, kernel: Size2D(h: 1, w: 3), padding: Padding2D(h: 0, w: 1))),
            .activation(.sigmoid),
            .residual(body: .conv(ConvSpec(inChannels: 2, outChannels: 2, kernel: 3, padding: 1)), shortcut: nil, branchScale: 1),
        ]))
        var g = generator()
        checkGradients(spec.instantiate(using: &g), input: randomInput([1, 1, 4, 5]))
    }

    /// The checker itself must catch a wrong backward, or every test above proves nothing.
    @Test func checkerCatchesAWrongGradient() {
        withKnownIssue("a backward that returns twice the true gradient must be reported") {
            checkGradients(DoublingBackward(), input: randomInput([1, 1, 2, 2]))
        }
    }
}

/// y = x, but backward claims 2·dy: a deliberately wrong layer for `checkerCatchesAWrongGradient`.
private final class DoublingBackward: Layer {
    var spec: LayerSpec { .activation(.identity) }
    func forward(_ input: Tensor) -> Tensor { input }
    func backward(_ gradOutput: Tensor) -> Tensor { gradOutput * 2 }
}
