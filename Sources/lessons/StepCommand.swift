import ArgumentParser
import Charts
import Foundation
import LessonEngine
import LessonStore
import Stepper
import Terminal

/// `lessons step [CHAPTER] [--learner NAME]`: step through a chapter cell by cell.
struct StepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step",
        abstract: "Step through a chapter in the terminal, cell by cell, with exercises and saved progress.",
        discussion: """
            Keys (then Enter): Enter/n run the cell or go on, p previous, r re-run, e edit the \
            exercise in $EDITOR, c check it, q quit. Commands may also be piped in, one a line.
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
        let target = try named.flatMap { found in session.book.chapters.first { $0.file == found.1.file } }
            ?? session.lastOrFirstChapter()
        let style = TerminalStyle.current(environment: ProcessInfo.processInfo.environment)
        var services = session.services(noCache: options.noCache)
        if isatty(STDERR_FILENO) == 1 {
            services.announce = { text in
                FileHandle.standardError.write(Data(("\r\u{1B}[K" + (text.isEmpty ? "" : "· " + text)).utf8))
            }
        }
        let stepper = try InputError.wrap { () throws(StepperError) in
            try StepSession(chapter: target, style: style, services: services)
        }
        StepLoop.run(stepper, input: { Swift.readLine(strippingNewline: true) },
                     output: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
                     interactive: isatty(STDIN_FILENO) == 1)
    }
}
