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
}

extension ChapterExecutor: ChapterEngine {
    /// The located compiler's version line.
    public var toolchainVersion: String { toolchain.version }
}
