import Testing
@testable import ConvLab

/// Hand-computed convolutions: small enough to check on paper.
@Suite struct ConvReferenceTests {
    @Test func threeByThreeOnesOverRamp() {
        // Input 1..16 as a 4×4 image, an all-ones 3×3 kernel, no padding: each output is the
        // sum of a 3×3 window. Window at (0,0): 1+2+3+5+6+7+9+10+11 = 54.
        let input = Tensor(shape: [1, 1, 4, 4], scalars: (1...16).map(Float.init))
        let weight = Tensor.ones([1, 1, 3, 3])
        let output = conv2dReference(input, weight)
        #expect(output.shape == [1, 1, 2, 2])
        #expect(output.scalars == [54, 63, 90, 99])
    }

    @Test func paddingStrideDilationAndBias() {
        // 3×3 input, kernel 2×2 with dilation 2 = taps at offsets 0 and 2; padding 1, stride 2.
        let input = Tensor(shape: [1, 1, 3, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let weight = Tensor(shape: [1, 1, 2, 2], scalars: [1, 10, 100, 1000])
        let output = conv2dReference(input, weight, bias: Tensor(shape: [1], scalars: [0.5]),
                                     stride: 2, padding: 1, dilation: 2)
        // Padded 5×5, span 3: outputs at rows/cols 0 and 2 of the padded grid.
        // (0,0): taps padded (0,0),(0,2),(2,0),(2,2) = 0, 0, 0, x[1][1]=5 → 5000.5
        // (0,1): padded (0,2),(0,4),(2,2),(2,4) = 0, 0, 5, 0 → 500.5
        // (1,0): padded (2,0),(2,2),(4,0),(4,2) = 0, 5, 0, 0 → 50.5
        // (1,1): padded (2,2),(2,4),(4,2),(4,4) = 5 → 5.5
        #expect(output.shape == [1, 1, 2, 2])
        #expect(output.scalars == [5000.5, 500.5, 50.5, 5.5])
    }

    @Test func depthwiseKeepsChannelsApart() {
        let input = Tensor(shape: [1, 2, 1, 1], scalars: [3, 5])
        let weight = Tensor(shape: [2, 1, 1, 1], scalars: [2, 7])
        #expect(conv2dReference(input, weight, groups: 2).scalars == [6, 35])
    }
}
