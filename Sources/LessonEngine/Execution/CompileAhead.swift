import Foundation

/// Compiles a chapter's programs side by side before any of them runs (issue #17's notebook
/// loop): the main program and each `fails`/`exercise` cell's program are independent
/// swiftc invocations, so on 2 cores the chapter's compile phase takes about the longest
/// one instead of their sum. Only compiling overlaps; the programs still run one after
/// another (chapters make timing claims).
enum CompileAhead {
    /// Each program's compile outcome, in the order given, with at most `workers` swiftc
    /// at once. Adds the phase's wall time (writing the sources included) to `compileMs`.
    /// An engine failure of one program (launch, scratch, interrupt) is kept as its outcome,
    /// so that it surfaces only if the plan comes to that program, as when compiles ran in turn.
    static func compile(
        _ runs: [ProgramRun], workers: Int, timings: inout RunTimings
    ) -> [Result<ProgramRun.CompileResult, ExecutionError>] {
        let start = monotonicNow()
        defer { timings.compileMs += (monotonicNow() - start) * 1000 }
        // The stages' split inside the phase is not kept: the phase is timed as a whole.
        @Sendable func compile(_ run: ProgramRun) -> Result<ProgramRun.CompileResult, ExecutionError> {
            var own = RunTimings()
            return Result { () throws(ExecutionError) in try run.compile(timings: &own) }
        }
        // One program, or one swiftc allowed: compiled on this thread, as before issue #17.
        if runs.count == 1 || workers <= 1 { return runs.map(compile) }
        let shared = CompileOutcomes(count: runs.count)
        DispatchQueue.concurrentPerform(iterations: min(workers, runs.count)) { _ in
            while let index = shared.take() { shared.finish(index, compile(runs[index])) }
        }
        return shared.outcomes()
    }

    /// swiftc processes one chapter may run at once: its share of the machine when chapters
    /// run side by side (`convLabThreads`, cores / jobs), else every active core.
    static func workers(_ options: ExecutionOptions) -> Int {
        max(1, options.convLabThreads ?? ProcessInfo.processInfo.activeProcessorCount)
    }
}

/// What the compile workers share: the next program to take and the outcomes, behind one lock.
private final class CompileOutcomes: @unchecked Sendable {
    // @unchecked: every stored property below is read and written only under `lock`.
    private let lock = NSLock()
    private let count: Int
    private var next = 0
    private var results: [Result<ProgramRun.CompileResult, ExecutionError>?]

    init(count: Int) {
        self.count = count
        results = Array(repeating: nil, count: count)
    }

    /// The next program to compile, or nil when none is left.
    func take() -> Int? {
        lock.withLock {
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    /// Keeps the outcome of program `index`.
    func finish(_ index: Int, _ outcome: Result<ProgramRun.CompileResult, ExecutionError>) {
        lock.withLock { results[index] = outcome }
    }

    /// Every outcome, by program (all have been taken and finished when the workers return).
    func outcomes() -> [Result<ProgramRun.CompileResult, ExecutionError>] {
        lock.withLock {
            results.map { $0 ?? .failure(.scratch(path: "", reason: "a program was left uncompiled")) }
        }
    }
}
