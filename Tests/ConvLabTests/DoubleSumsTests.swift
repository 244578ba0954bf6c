import Testing
@testable import ConvLab

/// Batch normalisation's vectorised sums (`DoubleSums`) against plain running sums, on
/// lengths around the 16-float step and on values whose mean is far from zero.
@Suite struct DoubleSumsTests {
    @Test(arguments: [0, 1, 15, 16, 17, 33, 256, 1001])
    func sumsMatchPlainLoops(_ count: Int) {
        var rng = SeededGenerator(seed: UInt64(count) + 3)
        let x = (0..<count).map { _ in Float.random(in: 999..<1001, using: &rng) }
        let y = (0..<count).map { _ in Float.random(in: -1..<1, using: &rng) }
        var sum = 0.0, dot = 0.0
        for i in 0..<count { sum += Double(x[i]); dot += Double(x[i]) * Double(y[i]) }
        let mean = count > 0 ? sum / Double(count) : 0
        var squares = 0.0
        for v in x { squares += (Double(v) - mean) * (Double(v) - mean) }
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { yp in
                let base = xp.baseAddress ?? UnsafePointer(bitPattern: 16)!, other = yp.baseAddress ?? UnsafePointer(bitPattern: 16)!
                #expect(abs(DoubleSums.sum(base, count: count) - sum) <= 1e-12 * max(1, abs(sum)))
                #expect(abs(DoubleSums.squaredDeviations(base, count: count, from: mean) - squares) <= 1e-9 * max(1, squares))
                let (s, d) = DoubleSums.sumAndDot(base, other, count: count)
                #expect(abs(s - sum) <= 1e-12 * max(1, abs(sum)))
                #expect(abs(d - dot) <= 1e-12 * max(1, abs(sum)))
            }
        }
        if count == 1001 { #expect(squares > 100, "the deviations are real, not rounding noise") }
    }
}
