import Foundation
import LessonEngine
import LessonStore

/// The loop of `lessons step`: show, read a line, turn it into a `StepEvent`, handle it,
/// until the learner quits or the input ends. Line by line, so that it works the same on
/// a terminal and with commands piped in (which is how the tests drive it).
public enum StepLoop {
    /// Runs `session` reading lines from `input` (nil at the end) and writing to `output`.
    /// `interactive` (stdin is a terminal) leaves the cursor after the prompt; otherwise
    /// each prompt ends its line, so that a transcript reads well.
    public static func run(_ session: StepSession, input: () -> String?, output: (String) -> Void, interactive: Bool) {
        output(session.start() + "\n\n")
        while !session.finished {
            output(session.prompt + (interactive ? "" : "\n"))
            guard let line = input() else {
                output(session.handle(.quit) + "\n")
                return
            }
            let text = session.handle(StepEvent(line: line))
            // A newline first even on a terminal: keys typed ahead are echoed before the prompt.
            output("\n" + text + "\n\n")
        }
    }
}

/// Runs chapters with the executor, located on first use; a problem of the engine (no
/// compiler, no build folder) becomes the run's diagnostic, shown to the learner. Runs of
/// the chapter as written go through the store's cache (the same keys as `lessons run`);
/// runs with a learner's code never do, so that they never pass for the chapter's results.
public final class ExecutorRunner {
    private let options: ExecutionOptions
    private let cache: RunCache?
    private var executor: Result<ChapterExecutor, ExecutionError>?

    /// A runner with these limits and choices, keeping runs in `cache` when given.
    public init(options: ExecutionOptions, cache: RunCache? = nil) {
        self.options = options
        self.cache = cache
    }

    /// The stored run of the chapter as written when its cache key is unchanged, else nil.
    public func stored(_ chapter: Chapter) -> ChapterRun? {
        guard let cache, chapter.diagnostics.isEmpty, case .success(let executor)? = located() else { return nil }
        return try? cache.stored(chapter: chapter.id, key: executor.cacheKey(file: chapter.file, cells: chapter.cells))
    }

    /// Keeps a fresh run of the chapter as written (a store that fails only loses the cache).
    public func keep(_ run: ChapterRun) {
        try? cache?.keep(run)
    }

    private func located() -> Result<ChapterExecutor, ExecutionError>? {
        // Located as `lessons run` locates it, so that the two commands compute the same cache
        // keys and share cached runs.
        if executor == nil {
            executor = Result { () throws(ExecutionError) in try ChapterExecutor.locate(options: options) }
        }
        return executor
    }

    /// Runs `cells` of `chapter`; cells of a chapter with problems in its text are not run.
    public func run(_ chapter: Chapter, _ cells: [Cell]) -> ChapterRun {
        let notRun = cells.map { CellResult(id: $0.id, line: $0.fence.line, status: .notRun) }
        let problems = chapter.diagnostics.map { CellError($0.location, $0.message) }
        switch located() {
        case .success(let executor)? where problems.isEmpty:
            do {
                return try executor.run(chapter: chapter.id, file: chapter.file, cells: cells)
            } catch {
                return failed(chapter, notRun, [CellError(file: chapter.file, line: 1, message: error.description)])
            }
        case .failure(let error)?:
            return failed(chapter, notRun, [CellError(file: chapter.file, line: 1, message: error.description)])
        default:
            return failed(chapter, notRun, problems)
        }
    }

    private func failed(_ chapter: Chapter, _ cells: [CellResult], _ problems: [CellError]) -> ChapterRun {
        ChapterRun(chapter: chapter.id, file: chapter.file, cells: cells, cacheKey: "", startedAt: Date(),
                   durationMs: 0, toolchain: "", diagnostics: problems)
    }
}

/// Opens files in `$EDITOR` (or `$VISUAL`), with the terminal handed over until it exits.
public enum Editor {
    /// Opens `file`; returns a message when there is no editor or it failed.
    public static func open(_ file: String, environment: [String: String]) -> String? {
        guard let editor = environment["VISUAL"].flatMap({ $0.isEmpty ? nil : $0 })
            ?? environment["EDITOR"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            return "no $EDITOR set: edit \(file) in your editor, then press c"
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The editor command may carry flags (`code -w`): the shell splits it; the file is
        // passed as an argument, never pasted into the command.
        process.arguments = ["-c", editor + " \"$1\"", "sh", file]
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            return "could not start \(editor): \(error.localizedDescription)"
        }
        return process.terminationStatus == 0 ? nil : "\(editor) exited with status \(process.terminationStatus)"
    }
}
