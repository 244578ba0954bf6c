import Foundation
import LessonEngine
import LessonStore
import Stepper

/// The book, the learner, their workspace and the store, opened for `step`, `check`, `hint`
/// and `reset`.
struct LearnerSession {
    /// Whether the command may start a new learner's workspace.
    enum Start {
        /// `step` and `reset`: a new learner gets a workspace.
        case startsWorkspace
        /// `check` and `hint`: a learner without a workspace is an error naming those who have one.
        case needsWorkspace
    }

    let book: Book
    let bookDirectory: String
    let database: LessonDatabase
    let learner: Learner
    /// The learner's exercise files, beside the book.
    let workspace: ExerciseWorkspace

    init(book path: String, db: String?, learnerOptions: LearnerOptions, start: Start = .startsWorkspace) throws(InputError) {
        book = try BookSession.load(path)
        var isFolder: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        bookDirectory = isFolder.boolValue ? path : (path as NSString).deletingLastPathComponent
        let environment = ProcessInfo.processInfo.environment
        // Checked before any path is made of it: the name is a folder name.
        let name = try InputError.wrap { () throws(StoreError) in
            try LearnerName.normalized(learnerOptions.name(environment: environment))
        }
        let workspaceBook = bookDirectory
        let workspace = ExerciseWorkspace(bookDirectory: workspaceBook, learner: name)
        self.workspace = workspace
        switch start {
        case .startsWorkspace:
            try InputError.wrap { () throws(StepperError) in try workspace.start() }
        case .needsWorkspace:
            guard workspace.exists else { throw Self.unknownLearner(name, bookDirectory: workspaceBook) }
        }
        let file = StoreLocation.resolve(explicit: db, environment: environment, bookDirectory: workspaceBook)
        let database = try InputError.wrap { () throws(StoreError) in
            try LessonDatabase.open(at: file, createFolder: (db ?? "").isEmpty)
        }
        learner = try InputError.wrap { () throws(StoreError) in try database.learner(named: name) }
        self.database = database
    }

    /// A learner with no workspace: who has one, and how to start.
    static func unknownLearner(_ name: String, bookDirectory: String) -> InputError {
        let known = ExerciseWorkspace.learners(bookDirectory: bookDirectory)
        var message = "no workspace for learner '\(name)' (\(ExerciseWorkspace.learnersFolder(bookDirectory: bookDirectory))/\(name)); "
            + "learners: " + (known.isEmpty ? "none yet" : known.joined(separator: ", "))
            + ". Start with: lessons step --learner \(name) (or lessons reset CHAPTER/CELL --learner \(name))"
        let legacy = ExerciseWorkspace.legacyFolder(bookDirectory: bookDirectory)
        if FileManager.default.fileExists(atPath: legacy) {
            message += "; exercise files of an older Lessonbook are in \(legacy): copy yours into your workspace"
        }
        return InputError(message: message)
    }

    /// The chapter `name` (slug, number or file name) of the book.
    func chapter(named name: String) throws(InputError) -> Chapter {
        try ChapterLookup.chapter(name, in: book)
    }

    /// The chapter stepped through last, else the book's first.
    func lastOrFirstChapter() throws(InputError) -> Chapter {
        let last = StepProgress(database: database, learner: learner, warn: { _ in }).lastChapter()
        if let last, let chapter = book.chapters.first(where: { $0.id == last }) { return chapter }
        guard let first = book.chapters.first else {
            throw InputError(message: "the book at \(book.root) has no chapters (NN-slug.md files)")
        }
        return first
    }

    /// The stepper's services: the chapter pipeline over this store, the editor, progress.
    func services(noCache: Bool) -> StepServices {
        // The same pipeline and cache keys as `lessons run`, so that the two share runs.
        let runner = ChapterRunner(database: database, reuse: !noCache, bookDirectory: bookDirectory,
                                   storeFailures: .ignore)
        let environment = ProcessInfo.processInfo.environment
        let progress = StepProgress(database: database, learner: learner) { message in
            FileHandle.standardError.write(Data("lessons: warning: \(message)\n".utf8))
        }
        return StepServices(runner: runner, edit: { Editor.open($0, environment: environment) },
                            progress: progress, workspace: workspace)
    }
}
