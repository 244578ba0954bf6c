import ConvLab
import Dispatch

/// One timed operation of a case.
struct Timing {
    /// Median wall time of one run, in milliseconds.
    let milliseconds: Double
    let gflops: Double
    let percentOfPeak: Double
    /// ConvLab's GFLOP/s over the reference's (nil when the reference was not timed).
    let speedup: Double?
}

/// Forward, ∂input and ∂weight of one case.
struct CaseResult {
    let benchCase: BenchCase
    let forward: Timing, inputGradient: Timing, weightGradient: Timing
    let runs: Int
}

/// One direction of a case: what `--profile` and `--serve` time.
enum Direction: String {
    case forward, input, weight
}

/// Times a case: one warm-up run, then at least 5 runs and 0.3 s, at most 40; the median.
enum Runner {
    struct Prepared {
        let shape: ConvShape, input: Tensor, weight: Tensor, bias: Tensor, gradOutput: Tensor
    }

    static func prepare(_ shape: ConvShape, seed: UInt64) -> Prepared {
        var rng = SeededGenerator(seed: seed)
        let g = shape.geometry
        return Prepared(shape: shape,
                        input: Tensor.uniform(g.inputShape, in: -1..<1, using: &rng),
                        weight: Tensor.uniform(g.weightShape, in: -0.1..<0.1, using: &rng),
                        bias: Tensor.uniform([g.outChannels], in: -0.1..<0.1, using: &rng),
                        gradOutput: Tensor.uniform(g.outputShape, in: -1..<1, using: &rng))
    }

    /// The case's layers with their tensors, each layer seeded by its place.
    static func prepare(_ benchCase: BenchCase) -> [Prepared] {
        benchCase.layers.enumerated().map { prepare($1, seed: UInt64($0 + 1)) }
    }

    /// One run of `direction` over `layers`: the forward chained (`chainedForward`), each
    /// gradient layer by layer with the layer's own input and output gradient.
    static func work(_ layers: [Prepared], _ direction: Direction) -> () -> Void {
        switch direction {
        case .forward:
            return { _ = chainedForward(layers) }
        case .input:
            return {
                for l in layers {
                    _ = conv2dInputGradient(l.input, l.weight, gradOutput: l.gradOutput, stride: l.shape.stride, padding: l.shape.padding, groups: l.shape.groups)
                }
            }
        case .weight:
            return {
                for l in layers {
                    _ = conv2dWeightGradient(l.input, l.weight, gradOutput: l.gradOutput, stride: l.shape.stride, padding: l.shape.padding, groups: l.shape.groups)
                }
            }
        }
    }

    static func run(_ benchCase: BenchCase, peak: Double, withReference: Bool) -> CaseResult {
        let layers = prepare(benchCase)
        let flops = benchCase.forwardFlops
        var runs = 0
        func timed(_ direction: Direction) -> Double {
            let (seconds, count) = medianSeconds(work(layers, direction))
            runs = max(runs, count)
            return seconds
        }
        let forward = timed(.forward), input = timed(.input), weight = timed(.weight)
        var referenceForward: Double?, referenceBackward: Double?
        if withReference {
            (referenceForward, referenceBackward) = referenceSpeed(benchCase)
        }
        func timing(_ seconds: Double, _ reference: Double?) -> Timing {
            let gflops = flops / seconds / 1e9
            return Timing(milliseconds: seconds * 1e3, gflops: gflops, percentOfPeak: 100 * gflops / peak,
                          speedup: reference.map { gflops / $0 })
        }
        return CaseResult(benchCase: benchCase, forward: timing(forward, referenceForward),
                          inputGradient: timing(input, referenceBackward), weightGradient: timing(weight, referenceBackward),
                          runs: runs)
    }

    /// The case's forward: each layer applied to the one before's output, as a network runs
    /// them (and as compare.py's ONNX graph and torch's forward do). Why chained: a second
    /// layer that read an input of its own read it cold, from memory, where the other sides
    /// read the first layer's output while it is still in cache — the two 3×3's copy into
    /// padded planes then cost 0.2 ms more per pair on two threads whenever the host's
    /// caches were busy (1.58 against 1.38 ms), and nothing else moved.
    static func chainedForward(_ layers: [Prepared]) -> Tensor {
        var x = layers[0].input
        for l in layers {
            precondition(x.shape == l.shape.geometry.inputShape, "a chained layer's input is \(x.shape), not \(l.shape.geometry.inputShape)")
            x = conv2d(x, l.weight, bias: l.bias, stride: l.shape.stride, padding: l.shape.padding, groups: l.shape.groups)
        }
        return x
    }

    /// GFLOP/s of the reference loops, forward and backward (∂input and ∂weight together,
    /// counted as twice the forward flops), timed once on the reduced problem.
    static func referenceSpeed(_ benchCase: BenchCase) -> (Double, Double) {
        var flops = 0.0, forwardSeconds = 0.0, backwardSeconds = 0.0
        for (index, shape) in benchCase.layers.map(\.reduced).enumerated() {
            let l = prepare(shape, seed: UInt64(index + 1))
            flops += shape.geometry.forwardFlops
            forwardSeconds += seconds { _ = conv2dReference(l.input, l.weight, bias: l.bias, stride: shape.stride, padding: shape.padding, groups: shape.groups) }
            backwardSeconds += seconds { _ = conv2dBackwardReference(l.input, l.weight, gradOutput: l.gradOutput, stride: shape.stride, padding: shape.padding, groups: shape.groups) }
        }
        return (flops / forwardSeconds / 1e9, 2 * flops / backwardSeconds / 1e9)
    }

    static func seconds(_ work: () -> Void) -> Double {
        let start = Clock.now()
        work()
        return Clock.now() - start
    }

    /// One warm-up run, then at least 5 runs and `seconds`, at most 40: the median and the count.
    static func medianSeconds(_ work: () -> Void, seconds: Double = 0.3) -> (Double, Int) {
        work()  // warm-up: page faults, caches, Dispatch threads
        var samples: [Double] = []
        var total = 0.0
        while samples.count < 40 && (samples.count < 5 || total < seconds) {
            let s = Self.seconds(work)
            samples.append(s)
            total += s
        }
        samples.sort()
        let mid = samples.count / 2
        return (samples.count % 2 == 1 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2, samples.count)
    }
}
