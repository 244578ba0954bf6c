/// What compiles and runs a chapter's cells, as the chapter pipeline sees it: the
/// `ChapterExecutor`, or a stand-in in the tests of the user interfaces. The pipeline itself
/// (cache, reference check) lives in `LessonStore.ChapterRunner`, which owns the store.
public protocol ChapterEngine {
    /// The compiler's version line, recorded on every run.
    var toolchainVersion: String { get }
    /// The cache key `run` would give these cells.
    func cacheKey(file: String, cells: [Cell]) -> String
    /// Runs the cells of the chapter `id` read from `file`; every cell gets a result.
    func run(chapter id: String, file: String, cells: [Cell]) throws(ExecutionError) -> ChapterRun
    /// `run`, adding the time of its stages (generate, compile, run, read) to `timings`.
    func run(chapter id: String, file: String, cells: [Cell],
             timings: inout RunTimings) throws(ExecutionError) -> ChapterRun
    /// This engine with chapter programs limited to `threads` ConvLab threads (nil: no limit).
    func budgeted(threads: Int?) -> any ChapterEngine
}

extension ChapterEngine {
    /// Stand-ins run no ConvLab code: the budget changes nothing.
    public func budgeted(threads: Int?) -> any ChapterEngine { self }

    /// Stand-ins have no stages to measure: their whole run counts as the program's run.
    public func run(chapter id: String, file: String, cells: [Cell],
                    timings: inout RunTimings) throws(ExecutionError) -> ChapterRun {
        try RunTimings.measure(&timings.runMs) { () throws(ExecutionError) in
            try run(chapter: id, file: file, cells: cells)
        }
    }
}

extension ChapterExecutor: ChapterEngine {
    /// The located compiler's version line.
    public var toolchainVersion: String { toolchain.version }

    /// A copy whose programs get `threads` as `ConvLab.threadCount`.
    public func budgeted(threads: Int?) -> any ChapterEngine {
        var copy = self
        copy.options.convLabThreads = threads
        return copy
    }
}
