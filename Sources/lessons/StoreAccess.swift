import Foundation
import LessonEngine
import LessonStore
import SiteRenderer

/// Opening the store for the commands that read it (`build`, `progress`), with its errors
/// turned into `InputError` (exit status 2, the store's message names the file).
enum StoreAccess {
    /// The folder the default database sits beside: the book folder, or a single file's folder.
    static func bookDirectory(_ bookPath: String) -> String {
        bookPath.hasSuffix(".md") ? (bookPath as NSString).deletingLastPathComponent : bookPath
    }

    /// The run cache over the database named by `--db`, `$LESSONS_DB` or the default.
    static func cache(_ options: BookOptions) throws(InputError) -> RunCache {
        do {
            return try RunCache.open(explicitPath: options.db, bookDirectory: bookDirectory(options.book),
                                     reuse: !options.noCache)
        } catch {
            throw InputError(message: error.description)
        }
    }

    /// Every learner's progress, summarised per chapter for the site.
    static func learners(in database: LessonDatabase) throws(InputError) -> [LearnerProgress] {
        do {
            return try database.learners().map { learner throws(StoreError) in
                var chapters: [String: ChapterProgressSummary] = [:]
                for progress in try database.progress(of: learner) {
                    chapters[progress.chapter] = ChapterProgressSummary(
                        cellsSeen: Set(progress.cellsSeen).count, exercisesPassed: Set(progress.exercisesPassed).count,
                        attempts: progress.attemptCount)
                }
                return LearnerProgress(name: learner.name, chapters: chapters)
            }
        } catch {
            throw InputError(message: error.description)
        }
    }
}
