import LessonStore
import SiteRenderer

/// The store's learners and their steps, summarised per chapter for the site's pages.
enum LearnerSummaries {
    /// Every learner, in the order they were created, with cells seen, exercises solved and
    /// attempts per chapter they opened.
    static func read(from database: LessonDatabase) throws(InputError) -> [LearnerProgress] {
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
