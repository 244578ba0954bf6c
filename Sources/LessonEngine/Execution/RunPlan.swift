import Foundation

/// The steps of one chapter's run and the results so far.
struct RunPlan {
    let executor: ChapterExecutor
    let file: String
    let cells: [Cell]
    let scratch: String
    let deadline: Double
    /// One result per cell of the chapter, by position; every cell starts `notRun`.
    var results: [CellResult]
    private var programs = 0
    /// Programs compiled by `compileAhead`, not yet taken: the main program's first attempt
    /// under `mainKey`, each apart cell's program under the cell's index.
    private var ahead: [Int: (run: ProgramRun, outcome: Result<ProgramRun.CompileResult, ExecutionError>)] = [:]
    private static let mainKey = -1
    /// Results of programs found in the `ProgramCache`, under the same keys as `ahead`; those
    /// programs are neither compiled nor run.
    private var reused: [Int: [CellResult]] = [:]
    /// Each program's `ProgramCache` key, under the same keys as `ahead`.
    private var cacheKeys: [Int: String] = [:]
    /// The time of each stage of every program so far (generate, compile, run, read).
    var timings = RunTimings()

    init(executor: ChapterExecutor, file: String, cells: [Cell], scratch: String, deadline: Double) {
        self.executor = executor
        self.file = file
        self.cells = cells
        self.scratch = scratch
        self.deadline = deadline
        results = cells.map { CellResult(id: $0.id, line: $0.fence.line, status: .notRun) }
    }

    /// Whether a cell belongs in the main program.
    private func isMain(_ cell: Cell) -> Bool {
        let o = cell.options
        if o.norun || o.fails || o.exercise { return false }
        return !o.solution || executor.options.runSolutions
    }

    /// Whether a main cell ran to its end (a failing claim does not stop the program).
    private func ranToEnd(_ cell: Cell) -> Bool {
        guard let result = results.first(where: { $0.id == cell.id && $0.line == cell.fence.line })
        else { return false }
        let byClaim = result.error?.message.hasPrefix(RunPlan.claimFailedPrefix) ?? false
        return result.status == .passed || (result.status == .failed && byClaim)
    }

    /// Whether a cell is compiled and run on its own, after the cells before it.
    private func isApart(_ cell: Cell) -> Bool {
        !cell.options.norun && (cell.options.fails || cell.options.exercise)
    }

    private mutating func nextProgram(_ cells: [Cell]) -> ProgramRun {
        programs += 1
        let program = RunTimings.measure(&timings.generateMs) {
            ProgramGenerator.generate(cells: cells, file: file, limits: executor.options.limits(of:))
        }
        return ProgramRun(executor: executor, program: program,
                          file: file, folder: scratch + "/p\(programs)", deadline: deadline)
    }

    /// What an apart cell runs after: the main cells before it, or with `after=ID` those up
    /// to and including cell ID.
    private func context(of cell: Cell) -> [Cell] {
        let last = cell.options.after.flatMap { id in cells.first { $0.id == id }?.index } ?? cell.index - 1
        return cells.filter { isMain($0) && $0.index <= min(last, cell.index - 1) }
    }

