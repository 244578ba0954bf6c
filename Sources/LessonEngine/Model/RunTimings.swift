/// Where one chapter's run spent its time, in milliseconds of the monotonic clock, stage by
/// stage (`lessons run --timings`, issue #17). Measured around the real stages, so that the
/// notebook loop's slow part is seen rather than guessed. The stages need not add up to the
/// total: scratch folders, the reference check and the like are in the total only.
public struct RunTimings: Codable, Sendable, Hashable {
    /// True when the run came from the store: only the lookup (and the total) took time.
    public var cached = false
    /// Cache lookup: locating the build products and compiler, computing the key, reading the store.
    public var lookupMs: Double = 0
    /// Generating the chapter programs (their sources are written in the compile phase).
    public var generateMs: Double = 0
    /// swiftc, compile and link, of every program of the chapter: the wall time of compiling
    /// them side by side (writing their sources included), plus any retries of the main
    /// program on the cells before a compile error, which compile one at a time.
    public var compileMs: Double = 0
    /// The chapter programs themselves, from launch to exit.
    public var runMs: Double = 0
    /// Reading the programs' events and per-cell outputs into results.
    public var readMs: Double = 0
    /// Keeping the fresh run in the store.
    public var storeMs: Double = 0
    /// The chapter from the pipeline's start to its end.
    public var totalMs: Double = 0
    /// Places of the chapter the compiler took over `SlowTypeCheck.thresholdMilliseconds`
    /// to type-check, longest first (nil when none; also in runs stored before there were any).
    public var slowTypeChecks: [SlowTypeCheck]?

    /// No time spent yet.
    public init() {}

    /// Adds places slow to type-check to `slowTypeChecks`, one entry per place (`SlowTypeCheck.merge`).
    mutating func addSlowTypeChecks(_ found: [SlowTypeCheck]) {
        guard !found.isEmpty else { return }
        var list = slowTypeChecks ?? []
        SlowTypeCheck.merge(found, into: &list)
        slowTypeChecks = list
    }

    /// The stages in pipeline order, with their names as `--timings` prints them.
    public var stages: [(name: String, ms: Double)] {
        [("lookup", lookupMs), ("generate", generateMs), ("compile", compileMs),
         ("run", runMs), ("read", readMs), ("store", storeMs)]
    }

    /// Seconds on the monotonic clock the stages are measured with (never set back, unlike `Date`).
    public static func now() -> Double { monotonicNow() }

    /// Runs `body`, adding its time on the monotonic clock to `stage` (also when it throws).
    public static func measure<T, E: Error>(_ stage: inout Double, _ body: () throws(E) -> T) throws(E) -> T {
        let start = monotonicNow()
        defer { stage += (monotonicNow() - start) * 1000 }
        return try body()
    }
}
