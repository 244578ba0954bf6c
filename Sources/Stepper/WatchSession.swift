import LessonEngine
import LessonStore
import Terminal

/// `lessons watch`, as rustlings' watch mode: the learner's first unfinished exercise of the
/// whole book, checked again each time its file is saved; once it passes, on to the next
/// unfinished one, and at the end a summary. The checks go through `checkExercise`, the path
/// of the stepper's `c` and `lessons check`, so attempts count alike.
public final class WatchSession: StepDriven {
    /// One exercise of the book.
    struct Exercise {
        let chapter: Chapter
        let cell: Cell
        var key: String { "\(chapter.id)/\(cell.id)" }
    }

    private let exercises: [Exercise]
    private let services: StepServices
    private let style: TerminalStyle
    /// The exercise at hand, an index into `exercises`; nil once none is left.
    public private(set) var current: Int?
    /// The exercises passed, as `CHAPTER/CELL`.
    public private(set) var passed: Set<String> = []
    /// Whether the session is over.
    public private(set) var finished = false

    /// A session over the exercises of `chapters`, in book order (with none, it ends at once).
    public init(chapters: [Chapter], style: TerminalStyle, services: StepServices) {
        exercises = chapters.flatMap { chapter in
            chapter.cells.filter(\.options.exercise).map { Exercise(chapter: chapter, cell: $0) }
        }
        self.services = services
        self.style = style
    }

    /// The exercise at hand as `CHAPTER/CELL`, if any.
    public var currentExercise: String? { current.map { exercises[$0].key } }

    /// Reads what the learner passed already and shows the first unfinished exercise.
    public func start() -> String {
        for chapter in Set(exercises.map(\.chapter.id)) {
            for cell in services.progress.progress(in: chapter)?.exercisesPassed ?? [] { passed.insert("\(chapter)/\(cell)") }
        }
        let intro = note("watching your exercise files: saving one checks it; "
                         + "\(passed.count) of \(Wording.count(exercises.count, "exercise")) passed so far")
        return intro + "\n\n" + moveOn(after: nil)
    }

    /// Handles one event and returns what to show.
    public func handle(_ event: StepEvent) -> String {
        switch event {
        case .fileSaved: return note("saved; checking") + "\n" + check()
        case .check: return check()
        case .advance:
            guard let current else { return note("no exercise left") }
            return note("skipped \(exercises[current].key)") + "\n\n" + moveOn(after: current)
        case .hint:
            guard let current else { return note("no exercise left") }
            return screens(current).hint(services.hint(for: exercises[current].cell, of: exercises[current].chapter))
        case .edit:
            guard let current else { return note("no exercise left") }
            let file = services.workspace.path(chapter: exercises[current].chapter.id, cell: exercises[current].cell.id)
            return services.edit(file).map(note) ?? note("edited \(file); saving checks it")
        case .help: return help()
        case .quit:
            finished = true
            return summary()
        case .previous, .rerun, .unknown:
            return note("not a key of watch mode") + "\n" + help()
        }
    }

    /// The keys that work here.
    public var prompt: String {
        style.dim("[save the file to check · c check · h hint · e edit · n skip · q quit] ") + style.paint("›", 75) + " "
    }

    /// The file of the exercise at hand.
    public var watchedFile: String? {
        current.map { services.workspace.path(chapter: exercises[$0].chapter.id, cell: exercises[$0].cell.id) }
    }

    /// The first unfinished exercise after `position` (from the start when nil), wrapping
    /// around to skipped ones; its screen, or the summary when every one passed.
    private func moveOn(after position: Int?) -> String {
        let start = position.map { $0 + 1 } ?? 0
        let order = Array(start..<exercises.count) + Array(0..<min(start, exercises.count))
        guard let next = order.first(where: { !passed.contains(exercises[$0].key) }) else {
            current = nil
            finished = true
            return summary()
        }
        current = next
        return show(next)
    }

    /// The exercise's prose and code, its file (written as the exercise stands when the learner has none).
    private func show(_ position: Int) -> String {
        let exercise = exercises[position]
        let screens = screens(position)
        guard let step = screens.steps.firstIndex(where: { $0.id == exercise.cell.id }) else { return "" }
        services.progress.record(chapter: exercise.chapter.id, cell: exercise.cell.id, .seen)
        var text = style.bold(exercise.chapter.title) + style.dim("  (\(exercise.key))") + "\n\n"
            + screens.cell(step, metrics: [:])
        do {
            let file = try services.workspace.prepare(chapter: exercise.chapter.id, cell: exercise.cell)
            text += "\n" + screens.exerciseHint(file: file, passed: false)
        } catch {
            text += "\n" + note(error.description)
        }
        return text
    }

    private func check() -> String {
        guard let current else { return note("no exercise left") }
        let exercise = exercises[current]
        let outcome: ExerciseOutcome
        do {
            outcome = try services.checkExercise(exercise.cell, of: exercise.chapter)
        } catch {
            return note(error.description)
        }
        let text = screens(current).checked(outcome, then: "on to the next one", retry: "and save it again")
        guard outcome.passed else { return text }
        passed.insert(exercise.key)
        return text + "\n\n" + moveOn(after: current)
    }

    /// Exercises passed per chapter, and in all.
    func summary() -> String {
        var lines = [style.bold("Exercises passed: \(passed.count) of \(exercises.count)")]
        var seen: [String] = []
        for exercise in exercises where !seen.contains(exercise.chapter.id) {
            seen.append(exercise.chapter.id)
            let mine = exercises.filter { $0.chapter.id == exercise.chapter.id }
            let done = mine.filter { passed.contains($0.key) }
            let open = mine.filter { !passed.contains($0.key) }.map(\.cell.id)
            lines.append("  \(done.count == mine.count ? "✓" : "·") \(exercise.chapter.id): \(done.count) of \(mine.count)"
                         + (open.isEmpty ? "" : style.dim(" (open: \(open.joined(separator: ", ")))")))
        }
        if passed.count == exercises.count { lines.append("Every exercise passed.") }
        return lines.joined(separator: "\n")
    }

    private func help() -> String {
        """
        save        check the exercise file again (within 200 ms of the save)
        c           check it now
        h           a hint
        e           open the exercise file in $EDITOR
        n           skip to the next unfinished exercise
        q           quit, with a summary
        """
    }

    private func screens(_ position: Int) -> StepScreens {
        let chapter = exercises[position].chapter
        return StepScreens(chapter: chapter, steps: chapter.cells.filter { !$0.options.solution }, style: style)
    }

    private func note(_ text: String) -> String { StepScreens.note(text, style: style) }
}
