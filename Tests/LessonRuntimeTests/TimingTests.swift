import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import LessonRuntime

/// The timing helpers that chapters use: medians, interleaving and the CPU clock.
@Suite struct TimingTests {
    @Test func medianOfOddAndEvenCounts() {
        #expect(median([5, 1, 3]) == 3)
        #expect(median([4, 1, 3, 2]) == 3)
        #expect(median([]) == 0)
    }

    /// Spins for at least `milliseconds` of this process's CPU time.
    static func spin(_ milliseconds: Double) {
        var x = 0.0
        let began = cpuNow()
        // repeat-while: the process CPU clock counts every thread, so with tests running
        // beside this one it may pass a short span before the first check.
        repeat { for i in 0..<10_000 { x += Double(i).squareRoot() } } while cpuNow() - began < milliseconds
        #expect(x > 0)
    }

    static func cpuNow() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) * 1e3 + Double(now.tv_nsec) / 1e6
    }

    /// Computations long enough for the CPU clock run once per sample, interleaved.
    @Test func compareTimesInterleavesAndRunsEachTheGivenNumberOfTimes() {
        var order: [String] = []
        let comparison = compareTimes(runs: 3, { Self.spin(25); order.append("a") }, { order.append("b") })
        // The first call measures how long the first computation takes (long enough: once).
        #expect(order == ["a", "a", "b", "a", "b", "a", "b"])
        #expect(comparison.first.count == 3 && comparison.second.count == 3)
    }

    /// Computations too short for a coarse CPU clock are repeated within each sample.
    @Test func shortComputationsAreRepeatedWithinASample() {
        var calls = 0
        let comparison = compareTimes(runs: 2, { calls += 1; Self.spin(0.05) }, { })
        #expect(comparison.first.count == 2)
        #expect(calls > 10)
        #expect(comparison.firstMedian > 0 && comparison.firstMedian < 20)
    }

    /// The distribution-free interval of the median: order statistics chosen by the binomial
    /// distribution (values checked against a table: n = 10 → x₍₂₎…x₍₉₎, n = 20 → x₍₆₎…x₍₁₅₎).
    @Test func medianIntervalUsesBinomialOrderStatistics() {
        let ten = (1...10).map(Double.init)
        #expect(medianInterval(ten.reversed()) == 2...9)
        #expect(medianInterval((1...20).map(Double.init)) == 6...15)
        #expect(medianInterval((1...7).map(Double.init)) == 1...7)
        #expect(medianInterval([3, 1, 2]) == 1...3)  // too few for 95%: the whole range
        #expect(medianInterval([]) == 0...0)
        #expect(medianInterval([.nan, 2, 1]) == 1...2)
    }

    @Test func pairRatiosAndTheirMedian() {
        let comparison = TimeComparison(first: [10, 20, 40], second: [5, 30, 20])
        #expect(comparison.pairRatios == [0.5, 1.5, 0.5])
        #expect(comparison.ratio == 0.5)
        #expect(comparison.ratioInterval == 0.5...1.5)
    }

    /// With a bound, pairs are added while the interval still contains it, up to `maxRuns`.
    @Test func compareTimesAddsPairsUntilTheIntervalDecides() {
        // The same work twice: ratios scatter around 1, so the interval keeps containing it.
        let undecided = compareTimes(runs: 3, below: 1, maxRuns: 9, budgetSeconds: 60,
                                     { Self.spin(0.2) }, { Self.spin(0.2) })
        #expect(undecided.first.count <= 9 && undecided.first.count >= 3)
        let none = compareTimes(runs: 4, { }, { })
        #expect(none.first.count == 4)
    }

    @Test func timingClaimHoldsFailsOrIsInconclusiveByItsInterval() {
        let faster = Claim(timing: "faster", TimeComparison(first: Array(repeating: 10, count: 8),
                                                            second: Array(repeating: 5, count: 8)),
                           below: 1, pins: ["t"])
        let slower = Claim(timing: "slower", TimeComparison(first: Array(repeating: 5, count: 8),
                                                            second: Array(repeating: 10, count: 8)),
                           below: 1)
        let close = Claim(timing: "close", TimeComparison(first: Array(repeating: 10, count: 8),
                                                          second: [9, 11, 9, 11, 9, 11, 9, 11]),
                          below: 1)
        #expect([faster, slower, close].map(\.passed) == [true, false, true])
        #expect([faster, slower, close].map(\.inconclusive) == [false, false, true])
        #expect(faster.pins == ["t"] && faster.interval == [0.5, 0.5] && faster.expected == 1)
        #expect(close.interval == [0.9, 1.1] && close.isTiming)
        let unmeasurable = Claim(timing: "0 ms", TimeComparison(first: [0, 0], second: [0, 0]), below: 1)
        #expect(!unmeasurable.passed && !unmeasurable.inconclusive)
    }

    @Test func cpuClockSeesWork() {
        let busy = cpuMilliseconds {
            var x = 0.0
            for i in 0..<3_000_000 { x += Double(i).squareRoot() }
            #expect(x > 0)
        }
        #expect(busy > 0)
    }

    /// Sleeping costs (almost) no CPU time. Checked in a child process of its own: in the test
    /// process, other tests running in parallel add to the process's CPU clock.
    @Test func cpuClockIgnoresSleep() async {
        await #expect(processExitsWith: .success) {
            let asleep = cpuMilliseconds { usleep(100_000) }
            exit(asleep < 20 ? 0 : 1)
        }
    }
}