    /// Generates the main program and every apart cell's program and compiles them side by
    /// side (`CompileAhead`), for `runMain` and `runApart` to take. An apart program is
    /// compiled even when its context will stop early: its result is then simply not used.
    mutating func compileAhead() throws(ExecutionError) {
        var programs: [(key: Int, cells: [Cell])] = []
        let main = cells.filter(isMain)
        if !main.isEmpty { programs.append((Self.mainKey, main)) }
        for cell in cells where isApart(cell) { programs.append((cell.index, context(of: cell) + [cell])) }
        var keyed: [(key: Int, run: ProgramRun)] = []
        for program in programs {
            if let cache = executor.options.programCache {
                let key = executor.cacheKey(file: file, cells: program.cells)
                cacheKeys[program.key] = key
                if let kept = cache.results(for: key), fits(kept, program.key, program.cells) {
                    reused[program.key] = kept
                    continue
                }
            }
            keyed.append((program.key, nextProgram(program.cells)))
        }
        guard !keyed.isEmpty else { return }
        // Made here, once: the workers' folders inside it would otherwise race to create it.
        do { try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true) } catch {
            throw .scratch(path: scratch, reason: "\(error)")
        }
        let outcomes = CompileAhead.compile(keyed.map(\.run), workers: CompileAhead.workers(executor.options),
                                            timings: &timings)
        // A signal stops the chapter at once, as it stopped the compile it arrived during.
        for case .failure(let error) in outcomes {
            if case .interrupted = error { throw error }
        }
        for (position, program) in keyed.enumerated() { ahead[program.key] = (program.run, outcomes[position]) }
    }

    /// Whether results kept for the program under `key` answer its `cells`: the main
    /// program's one per cell, an apart program's its own cell's.
    private func fits(_ kept: [CellResult], _ key: Int, _ cells: [Cell]) -> Bool {
        let expected = key == Self.mainKey ? cells : Array(cells.suffix(1))
        return kept.map(\.id) == expected.map(\.id) && kept.map(\.line) == expected.map(\.fence.line)
    }

    /// Keeps a program's results in the `ProgramCache` when every cell of them ran (not
    /// after a trap, a time-out or a limit, which a new run may not repeat).
    private func keep(_ kept: [CellResult], under key: Int) {
        guard let cache = executor.options.programCache, let cacheKey = cacheKeys[key],
              kept.allSatisfy({ $0.status != .notRun && $0.status != .timedOut }) else { return }
        cache.keep(kept, for: cacheKey)
    }

    /// The program of `cells` compiled ahead under `key`, else generated and compiled now.
    /// Places slow to type-check go into the timings.
    private mutating func compiled(_ key: Int?, _ cells: [Cell]) throws(ExecutionError) -> (ProgramRun, ProgramRun.CompileResult) {
        let (run, outcome): (ProgramRun, ProgramRun.CompileResult)
        if let key, let found = ahead.removeValue(forKey: key) {
            (run, outcome) = (found.run, try found.outcome.get())
        } else {
            let fresh = nextProgram(cells)
            (run, outcome) = (fresh, try fresh.compile(timings: &timings))
        }
        if case .compiled(_, let slow) = outcome { timings.addSlowTypeChecks(slow) }
        return (run, outcome)
    }

    /// Compiles the main program (or takes it from `compileAhead`); on a compile error in
    /// cell k, records it and compiles the cells before k, until a prefix compiles; then
    /// runs that prefix.
    mutating func runMain() throws(ExecutionError) {
        if let kept = reused.removeValue(forKey: Self.mainKey) {
            for result in kept { store(result) }
            return
        }
        var candidates = cells.filter(isMain)
        var key: Int? = Self.mainKey
        while !candidates.isEmpty {
            let (run, compiled) = try compiled(key, candidates)
            let whole = key != nil
            key = nil
            switch compiled {
            case .compiled(let binary, _):
                let ran = try run.execute(binary: binary, timings: &timings)
                for result in ran { store(result) }
                if whole { keep(ran, under: Self.mainKey) }
                return
            case .timedOut:
                timeOut(candidates[0], while: "compiling")
                return
            case .failed(let placed, let unplaced):
                guard let first = placed.min(by: { $0.cell.index < $1.cell.index }) else {
                    store(unplacedFailure(candidates[0], unplaced))
                    return
                }
                store(CellResult(id: first.cell.id, line: first.cell.fence.line, status: .compileError,
                                 error: first.error))
                candidates = candidates.filter { $0.index < first.cell.index }
            }
        }
    }

    /// Runs each `fails` and `exercise` cell after the main cells before it; it passes
    /// (`expectedFailure`) when it fails to compile or traps (an exercise also by a failing
    /// claim), and fails when it runs cleanly.
    mutating func runApart() throws(ExecutionError) {
        for cell in cells where isApart(cell) {
            let context = context(of: cell)
            // Only a context that ran to its end in the main program is faithful; after a
            // trap or a time-out the cell stays `notRun`, like the main cells after it.
            guard context.allSatisfy(ranToEnd) else { continue }
            if let kept = reused.removeValue(forKey: cell.index), let own = kept.last {
                store(own)
                continue
            }
            guard monotonicNow() < deadline else { timeOut(cell, while: "starting"); continue }
            let (run, compiled) = try compiled(cell.index, context + [cell])
            switch compiled {
            case .timedOut: timeOut(cell, while: "compiling")
            case .failed(let placed, let unplaced):
                if let own = placed.first(where: { $0.cell.index == cell.index }) {
                    let expected = CellResult(id: cell.id, line: cell.fence.line, status: .expectedFailure,
                                              error: Self.notingContext(own.error, of: cell))
                    store(expected)
                    keep([expected], under: cell.index)
                } else {
                    store(unplacedFailure(cell, unplaced + placed.map { $0.error.description }))
                }
            case .compiled(let binary, _):
                guard let own = try run.execute(binary: binary, timings: &timings).last else { continue }
                let judged = judge(own, of: cell)
                store(judged)
                keep([judged], under: cell.index)
            }
        }
    }

    /// A compile error of a cell run `after=` an earlier cell, with a note when it names
    /// something unknown: the name may be declared by a cell its program leaves out.
    static func notingContext(_ error: CellError, of cell: Cell) -> CellError {
        guard let after = cell.options.after, error.message.contains("cannot find") else { return error }
        var noted = error
        noted.message += "\n(this cell runs after the cells up to '\(after)' only (after=\(after)): "
            + "names declared by the cells between are not in its scope)"
        return noted
    }

    /// The verdict on a cell run apart, from how its run ended.
    private func judge(_ result: CellResult, of cell: Cell) -> CellResult {
        var judged = result
        // A failing claim is how an exercise may fail; a `fails` cell must not compile or trap.
        let byClaim = result.error?.message.hasPrefix(RunPlan.claimFailedPrefix) ?? false
        switch result.status {
        case .failed where !byClaim || cell.options.exercise:
            judged.status = .expectedFailure
        case .passed, .failed:
            judged.status = .failed
            judged.error = CellError(file: file, line: cell.fence.line, message: cell.options.exercise
                ? "this exercise passes as written; it must fail (compile error, trap or failing claim) "
                    + "until the learner completes it"
                : "this `fails` cell ran without a compile error or a trap, but it is marked as failing")
        case .notRun:
            judged.error = CellError(file: file, line: cell.fence.line,
                                     message: "the cells before it stopped when run again as its context")
            judged.status = .failed
        case .timedOut, .compileError, .expectedFailure:
            break
        }
        return judged
    }

    /// How the message of a cell failed by a claim begins.
    static let claimFailedPrefix = "claim failed: "

    private func unplacedFailure(_ cell: Cell, _ lines: [String]) -> CellResult {
        let message = lines.isEmpty
            ? "the compiler failed without an error message" : lines.prefix(20).joined(separator: "\n")
        return CellResult(id: cell.id, line: cell.fence.line, status: .compileError,
                          error: CellError(file: file, line: cell.fence.line, message: message))
    }

    private mutating func timeOut(_ cell: Cell, while doing: String) {
        let limit = ChapterExecutor.seconds(executor.options.chapterTimeLimit)
        store(CellResult(id: cell.id, line: cell.fence.line, status: .timedOut,
                         error: CellError(file: file, line: cell.fence.line,
                                          message: "the chapter's time limit (\(limit)) was reached "
                                              + "while \(doing) this cell")))
    }

    private mutating func store(_ result: CellResult) {
        if let position = results.firstIndex(where: { $0.id == result.id && $0.line == result.line }) {
            results[position] = result
        }
    }
}
