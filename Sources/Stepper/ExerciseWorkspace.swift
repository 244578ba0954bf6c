import Foundation
import LessonEngine

/// One learner's exercise files: `.lessons/learners/NAME/<chapter>/<cell>.swift` beside the
/// book folder, next to the default database. The stepper writes a file once, with the
/// exercise as written, and never overwrites it: it holds the learner's work. A learner's
/// check reads only their own folder, so one checkout serves a class.
///
/// The shared folder of older versions (`.lessons/exercises/`) is left alone and never read:
/// whose work it holds is unknown, and reading it for every learner is the bug this folder
/// layout fixes. `legacyFolder` names it so that messages can point at it.
public struct ExerciseWorkspace: Sendable, Hashable {
    /// The learner's folder: exercise files live in `<root>/<chapter>/<cell>.swift`.
    public var root: String

    /// The workspace whose files live in `root`.
    public init(root: String) { self.root = root }

    /// `learner`'s workspace beside `bookDirectory` (the book folder, or the folder of the
    /// one markdown file being stepped through): `Lessons/` → `./.lessons/learners/NAME`.
    /// `learner` must be a name `LearnerName` accepts (no `/`, `..`, control characters).
    public init(bookDirectory: String, learner: String) {
        root = Self.learnersFolder(bookDirectory: bookDirectory) + "/" + learner
    }

    /// `.lessons/learners` beside `bookDirectory`: one folder per learner.
    public static func learnersFolder(bookDirectory: String) -> String {
        lessonsFolder(bookDirectory: bookDirectory) + "/learners"
    }

    /// The shared exercise folder of versions before per-learner workspaces.
    public static func legacyFolder(bookDirectory: String) -> String {
        lessonsFolder(bookDirectory: bookDirectory) + "/exercises"
    }

    /// The learners that have a workspace beside `bookDirectory`, sorted.
    public static func learners(bookDirectory: String) -> [String] {
        let folder = learnersFolder(bookDirectory: bookDirectory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { name in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder) && isFolder.boolValue
        }.sorted()
    }

    private static func lessonsFolder(bookDirectory: String) -> String {
        let book = URL(fileURLWithPath: bookDirectory).standardizedFileURL
        return book.deletingLastPathComponent().appendingPathComponent(".lessons").path
    }

    /// Whether the learner has started: their folder exists.
    public var exists: Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: root, isDirectory: &isFolder) && isFolder.boolValue
    }

    /// Creates the learner's folder (a new learner's workspace), if missing.
    public func start() throws(StepperError) {
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: root, reason: error.localizedDescription)
        }
    }

    /// The learner's file for one exercise cell.
    public func path(chapter: String, cell: String) -> String {
        root + "/\(chapter)/\(cell).swift"
    }

    /// The learner's file for `cell`, written with the exercise's code when it does not exist.
    @discardableResult
    public func prepare(chapter: String, cell: Cell) throws(StepperError) -> String {
        let file = path(chapter: chapter, cell: cell.id)
        guard !FileManager.default.fileExists(atPath: file) else { return file }
        try write(cell.code, to: file)
        return file
    }

    /// Puts the exercise's starting code back in the learner's file; a file that was there
    /// is kept as `<cell>.swift.bak` (replacing an older backup). Returns the file and the
    /// backup, if one was made.
    @discardableResult
    public func reset(chapter: String, cell: Cell) throws(StepperError) -> (file: String, backup: String?) {
        let file = path(chapter: chapter, cell: cell.id)
        var backup: String?
        if FileManager.default.fileExists(atPath: file) {
            let bak = file + ".bak"
            do {
                if FileManager.default.fileExists(atPath: bak) { try FileManager.default.removeItem(atPath: bak) }
                try FileManager.default.moveItem(atPath: file, toPath: bak)
            } catch {
                throw .cannotWrite(path: bak, reason: error.localizedDescription)
            }
            backup = bak
        }
        try write(cell.code, to: file)
        return (file, backup)
    }

    /// The learner's code for `cell`, or nil when they have no file for it yet. A file that
    /// is not UTF-8 text is an error naming it (and the first bad byte's offset).
    public func code(chapter: String, cell: String) throws(StepperError) -> String? {
        let file = path(chapter: chapter, cell: cell)
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw .cannotRead(path: file, reason: error.localizedDescription)
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            let valid = Self.validPrefix(data)
            throw .cannotRead(path: file, reason: "it is not valid UTF-8 text (bad byte at offset \(valid)); "
                + "save it as UTF-8 in your editor, or `lessons reset` it")
        }
        return text
    }

    /// The length of the longest valid UTF-8 prefix: where the first bad byte is.
    private static func validPrefix(_ data: Data) -> Int {
        var decoder = UTF8()
        var iterator = data.makeIterator()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput, .error: return offset
            }
        }
    }

    private func write(_ code: String, to file: String) throws(StepperError) {
        do {
            try FileManager.default.createDirectory(
                atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(code.utf8).write(to: URL(fileURLWithPath: file))
        } catch {
            throw .cannotWrite(path: file, reason: error.localizedDescription)
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
