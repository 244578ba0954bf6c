import Testing
@testable import ConvLab

/// The vectorised max pooling against the plain loop, and PyTorch's rule for ties and NaN.
@Suite struct MaxPoolKernelTests {
    /// (kernel, stride, padding, ceil mode, height, width): every zoo pooling, both vector
    /// strides at widths around the run of sixteen's edges, and shapes the vector loop skips.
    static let geometries: [(Size2D, Size2D, Padding2D, Bool, Int, Int)] = [
        (3, 1, 1, false, 28, 28), (3, 1, 1, false, 7, 7), (3, 2, 0, true, 112, 112), (3, 2, 1, false, 56, 56),
        (2, 2, 0, false, 32, 32), (3, 2, 0, true, 27, 27), (3, 1, 1, false, 5, 17), (3, 1, 1, false, 3, 18),
        (3, 1, 0, false, 4, 18), (3, 1, 1, false, 6, 33), (5, 1, 2, false, 9, 40), (2, 1, 0, false, 3, 16),
        (3, 2, 1, false, 9, 34), (3, 2, 1, true, 8, 35), (3, 2, 0, false, 5, 33), (2, 2, 0, true, 4, 47),
        (3, 3, 1, false, 10, 50), (Size2D(h: 3, w: 2), Size2D(h: 1, w: 2), 0, false, 6, 40),
        (Size2D(h: 1, w: 5), 1, Padding2D(top: 0, bottom: 0, left: 2, right: 1), false, 3, 37),
        (1, 1, 0, false, 2, 20), (7, 2, 3, true, 21, 40),
    ]

    /// Every output and argmax equal to the plain loop's, on values with many ties (small
    /// integers), infinities and NaNs, for every geometry.
    @Test(arguments: geometries.indices) func vectorLoopMatchesPlainLoop(_ which: Int) {
        let (kernel, stride, padding, ceil, h, w) = Self.geometries[which]
        let g = PoolGeometry(PoolSpec(kernel: kernel, stride: stride, padding: padding, ceilMode: ceil),
                             inputShape: [2, 3, h, w], layer: "test")
        var random = SeededGenerator(seed: UInt64(17 + which))
        let values: [Float] = (0..<(6 * h * w)).map { _ in
            switch Int.random(in: 0..<40, using: &random) {
            case 0: .nan
            case 1: -.infinity
            case 2: .infinity
            default: Float(Int.random(in: -3...3, using: &random))
            }
        }
        let count = g.planes * g.outH * g.outW
        var fast = [Float](repeating: 0, count: count), plain = fast
        var fastAt = [Int32](repeating: -1, count: count), plainAt = fastAt
        values.withUnsafeBufferPointer { x in
            fast.withUnsafeMutableBufferPointer { out in fastAt.withUnsafeMutableBufferPointer { maxPoolForward(g, x, out, $0) } }
            plain.withUnsafeMutableBufferPointer { out in plainAt.withUnsafeMutableBufferPointer { maxPoolReference(g, x, out, $0) } }
        }
        #expect(fastAt == plainAt)
        #expect(zip(fast, plain).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
        #expect(plain.contains { $0.isNaN }, "the data exercise NaN propagation")
    }

