import Charts
import Foundation
import LessonEngine
import LessonRuntime
import LessonStore

/// What the stepper needs from outside: running chapters, opening an editor, the store.
public struct StepServices {
    /// Runs a chapter's cells afresh (the executor; a stand-in in tests).
    public var run: (Chapter, [Cell]) -> ChapterRun
    /// The stored run of the chapter as written, when its cache key is unchanged.
    public var stored: (Chapter) -> ChapterRun?
    /// Keeps a fresh run of the chapter as written.
    public var keep: (ChapterRun) -> Void
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
    public init(run: @escaping (Chapter, [Cell]) -> ChapterRun, stored: @escaping (Chapter) -> ChapterRun? = { _ in nil },
                keep: @escaping (ChapterRun) -> Void = { _ in }, edit: @escaping (String) -> String?,
                progress: StepProgress, workspace: ExerciseWorkspace) {
        self.run = run
        self.stored = stored
        self.keep = keep
        self.edit = edit
        self.progress = progress
        self.workspace = workspace
    }
}

/// One learner stepping through one chapter: the position, the chapter's run, and the
/// handling of each `StepEvent`, which returns the text to show. No I/O of its own besides
/// the services, so that tests drive it event by event.
public final class StepSession {
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
    private var run: ChapterRun?
    private var passedExercises: Set<String> = []
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
            if let cell = saved.position?.cellID, let position = steps.firstIndex(where: { $0.id == cell }) {
                index = position
                intro += "\n" + screens.resuming(at: steps[position], seen: saved.cellsSeen.count, passed: saved.exercisesPassed.count)
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
            run = nil
            return showOutputs(fresh: true)
        case .edit: return edit()
        case .check: return check()
        case .help: return screens.help()
        case .quit:
            finished = true
            return screens.goodbye(learner: services.progress.learnerName)
        case .unknown(let text): return screens.note("unknown command '\(text)'") + "\n" + screens.help()
        }
    }

    /// The prompt for the current state.
    public var prompt: String {
        screens.prompt(cell: index < steps.count ? steps[index] : nil, outputsShown: outputsShown)
    }

    private func advance() -> String {
        if index >= steps.count {
            finished = true
            return screens.goodbye(learner: services.progress.learnerName)
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
                               exercises: steps.filter(\.options.exercise).map(\.id), passed: passedExercises)
        }
        let cell = steps[index]
        services.progress.record(chapter: chapter.id, cell: cell.id, .seen)
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

    /// Runs the chapter when it has no run yet, and shows the current cell's outputs.
    private func showOutputs(fresh: Bool) -> String {
        let cell = steps[index]
        var text = ""
        if cell.options.norun {
            outputsShown = true
            return screens.note("this cell is shown, not run")
        }
        if run == nil, !fresh, let stored = services.stored(chapter) {
            run = stored
            text += screens.note("results from the store (the chapter is unchanged since it last ran; r runs it again)") + "\n"
        }
        if run == nil {
            services.announce("running \(chapter.id)…")
            defer { services.announce("") }
            let made = services.run(chapter, chapter.cells)
            services.keep(made)
            run = made
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
        if outcome.passed { passedExercises.insert(cell.id) }
        // The learner has seen this cell's outputs (of their code): Enter goes on.
        outputsShown = true
        return screens.checked(outcome)
    }
}
