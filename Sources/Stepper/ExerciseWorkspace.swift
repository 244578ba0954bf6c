import Foundation
import LessonEngine

/// Where learners' exercise files live: `.lessons/exercises/<chapter>/<cell>.swift` beside
/// the book folder, next to the default database. The stepper writes a file once, with the
/// exercise as written, and never overwrites it: it holds the learner's work.
public struct ExerciseWorkspace: Sendable, Hashable {
    /// The `.lessons` folder.
    public var root: String

    /// The workspace in `root` (a `.lessons` folder).
    public init(root: String) { self.root = root }

    /// The workspace beside `bookDirectory` (the book folder, or the folder of the one
    /// markdown file being stepped through): `Lessons/` → `./.lessons`.
    public init(bookDirectory: String) {
        let book = URL(fileURLWithPath: bookDirectory).standardizedFileURL
        root = book.deletingLastPathComponent().appendingPathComponent(".lessons").path
    }

    /// The learner's file for one exercise cell.
    public func path(chapter: String, cell: String) -> String {
        root + "/exercises/\(chapter)/\(cell).swift"
    }

    /// The learner's file for `cell`, written with the exercise's code when it does not exist.
    @discardableResult
    public func prepare(chapter: String, cell: Cell) throws(StepperError) -> String {
        let file = path(chapter: chapter, cell: cell.id)
        guard !FileManager.default.fileExists(atPath: file) else { return file }
        do {
            try FileManager.default.createDirectory(
                atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(cell.code.utf8).write(to: URL(fileURLWithPath: file))
        } catch {
            throw .cannotWrite(path: file, reason: error.localizedDescription)
        }
        return file
    }

    /// The learner's code for `cell`, or nil when they have no file for it yet.
    public func code(chapter: String, cell: String) throws(StepperError) -> String? {
        let file = path(chapter: chapter, cell: cell)
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        do {
            return try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw .cannotRead(path: file, reason: error.localizedDescription)
        }
    }
}

/// What went wrong in the stepper itself, with what to do about it.
public enum StepperError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An exercise file could not be written.
    case cannotWrite(path: String, reason: String)
    /// An exercise file could not be read.
    case cannotRead(path: String, reason: String)
    /// The named exercise is not an exercise cell of the book.
    case noSuchExercise(String, known: [String])
    /// The chapter has no cells to step through.
    case emptyChapter(String)

    /// The message printed to the user.
    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason):
            "cannot write the exercise file \(path): \(reason); check that its folder is writable"
        case .cannotRead(let path, let reason):
            "cannot read the exercise file \(path): \(reason)"
        case .noSuchExercise(let name, let known):
            "no exercise '\(name)'; exercises are " + (known.isEmpty ? "none in this book" : known.joined(separator: ", "))
                + " (name one as CHAPTER/CELL or CHAPTER)"
        case .emptyChapter(let id):
            "chapter '\(id)' has no cells to step through"
        }
    }
}
