import Foundation
import LessonRuntime

/// One compile-and-run of a chapter program inside the scratch folder.
struct ProgramRun {
    let executor: ChapterExecutor
    let program: ChapterProgram
    /// The chapter's markdown file, as the user named it: where failures are reported.
    let file: String
    /// A fresh folder for this program's build files and outputs.
    let folder: String
    /// The chapter's deadline on the monotonic clock.
    let deadline: Double

    enum CompileResult {
        /// Built; with the places of the chapter the compiler was slow to type-check.
        case compiled(binary: String, slowTypeChecks: [SlowTypeCheck])
        case failed(placed: [CompileFailure], unplaced: [String])
        case timedOut
    }

    var sourcePath: String { folder + "/main.swift" }

    /// Writes `main.swift` and compiles it with the chapter flags against ConvLab and the runtime.
    func compile(timings: inout RunTimings) throws(ExecutionError) -> CompileResult {
        let start = monotonicNow()
        do {
            try FileManager.default.createDirectory(atPath: folder + "/io", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: folder + "/work", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: folder + "/tmp", withIntermediateDirectories: true)
            try program.source.write(toFile: sourcePath, atomically: false, encoding: .utf8)
        } catch {
            throw .scratch(path: folder, reason: "\(error)")
        }
        let compiling = monotonicNow()
        timings.generateMs += (compiling - start) * 1000
        // Launch failures throw before any time is added: the chapter is reported not run.
        let binary = folder + "/chapter"
        let outcome = try ProcessRunner.run(ProcessRequest(
            executable: executor.toolchain.swiftc,
            arguments: ChapterExecutor.compilerFlags + executor.toolchain.linkerFlags
                + ["-module-name", "ChapterProgram", "-I", executor.products.modules, sourcePath]
                + executor.products.objects + ["-o", binary],
            // The driver's TemporaryDirectory.* folders go inside the scratch folder, so
            // they are removed with it even when the driver is killed mid-compile.
            environment: ["TMPDIR": folder + "/tmp"],
            workingDirectory: folder, stdoutPath: folder + "/swiftc.out",
            stderrPath: folder + "/swiftc.err", timeLimit: max(1, deadline - monotonicNow())))
        timings.compileMs += (monotonicNow() - compiling) * 1000
        switch outcome.termination {
        case .exited(0):
            let warnings = readCapped(folder + "/swiftc.err", cap: 256 << 10)
            return .compiled(binary: binary, slowTypeChecks: CompilerDiagnostics.slowTypeChecks(in: warnings, file: file))
        case .timedOut, .stopped: return .timedOut
        case .exited, .signalled:
            let output = readCapped(folder + "/swiftc.err", cap: 256 << 10)
                + readCapped(folder + "/swiftc.out", cap: 64 << 10)
            let found = CompilerDiagnostics.failures(
                in: output, program: program, file: file, generatedPath: sourcePath)
            return .failed(placed: found.placed, unplaced: found.unplaced)
        }
    }

    /// The program's variables: where its events and outputs go, crash reports, thread budget.
    private func environment(io: String, report: String) -> [String: String] {
        var variables = [WireFormat.eventsVariable: io + "/events.jsonl",
                         WireFormat.outputFolderVariable: io,
                         // Temporary files count against the cell's scratch budget, and go
                         // with the scratch folder.
                         "TMPDIR": folder + "/work",
                         "SWIFT_BACKTRACE": CrashReport.environmentValue(reportPath: report)]
        if let threads = executor.options.convLabThreads {
            variables[WireFormat.threadBudgetVariable] = String(threads)
        }
        return variables
    }

