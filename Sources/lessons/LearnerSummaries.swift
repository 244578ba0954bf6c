import LessonEngine
import LessonStore
import SiteRenderer

/// The store's learners and where they stand per chapter, for the site's pages and
/// `lessons progress --class`.
enum LearnerSummaries {
    /// Every learner, in the order they were created, with their standing in each chapter of
    /// `book` they opened, and the teacher's row for every chapter of the book.
    static func read(from database: LessonDatabase, book: Book) throws(InputError) -> [LearnerProgress] {
        let (learners, activity) = try InputError.wrap { () throws(StoreError) in
            (try database.learners(), try database.classActivity())
        }
        let byLearner = Dictionary(grouping: activity, by: \.learner)
        return learners.map { learner in
            let touched = Dictionary((byLearner[learner.name] ?? []).map { ($0.progress.chapter, $0) },
                                     uniquingKeysWith: { first, _ in first })
            var standings: [String: LearnerStanding] = [:]
            var rows: [ClassStanding] = []
            for chapter in book.chapters {
                let found = touched[chapter.id]
                let standing = LearnerStanding(chapter: chapter, progress: found?.progress)
                // Opened (a step or an attempt), as `progress(of:)` lists chapters.
                if let found, found.progress.position != nil || found.progress.attemptCount > 0 {
                    standings[chapter.id] = standing
                }
                rows.append(ClassStanding(learner: learner.name, standing: standing, hintsUsed: found?.hintsUsed ?? 0,
                                          solutionsShown: found?.solutionsShown ?? 0, lastActivity: found?.lastActivity))
            }
            return LearnerProgress(name: learner.name, chapters: standings, classStandings: rows)
        }
    }
}
