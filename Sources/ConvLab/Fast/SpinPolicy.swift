#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether the pool's threads may busy-wait (`WorkerPool`): only while the process is seldom
/// preempted, that is while the machine has a core to spare for the spinning.
///
/// Why. A thread that spins holds its core. When another process keeps a core busy, three
/// threads share two cores: a helper that spins between loops uses up its share of the
/// core on nothing, and the scheduler then takes that core from it in the middle of its
/// next item, for a time slice, while the caller waits. A helper that sleeps instead keeps
/// its claim on the core (EEVDF's lag, CFS's sleeper credit) and runs at once when woken.
/// Measured with one core kept busy by a spinning process, conv-bench `--profile forward`
/// on two threads, the median of 6–14 runs (each a median of its own) per version: the
/// depthwise 3×3 1.56 ms with the caller working alone while contended, 1.16 ms with this
/// policy (one thread: 1.45); the 1×1 1.06 → 0.98 ms (one thread 1.00); the two 3×3 even
/// (2.79–3.27 and 2.82–3.09 ms, one thread 2.78–3.18). On a quiet machine spinning is what
/// makes short loops cheap (case h: 0.040 ms spinning, 0.07–0.13 ms sleeping), so it is
/// kept there.
///
/// The signal is the process's involuntary context switches (the scheduler taking a core
/// from one of its threads that still wanted it), counted by the kernel and read with one
/// `getrusage` call per 20 ms at most. Measured on this 2-core machine: quiet, 67–188 a
/// second over 100 ms windows and rarely past 400 over 20 ms; with one core busy and the
/// helpers spinning, 900–20,000 a second; with them sleeping, mostly 400–25,000 but down
/// to 95–170 in a tenth of the 100 ms windows. So spinning stops as soon as two 20 ms
/// windows in a row show `stopRate` (a short benchmark or lesson must not spend its first
/// tenth of a second spinning against a busy core; one window alone was seen at 1,500 a
/// second on the quiet machine, about once in 3 s, and a stop costs at least 100 ms without
/// spinning), and starts again only when 100 ms show less than `resumeRate`: a busy core's
/// calmer moments do not bring the spinning back.
struct SpinPolicy {
    /// Involuntary context switches a second, over at least `stopWindow`, at or above which
    /// twice in a row spinning threads stop spinning.
    static let stopRate = 400.0
    /// The shortest time (ns) `stopRate` is measured over.
    static let stopWindow: UInt64 = 20_000_000
    /// The rate, over at least `resumeWindow`, below which threads that stopped spinning spin again.
    static let resumeRate = 120.0
    /// The shortest time (ns) `resumeRate` is measured over.
    static let resumeWindow: UInt64 = 100_000_000

    /// The last sample: when (uptime, ns), and the process's involuntary switches then.
    private var last: (time: UInt64, switches: Int)?
    /// Whether threads may spin, as the last rates measured say (true until they say otherwise).
    private(set) var allowsSpinning = true
    /// Windows in a row, while spinning, that showed `stopRate`.
    private var strikes = 0

    /// Takes a sample at `time` (uptime, ns) if the current window (`stopWindow` while
    /// spinning, else `resumeWindow`) has passed since the last, reading the count of
    /// involuntary switches so far from `switches` only then.
    mutating func observe(at time: UInt64, switches: () -> Int) {
        if let last, time &- last.time < (allowsSpinning ? Self.stopWindow : Self.resumeWindow) { return }
        let now = (time: time, switches: switches())
        if let last {
            let rate = Double(now.switches - last.switches) * 1e9 / Double(now.time &- last.time)
            if allowsSpinning {
                strikes = rate >= Self.stopRate ? strikes + 1 : 0
                allowsSpinning = strikes < 2
            } else {
                allowsSpinning = rate < Self.resumeRate
                strikes = 0
            }
        }
        last = now
    }

    /// The involuntary context switches of this process's threads so far (0 where the
    /// system does not count them: threads then always spin, as before this policy).
    static func processSwitches() -> Int {
        processUsage()?.ru_nivcsw ?? 0
    }
}
