import Dispatch
import Foundation

// The roofline model (Williams, Waterman and Patterson, "Roofline: an insightful visual
// performance model for multicore architectures", CACM 2009): a kernel that does F flops
// while moving B bytes cannot run faster than min(peak, bandwidth × F/B). This file measures
// both roofs of the machine it runs on, counts F and B for a layer, and times the layer, so
// that a lesson can state speed as a share of *this* machine's peak, measured in the same
// run, instead of against a constant. It lives in ConvLab because ConvLab is compiled
// `-O -target-cpu native` (Package.swift) while lesson cells are compiled `-Onone`: the
// loops below must be as fast as the kernels they are compared with.

// MARK: - Clocks

/// Which clock a measurement reads.
public enum MeasurementClock: Sendable, Hashable {
    /// Wall-clock time (`CLOCK_MONOTONIC`): what a user waits; stretched by other programs
    /// on a busy machine.
    case wall
    /// This process's CPU time, all threads added, user and system (`getrusage`): hardly
    /// changed by other programs on the machine; with several threads it is the total work,
    /// so a rate computed from it is a rate per thread. Not `CLOCK_PROCESS_CPUTIME_ID`:
    /// once a CPU-time limit (`RLIMIT_CPU`, as lesson programs run under) arms the process's
    /// CPU timer, Linux reads that clock from a sum updated only at scheduler ticks, so it
    /// advances in steps of milliseconds; `getrusage` adds the threads' run times, the
    /// calling thread's exact, another still running as of its last tick or switch.
    case processCPU
    /// The calling thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`): like `.processCPU` but
    /// for this thread alone, and exact to the microsecond whatever the limits. The clock for
    /// single-threaded measurements (ConvLab runs a convolution on the calling thread when
    /// `threadCount` is 1).
    case threadCPU

