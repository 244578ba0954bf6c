import ArgumentParser
import Charts
import Foundation
import LessonEngine
import LessonStore
import Stepper
import Terminal

/// `lessons step [CHAPTER] [--learner NAME]`: step through a chapter cell by cell, and on
/// into the next chapter when the learner takes the offer at the end.
struct StepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step",
        abstract: "Step through a chapter in the terminal, cell by cell, with exercises and saved progress.",
        discussion: """
            Single keys on a terminal (no Enter needed): Enter/n run the cell or go on, p previous, \
            r run this cell again, e edit the exercise in $EDITOR, c check it (saving the file checks \
            it too), h hint, ? help, q or Ctrl-C quit. Piped in, the same commands one a line.
            """)

    @OptionGroup var options: BookOptions
    @OptionGroup var learnerOptions: LearnerOptions

    @Argument(help: "The chapter (slug, number or file name); by default the one you stepped through last, else the first.")
    var chapter: String?

    func run() throws {
        // Named the way every command names a chapter (announced on stderr); a markdown file
        // outside the book is a book of its own, so the session opens whichever book holds it.
        let named = try chapter.map { name throws(InputError) in try ChapterLookup.resolve(name, bookPath: options.book) }
        let session = try LearnerSession(book: named?.0.root ?? options.book, db: options.db, learnerOptions: learnerOptions)
        var target = try named.flatMap { found in session.book.chapters.first { $0.file == found.1.file } }
            ?? session.lastOrFirstChapter()
        let style = TerminalStyle.current(environment: ProcessInfo.processInfo.environment)
        let services = StepTerminal.services(session, noCache: options.noCache)
        let input = KeyInput()
        while true {
            let stepper = try InputError.wrap { () throws(StepperError) in
                try StepSession(chapter: target, style: style, services: services)
            }
            let chapters = session.book.chapters
            stepper.nextChapter = chapters.firstIndex { $0.file == target.file }
                .flatMap { $0 + 1 < chapters.count ? chapters[$0 + 1] : nil }
            StepTerminal.run(stepper, input: input)
            guard stepper.goesOn, let next = stepper.nextChapter else { return }
            target = next
        }
    }
}
