import ArgumentParser
import Charts
import Foundation
import LessonEngine
import Stepper
import Terminal

/// `lessons check [EXERCISE]`: checks the learner's exercise files without the stepper.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check your exercise files (.lessons/learners/NAME/CHAPTER/CELL.swift) and record the attempts.",
        discussion: "Exit status: 0 every checked exercise passed, 1 one did not, 2 bad usage or input.")

    @OptionGroup var options: BookOptions
    @OptionGroup var learnerOptions: LearnerOptions

    @Argument(help: "CHAPTER/CELL, or CHAPTER for all its exercises; by default every exercise you have a file for.")
    var exercise: String?

    func run() throws {
        let session = try LearnerSession(book: options.book, db: options.db, learnerOptions: learnerOptions, start: .needsWorkspace)
        let targets = try selected(in: session)
        let style = TerminalStyle.current(environment: ProcessInfo.processInfo.environment)
        let services = session.services(noCache: options.noCache)
        var failed = 0
        for (chapter, cell) in targets {
            let outcome = try InputError.wrap { () throws(StepperError) in try services.checkExercise(cell, of: chapter) }
            let view = CellOutputView(style: style)
            if outcome.passed {
                print(style.paint("✓", 34) + " \(chapter.id)/\(cell.id) passed")
            } else {
                failed += 1
                print(style.paint("✗", 160) + " \(chapter.id)/\(cell.id) not yet (\(outcome.file))")
                print(view.render(outcome.result).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            }
        }
        print(failed == 0 ? "✓ \(Wording.count(targets.count, "exercise")) passed" : "✗ \(failed) of \(Wording.count(targets.count, "exercise")) not passed yet")
        if failed > 0 { throw BookFailed() }
    }

    /// The exercises named by the argument; without one, those with a file in the learner's workspace.
    private func selected(in session: LearnerSession) throws(InputError) -> [(Chapter, Cell)] {
        if let exercise { return try ExerciseLookup.matching(exercise, in: session) }
        let all = ExerciseLookup.all(in: session.book)
        let started = all.filter { FileManager.default.fileExists(atPath: session.workspace.path(chapter: $0.0.id, cell: $0.1.id)) }
        guard !started.isEmpty else {
            throw InputError(message: "no exercise files in \(session.workspace.root) yet; "
                + "`lessons step` writes them, or name one of: \(all.map { "\($0.0.id)/\($0.1.id)" }.joined(separator: ", "))")
        }
        return started
    }
}