    /// Seconds on this clock, from an arbitrary origin.
    public func now() -> Double {
        var spec = timespec()
        switch self {
        case .wall: clock_gettime(CLOCK_MONOTONIC, &spec)
        case .threadCPU: clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        case .processCPU: return Self.processCPUSeconds()
        }
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// User and system seconds of all this process's threads, from `getrusage`.
    private static func processCPUSeconds() -> Double {
        guard let usage = processUsage() else { return 0 }
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
    }
}

// MARK: - The machine's two roofs

/// The machine's fused multiply-add limit in GFLOP/s, measured in this process.
///
/// Every thread runs 16 independent `SIMD16<Float>` FMA chains — more than latency × issue
/// width (4 cycles × 2 FMA units = 8) needs, so the loop is bound by FMA throughput alone —
/// and an FMA counts as 2 flops. Built with ConvLab's flags, `SIMD16` is one AVX-512
/// register exactly when ConvLab's kernels use one (two AVX2 registers, four NEON ones
/// elsewhere), so this is the peak *those kernels* can reach. Each trial is ~4 GFLOP per
/// thread (~40 ms at 100 GFLOP/s); the best of `trials` is returned.
///
/// - Parameters:
///   - threads: threads running the chains at once (1: the peak of one core).
///   - trials: trials to take the best of.
///   - clock: `.threadCPU` (default) ignores time spent descheduled on a busy machine, but
///     sees one thread only: with several threads use `.wall` (or `.processCPU`, which adds
///     the threads up and so gives a rate per thread).
public func measurePeakGFLOPs(threads: Int = 1, trials: Int = 5, clock: MeasurementClock = .threadCPU) -> Double {
    precondition(threads >= 1 && trials >= 1, "measurePeakGFLOPs: threads and trials must be at least 1")
    precondition(threads == 1 || clock != .threadCPU, "measurePeakGFLOPs: with \(threads) threads use the .wall or .processCPU clock")
    let iterations = 8_000_000
    var best = 0.0
    for _ in 0..<trials {
        let start = clock.now()
        if threads == 1 {
            keepAlive(fmaChains(iterations: iterations))
        } else {
            DispatchQueue.concurrentPerform(iterations: threads) { _ in keepAlive(fmaChains(iterations: iterations)) }
        }
        let seconds = clock.now() - start
        best = max(best, Double(threads * iterations * 16 * 16 * 2) / seconds / 1e9)
    }
    return best
}

/// 16 chains x ← x·m + a; with m slightly below 1 they converge and never overflow.
@inline(never)
func fmaChains(iterations: Int) -> Float {
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

/// Keeps a result alive so that the optimiser cannot drop the loop that made it.
@inline(never)
func keepAlive(_ value: Float) {
    if value == 42 { print("") }
}

/// The largest CPU cache of this machine in bytes, as Linux describes cpu0's caches
/// (`/sys/devices/system/cpu/cpu0/cache/index*/size`); nil where it does not.
public func largestCacheBytes() -> Int? {
    (0...7).compactMap { index -> Int? in
        guard let text = try? String(contentsOfFile: "/sys/devices/system/cpu/cpu0/cache/index\(index)/size", encoding: .utf8) else { return nil }
        return cacheBytes(sysfsSize: text)
    }.max()
}

/// A cache size as sysfs writes it ("48K", "2048K", "300M", with a newline) in bytes; nil
/// if it is not one.
func cacheBytes(sysfsSize text: String) -> Int? {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    let unit: Int = switch trimmed.last {
    case "K": 1 << 10
    case "M": 1 << 20
    case "G": 1 << 30
    default: 1
    }
    return Int(unit == 1 ? trimmed : String(trimmed.dropLast())).map { $0 * unit }
}

/// MiB per triad array: 128, or four times `largestCache` where that is more, as STREAM
/// asks (every array at least four times the caches, so the data streams from DRAM). A
/// laptop's or a desktop's last-level cache (8–64 MiB) keeps 128; a server's is larger (a
/// 2-core cloud machine reported a 300 MiB L3: 1,200 MiB per array).
public func triadArrayMegabytes(largestCache: Int?) -> Int {
    max(128, ((largestCache ?? 0) * 4 + (1 << 20) - 1) >> 20)
}

/// One thread's memory bandwidth in GB/s (10⁹ bytes per second), measured in this process
/// with STREAM's triad `a[i] = b[i] + s·c[i]` (McCalpin's STREAM benchmark).
///
/// Three arrays of `megabytesPerArray` MiB each — by default four times the largest cache,
/// and at least 128 MiB (`triadArrayMegabytes`) — so that the data streams from DRAM. The
/// arrays sit on 2 MiB pages where Linux grants them (`MADV_HUGEPAGE`): the first touch of
/// 3.6 GB in 4 KiB pages took 3 s on a virtual machine (3.3 µs a page), in 2 MiB pages a
/// tenth of that. Bytes are counted as STREAM counts them: 12 per element (two read, one
/// written), without the extra read a write-allocate cache makes. Timed in the thread's CPU
/// time (a descheduled thread moves no bytes and is not charged), the best of `trials`
/// passes after one pass that touches every page.
public func measureBandwidthGBs(megabytesPerArray: Int = triadArrayMegabytes(largestCache: largestCacheBytes()), trials: Int = 5) -> Double {
    precondition(megabytesPerArray >= 1 && trials >= 1, "measureBandwidthGBs: sizes and trials must be at least 1")
    let count = megabytesPerArray << 18  // floats in that many MiB
    let a = hugePageFloats(count), b = hugePageFloats(count), c = hugePageFloats(count)
    defer { free(a); free(b); free(c) }
    a.initialize(repeating: 0, count: count)
    b.initialize(repeating: 1, count: count)
    c.initialize(repeating: 2, count: count)
    triad(a, b, c, count: count, scale: 3)  // a warm pass: every page is mapped before timing
    var best = 0.0
    for _ in 0..<trials {
        let start = MeasurementClock.threadCPU.now()
        triad(a, b, c, count: count, scale: 3)
        let seconds = MeasurementClock.threadCPU.now() - start
        best = max(best, Double(3 * 4 * count) / seconds / 1e9)
    }
    keepAlive(a[count / 2])
    return best
}

/// `count` floats on a 2 MiB boundary, advised onto 2 MiB pages on Linux; free with `free`.
func hugePageFloats(_ count: Int) -> UnsafeMutablePointer<Float> {
    let alignment = 2 << 20, bytes = (count * 4 + alignment - 1) / alignment * alignment
    var memory: UnsafeMutableRawPointer?
    guard posix_memalign(&memory, alignment, bytes) == 0, let memory else { fatalError("measureBandwidthGBs: cannot allocate \(bytes) bytes") }
    #if os(Linux)
    _ = madvise(memory, bytes, MADV_HUGEPAGE)  // a refusal only costs time
    #endif
    return memory.bindMemory(to: Float.self, capacity: count)
}

/// `a[i] = b[i] + scale·c[i]` over `count` elements.
@inline(never)
func triad(_ a: UnsafeMutablePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafePointer<Float>, count: Int, scale: Float) {
    for i in 0..<count { a[i] = b[i] + scale * c[i] }
}

/// A machine's two roofs: the FMA peak and the memory bandwidth. A kernel of arithmetic
/// intensity I (flops per byte of memory traffic) cannot run faster than min(peak, I × bandwidth).
public struct Roofline: Sendable, Hashable, CustomStringConvertible {
    /// The arithmetic limit, in GFLOP/s.
    public var peakGFLOPs: Double
    /// The memory limit, in GB/s.
    public var bandwidthGBs: Double
    /// MiB in each of the triad's three arrays when the bandwidth was measured (0 if it was given).
    public var triadMegabytes: Int

    /// A roofline from known roofs.
    public init(peakGFLOPs: Double, bandwidthGBs: Double, triadMegabytes: Int = 0) {
        self.peakGFLOPs = peakGFLOPs
        self.bandwidthGBs = bandwidthGBs
        self.triadMegabytes = triadMegabytes
    }

    /// Both roofs of one core of this machine, measured now (`measurePeakGFLOPs()` and
    /// `measureBandwidthGBs()`, single-threaded, in the thread's CPU time): about a second
    /// with a last-level cache up to 32 MiB, a few with a server's.
    ///
    /// The peak is the best of trials taken before and after the triad, not of five in a row:
    /// on a virtual machine whose core is shared, the FMA loop's rate moved from one half
    /// second to the next (90 to 169 GFLOP/s in one process), and five trials in 0.2 s could
    /// all fall in a slow spell, which then made the layers measured later read above 100%
    /// of the "peak".
    public static func measure() -> Roofline {
        let megabytes = triadArrayMegabytes(largestCache: largestCacheBytes())
        let before = measurePeakGFLOPs(trials: 3)
        let bandwidth = measureBandwidthGBs(megabytesPerArray: megabytes)
        let after = measurePeakGFLOPs(trials: 3)
        return Roofline(peakGFLOPs: max(before, after), bandwidthGBs: bandwidth, triadMegabytes: megabytes)
    }

    /// The ridge point, peak ÷ bandwidth in flops per byte: kernels of lower intensity are
    /// memory-bound, kernels of higher intensity compute-bound.
    public var ridgeIntensity: Double { peakGFLOPs / bandwidthGBs }

    /// The most GFLOP/s a kernel of `intensity` flops per byte can reach: min(peak, intensity × bandwidth).
    public func attainableGFLOPs(intensity: Double) -> Double { min(peakGFLOPs, intensity * bandwidthGBs) }

    /// `peak 115 GFLOP/s, bandwidth 20 GB/s, ridge 5.8 flop/byte`.
    public var description: String {
        String(format: "peak %.0f GFLOP/s, bandwidth %.1f GB/s, ridge %.1f flop/byte", peakGFLOPs, bandwidthGBs, ridgeIntensity)
    }
}

// MARK: - What a layer costs

/// The work of one forward pass and the memory traffic it cannot avoid.
///
/// `flops` counts a multiply-add as 2 (as `ConvGeometry.forwardFlops` and the literature do).
/// `bytes` is the *compulsory* traffic, with `Float` scalars (4 bytes): every input and every
/// weight read once, every output written once, as if caches were perfect. Real kernels move
/// at least this much, so `intensity` = flops ÷ bytes is the highest a layer can have.
public struct LayerCost: Sendable, Hashable, CustomStringConvertible {
    /// Floating-point operations (a multiply-add counts 2).
    public var flops: Double
    /// Bytes that must be read or written at least once.
    public var bytes: Double

    /// A cost from its two counts.
    public init(flops: Double, bytes: Double) {
        self.flops = flops
        self.bytes = bytes
    }

    /// Arithmetic intensity: flops per byte of compulsory traffic (0 when nothing moves).
    public var intensity: Double { bytes > 0 ? flops / bytes : 0 }

    /// Two costs one after the other (each layer reads its input and writes its output).
    public static func + (lhs: LayerCost, rhs: LayerCost) -> LayerCost {
        LayerCost(flops: lhs.flops + rhs.flops, bytes: lhs.bytes + rhs.bytes)
    }

    /// `231.2 MFLOP, 1.9 MB, 120.4 flop/byte`.
    public var description: String {
        String(format: "%.1f MFLOP, %.2f MB, %.2f flop/byte", flops / 1e6, bytes / 1e6, intensity)
    }
}

extension ConvSpec {
    /// The forward cost of this convolution on `batch` images of shape `input`:
    /// flops 2·N·C_out·H_out·W_out·(C_in/groups)·K_h·K_w (bias additions not counted, as
    /// `ConvGeometry.forwardFlops`); bytes 4·(input + weights + biases + output), the
    /// weights counted once for the whole batch.
    public func cost(input: FeatureShape, batch: Int = 1) throws(ShapeError) -> LayerCost {
        try LayerSpec.conv(self).cost(input: input, batch: batch)
    }
}

extension LayerSpec {
    /// The forward cost of this description on `batch` samples of shape `input`, layer by
    /// layer (`NetworkTrace`), in inference mode; the layers' costs add up, each reading its
    /// input from memory and writing its output.
    ///
    /// Counting rules (flops per output element unless said otherwise; bytes as `LayerCost`):
    /// - convolution and linear: 2 per multiply-add; weights and biases read once per call;
    /// - ReLU, sigmoid, tanh: 1 (an exponential counts as one); ReLU6: 2 (two clamps); identity: 0;
    /// - batch norm: 2, the inference form folded to y = a·x + b; reads its 4 values per
    ///   channel (γ, β, running mean and variance);
    /// - max and average pooling: one per window element; adaptive average pooling: one per input element;
    /// - flatten and dropout (identity in inference): nothing, no traffic;
    /// - a residual merge: 1 (2 with a branch scale other than 1), reading both branches;
    ///   a highway merge: 4 (the gate's sigmoid, then T·h + (1 − T)·x), reading three tensors;
    ///   a concat: no flops, its branches copied in.
    public func cost(input: FeatureShape, batch: Int = 1) throws(ShapeError) -> LayerCost {
        let trace = try NetworkTrace(self, input: input)
        let n = Double(batch)
        var total = LayerCost(flops: 0, bytes: 0)
        for row in trace.rows {
            let inElements = Double(row.inputShape.elementCount) * n
            let outElements = Double(row.outputShape.elementCount) * n
            let streaming = 4 * (inElements + outElements)
            switch row.spec {
            case .conv, .linear:
                total = total + LayerCost(flops: 2 * Double(row.multiplyAccumulates) * n,
                                          bytes: streaming + 4 * Double(row.parameters))
            case let .activation(kind):
                let perElement: Double = switch kind {
                case .relu, .sigmoid, .tanh: 1
                case .relu6: 2
                case .identity: 0
                }
                total = total + LayerCost(flops: perElement * outElements, bytes: streaming)
            case let .batchNorm(channels):
                total = total + LayerCost(flops: 2 * outElements, bytes: streaming + 4 * 4 * Double(channels))
            case let .maxPool(pool), let .avgPool(pool):
                total = total + LayerCost(flops: Double(pool.kernel.h * pool.kernel.w) * outElements, bytes: streaming)
            case .adaptiveAvgPool:
                total = total + LayerCost(flops: inElements, bytes: streaming)
            case .flatten, .dropout:
                break
            case let .residual(_, _, branchScale):
                total = total + LayerCost(flops: (branchScale == 1 ? 1 : 2) * outElements, bytes: 4 * 3 * outElements)
            case .highway:
                total = total + LayerCost(flops: 4 * outElements, bytes: 4 * 4 * outElements)
            case .concat:
                total = total + LayerCost(flops: 0, bytes: 4 * 2 * outElements)
            case .sequential, .named, .functional:
                break  // never a row: the walk goes inside
            }
        }
        return total
    }
}

// MARK: - What a layer achieves

/// A layer's measured forward speed: its cost, its median time, and the rate they give.
public struct Throughput: Sendable, Hashable, CustomStringConvertible {
    /// What one forward pass costs (`LayerSpec.cost`).
    public var cost: LayerCost
    /// The median CPU time of one forward pass, in milliseconds.
    public var milliseconds: Double
    /// How many timed samples the median is over (each of one or more passes).
    public var samples: Int

    /// A throughput from a cost and a time.
    public init(cost: LayerCost, milliseconds: Double, samples: Int) {
        self.cost = cost
        self.milliseconds = milliseconds
        self.samples = samples
    }

    /// Achieved GFLOP/s: counted flops over the median time.
    public var gflops: Double { cost.flops / milliseconds / 1e6 }
    /// Achieved GB/s of compulsory traffic (a lower bound on the traffic really moved).
    public var gigabytesPerSecond: Double { cost.bytes / milliseconds / 1e6 }

    /// The achieved rate as a share of `roofline`'s peak (0.8 = 80% of peak).
    public func shareOfPeak(_ roofline: Roofline) -> Double { gflops / roofline.peakGFLOPs }
    /// The achieved rate as a share of what `roofline` allows at this layer's intensity.
    public func shareOfRoof(_ roofline: Roofline) -> Double {
        gflops / roofline.attainableGFLOPs(intensity: cost.intensity)
    }

    /// `231.2 MFLOP in 2.41 ms: 95.9 GFLOP/s`.
    public var description: String {
        String(format: "%.1f MFLOP in %.3f ms: %.1f GFLOP/s", cost.flops / 1e6, milliseconds, gflops)
    }
}

/// The median CPU time of one call of `body`, in milliseconds, on one thread: `threadCount`
/// is 1 while it runs (restored after), so ConvLab works on the calling thread, and the
/// thread's CPU time (`MeasurementClock.threadCPU`) is read, which time spent descheduled on
/// a busy machine does not inflate.
///
/// One warm-up call; then calls are grouped so that a sample lasts at least 5 ms (a coarse
/// clock or a microsecond call still gives a meaningful sample); at least `minSamples`
/// samples and 50 ms in all, at most `maxSamples`.
/// - Returns: the median per-call time, the number of samples and the calls per sample.
public func medianCPUMilliseconds(minSamples: Int = 5, maxSamples: Int = 200,
                                  _ body: () -> Void) -> (milliseconds: Double, samples: Int, callsPerSample: Int) {
    let saved = threadCount
    threadCount = 1
    defer { threadCount = saved }
    let clock = MeasurementClock.threadCPU
    func sample(_ calls: Int) -> Double {
        let start = clock.now()
        for _ in 0..<calls { body() }
        return (clock.now() - start) * 1e3
    }
    var calls = 1
    var first = sample(1)  // the warm-up: page faults, caches, buffer pools
    while first < 5 && calls < 1 << 20 {
        calls *= first > 0.05 ? max(2, Int((5 / first).rounded(.up))) : 16
        first = sample(calls)
    }
    var samples: [Double] = []
    var total = 0.0
    while samples.count < max(1, maxSamples) && (samples.count < minSamples || total < 50) {
        let ms = sample(calls)
        samples.append(ms / Double(calls))
        total += ms
    }
    samples.sort()
    return (samples[samples.count / 2], samples.count, calls)
}

/// Times the forward pass of `spec` on `batch` samples of shape `input`, single-threaded in
/// CPU time (`medianCPUMilliseconds`), in inference mode, with weights and input drawn from
/// `seed`; returns its cost, median time and achieved GFLOP/s.
public func measureThroughput(_ spec: LayerSpec, input: FeatureShape, batch: Int = 1, seed: UInt64 = 1,
                              minSamples: Int = 5) throws(ShapeError) -> Throughput {
    let cost = try spec.cost(input: input, batch: batch)
    var generator = SeededGenerator(seed: seed)
    let layer = spec.instantiate(using: &generator)
    layer.setTraining(false)
    let x = Tensor.uniform(input.tensorShape(batch: batch), in: -1..<1, using: &generator)
    let timing = medianCPUMilliseconds(minSamples: minSamples) { _ = layer(x) }
    return Throughput(cost: cost, milliseconds: timing.milliseconds, samples: timing.samples)
}
