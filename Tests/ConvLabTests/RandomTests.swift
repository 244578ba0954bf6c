import Testing
@testable import ConvLab

@Suite struct RandomTests {
    /// Expected values from an independent Python implementation of SplitMix64 seeding and
    /// xoshiro256** (Blackman and Vigna's reference algorithm), run for seeds 42 and 0.
    @Test func firstOutputsAreFixed() {
        var g = SeededGenerator(seed: 42)
        #expect([g.next(), g.next(), g.next(), g.next()] ==
                [0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1, 0xECB8_AD47_03B3_60A1])
        var zero = SeededGenerator(seed: 0)
        #expect([zero.next(), zero.next()] == [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A])
        var unit = SeededGenerator(seed: 42)
        #expect([unit.nextUnitDouble(), unit.nextUnitDouble(), unit.nextUnitDouble()] ==
                [0.08386297105988216, 0.3789802506626686, 0.6800434110281394])
    }

    /// 200 000 draws: the standard error of a uniform mean is 0.289/√n ≈ 6.5e-4 and of a normal
    /// mean 2.2e-3; tolerances are about 5 standard errors.
    @Test func uniformAndNormalMoments() {
        var g = SeededGenerator(seed: 1)
        let n = 200_000
        let u = (0..<n).map { _ in g.uniform(-1..<3) }
        let uMean = u.reduce(0, +) / Double(n)
        let uVar = u.map { ($0 - uMean) * ($0 - uMean) }.reduce(0, +) / Double(n)
        #expect(abs(uMean - 1) < 0.004)            // (−1 + 3)/2
        #expect(abs(uVar - 16.0 / 12) < 0.01)       // width²/12
        #expect(u.allSatisfy { $0 >= -1 && $0 < 3 })
        let z = (0..<n).map { _ in g.normal(mean: 2, standardDeviation: 0.5) }
        let zMean = z.reduce(0, +) / Double(n)
        let zVar = z.map { ($0 - zMean) * ($0 - zMean) }.reduce(0, +) / Double(n)
        let within1 = Double(z.filter { abs($0 - 2) < 0.5 }.count) / Double(n)
        #expect(abs(zMean - 2) < 0.006)
        #expect(abs(zVar - 0.25) < 0.004)
        #expect(abs(within1 - 0.6827) < 0.005)      // one standard deviation holds 68.27%
    }

    @Test func sameSeedSameTensor() {
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9), c = SeededGenerator(seed: 10)
        let x = Tensor.normal([4, 4], using: &a)
        #expect(x == Tensor.normal([4, 4], using: &b))
        #expect(x != Tensor.normal([4, 4], using: &c))
    }
}
