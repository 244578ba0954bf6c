import Testing
@testable import LessonRuntime

/// One way a value and a claim read, in the site, the terminal and the plain reports.
@Suite struct ValueTextTests {
    @Test func numbersWholeInFullFourSignificantDigitsExponentWhenTinyOrHuge() {
        #expect(ValueText.number(0.722222) == "0.7222")
        #expect(ValueText.number(28.8) == "28.8")
        #expect(ValueText.number(1234.56) == "1235")
        #expect(ValueText.number(1_234_567) == "1234567")
        #expect(ValueText.number(-0.0) == "0")
        #expect(ValueText.number(0.0000025) == "2.5e-6")
        #expect(ValueText.number(2e15 + 0.5) == "2e15")
        #expect(ValueText.number(.nan) == "NaN")
        #expect(ValueText.number(-.infinity) == "−∞")
        #expect(ValueText.metric(12.5, unit: "ms") == "12.5 ms")
        #expect(ValueText.metric(3, unit: "") == "3")
        #expect(ValueText.exponent(999_960) == "1e6")
    }

    @Test func claimDetailsForEqualityTimingAndYesNoClaims() {
        let equal = Claim(statement: "s", passed: true, measured: 0.722222, expected: 0.72, tolerance: 0.005)
        #expect(ValueText.detail(of: equal) == "measured 0.7222, expected 0.72 ± 0.005")
        let timing = Claim(timing: "t", TimeComparison(first: [10, 10, 10, 10, 10, 10], second: [8, 9, 10.5, 8, 9, 8]),
                           below: 1)
        #expect(ValueText.detail(of: timing) == "ratio 0.9, 95% interval 0.8–1.05, below 1 (inconclusive)")
        #expect(ValueText.verdict(of: timing) == "inconclusive")
        #expect(ValueText.detail(of: Claim(statement: "yes", passed: true)) == nil)
        let least = Claim(statement: "fast", passed: true, measured: 0.8512, expected: 0.6, bound: .atLeast)
        #expect(ValueText.detail(of: least) == "measured 0.8512, at least 0.6")
        let most = Claim(statement: "slow", passed: false, measured: 0.35, expected: 0.3, bound: .atMost)
        #expect(ValueText.detail(of: most) == "measured 0.35, at most 0.3")
        #expect(ValueText.verdict(of: Claim(statement: "no", passed: false)) == "does not hold")
    }
}
