import Foundation
import LessonRuntime

/// Limits and choices for running chapters.
public struct ExecutionOptions: Sendable, Hashable {
    /// Seconds a cell may run unless it sets `timeout=` (`cellLimits.wallSeconds`).
    public var cellTimeLimit: Double {
        get { cellLimits.wallSeconds }
        set { cellLimits.wallSeconds = newValue }
    }
    /// Each cell's limits unless it sets its own (see `CellLimits`).
    public var cellLimits = CellLimits.defaults
    /// Seconds for a whole chapter: every compile and run together.
    public var chapterTimeLimit: Double = 600
    /// Bytes of stdout (and of stderr) kept per cell; the rest is cut with a marker line.
    public var outputCap = 1 << 20
    /// Limits on each chapter program as a whole: the ceilings of its cells' limits.
    public var limits = ResourceLimits(addressSpace: 16 << 30, fileSize: 1 << 30, cpuSeconds: 1200)
    /// Run `solution` cells in place of their exercises (in the main program), so that the
    /// cells after an exercise can build on it. Off: solutions are not run.
    public var runSolutions = true
    /// Keep the scratch folder (program, binary, outputs) for debugging the engine.
    public var keepScratch = false
    /// Where scratch folders are made.
    public var scratchRoot = NSTemporaryDirectory()
    /// `ConvLab.threadCount` in each chapter program; nil leaves ConvLab's default (every
    /// core). Not part of the cache key: thread counts change timings, not values, and the
    /// chapters that claim timings run with the whole machine. Also how many of a chapter's
    /// programs compile at once (nil: every core), so `--jobs` does not oversubscribe.
    public var convLabThreads: Int?
    /// Where the results of single programs are kept and reused (`ProgramCache`); nil (the
    /// default, and `--no-cache`) runs every program of a chapter that runs.
    public var programCache: ProgramCache?

    /// The defaults: 60 s a cell, 10 min a chapter, 1 MiB of output a cell.
    public init() {}
}

/// Compiles and runs chapters: one program for the chapter's cells, in order, sharing state;
/// `fails` and `exercise` cells compiled and run apart so that they cannot spoil the rest.
public struct ChapterExecutor: Sendable {
    /// The flags every chapter program is compiled with. `-Onone` compiles in ~0.5 s (heavy
    /// loops live in ConvLab, built optimised); Swift 5 mode allows the notebook habit of
    /// mutating a top-level variable in a function. `-gline-tables-only` is the part of `-g`
    /// that crash reports need for markdown lines, and compiles and links ~25% faster than
    /// full `-g` here (no variable or type info, which only a debugger would read).
    /// The two `-warn-long-…` flags make the compiler name what it took long to type-check
    /// (`SlowTypeCheck`); they cost nothing measurable.
    public static let compilerFlags = [
        "-Onone", "-gline-tables-only", "-swift-version", "5", "-diagnostic-style=llvm",
        "-Xfrontend", "-warn-long-expression-type-checking=\(SlowTypeCheck.thresholdMilliseconds)",
        "-Xfrontend", "-warn-long-function-bodies=\(SlowTypeCheck.thresholdMilliseconds)",
    ]

    /// ConvLab and the runtime, as built.
    public var products: BuildProducts
    /// The compiler.
    public var toolchain: Toolchain
    /// Limits and choices.
    public var options: ExecutionOptions

    /// An executor given in full.
    public init(products: BuildProducts, toolchain: Toolchain, options: ExecutionOptions = ExecutionOptions()) {
        self.products = products
        self.toolchain = toolchain
        self.options = options
    }

    /// An executor for the build folder of the running program (building ConvLab if needed).
    public static func locate(
        options: ExecutionOptions = ExecutionOptions()
    ) throws(ExecutionError) -> ChapterExecutor {
        let products = try BuildProducts.locate()
        return ChapterExecutor(products: products, toolchain: try Toolchain.locate(buildFolder: products.folder),
                               options: options)
    }

    /// Runs the cells of the chapter `id` read from `file`; every cell gets a result.
    /// Throws only when the engine itself cannot work (scratch folder, compiler launch).
    public func run(chapter id: String, file: String, cells: [Cell]) throws(ExecutionError) -> ChapterRun {
        var unused = RunTimings()
        return try run(chapter: id, file: file, cells: cells, timings: &unused)
    }

    /// `run`, adding the time of its stages (generate, compile, run, read) to `timings`.
    public func run(chapter id: String, file: String, cells: [Cell],
                    timings: inout RunTimings) throws(ExecutionError) -> ChapterRun {
        let started = Date()
        let clock = monotonicNow()
        ScratchFolder.sweepStale(root: options.scratchRoot)
        // A signal during the run is acted on only after the scratch folder is removed.
        let (results, stages) = try Interrupts.deferring { () throws(ExecutionError) -> ([CellResult], RunTimings) in
            let scratch = ScratchFolder.make(root: options.scratchRoot)
            defer { if !options.keepScratch { try? FileManager.default.removeItem(atPath: scratch) } }
            var plan = RunPlan(executor: self, file: file, cells: cells, scratch: scratch,
                               deadline: clock + options.chapterTimeLimit)
            try plan.compileAhead()
            try plan.runMain()
            try plan.runApart()
            return (plan.results, plan.timings)
        }
        timings.generateMs += stages.generateMs
        timings.compileMs += stages.compileMs
        timings.runMs += stages.runMs
        timings.readMs += stages.readMs
        timings.addSlowTypeChecks(stages.slowTypeChecks ?? [])
        return ChapterRun(chapter: id, file: file, cells: results, cacheKey: cacheKey(file: file, cells: cells),
                          startedAt: started, durationMs: (monotonicNow() - clock) * 1000,
                          toolchain: toolchain.version)
    }

    /// The chapter's cache key: SHA-256 of everything that decides its results — the cells'
    /// code and options (as the generated program), the ConvLab/runtime build, the compiler
    /// version, the flags and the limits.
    public func cacheKey(file: String, cells: [Cell]) -> String {
        var digest = SHA256()
        digest.update(ProgramGenerator.generate(cells: cells, file: file).source)
        for cell in cells { digest.update("\(cell.id)|\(cell.options)\n") }
        digest.update(products.identity + "\n" + toolchain.version + "\n")
        digest.update((ChapterExecutor.compilerFlags + toolchain.linkerFlags).joined(separator: " ") + "\n")
        let o = options
        digest.update("\(o.cellTimeLimit)|\(o.chapterTimeLimit)|\(o.outputCap)|\(o.runSolutions)|\(o.cellLimits)|\(o.limits)")
        return digest.finalize()
    }

    /// `0.5 s`, `2 s`: a limit as people write it.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    /// `statement (measured 0.74, expected 0.72 ± 0.005)`, or the bare statement.
    static func describe(_ claim: Claim) -> String {
        guard let measured = claim.measured, let expected = claim.expected else { return claim.statement }
        return "\(claim.statement) (measured \(measured), expected \(expected) ± \(claim.tolerance ?? 0))"
    }
}
