import Charts
import Foundation
import LessonEngine
import LessonRuntime
import LessonStore
import Terminal

/// What the stepper needs from outside: running chapters, opening an editor, the store.
public struct StepServices {
    /// The engine's chapter pipeline (over a stand-in engine in tests). Built to ignore
    /// store failures: a store that fails while the learner works only loses the cache.
    public var runner: ChapterRunner
    /// Opens a file in the learner's editor and returns a message when it could not.
    public var edit: (String) -> String?
    /// The learner's progress.
    public var progress: StepProgress
    /// Where exercise files are written.
    public var workspace: ExerciseWorkspace
    /// Shows a passing note while something slow happens (a compile), "" to clear it; on a
    /// terminal a status line, elsewhere nothing, so that transcripts stay the same.
    public var announce: (String) -> Void = { _ in }

    /// Services given in full.
    public init(runner: ChapterRunner, edit: @escaping (String) -> String?,
                progress: StepProgress, workspace: ExerciseWorkspace) {
        self.runner = runner
        self.edit = edit
        self.progress = progress
        self.workspace = workspace
    }
}

/// One learner stepping through one chapter: the position, the chapter's run, and the
/// handling of each `StepEvent`, which returns the text to show. No I/O of its own besides
/// the services, so that tests drive it event by event.
public final class StepSession: StepDriven {
    /// The chapter.
    public let chapter: Chapter
    /// The cells stepped through: every cell but solutions (they stay behind the exercise).
    public let steps: [Cell]
    /// The position in `steps`; `steps.count` after the last cell.
    public private(set) var index = 0
    /// Whether the current cell's outputs are shown.
    public private(set) var outputsShown = false
    /// Whether the session is over.
    public private(set) var finished = false
    /// The chapter offered at the end of this one (the book's next), if any.
    public var nextChapter: Chapter?
    /// Whether the learner took the offer of `nextChapter` at the end.
    public private(set) var goesOn = false
    private var run: ChapterRun?
    private var passedExercises: Set<String> = []
    /// This session's own record, for when there is no store to read the standing from.
    private var seenCells: Set<String> = []
    private var attempts = 0
    private let services: StepServices
    let screens: StepScreens

    /// A session on `chapter` at the learner's saved position.
    public init(chapter: Chapter, style: TerminalStyle, services: StepServices) throws(StepperError) {
        self.chapter = chapter
        steps = chapter.cells.filter { !$0.options.solution }
        guard !steps.isEmpty else { throw .emptyChapter(chapter.id) }
        self.services = services
        screens = StepScreens(chapter: chapter, steps: steps, style: style)
    }

    /// The first screen: where the learner resumes (or the chapter's start) and the cell.
    public func start() -> String {
        var intro = screens.title()
        if let saved = services.progress.progress(in: chapter.id) {
            passedExercises = Set(saved.exercisesPassed)
            seenCells = Set(saved.cellsSeen)
            attempts = saved.attemptCount
            if let cell = saved.position?.cellID, let position = steps.firstIndex(where: { $0.id == cell }) {
                index = position
                intro += "\n" + screens.resuming(at: steps[position], LearnerStanding(chapter: chapter, progress: saved))
            }
        }
        return intro + "\n\n" + enter()
    }

    /// Handles one event and returns what to show.
    public func handle(_ event: StepEvent) -> String {
        switch event {
        case .advance: return advance()
        case .previous:
            guard index > 0 else { return screens.note("this is the first cell") }
            index -= 1
            return enter()
        case .rerun:
            guard index < steps.count else { return screens.note("the chapter is over; p goes back") }
            return showOutputs(fresh: true)
        case .edit: return edit()
        case .check: return check()
        case .hint: return hint()
        case .fileSaved:
            // Only an exercise's file is watched; a save while elsewhere has nothing to check.
            guard watchedFile != nil else { return "" }
            return screens.note("saved; checking") + "\n" + check()
        case .help: return screens.help()
        case .quit:
            finished = true
            return screens.goodbye(learner: services.progress.learnerName, standing: standing())
        case .unknown(let text): return screens.note("unknown command '\(text)'") + "\n" + screens.help()
        }
    }

    /// The prompt for the current state.
    public var prompt: String {
        screens.prompt(cell: index < steps.count ? steps[index] : nil, outputsShown: outputsShown, next: nextChapter)
    }