    /// Runs the compiled program in its own working folder; one result per cell of the program.
    func execute(binary: String, timings: inout RunTimings) throws(ExecutionError) -> [CellResult] {
        let io = folder + "/io"
        let report = io + "/crash.json"
        let watcher = EventWatcher(path: io + "/events.jsonl")
        var stop: Stop?
        var looks = 0
        let launched = monotonicNow()
        let outcome = try ProcessRunner.run(ProcessRequest(
            executable: binary, arguments: [],
            environment: environment(io: io, report: report),
            workingDirectory: folder + "/work", stdoutPath: io + "/program.out",
            stderrPath: io + "/program.err", timeLimit: max(0.1, deadline - monotonicNow()),
            limits: executor.options.limits, cellWallLimits: supervisorWallLimits())) { supervisor in
            looks += 1
            stop = check(watcher.poll(now: monotonicNow()), io: io, supervisor: supervisor,
                         measuresScratch: looks % 10 == 0)
            return stop == nil ? .keepGoing : .stop
        }
        let ended = monotonicNow()
        timings.runMs += (ended - launched) * 1000
        // Reading is its own stage: a chapter with many cells reads many small files.
        defer { timings.readMs += (monotonicNow() - ended) * 1000 }
        let log = EventLog(path: io + "/events.jsonl")
        var results = program.cells.map { cell in
            result(for: cell, log: log, outcome: outcome, stop: stop, report: report)
        }
        if log.order.isEmpty, outcome.termination != .exited(0), let first = program.cells.first {
            results[0] = notStarted(first, outcome: outcome, io: io)
        }
        return results
    }

    /// The program died before its first cell (a missing shared library, a limit the system
    /// refused): the first cell gets what the program printed, so the failure is not silent.
    private func notStarted(_ cell: Cell, outcome: ProcessOutcome, io: String) -> CellResult {
        let printed = (readCapped(io + "/program.err", cap: 4096) + readCapped(io + "/program.out", cap: 4096))
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let message = "the chapter program stopped before its first cell (\(outcome.termination))"
            + (printed.isEmpty ? "" : ": " + printed)
        return CellResult(id: cell.id, line: cell.fence.line, status: .failed,
                          error: CellError(file: file, line: cell.fence.line, message: message))
    }

    /// Each cell's wall-clock limit by cell index, for the supervisor's own clock: a little
    /// later than the engine's, which normally stops the cell first (both report the same).
    private func supervisorWallLimits() -> [Double] {
        guard let last = program.cells.map(\.index).max() else { return [] }
        var walls = Array(repeating: executor.options.cellLimits.wallSeconds + Self.supervisorGrace, count: last + 1)
        for cell in program.cells { walls[cell.index] = executor.options.limits(of: cell).wallSeconds + Self.supervisorGrace }
        return walls
    }

    /// Seconds the supervisor waits past a cell's wall-clock limit.
    static let supervisorGrace = 0.5

    /// Why the engine stopped a running program.
    enum Stop: Equatable { case timeLimit, flood, processes, files, scratch }

    /// Whether the running cell is over one of its limits that the engine watches: wall
    /// time, output bytes, processes, open files and (when `measuresScratch`) scratch bytes.
    /// The output is watched here, not only by `ulimit -f`: a parent that ignores SIGXFSZ
    /// (some test runners do) passes that on, and the child then loops on failing writes.
    private func check(_ running: (id: String, elapsed: Double)?, io: String, supervisor: pid_t,
                       measuresScratch: Bool) -> Stop? {
        guard let running, let cell = program.cells.first(where: { $0.id == running.id }) else { return nil }
        let limits = executor.options.limits(of: cell)
        if running.elapsed > limits.wallSeconds { return .timeLimit }
        if outputBytes(of: cell, io: io) >= limits.outputBytes { return .flood }
        // The supervisor's processes are the program and whatever it started.
        let processes = ProcessTree.descendants(of: supervisor, cap: limits.processes + 2)
        if processes.count - 1 > limits.processes { return .processes }
        if let programPID = processes.first, ProcessTree.openFiles(of: programPID) > limits.openFiles { return .files }
        if measuresScratch, ProcessTree.bytes(under: folder + "/work", cap: limits.scratchBytes) > limits.scratchBytes {
            return .scratch
        }
        return nil
    }

    /// Bytes the cell has written to its stdout and stderr files.
    private func outputBytes(of cell: Cell, io: String) -> Int {
        let files = [WireFormat.stdoutFile(cellIndex: cell.index), WireFormat.stderrFile(cellIndex: cell.index)]
        return files.reduce(0) { total, name in
            total + ((try? FileManager.default.attributesOfItem(atPath: io + "/" + name)[.size] as? Int) ?? 0)
        }
    }

