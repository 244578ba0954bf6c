import Foundation
import LessonEngine
import Stepper

/// Exercises named on the command line (`CHAPTER/CELL` or `CHAPTER`), for `check`, `hint` and `reset`.
enum ExerciseLookup {
    /// Every exercise of the book, in book order.
    static func all(in book: Book) -> [(Chapter, Cell)] {
        book.chapters.flatMap { chapter in chapter.cells.filter(\.options.exercise).map { (chapter, $0) } }
    }

    /// The exercises `name` names: one for `CHAPTER/CELL`, all of a chapter's for `CHAPTER`
    /// (the chapter as every command names one: number, slug or file name). None is an
    /// error listing the book's exercises.
    static func matching(_ name: String, in session: LearnerSession) throws(InputError) -> [(Chapter, Cell)] {
        let all = all(in: session.book)
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        let chapterID = parts.first.map { part in (try? session.chapter(named: part))?.id ?? part }
        let matches = all.filter { $0.0.id == chapterID && (parts.count == 1 || $0.1.id == parts[1]) }
        guard !matches.isEmpty else {
            throw InputError(message: StepperError.noSuchExercise(name, known: all.map { "\($0.0.id)/\($0.1.id)" }).description)
        }
        return matches
    }

    /// The one exercise `name` names; a chapter with several asks for `CHAPTER/CELL`.
    static func one(_ name: String, in session: LearnerSession) throws(InputError) -> (Chapter, Cell) {
        let matches = try matching(name, in: session)
        guard matches.count == 1 else {
            throw InputError(message: "'\(name)' has \(matches.count) exercises; name one of: "
                + matches.map { "\($0.0.id)/\($0.1.id)" }.joined(separator: ", "))
        }
        return matches[0]
    }
}
