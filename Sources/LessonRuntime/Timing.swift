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

    /// A comparison of runs already made (`first[i]` and `second[i]` ran one after the other).
    public init(first: [Double], second: [Double]) {
        self.first = first
        self.second = second
    }

    /// The median of the first computation's runs.
    public var firstMedian: Double { median(first) }
    /// The median of the second computation's runs.
    public var secondMedian: Double { median(second) }
    /// second ÷ first of each interleaved pair of runs: a burst of load that stretches one run
    /// of a pair mostly stretches the other too, so the pairs' ratios vary less than the times.
    public var pairRatios: [Double] { zip(first, second).map { $1 / $0 } }
    /// The median of the pairs' ratios: below 1 when the second is faster.
    public var ratio: Double { median(pairRatios) }
    /// The confidence of `ratioInterval` (and of every timing claim): 95%. Prose that states
    /// it is pinned by it (`PinCheck`), and reports print it from here.
    public static let confidence = 0.95

    /// A 95% confidence interval of the median pair ratio, from order statistics (no
    /// assumption on how the times are distributed); the whole range of the ratios when there
    /// are too few pairs for 95%.
    public var ratioInterval: ClosedRange<Double> { medianInterval(pairRatios) }
}

/// Times `first` and `second` against each other, interleaved (so a burst of load from
/// elsewhere hits both alike), in this process's CPU time, compared by the median of the
/// ratios of interleaved pairs.
///
/// Each sample repeats its computation enough times for the first to take 20 ms of CPU
/// time, and is the time per repetition. It makes `runs` pairs; given a `bound`, it then goes on adding pairs while the 95% interval
/// of the ratio still contains the bound, up to `maxRuns` pairs or `budgetSeconds` of CPU
/// time, so that a clear difference is decided in a few runs and a close one gets more.
///
/// CPU time rather than wall time because lessons run on shared machines: another program
/// taking the cores stretches wall time by any factor, but hardly changes the CPU time this
/// process spends. With several threads, CPU time is the sum over threads: the total work.
public func compareTimes(
    runs: Int = 7, below bound: Double? = nil, maxRuns: Int = 61, budgetSeconds: Double = 20,
    _ first: () -> Void, _ second: () -> Void
) -> TimeComparison {
    // Each sample repeats its computation until the first takes at least 20 ms, and is the
    // time per repetition, so the ratio stays that of one call each: a microsecond call is
    // then timed over many, and a sample is long against the clock's reading cost.
    var repeats = 1
    while repeats < 1 << 20, cpuMilliseconds({ for _ in 0..<repeats { first() } }) < 20 { repeats *= 2 }
    var comparison = TimeComparison(first: [], second: [])
    var spent = 0.0
    func pair() {
        let one = cpuMilliseconds { for _ in 0..<repeats { first() } }
        let two = cpuMilliseconds { for _ in 0..<repeats { second() } }
        comparison.first.append(one / Double(repeats))
        comparison.second.append(two / Double(repeats))
        spent += (one + two) / 1e3
    }
    for _ in 0..<max(1, runs) { pair() }
    if let bound {
        while comparison.ratioInterval.contains(bound), comparison.first.count < maxRuns,
              spent < budgetSeconds {
            pair()
        }
    }
    return comparison
}

/// The distribution-free 95% confidence interval of the median of `values`: the order
/// statistics x₍ⱼ₎ … x₍ₙ₋ⱼ₊₁₎ with the largest j such that P(Binomial(n, ½) < j) ≤ 2.5%.
/// With fewer than 6 values no j reaches 95%, and the interval is the whole range; NaN values
/// are left out, and with none left the interval is 0…0.
public func medianInterval(_ values: [Double]) -> ClosedRange<Double> {
    // NaN (0 ms ÷ 0 ms) has no place in an order; it is left out rather than trapping.
    let sorted = values.filter { !$0.isNaN }.sorted()
    guard let lowest = sorted.first, let highest = sorted.last else { return 0...0 }
    let n = sorted.count
    // Cumulative binomial probabilities, computed in logs so that large n stays finite.
    var j = 0, cumulative = 0.0
    var logChoose = 0.0  // log C(n, k), starting at k = 0
    let logHalfToN = Double(n) * log(0.5)
    while j < n / 2 {
        let next = cumulative + exp(logChoose + logHalfToN)  // P(B ≤ j)
        if next > (1 - TimeComparison.confidence) / 2 { break }
        cumulative = next
        logChoose += log(Double(n - j)) - log(Double(j + 1))
        j += 1
    }
    // j order statistics may be cut from each end: P(B < j) = P(B ≤ j − 1) ≤ 2.5%.
    guard j >= 1 else { return lowest...highest }
    return sorted[j - 1]...sorted[n - j]
}

/// The CPU time `body` takes in this process (all its threads), in milliseconds.
public func cpuMilliseconds(_ body: () -> Void) -> Double {
    let start = processCPUSeconds()
    body()
    return (processCPUSeconds() - start) * 1e3
}

/// The middle value (the upper middle for an even count); 0 for no values.
public func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    return values.sorted()[values.count / 2]
}

/// Seconds of CPU time this process has used so far, all threads, user and system.
///
/// Read with `getrusage`, not `clock_gettime(CLOCK_PROCESS_CPUTIME_ID)`: lesson programs run
/// under a CPU-time limit (`_lessonsLimitCell`), and once `RLIMIT_CPU` arms the process's CPU
/// timer, Linux answers that clock from a sum it updates only at scheduler ticks (every 4 ms
/// on the CI host). A 2.9 ms convolution then read anywhere from 0 to 2.6 ms, and each 20 ms
/// sample of `compareTimes` could be a fifth off. `getrusage` adds up the threads' run times:
/// the calling thread's exact to the microsecond, another thread still running as of its last
/// tick or switch (the same one-thread convolution: 2.73–3.13 ms, as on the wall clock).
func processCPUSeconds() -> Double {
    var usage = rusage()
    guard getrusage(usageOfSelf, &usage) == 0 else { return 0 }
    let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
    let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
    return user + system
}

#if canImport(Glibc)
// Glibc imports RUSAGE_SELF as an enum value; `getrusage` takes its raw Int32.
private let usageOfSelf = __rusage_who_t(RUSAGE_SELF.rawValue)
#else
private let usageOfSelf = RUSAGE_SELF
#endif
