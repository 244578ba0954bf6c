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

    @Test func compareTimesInterleavesAndRunsEachTheGivenNumberOfTimes() {
        var order: [String] = []
        let comparison = compareTimes(runs: 3, { order.append("a") }, { order.append("b") })
        #expect(order == ["a", "b", "a", "b", "a", "b"])
        #expect(comparison.first.count == 3 && comparison.second.count == 3)
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
