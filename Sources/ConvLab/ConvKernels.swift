/// The fast convolution path behind `conv2d` and `conv2dBackward` (Sources/ConvLab/Fast):
/// implicit GEMM over phase planes with an AVX-512 microkernel, on `threadCount` threads.
/// Degenerate shapes (an empty axis) go to the reference loops, which handle them trivially.
enum ConvKernels {
    static func forward(_ input: Tensor, _ weight: Tensor, bias: Tensor?, _ g: ConvGeometry) -> Tensor {
        if isDegenerate(g) {
            return conv2dReference(input, weight, bias: bias, stride: g.stride, padding: g.padding,
                                   dilation: g.dilation, groups: g.groups)
        }
        return onThreads(for: g) { FastForward.run(input, weight, bias: bias, g) }
    }

    static func backward(_ input: Tensor, _ weight: Tensor, gradOutput: Tensor, hasBias: Bool, _ g: ConvGeometry,
                         parts: FastBackward.Parts = [.input, .weight]) -> ConvGradients {
        if isDegenerate(g) {
            return conv2dBackwardReference(input, weight, gradOutput: gradOutput, hasBias: hasBias, stride: g.stride,
                                           padding: g.padding, dilation: g.dilation, groups: g.groups)
        }
        return onThreads(for: g) { FastBackward.run(input, weight, gradOutput: gradOutput, hasBias: hasBias, g, parts: parts) }
    }

    /// Forward multiply-adds below which a convolution's loops run on the calling thread alone
    /// while the process is preempted often (8 Mi: about 0.15 ms on one core here).
    ///
    /// Why. With another process keeping a core busy, two threads share what is left with it,
    /// and each parallel loop waits for a helper that may be off its core: a loop of tens of
    /// microseconds pays that in full. conv-bench --profile with one core kept busy by a
    /// spinning process, medians of three interleaved runs, case h (16 × 8→8 channels on
    /// 16×16, 2.4 M multiply-adds): forward 0.066 ms on two threads, 0.058 alone (one thread
    /// 0.056); ∂input 0.067 → 0.057 (0.057); ∂weight 0.099 → 0.072 (0.072). On a quiet machine
    /// nothing changes. Larger convolutions keep both threads, the helper kept off the
    /// caller's core (`HelperPlacement`): there two threads are faster than one under the same load (the
    /// stem 1.19 ms against 2.13, the depthwise 3×3 0.53 against 0.95). The work is split as for all the threads
    /// (`WorkerPool.callerAlone`), so the results are the same bits either way.
    static let aloneBelowMultiplyAdds = 8 << 20

    /// Whether a convolution of `multiplyAdds` on `workers` threads runs its loops on the
    /// caller alone: small, and the process preempted often.
    static func runsAlone(multiplyAdds: Int, workers: Int, preemptedOften: @autoclosure () -> Bool) -> Bool {
        workers > 1 && multiplyAdds < aloneBelowMultiplyAdds && preemptedOften()
    }

    /// Runs `body`, its parallel loops on the caller alone if `runsAlone` says so for `g`
    /// (`preemptedOften` is the shared pool's answer; tests give their own).
    static func onThreads<R>(for g: ConvGeometry, preemptedOften: @autoclosure () -> Bool = WorkerPool.shared.isPreemptedOften,
                             _ body: () -> R) -> R {
        _ = HeapPolicy.applied
        let multiplyAdds = Int(g.forwardFlops / 2)
        guard runsAlone(multiplyAdds: multiplyAdds, workers: workerCount(for: Int.max), preemptedOften: preemptedOften()) else {
            return body()
        }
        return WorkerPool.$callerAlone.withValue(true, operation: body)
    }

    /// True when some tensor involved has no elements.
    private static func isDegenerate(_ g: ConvGeometry) -> Bool {
        g.batch == 0 || g.inChannels == 0 || g.outChannels == 0 || g.inputSize.h == 0 || g.inputSize.w == 0
    }
}
