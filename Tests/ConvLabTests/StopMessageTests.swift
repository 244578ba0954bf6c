import Testing
import ConvLab

/// Invalid configurations stop the program with a message naming the values (fatalError,
/// so the message survives release builds). Each runs in a child process (an exit test).
@Suite struct StopMessageTests {
    /// What a failed child process wrote to stderr (empty if the exit test itself failed).
    private func stderrOfFailure(_ result: ExitTest.Result?) -> String {
        result.map { String(decoding: $0.standardErrorContent, as: UTF8.self) } ?? ""
    }

    @Test func channelsNotDivisibleByGroups() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Conv2D(inChannels: 6, outChannels: 4, kernel: 3, groups: 4)
        }
        #expect(stderrOfFailure(result).contains("input channels 6 are not divisible by groups 4"))
    }

    @Test func convFunctionWithIndivisibleChannels() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = conv2d(Tensor.zeros([1, 3, 4, 4]), Tensor.zeros([2, 1, 3, 3]), groups: 2)
        }
        #expect(stderrOfFailure(result).contains("input channels 3 are not divisible by groups 2"))
    }

    @Test func kernelLargerThanPaddedInput() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Conv2D(inChannels: 1, outChannels: 1, kernel: 5, padding: 1).forward(Tensor.zeros([1, 1, 2, 2]))
        }
        #expect(stderrOfFailure(result).contains("kernel spans 5×5 pixels (with dilation), larger than the padded input 4×4"))
    }

    @Test func strideBelowOne() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = conv2d(Tensor.zeros([1, 1, 4, 4]), Tensor.zeros([1, 1, 3, 3]), stride: 0)
        }
        #expect(stderrOfFailure(result).contains("stride must be at least 1, got 0"))
    }

    @Test func layerStrideBelowOne() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Conv2D(inChannels: 1, outChannels: 1, kernel: 3, stride: Size2D(h: 1, w: 0))
        }
        #expect(stderrOfFailure(result).contains("stride must be at least 1, got 1×0"))
    }

    @Test func tensorShapeAndScalarsMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4])
        }
        #expect(stderrOfFailure(result).contains("shape [2, 3] needs 6 scalars, but 4 were given"))
    }

    @Test func residualShapeMismatchAsksForAProjection() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let body = Conv2D(inChannels: 2, outChannels: 4, kernel: 1)
            _ = Residual(body: body).forward(Tensor.zeros([1, 2, 3, 3]))
        }
        #expect(stderrOfFailure(result).contains("add a projection shortcut"))
    }

    @Test func poolWindowLargerThanInput() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = MaxPool2D(kernel: 3).forward(Tensor.zeros([1, 1, 2, 2]))
        }
        #expect(stderrOfFailure(result).contains("MaxPool2D: the output would be 0×0"))
    }

    @Test func linearAfterConvolutionWithoutFlatten() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Linear(inFeatures: 4, outFeatures: 2).forward(Tensor.zeros([1, 4, 1, 1]))
        }
        #expect(stderrOfFailure(result).contains("add Flatten() before a Linear"))
    }

    @Test func crossEntropyLabelOutOfRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = softmaxCrossEntropy(logits: Tensor.zeros([1, 3]), labels: [3])
        }
        #expect(stderrOfFailure(result).contains("label 3 is outside 0..<3"))
    }

    @Test func batchNormTrainingOnOneValuePerChannel() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = BatchNorm2D(channels: 2).forward(Tensor.zeros([1, 2, 1, 1]))
        }
        #expect(stderrOfFailure(result).contains("training needs more than 1 value per channel"))
    }

    @Test func customInitializerWithTheWrongShape() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Linear(inFeatures: 3, outFeatures: 2, initializer: .custom { _, _ in Tensor.zeros([3, 2]) })
        }
        #expect(stderrOfFailure(result).contains("the closure returned shape [3, 2], but the weight needs [2, 3]"))
    }
}
