import ConvLab

/// The clock conv-bench times with: wall-clock by default; with `--cpu-time`, the CPU time
/// of the whole process, which ignores the time the process spends descheduled on a busy
/// shared machine (meaningful with one thread: with two it adds both threads' time).
enum Clock {
    nonisolated(unsafe) private static var cpuTime = false

    /// Called once from `main` before anything is timed.
    static func useCPUTime(_ enabled: Bool) { cpuTime = enabled }

    /// Seconds on the chosen clock, from an arbitrary origin.
    static func now() -> Double {
        (cpuTime ? MeasurementClock.processCPU : .wall).now()
    }
}
