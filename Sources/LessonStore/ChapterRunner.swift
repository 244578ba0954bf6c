import Foundation
import LessonEngine

/// Where runs are looked up and kept: the `RunCache`, or a stand-in in tests.
public protocol RunKeeping {
    /// The stored run to show instead of running the chapter, or nil to run it.
    func stored(chapter: String, key: String) throws(StoreError) -> ChapterRun?
    /// Keeps a fresh run of the chapter as written.
    func keep(_ run: ChapterRun) throws(StoreError)
    /// How long the chapter's latest kept run took (ms), to start long chapters first.
    func lastDurationMs(chapter: String) -> Double?
}

extension RunKeeping {
    /// No record by default: chapters then start in book order.
    public func lastDurationMs(chapter: String) -> Double? { nil }
}

extension RunCache: RunKeeping {
    /// The store's latest run of the chapter; a store that cannot say only costs the order.
    public func lastDurationMs(chapter: String) -> Double? {
        try? database.lastDurationMs(chapter: chapter) ?? nil
    }
}

/// What `ChapterRunner` reports while it works, for a user interface to draw as progress.
public enum ChapterRunEvent: Hashable, Sendable {
    /// A chapter's turn has come (`position` counts from 1).
    case chapterStarted(chapter: String, position: Int, total: Int)
    /// A cell's result is known. Cells run together in one program, so these come when the
    /// program has ended (or straight from the store), one per cell in order.
    case cellFinished(chapter: String, result: CellResult)
    /// The chapter's run is complete; `fromStore` when it was read back, not run.
    case chapterFinished(ChapterRun, fromStore: Bool)
}

/// One run asked of the pipeline: which cells, and whether a stored run may stand in.
public struct ChapterRequest: Hashable, Sendable {
    /// The chapter as written, or with a learner's code in place of an exercise.
    public var cells: CellSelection
    /// False to run even when the store has a run with the same key (`r`, `--no-cache`).
    public var reuse: Bool

    /// A request; by default the chapter as written, from the store when unchanged.
    public init(cells: CellSelection = .asWritten, reuse: Bool = true) {
        self.cells = cells
        self.reuse = reuse
    }
}

/// The one chapter pipeline below the user interfaces (`lessons run`, `verify`, `build`,
/// `step`, `check`): cache lookup → compile and run → keep → `{{ name }}` check, in that
/// order, for every caller alike. Runs with a learner's code are never looked up or kept,
/// so that they never pass for the chapter's results.
public final class ChapterRunner {
    /// What to do when the store fails during a run.
    public enum StoreFailures: Sendable {
        /// Throw the `StoreError` (the CLI reports it and exits 2).
        case stop
        /// Run as if nothing were stored and keep nothing: the stepper's lesson goes on.
        case ignore
    }

    private let locate: () throws(ExecutionError) -> any ChapterEngine
    private var located: Result<any ChapterEngine, ExecutionError>?
    private let cache: (any RunKeeping)?
    private let storeFailures: StoreFailures
    /// Whether runs come back with `timings` (`lessons run --timings`). Off, they carry
    /// none, so that a fresh run and the same run read from the store stay equal.
    public var measuresTimings = false
    /// Time spent locating the engine (build products, compiler) not yet counted in a
    /// chapter's lookup: `prepare` locates it before the first chapter, which pays for it.
    private var unclaimedLocateMs: Double = 0

    /// A pipeline over `engine` (located on first use) and `cache` (nil: no store).
    public init(
        engine: @escaping () throws(ExecutionError) -> any ChapterEngine, cache: (any RunKeeping)?,
        storeFailures: StoreFailures = .stop
    ) {
        locate = engine
        self.cache = cache
        self.storeFailures = storeFailures
    }

    /// The pipeline over the `ChapterExecutor` of this build folder with `options`, keeping
    /// runs in `database` (with this machine's and `bookDirectory`'s provenance). `reuse`
    /// false is `--no-cache`: chapters always run, and the fresh runs are still kept. With
    /// `reuse` and a SQLite store, single programs' results are also kept and reused, in
    /// `program-cache/` beside the store's file (`ProgramCache`).
    public convenience init(
        options given: ExecutionOptions = ExecutionOptions(), database: LessonDatabase?, reuse: Bool,
        bookDirectory: String, storeFailures: StoreFailures = .stop
    ) {
        var options = given
        if reuse, options.programCache == nil, let folder = database?.folder {
            options.programCache = ProgramCache(folder: folder + "/" + Self.programCacheFolder)
        }
        let cache = database.map {
            RunCache(database: $0, reuse: reuse, provenance: .current(bookDirectory: bookDirectory))
        }
        self.init(engine: { () throws(ExecutionError) in try ChapterExecutor.locate(options: options) },
                  cache: cache, storeFailures: storeFailures)
    }

