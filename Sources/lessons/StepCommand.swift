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
        // A markdown file of its own (`lessons step notes/01-x.md`) is a book of one chapter.
        // A bare file name (`01-two-3x3.md`) is the book's chapter, as for every command.
        let single = chapter.flatMap { ChapterLookup.isFilePath($0) ? $0 : nil }
        let session = try LearnerSession(book: single ?? options.book, db: options.db, learnerOptions: learnerOptions)
        let target = try single != nil ? session.lastOrFirstChapter()
            : chapter.map { name throws(InputError) in try session.chapter(named: name) } ?? session.lastOrFirstChapter()
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
