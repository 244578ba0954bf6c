import Foundation
import LessonEngine
import LessonStore
import Stepper

/// The book, the learner and the store, opened for `step` and `check`.
struct LearnerSession {
    let book: Book
    let bookDirectory: String
    let database: LessonDatabase
    let learner: Learner

    init(book path: String, db: String?, learnerOptions: LearnerOptions) throws(InputError) {
        book = try BookSession.load(path)
        var isFolder: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        bookDirectory = isFolder.boolValue ? path : (path as NSString).deletingLastPathComponent
        let environment = ProcessInfo.processInfo.environment
        let name = learnerOptions.learner ?? environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "learner"
        let file = StoreLocation.resolve(explicit: db, environment: environment, bookDirectory: bookDirectory)
        let database = try InputError.wrap { () throws(StoreError) in
            try LessonDatabase.open(at: file, createFolder: (db ?? "").isEmpty)
        }
        learner = try InputError.wrap { () throws(StoreError) in try database.learner(named: name) }
        self.database = database
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

    /// Where the learner's exercise files live, beside the book.
    var workspace: ExerciseWorkspace { ExerciseWorkspace(bookDirectory: bookDirectory) }

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
