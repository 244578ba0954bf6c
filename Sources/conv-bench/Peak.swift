import Dispatch

/// The machine's fused multiply-add limit, measured in this process: every thread runs 16
/// independent SIMD16 FMA chains (more than latency × issue width = 4 × 2 = 8 needed to
/// keep both FMA units busy), so the loop is bound by FMA throughput alone. An FMA counts as
/// 2 flops. This file is compiled with the same flags as ConvLab's kernels (Package.swift),
/// so SIMD16 is one AVX-512 register here exactly when it is one there.
enum Peak {
    /// GFLOP/s with `threads` threads running the chains at once; the best of `trials`.
    static func measure(threads: Int, trials: Int = 5) -> Double {
        var best = 0.0
        for _ in 0..<trials {
            let iterations = 8_000_000  // ~40–80 ms a trial: long enough to ride out scheduling noise
            let start = Clock.now()
            DispatchQueue.concurrentPerform(iterations: threads) { _ in
                let sink = chains(iterations: iterations)
                if sink == 42 { print("") }  // keeps the result alive
            }
            let seconds = Clock.now() - start
            best = max(best, Double(threads * iterations * 16 * 16 * 2) / seconds / 1e9)
        }
        return best
    }

    /// 16 chains x ← x·m + a; with m slightly below 1 they converge and never overflow.
    @inline(never)
    static func chains(iterations: Int) -> Float {
        let m = SIMD16<Float>(repeating: 0.999_9), a = SIMD16<Float>(repeating: 1e-4)
        var x0 = SIMD16<Float>(repeating: 0.1), x1 = x0 + 0.01, x2 = x0 + 0.02, x3 = x0 + 0.03
        var x4 = x0 + 0.04, x5 = x0 + 0.05, x6 = x0 + 0.06, x7 = x0 + 0.07
        var x8 = x0 + 0.08, x9 = x0 + 0.09, x10 = x0 + 0.10, x11 = x0 + 0.11
        var x12 = x0 + 0.12, x13 = x0 + 0.13, x14 = x0 + 0.14, x15 = x0 + 0.15
        for _ in 0..<iterations {
            x0 = a.addingProduct(x0, m); x1 = a.addingProduct(x1, m); x2 = a.addingProduct(x2, m); x3 = a.addingProduct(x3, m)
            x4 = a.addingProduct(x4, m); x5 = a.addingProduct(x5, m); x6 = a.addingProduct(x6, m); x7 = a.addingProduct(x7, m)
            x8 = a.addingProduct(x8, m); x9 = a.addingProduct(x9, m); x10 = a.addingProduct(x10, m); x11 = a.addingProduct(x11, m)
            x12 = a.addingProduct(x12, m); x13 = a.addingProduct(x13, m); x14 = a.addingProduct(x14, m); x15 = a.addingProduct(x15, m)
        }
        let sum = (x0 + x1 + x2 + x3) + (x4 + x5 + x6 + x7) + (x8 + x9 + x10 + x11) + (x12 + x13 + x14 + x15)
        return sum.sum()
    }
}