    /// PyTorch's `(val > maxval) || isnan(val)`: the first of equal maxima wins, a NaN wins
    /// over any number after it, and a later NaN over an earlier one.
    @Test func tiesKeepTheFirstAndNaNPropagates() {
        let g = PoolGeometry(PoolSpec(kernel: 3, stride: 3, padding: 0, ceilMode: false), inputShape: [1, 1, 1 * 3, 3 * 3], layer: "test")
        // Three windows of 3×3 side by side: equal maxima; a NaN before a larger number; two NaNs.
        let rows: [[Float]] = [[5, 1, 5, .nan, 9, 0, .nan, 1, 2],
                               [5, 0, 0, 7, 7, 0, 0, .nan, 3],
                               [0, 0, 5, 0, 0, 0, 0, 0, 0]]
        let x = rows.flatMap { $0 }
        var out = [Float](repeating: 0, count: 3), at = [Int32](repeating: -1, count: 3)
        x.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in at.withUnsafeMutableBufferPointer { maxPoolReference(g, x, o, $0) } }
        }
        #expect(out[0] == 5 && at[0] == 0)
        #expect(out[1].isNaN && at[1] == 3)
        #expect(out[2].isNaN && at[2] == 16)
    }

    /// The same rule on the vector loop: a 1×3 window over a row of 20 (18 outputs, all in
    /// runs of sixteen: from column 0, and one from column 2 overlapping it).
    @Test func vectorLoopKeepsTheFirstTieAndPropagatesNaN() {
        let g = PoolGeometry(PoolSpec(kernel: Size2D(h: 1, w: 3), stride: 1, padding: 0, ceilMode: false),
                             inputShape: [1, 1, 1, 20], layer: "test")
        #expect(MaxPoolVectorSpan(g).run(reaching: 0) == 0 && MaxPoolVectorSpan(g).run(reaching: 17) == 2)
        var x = [Float](repeating: 0, count: 20)
        x[0] = 5; x[2] = 5  // a tie: window 0 keeps column 0
        x[5] = .nan; x[6] = 9  // a NaN before a larger number: windows 4 and 5 keep the NaN
        x[10] = .nan; x[12] = .nan  // two NaNs: window 10 takes the later one
        x[19] = 7  // the last window, written by the overlapping run
        var out = [Float](repeating: 0, count: 18), at = [Int32](repeating: -1, count: 18)
        x.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in at.withUnsafeMutableBufferPointer { maxPoolForward(g, x, o, $0) } }
        }
        #expect(out[0] == 5 && at[0] == 0)
        #expect(out[4].isNaN && at[4] == 5 && out[5].isNaN && at[5] == 5)
        #expect(out[6] == 9 && at[6] == 6)
        #expect(out[10].isNaN && at[10] == 12 && out[11].isNaN && at[11] == 12)
        #expect(out[17] == 7 && at[17] == 19)
        #expect(out[15] == 0 && at[15] == 15, "a window of zeros keeps its first column")
    }

    /// The vector loop takes the runs it is meant to: module 3a's pooling (3×3, stride 1,
    /// padding 1, width 28) runs from columns 1 to 11, then one run from 11 for columns 17 to
    /// 26, leaving 0 and 27 (whose windows reach the padding) to the plain loop; GoogLeNet's
    /// first (3×3, stride 2, ceil, width 112, 56 outputs) runs from 0 to 39, then one from 39.
    @Test func vectorSpanCoversTheInteriorRuns() {
        let module = MaxPoolVectorSpan(PoolGeometry(PoolSpec(kernel: 3, stride: 1, padding: 1, ceilMode: false),
                                                    inputShape: [1, 1, 28, 28], layer: "test"))
        #expect(module.first == 1 && module.end == 12)
        #expect([0, 1, 11, 16, 17, 26, 27].map(module.run(reaching:)) == [nil, 1, 11, 11, 11, 11, nil])
        let stem = MaxPoolVectorSpan(PoolGeometry(PoolSpec(kernel: 3, stride: 2, padding: 0, ceilMode: true),
                                                  inputShape: [1, 1, 112, 112], layer: "test"))
        #expect(stem.first == 0 && stem.end == 40)
        #expect([0, 39, 40, 54, 55].map(stem.run(reaching:)) == [0, 39, 39, 39, nil])
        let odd = MaxPoolVectorSpan(PoolGeometry(PoolSpec(kernel: 3, stride: 3, padding: 0, ceilMode: false),
                                                 inputShape: [1, 1, 9, 90], layer: "test"))
        #expect(odd.first == 0 && odd.end == 0)
    }
}
