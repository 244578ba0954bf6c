import Foundation
import LessonEngine
import LessonStore
import Terminal

/// How a long `run`, `verify`, `build` or `serve` shows its progress, always on stderr:
/// stdout carries the report (or the `--json` document), which a user may redirect to a file
/// while still watching the progress, and which the tests read as it is.
enum ProgressStyle: Equatable {
    /// One status line redrawn in place every half second: chapters done of all, the ones
    /// running with their last finished cell, and the time since the start.
    case live
    /// One plain line per chapter as it finishes (a log, a CI job, a pipe).
    case lines
    /// Nothing (`--json`: a program reads the output).
    case silent

    /// `live` on a terminal's stderr, `lines` elsewhere, `silent` when asked for JSON.
    static func forStandardError(json: Bool = false) -> ProgressStyle {
        if json { return .silent }
        return isatty(STDERR_FILENO) == 1 ? .live : .lines
    }
}

/// Draws `ChapterRunEvent`s as progress; the one display of `BookSession.run`, which every
/// command that runs the book goes through. Events come from the runner's worker threads
/// (one at a time) and the redraw timer, hence the lock.
final class ProgressDisplay: @unchecked Sendable {
    // @unchecked: every stored var is read and written only under `lock`.
    private let lock = NSLock()
    private let style: ProgressStyle
    private let total: Int
    private let start = ContinuousClock.now
    private var done = 0
    /// Chapters running, in the order they started, with their start and last finished cell.
    private var running: [(chapter: String, started: ContinuousClock.Instant, cell: String?)] = []
    private var timer: DispatchSourceTimer?
    private let write: @Sendable (String) -> Void
    /// Columns the live line may take: a line that wraps could not be redrawn in place.
    private let width = (TerminalStyle.windowWidth() ?? 80) - 1

    /// A display of `total` chapters in `style`, writing to `write` (stderr by default).
    init(total: Int, style: ProgressStyle,
         write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.total = total
        self.style = total > 0 ? style : .silent
        self.write = write
        if self.style == .live {
            // Elapsed time moves on while a chapter compiles, when no event comes.
            let timer = DispatchSource.makeTimerSource(queue: .global())
            timer.schedule(deadline: .now() + .milliseconds(500), repeating: .milliseconds(500))
            timer.setEventHandler { [weak self] in self?.redraw() }
            timer.resume()
            self.timer = timer
        }
    }

    /// Takes one event of the pipeline.
    func handle(_ event: ChapterRunEvent) {
        lock.withLock {
            switch event {
            case .chapterStarted(let chapter, _, _):
                running.append((chapter, ContinuousClock.now, nil))
            case .cellFinished(let chapter, let result):
                if let index = running.firstIndex(where: { $0.chapter == chapter }) { running[index].cell = result.id }
            case .chapterFinished(let run, let fromStore):
                done += 1
                let started = running.first(where: { $0.chapter == run.chapter })?.started ?? start
                running.removeAll { $0.chapter == run.chapter }
                if style == .lines { write(Self.finishedLine(run, fromStore: fromStore, done: done, total: total,
                                                              seconds: Self.seconds(since: started))) }
            }
            if style == .live { draw() }
        }
    }

    /// Stops redrawing and clears the status line (the report comes next).
    func finish() {
        lock.withLock {
            timer?.cancel()
            timer = nil
            if style == .live { write("\r\u{1B}[K") }
        }
    }

    deinit { timer?.cancel() }

    private func redraw() {
        lock.withLock {
            guard timer != nil else { return }
            draw()
        }
    }

    /// Rewrites the live line; called under `lock`.
    private func draw() {
        write("\r\u{1B}[K" + TerminalText.fit(statusLine(), width))
    }

    /// `lessons: 3/10 chapters · two-3x3 (after cell macs) · 12.4 s`.
    func statusLine() -> String {
        var parts = ["lessons: \(done)/\(total) chapters"]
        if !running.isEmpty {
            parts.append(running.map { entry in entry.cell.map { "\(entry.chapter) (after cell \($0))" } ?? entry.chapter }
                .joined(separator: ", "))
        }
        parts.append(String(format: "%.1f s", Self.seconds(since: start)))
        return parts.joined(separator: " · ")
    }

    /// `lessons: [3/10] two-3x3 passed in 1.2 s` (`from the store` when nothing ran).
    static func finishedLine(_ run: ChapterRun, fromStore: Bool, done: Int, total: Int, seconds: Double) -> String {
        let how = fromStore ? "from the store" : String(format: "in %.1f s", seconds)
        return "lessons: [\(done)/\(total)] \(run.chapter) \(run.status.rawValue) \(how)\n"
    }

    private static func seconds(since instant: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - instant
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
