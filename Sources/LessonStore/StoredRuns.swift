import LessonEngine

/// The book as the store last saw it, for `lessons build --from-store`: each chapter's latest
/// stored run, whatever machine made it, with nothing compiled or run.
public enum StoredRuns {
    /// The latest run of each of `chapters` in `database`, in book order, with the same
    /// `{{ name }}` check `ChapterRunner` applies, and the chapters that have no stored run.
    public static func latest(
        of chapters: [Chapter], in database: LessonDatabase
    ) throws(StoreError) -> (runs: [ChapterRun], missing: [Chapter]) {
        var runs: [ChapterRun] = [], missing: [Chapter] = []
        for chapter in chapters {
            if let run = try database.latestRun(chapter: chapter.id) {
                runs.append(ChapterRunner.checked(run, chapter))
            } else {
                missing.append(chapter)
            }
        }
        return (runs, missing)
    }
}
