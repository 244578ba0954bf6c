import ConvLab
import Foundation

/// `--profile`: one direction of one case, repeated for a few seconds with nothing else in
/// the process (the FMA peak once first, no reference, no other direction), so that `perf record` sees only
/// that work and its fixed costs (planes, packing, scratch, the pool's hand-off).
enum Profile {
    /// How long each case runs.
    static let seconds = 3.0

    /// Runs `direction` of `benchCase` for `seconds` and describes its median and fastest time per
    /// run (on a shared machine the fastest is the steadier figure for comparing two builds).
    static func run(_ benchCase: BenchCase, _ direction: Direction, peak: Double) -> String {
        let work = Runner.work(Runner.prepare(benchCase), direction)
        work()
        var samples: [Double] = []
        let end = Clock.now() + seconds
        while Clock.now() < end { samples.append(Runner.seconds(work)) }
        samples.sort()
        let median = samples[samples.count / 2]
        let percent = 100 * benchCase.forwardFlops / median / 1e9 / peak
        let deciles = (1...9).map { String(format: "%.3f", samples[samples.count * $0 / 10] * 1e3) }.joined(separator: " ")
        return String(format: "%@ %@: %.3f ms median of %d runs, fastest %.3f ms (median %.0f%% of %.0f GFLOP/s, the FMA peak measured first); deciles %@",
                      benchCase.name, direction.rawValue, median * 1e3, samples.count, samples[0] * 1e3, percent, peak, deciles)
    }
}
