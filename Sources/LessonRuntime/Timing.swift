#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Two computations timed against each other, as fairly as a shared machine allows.
public struct TimeComparison: Sendable, Hashable {
    /// Each run of the first computation, in milliseconds of CPU time.
    public var first: [Double]
    /// Each run of the second computation, in milliseconds of CPU time.
    public var second: [Double]

    /// The median of the first computation's runs.
    public var firstMedian: Double { median(first) }
    /// The median of the second computation's runs.
    public var secondMedian: Double { median(second) }
    /// second ÷ first, from the medians: below 1 when the second is faster.
    public var ratio: Double { secondMedian / firstMedian }
}

/// Times `first` and `second` against each other: `runs` of each, interleaved (so a burst of
/// load from elsewhere hits both alike), measured in this process's CPU time, compared by
/// their medians.
///
/// CPU time rather than wall time because lessons run on shared machines: another program
/// taking the cores stretches wall time by any factor, but hardly changes the CPU time this
/// process spends. With several threads, CPU time is the sum over threads: the total work.
public func compareTimes(runs: Int = 7, _ first: () -> Void, _ second: () -> Void) -> TimeComparison {
    var comparison = TimeComparison(first: [], second: [])
    for _ in 0..<max(1, runs) {
        comparison.first.append(cpuMilliseconds(first))
        comparison.second.append(cpuMilliseconds(second))
    }
    return comparison
}

/// The CPU time `body` takes in this process (all its threads), in milliseconds.
public func cpuMilliseconds(_ body: () -> Void) -> Double {
    let start = processCPUTime()
    body()
    return (processCPUTime() - start) * 1e3
}

/// The middle value (the upper middle for an even count); 0 for no values.
public func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    return values.sorted()[values.count / 2]
}

/// Seconds of CPU time this process has used so far.
private func processCPUTime() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
}
