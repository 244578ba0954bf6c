import ArgumentParser
import Foundation
import LessonEngine
import Stepper
import Terminal

/// `lessons watch [--learner NAME]`: rustlings' watch mode over the whole book.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Work through every unfinished exercise of the book: saving your file checks it, a pass moves on.",
        discussion: """
            Shows your first unfinished exercise and its file; each save re-checks it (within \
            200 ms of the save, plus the compile); once it passes, on to the next unfinished one, \
            and a summary at the end. Keys: c check now, h hint, e edit in $EDITOR, n skip, \
            q or Ctrl-C quit. Exit status: 0 every exercise passed, 1 some are open, 2 bad usage.
            """)

    @OptionGroup var options: BookOptions
    @OptionGroup var learnerOptions: LearnerOptions

    func run() throws {
        let session = try LearnerSession(book: options.book, db: options.db, learnerOptions: learnerOptions)
        guard session.book.chapters.contains(where: { $0.cells.contains(where: \.options.exercise) }) else {
            throw InputError(message: "the book at \(session.book.root) has no exercise cells to watch")
        }
        let style = TerminalStyle.current(environment: ProcessInfo.processInfo.environment)
        let watcher = WatchSession(chapters: session.book.chapters, style: style,
                                   services: StepTerminal.services(session, noCache: options.noCache))
        StepTerminal.run(watcher, input: KeyInput())
        if watcher.currentExercise != nil { throw BookFailed() }
    }
}