    /// The folder, beside a SQLite store, of its `ProgramCache`.
    public static let programCacheFolder = "program-cache"

    /// Locates the engine now, so that a missing compiler or build folder is reported before
    /// any chapter (the CLI's exit status 2) rather than on each chapter's run.
    public func prepare() throws(ExecutionError) {
        if case .failure(let error) = engine() { throw error }
    }

    /// Runs `chapters` in order; one failing chapter does not stop the others.
    public func run(
        _ chapters: [Chapter], events: (ChapterRunEvent) -> Void = { _ in }
    ) throws(StoreError) -> [ChapterRun] {
        var runs: [ChapterRun] = []
        for (position, chapter) in chapters.enumerated() {
            runs.append(try run(chapter, position: position + 1, total: chapters.count, events: events))
        }
        return runs
    }

    /// Runs `chapters` with up to `jobs` programs at once, each with its share of `cores` as
    /// ConvLab threads; chapters that time code run alone afterwards (`ChapterSchedule`). The
    /// runs come back in book order, the same as `run(_:)` gives; events come as chapters
    /// start and finish, one at a time.
    public func run(
        _ chapters: [Chapter], jobs: Int, cores: Int = ProcessInfo.processInfo.activeProcessorCount,
        events: (ChapterRunEvent) -> Void = { _ in }
    ) throws(StoreError) -> [ChapterRun] {
        guard jobs > 1, chapters.count > 1, case .success(let engine) = self.engine() else {
            return try run(chapters, events: events)
        }
        let (parallel, alone) = ChapterSchedule.split(chapters)
        let shared = engine.budgeted(threads: ChapterSchedule.threads(cores: cores, jobs: jobs))
        let order = ChapterSchedule.longestFirst(parallel) { [cache] in cache?.lastDurationMs(chapter: chapters[$0].id) }
        let state = ParallelChapters(queue: order, count: chapters.count)
        withoutActuallyEscaping(events) { events in
            let context = Unchecked(value: (runner: self, engine: shared, events: events))
            // Each worker takes the next chapter, longest first, until none is left, so that a
            // long chapter neither holds back the ones queued behind it nor starts last.
            DispatchQueue.concurrentPerform(iterations: min(jobs, parallel.count)) { _ in
                let (runner, engine, events) = context.value
                while let index = state.take() {
                    state.finish(index, Result { () throws(StoreError) in
                        try runner.run(chapters[index], engine: engine, total: chapters.count) {
                            state.report($0, to: events)
                        }
                    })
                }
            }
        }
        // Alone, with ConvLab's default of every core: their timing claims stay honest.
        for index in alone {
            state.finish(index, Result { () throws(StoreError) in
                try run(chapters[index], engine: engine, total: chapters.count) { state.report($0, to: events) }
            })
        }
        return try state.runs()
    }

    private func run(
        _ chapter: Chapter, engine: any ChapterEngine, total: Int, events: (ChapterRunEvent) -> Void
    ) throws(StoreError) -> ChapterRun {
        events(.chapterStarted(chapter: chapter.id, position: 0, total: total))
        let (run, fromStore) = try outcome(chapter, ChapterRequest(), engine: .success(engine))
        for cell in run.cells { events(.cellFinished(chapter: chapter.id, result: cell)) }
        events(.chapterFinished(run, fromStore: fromStore))
        return run
    }

    /// Runs one chapter as `request` asks.
    public func run(
        _ chapter: Chapter, _ request: ChapterRequest = ChapterRequest(),
        events: (ChapterRunEvent) -> Void = { _ in }
    ) throws(StoreError) -> ChapterRun {
        try run(chapter, request, position: 1, total: 1, events: events)
    }

    private func run(
        _ chapter: Chapter, _ request: ChapterRequest = ChapterRequest(), position: Int, total: Int,
        events: (ChapterRunEvent) -> Void
    ) throws(StoreError) -> ChapterRun {
        events(.chapterStarted(chapter: chapter.id, position: position, total: total))
        let (run, fromStore) = try outcome(chapter, request)
        for cell in run.cells { events(.cellFinished(chapter: chapter.id, result: cell)) }
        events(.chapterFinished(run, fromStore: fromStore))
        return run
    }

