import ConvLab

/// The per-layer fixed cost: the time of a 1×1×1×1 convolution (one pixel, one channel, a
/// 1×1 kernel), where the arithmetic is one multiply-add and everything else — argument
/// checks, geometry, scratch buffers, packing, the decision whether to split — is overhead
/// that every layer of a network pays once per call.
struct FixedCost {
    /// Median microseconds of one `conv2d` call (with bias) and of one `conv2dBackward` call.
    let forwardMicroseconds: Double, backwardMicroseconds: Double

    static func measure() -> FixedCost {
        let input = Tensor(shape: [1, 1, 1, 1], scalars: [0.5])
        let weight = Tensor(shape: [1, 1, 1, 1], scalars: [2])
        let bias = Tensor(shape: [1], scalars: [0.25])
        let gradOutput = Tensor(shape: [1, 1, 1, 1], scalars: [1])
        let forward = microseconds { _ = conv2d(input, weight, bias: bias) }
        let backward = microseconds { _ = conv2dBackward(input, weight, gradOutput: gradOutput) }
        return FixedCost(forwardMicroseconds: forward, backwardMicroseconds: backward)
    }

    /// Median over 11 samples of the time per call, each sample repeating the call until it
    /// has run 2 ms, so that the clock's resolution does not matter.
    static func microseconds(_ work: () -> Void) -> Double {
        for _ in 0..<100 { work() }  // warm-up: scratch buffers, caches
        var samples: [Double] = []
        for _ in 0..<11 {
            var calls = 0
            let start = Clock.now()
            var elapsed = 0.0
            repeat {
                for _ in 0..<50 { work() }
                calls += 50
                elapsed = Clock.now() - start
            } while elapsed < 0.002
            samples.append(elapsed / Double(calls) * 1e6)
        }
        return samples.sorted()[samples.count / 2]
    }
}
