import ArgumentParser
import Foundation
import LessonEngine
import Stepper

/// `lessons reset CHAPTER/CELL`: the exercise's starting code back in the learner's file.
struct ResetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Put an exercise's starting code back in your file (the old file kept as .bak).",
        discussion: """
            Starts the learner's workspace when they have none. Progress and attempts are kept. \
            Exit status: 0 reset, 2 bad usage or no such exercise.
            """)

    @OptionGroup var options: BookOptions
    @OptionGroup var learnerOptions: LearnerOptions

    @Argument(help: "The exercise: CHAPTER/CELL, or CHAPTER to reset all its exercises.")
    var exercise: String

    func run() throws {
        let session = try LearnerSession(book: options.book, db: options.db, learnerOptions: learnerOptions,
                                         start: .startsWorkspace)
        for (chapter, cell) in try ExerciseLookup.matching(exercise, in: session) {
            let (file, backup) = try InputError.wrap { () throws(StepperError) in
                try session.workspace.reset(chapter: chapter.id, cell: cell)
            }
            print("reset \(file)" + (backup.map { " (your previous file is \($0))" } ?? ""))
        }
    }
}

extension ResetCommand: NamesChapter {
    func resolveChapter() throws(InputError) {
        let name = String(exercise.split(separator: "/").first ?? "")
        _ = try ChapterLookup.chapter(name, in: try BookSession.load(options.book))
    }
}