    private func result(for cell: Cell, log: EventLog, outcome: ProcessOutcome,
                        stop: Stop?, report: String) -> CellResult {
        guard let events = log.cells[cell.id], events.started != nil else {
            return CellResult(id: cell.id, line: cell.fence.line, status: .notRun)
        }
        let cap = executor.options.outputCap
        let stderr = CrashReport.strippingBanner(
            readCapped(folder + "/io/" + WireFormat.stderrFile(cellIndex: cell.index), cap: cap))
        var result = CellResult(
            id: cell.id, line: cell.fence.line, status: .passed,
            stdout: readCapped(folder + "/io/" + WireFormat.stdoutFile(cellIndex: cell.index), cap: cap),
            stderr: stderr, durationMs: log.duration(of: cell.id, fallbackEnd: outcome.endedAt) * 1000,
            metrics: events.metrics, claims: events.claims, outputs: events.outputs)
        let offsets = events.outputOffsets.compactMap { $0 }
        // nil for a cell with no outputs, as a stored run reads back.
        result.outputOffsets = !offsets.isEmpty && offsets.count == events.outputs.count ? offsets : nil
        let wasRunning = log.ended == nil && log.order.last == cell.id
        if wasRunning {
            (result.status, result.error) = verdict(on: cell, outcome: outcome, stop: stop,
                                                    stderr: stderr, report: report)
        } else if let failed = events.claims.first(where: { !$0.passed }) {
            result.status = .failed
            result.error = CellError(file: file, line: failed.line ?? cell.fence.line,
                                     message: RunPlan.claimFailedPrefix + ChapterExecutor.describe(failed))
        }
        return result
    }

    /// The status and error of the cell that was running when the program stopped.
    private func verdict(on cell: Cell, outcome: ProcessOutcome, stop: Stop?,
                         stderr: String, report: String) -> (CellStatus, CellError?) {
        let atFence = SourceLocation(file: file, line: cell.fence.line)
        let limits = executor.options.limits(of: cell)
        let overOutput = outputBytes(of: cell, io: folder + "/io") >= limits.outputBytes
        switch outcome.termination {
        case .stopped where stop == .flood, .signalled(SIGXFSZ) where overOutput:
            return (.failed, CellError(atFence, "the cell wrote more than \(ByteSize.describe(limits.outputBytes)) "
                + "of output (its limit; set one with output=SIZE) and was stopped"))
        case .stopped where stop == .processes:
            return (.failed, CellError(atFence, "the cell started more than \(limits.processes) processes "
                + "(its limit; set one with processes=N) and was stopped with all of them"))
        case .stopped where stop == .files:
            return (.failed, CellError(atFence, "the cell had more than \(limits.openFiles) files open "
                + "(its limit; set one with files=N) and was stopped"))
        case .stopped where stop == .scratch, .signalled(SIGXFSZ):
            return (.failed, CellError(atFence, "the cell wrote more than \(ByteSize.describe(limits.scratchBytes)) "
                + "of files in its working folder (its limit; set one with scratch=SIZE) and was stopped"))
        case .stopped:
            let limit = ChapterExecutor.seconds(limits.wallSeconds)
            return (.timedOut, CellError(atFence, "the cell did not finish within \(limit) "
                + "(its time limit; set one with timeout=SECONDS) and was stopped"))
        case .timedOut:
            let limit = ChapterExecutor.seconds(executor.options.chapterTimeLimit)
            return (.timedOut, CellError(atFence, "the chapter did not finish within \(limit) "
                + "(the chapter's time limit) and was stopped in this cell"))
        case .signalled(SIGXCPU):
            return (.failed, CellError(atFence, "the cell used more than \(limits.cpuSeconds) s of CPU time "
                + "(its limit; set one with cpu=SECONDS) and was stopped"))
        case .signalled(let signal):
            let crash = CrashReport.read(path: report, stderr: stderr, signal: signal)
            if Self.allocationFailures.contains(where: stderr.contains) {
                return (.failed, CellError(crash.location ?? atFence, "the cell ran out of memory: the program "
                    + "may use \(ByteSize.describe(limits.memoryBytes)) of address space while it runs "
                    + "(its limit; set one with memory=SIZE)"))
            }
            return (.failed, CellError(crash.location ?? atFence, crash.message))
        case .exited(let status):
            return (.failed, CellError(atFence,
                "the program exited with status \(status) during this cell; cells after it did not run"))
        }
    }

    /// What the Swift runtime prints when an allocation fails (`swift_slowAlloc`, older and
    /// newer runtimes).
    static let allocationFailures = ["failed to allocate", "Could not allocate memory"]
}
