import ArgumentParser
import Foundation
import LessonEngine
import Stepper
import Terminal

/// `lessons hint CHAPTER/CELL [--show-solution]`: the next hint of an exercise, or its solution.
struct HintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hint",
        abstract: "Show the next hint of an exercise (recorded), or its solution with --show-solution.",
        discussion: """
            Hints come one at a time, in the chapter's order; each one shown is recorded. The solution \
            is shown freely once the exercise passed; before that, asking for it is recorded too. \
            Exit status: 0 shown, 2 bad usage, no such exercise or no workspace for the learner.
            """)

    @OptionGroup var options: BookOptions
    @OptionGroup var learnerOptions: LearnerOptions

    @Argument(help: "The exercise: CHAPTER/CELL, or CHAPTER when it has one exercise.")
    var exercise: String

    @Flag(help: "Show the exercise's solution (recorded when the exercise has not passed yet).")
    var showSolution = false

    func run() throws {
        let session = try LearnerSession(book: options.book, db: options.db, learnerOptions: learnerOptions,
                                         start: .needsWorkspace)
        let (chapter, cell) = try ExerciseLookup.one(exercise, in: session)
        let services = session.services(noCache: options.noCache)
        let style = TerminalStyle.current(environment: ProcessInfo.processInfo.environment)
        let name = "\(chapter.id)/\(cell.id)"
        let help = showSolution ? services.revealSolution(cell, of: chapter) : services.nextHint(cell, of: chapter)
        switch help {
        case .hint(let number, let count, let text):
            print(style.bold("Hint \(number) of \(count)") + style.dim(" for \(name)"))
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
            if number < count { print(style.dim("(lessons hint \(name) gives the next one)")) }
        case .noMoreHints(let count):
            print("All \(Wording.count(count, "hint")) for \(name) have been shown; "
                + "`lessons hint \(name) --show-solution` shows the solution (recorded).")
        case .noHints:
            print("\(name) has no hints; `lessons hint \(name) --show-solution` shows the solution (recorded).")
        case .solution(let code, let recorded):
            print(style.bold("Solution") + style.dim(" of \(name)" + (recorded ? " (shown before passing: recorded)" : "")))
            print(TerminalCode.render(code, swift: true, firstLine: nil, style: style))
        case .noSolution:
            throw InputError(message: "\(name) has no solution cell in \(chapter.file)")
        }
    }
}

extension HintCommand: NamesChapter {
    func resolveChapter() throws(InputError) {
        let name = String(exercise.split(separator: "/").first ?? "")
        _ = try ChapterLookup.chapter(name, in: try BookSession.load(options.book))
    }
}
