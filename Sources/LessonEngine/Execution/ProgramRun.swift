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
        case compiled(binary: String)
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
        case .exited(0): return .compiled(binary: binary)
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
        let launched = monotonicNow()
        let outcome = try ProcessRunner.run(ProcessRequest(
            executable: binary, arguments: [],
            environment: environment(io: io, report: report),
            workingDirectory: folder + "/work", stdoutPath: io + "/program.out",
            stderrPath: io + "/program.err", timeLimit: max(0.1, deadline - monotonicNow()),
            limits: executor.options.limits)) {
            stop = check(watcher.poll(now: monotonicNow()), io: io)
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

    /// Why the engine stopped a running program.
    enum Stop { case timeLimit, flood }

    /// Whether the running cell is over its time limit or its output limit. The output is
    /// watched here, not only by `ulimit -f`: a parent that ignores SIGXFSZ (some test
    /// runners do) passes that on, and the child then loops on failing writes.
    private func check(_ running: (id: String, elapsed: Double)?, io: String) -> Stop? {
        guard let running, let cell = program.cells.first(where: { $0.id == running.id }) else { return nil }
        if running.elapsed > cell.options.timeout ?? executor.options.cellTimeLimit { return .timeLimit }
        let files = [WireFormat.stdoutFile(cellIndex: cell.index), WireFormat.stderrFile(cellIndex: cell.index)]
        let written = files.reduce(0) { total, name in
            total + ((try? FileManager.default.attributesOfItem(atPath: io + "/" + name)[.size] as? Int) ?? 0)
        }
        return written >= executor.options.limits.fileSize ? .flood : nil
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
        let limits = executor.options.limits
        let flood = "the cell wrote more than \(limits.fileSize >> 20) MiB of output and was stopped"
        switch outcome.termination {
        case .stopped where stop == .flood, .signalled(SIGXFSZ):
            return (.failed, CellError(atFence, flood))
        case .stopped:
            let limit = ChapterExecutor.seconds(cell.options.timeout ?? executor.options.cellTimeLimit)
            return (.timedOut, CellError(atFence, "the cell did not finish within \(limit) "
                + "(its time limit; set one with timeout=SECONDS) and was stopped"))
        case .timedOut:
            let limit = ChapterExecutor.seconds(executor.options.chapterTimeLimit)
            return (.timedOut, CellError(atFence, "the chapter did not finish within \(limit) "
                + "(the chapter's time limit) and was stopped in this cell"))
        case .signalled(SIGXCPU):
            return (.failed, CellError(atFence,
                "the program used more than \(limits.cpuSeconds) s of CPU time and was stopped"))
        case .signalled(let signal):
            let crash = CrashReport.read(path: report, stderr: stderr, signal: signal)
            return (.failed, CellError(crash.location ?? atFence, crash.message))
        case .exited(let status):
            return (.failed, CellError(atFence,
                "the program exited with status \(status) during this cell; cells after it did not run"))
        }
    }
}