    private func outcome(
        _ chapter: Chapter, _ request: ChapterRequest, engine located: Result<any ChapterEngine, ExecutionError>? = nil
    ) throws(StoreError) -> (ChapterRun, Bool) {
        var timings = RunTimings()
        let start = RunTimings.now()
        var (run, fromStore) = try outcome(chapter, request, engine: located, timings: &timings)
        guard measuresTimings else { return (run, fromStore) }
        timings.totalMs = (RunTimings.now() - start) * 1000
        // Only the sequential path (no engine handed in) claims it: parallel workers share
        // this runner, and there the engine was located before any of them started.
        if located == nil {
            timings.lookupMs += unclaimedLocateMs
            timings.totalMs += unclaimedLocateMs
            unclaimedLocateMs = 0
        }
        timings.cached = fromStore
        run.timings = timings
        return (run, fromStore)
    }

    /// The run of `chapter` as `request` asks, adding the time of each stage to `timings`.
    private func outcome(
        _ chapter: Chapter, _ request: ChapterRequest, engine located: Result<any ChapterEngine, ExecutionError>?,
        timings: inout RunTimings
    ) throws(StoreError) -> (ChapterRun, Bool) {
        let cells = request.cells.cells(of: chapter)
        let engine: any ChapterEngine
        // Locating the engine is timed once, in `engine()`, and added to the first chapter's lookup.
        switch located ?? self.engine() {
        case .success(let found): engine = found
        case .failure(let error):
            let problem = CellError(file: chapter.file, line: 1, message: error.description)
            let problems = chapter.diagnostics.isEmpty ? [problem] : chapter.diagnostics.map(CellError.init)
            return (.notRun(chapter, cells: cells, problems: problems), false)
        }
        let key = RunTimings.measure(&timings.lookupMs) { engine.cacheKey(file: chapter.file, cells: cells) }
        // A chapter whose text has problems is not run: they are its run's diagnostics.
        guard chapter.diagnostics.isEmpty else {
            return (.notRun(chapter, cells: cells, cacheKey: key, toolchain: engine.toolchainVersion,
                            problems: chapter.diagnostics.map(CellError.init)), false)
        }
        if case .through = request.cells, request.reuse, let whole = try RunTimings.measure(&timings.lookupMs, {
            () throws(StoreError) in try attempt({ () throws(StoreError) in
                try cache?.stored(chapter: chapter.id, key: engine.cacheKey(file: chapter.file, cells: chapter.cells))
            })
        }) ?? nil {
            // Cells run in order, so the cells after the last one asked for cannot change what
            // it or the cells before it did: the stored run of the unchanged chapter, cut short.
            return (whole.prefix(cells.count), true)
        }
        let cached = request.cells == .asWritten ? cache : nil
        if request.reuse, let stored = try RunTimings.measure(&timings.lookupMs, { () throws(StoreError) in
            try attempt({ () throws(StoreError) in try cached?.stored(chapter: chapter.id, key: key) })
        }) ?? nil {
            return (Self.checked(stored, chapter), true)  // same key, same code: what a fresh run would give
        }
        let fresh: ChapterRun
        do {
            fresh = try engine.run(chapter: chapter.id, file: chapter.file, cells: cells, timings: &timings)
        } catch {
            // The engine could not work on this chapter (scratch folder, compiler launch):
            // reported on the chapter, and the next chapter still gets its turn.
            return (.notRun(chapter, cells: cells, toolchain: engine.toolchainVersion,
                            problems: [CellError(file: chapter.file, line: 1, message: error.description)]), false)
        }
        _ = try RunTimings.measure(&timings.storeMs) { () throws(StoreError) in
            try attempt { () throws(StoreError) in try cached?.keep(fresh) }
        }
        // A chapter cut short has not recorded the names its later prose refers to.
        if case .through = request.cells { return (fresh, false) }
        return (Self.checked(fresh, chapter), false)
    }

    /// The run with its chapter's unknown `{{ name }}` references as diagnostics. Only a
    /// complete run knows every name; after a failure the missing names are noise.
    static func checked(_ run: ChapterRun, _ chapter: Chapter) -> ChapterRun {
        guard ChapterRun.status(of: run.cells) == .passed else { return run }
        var run = run
        run.add(diagnostics: chapter.unknownReferences(known: Set(run.metrics.keys)).map(CellError.init))
        return run
    }

    private func attempt<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T? {
        do {
            return try body()
        } catch {
            if case .stop = storeFailures { throw error }
            return nil
        }
    }

    private func engine() -> Result<any ChapterEngine, ExecutionError> {
        if let located { return located }
        let start = RunTimings.now()
        let result = Result { () throws(ExecutionError) in try locate() }
        unclaimedLocateMs = (RunTimings.now() - start) * 1000
        located = result
        return result
    }
}