    /// The learner's file of the exercise at hand: saving it checks it again.
    public var watchedFile: String? {
        guard index < steps.count, steps[index].options.exercise else { return nil }
        return services.workspace.path(chapter: chapter.id, cell: steps[index].id)
    }

    private func advance() -> String {
        if index >= steps.count {
            finished = true
            if let nextChapter {
                goesOn = true
                return screens.note("on to \(nextChapter.id)")
            }
            return screens.goodbye(learner: services.progress.learnerName, standing: standing())
        }
        if !outputsShown { return showOutputs(fresh: false) }
        index += 1
        return enter()
    }

    /// Shows the prose before the current cell and its code; marks it seen.
    private func enter() -> String {
        outputsShown = false
        guard index < steps.count else {
            return screens.end(prose: screens.trailingProse(metrics: run?.metrics ?? [:]),
                               standing: standing(), passed: passedExercises, next: nextChapter)
        }
        let cell = steps[index]
        services.progress.record(chapter: chapter.id, cell: cell.id, .seen)
        seenCells.insert(cell.id)
        var text = screens.cell(index, metrics: run?.metrics ?? [:])
        if cell.options.exercise {
            do {
                let file = try services.workspace.prepare(chapter: chapter.id, cell: cell)
                text += "\n" + screens.exerciseHint(file: file, passed: passedExercises.contains(cell.id))
            } catch {
                text += "\n" + screens.note(error.description)
            }
        }
        return text
    }

    /// Shows the current cell's outputs. The first time, the chapter's run comes from the
    /// store when the chapter is unchanged (no compile), else the whole chapter runs once
    /// and is kept, so every later cell answers at once; `fresh` (`r`) runs this cell again
    /// with the cells before it (they share its state) and not the cells after it.
    private func showOutputs(fresh: Bool) -> String {
        let cell = steps[index]
        var text = ""
        if cell.options.norun {
            outputsShown = true
            return screens.note("this cell is shown, not run")
        }
        if fresh {
            let prefix = services.run(chapter, ChapterRequest(cells: .through(cell: cell.id), reuse: false))
            // Later cells are not in a prefix run: they come from the store again when reached.
            run = prefix
        } else if run?.cells.contains(where: { $0.id == cell.id }) != true {
            var fromStore = false
            run = services.run(chapter, ChapterRequest(reuse: true)) { event in
                if case .chapterFinished(_, true) = event { fromStore = true }
            }
            if fromStore {
                text += screens.note("results from the store (the chapter is unchanged since it last ran; r runs this cell again)") + "\n"
            }
        }
        guard let run else { return text }
        outputsShown = true
        services.progress.record(chapter: chapter.id, cell: cell.id, .ran)
        text += screens.problems(run.diagnostics)
        if let result = run.cells.first(where: { $0.id == cell.id }) {
            text += screens.outputs(result)
        }
        return text
    }

    /// Where the learner stands: read back from the store, so that it is what `lessons
    /// progress` and the site show; without a store, from this session's own record.
    public func standing() -> LearnerStanding {
        if let saved = services.progress.progress(in: chapter.id) { return LearnerStanding(chapter: chapter, progress: saved) }
        return LearnerStanding(chapter: chapter, seen: Array(seenCells), passed: Array(passedExercises), attempts: attempts)
    }

    private func edit() -> String {
        guard index < steps.count, steps[index].options.exercise else {
            return screens.note("e edits an exercise; this cell is not one")
        }
        do {
            let file = try services.workspace.prepare(chapter: chapter.id, cell: steps[index])
            return services.edit(file).map(screens.note) ?? screens.note("edited \(file); c checks it")
        } catch {
            return screens.note(error.description)
        }
    }

    private func hint() -> String {
        guard index < steps.count, steps[index].options.exercise else {
            return screens.note("h gives a hint for an exercise; this cell is not one")
        }
        return screens.hint(services.hint(for: steps[index], of: chapter))
    }

    private func check() -> String {
        guard index < steps.count, steps[index].options.exercise else {
            return screens.note("c checks an exercise; this cell is not one")
        }
        let cell = steps[index]
        let outcome: ExerciseOutcome
        do {
            outcome = try services.checkExercise(cell, of: chapter)
        } catch {
            return screens.note(error.description)
        }
        attempts += 1
        if outcome.passed { passedExercises.insert(cell.id) }
        // The learner has seen this cell's outputs (of their code): Enter goes on.
        outputsShown = true
        return screens.checked(outcome)
    }
}
