import LessonEngine
import LessonStore
import SiteRenderer

/// The store's learners and where they stand per chapter, for the site's pages.
enum LearnerSummaries {
    /// Every learner, in the order they were created, with their standing in each chapter of
    /// `book` they opened.
    static func read(from database: LessonDatabase, book: Book) throws(InputError) -> [LearnerProgress] {
        let chapters = Dictionary(book.chapters.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return try InputError.wrap { () throws(StoreError) in
            try database.learners().map { learner throws(StoreError) in
                var standings: [String: LearnerStanding] = [:]
                for progress in try database.progress(of: learner) {
                    guard let chapter = chapters[progress.chapter] else { continue }
                    standings[progress.chapter] = LearnerStanding(chapter: chapter, progress: progress)
                }
                return LearnerProgress(name: learner.name, chapters: standings)
            }
        }
    }
}
