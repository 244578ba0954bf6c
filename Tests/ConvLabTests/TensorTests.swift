import Testing
@testable import ConvLab

@Suite struct TensorTests {
    @Test func builderVisitsIndicesInRowMajorOrder() {
        let t = Tensor(shape: [2, 3]) { index in Float(10 * index[0] + index[1]) }
        #expect(t.scalars == [0, 1, 2, 10, 11, 12])
        #expect(t[1, 2] == 12)
    }

    @Test func reductions() {
        let t = Tensor(shape: [2, 2], scalars: [1, -2, 3, 6])
        #expect(t.sum() == 8)
        #expect(t.mean() == 2)
        // Deviations from 2: -1, -4, 1, 4 → squares 1, 16, 1, 16 → 34/4.
        #expect(t.variance() == 8.5)
        #expect(t.l2Norm() == Double(50).squareRoot())  // √(1 + 4 + 9 + 36)
        #expect(t.max() == 6 && t.min() == -2)
        #expect(t.argmax() == [1, 1])
    }

    @Test func elementWiseArithmetic() {
        let a = Tensor(shape: [3], scalars: [1, 2, 3]), b = Tensor(shape: [3], scalars: [4, 5, 6])
        #expect((a + b).scalars == [5, 7, 9])
        #expect((b - a).scalars == [3, 3, 3])
        #expect((a * b).scalars == [4, 10, 18])
        #expect((2 * a + 1).scalars == [3, 5, 7])
    }

    @Test func reshapeKeepsScalars() {
        let t = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]).reshaped([3, 2])
        #expect(t.shape == [3, 2])
        #expect(t[2, 0] == 5)
    }

    // Expected strings are numpy 2's `np.array2string(a, separator=', ')` for the same arrays.
    @Test func smallTensorPrintsLikeNumpy() {
        #expect(Tensor(shape: [2, 3], scalars: [0, 1, 2, 3, 4, 5]).description == "[[0., 1., 2.],\n [3., 4., 5.]]")
        let cube = Tensor(shape: [2, 3, 4], scalars: (0..<24).map(Float.init))
        #expect(cube.description == """
            [[[ 0.,  1.,  2.,  3.],
              [ 4.,  5.,  6.,  7.],
              [ 8.,  9., 10., 11.]],

             [[12., 13., 14., 15.],
              [16., 17., 18., 19.],
              [20., 21., 22., 23.]]]
            """)
    }

    @Test func largeTensorIsSummarisedLikeNumpy() {
        // np.arange(2000).reshape(40, 50) % 10 + 1: more than 1000 elements, so 3 edge items per axis.
        let t = Tensor(shape: [40, 50], scalars: (0..<2000).map { Float($0 % 10 + 1) })
        let row = "[ 1.,  2.,  3., ...,  8.,  9., 10.]"
        let numpy = "[" + [row, row, row, "...", row, row, row].joined(separator: ",\n ") + "]"
        #expect(t.description.hasPrefix(numpy))
        #expect(t.description.hasSuffix("shape [40, 50]"))
    }
}
