import ConvLab
import Foundation

/// `--profile`: one direction of one case, repeated for a few seconds with nothing else in
/// the process (no peak, no reference, no other direction), so that `perf record` sees only
/// that work and its fixed costs (planes, packing, scratch, the pool's hand-off).
enum Profile {
    /// The operation to repeat.
    enum Direction: String {
        case forward, input, weight
    }

    /// How long each case runs.
    static let seconds = 3.0

    /// Runs `direction` of `benchCase` for `seconds` and describes its median and fastest time per
    /// run (on a shared machine the fastest is the steadier figure for comparing two builds).
    static func run(_ benchCase: BenchCase, _ direction: Direction) -> String {
        let layers = benchCase.layers.enumerated().map { Runner.prepare($1, seed: UInt64($0 + 1)) }
        let work: () -> Void = {
            switch direction {
            case .forward:
                _ = Runner.chainedForward(layers)
            case .input:
                for l in layers {
                    let s = l.shape
                    _ = conv2dInputGradient(l.input, l.weight, gradOutput: l.gradOutput, stride: s.stride, padding: s.padding, groups: s.groups)
                }
            case .weight:
                for l in layers {
                    let s = l.shape
                    _ = conv2dWeightGradient(l.input, l.weight, gradOutput: l.gradOutput, stride: s.stride, padding: s.padding, groups: s.groups)
                }
            }
        }
        work()
        var samples: [Double] = []
        let end = Clock.now() + seconds
        while Clock.now() < end { samples.append(Runner.seconds(work)) }
        samples.sort()
        let median = samples[samples.count / 2]
        let percent = 100 * benchCase.forwardFlops / median / 1e9 / (116.0 * Double(ConvLab.threadCount))
        let deciles = (1...9).map { String(format: "%.3f", samples[samples.count * $0 / 10] * 1e3) }.joined(separator: " ")
        return String(format: "%@ %@: %.3f ms median of %d runs, fastest %.3f ms (median %.0f%% of %.0f GFLOP/s, the nominal peak); deciles %@",
                      benchCase.name, direction.rawValue, median * 1e3, samples.count, samples[0] * 1e3, percent,
                      116.0 * Double(ConvLab.threadCount), deciles)
    }
}
