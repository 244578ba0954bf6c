import LessonEngine
import LessonStore

extension StepServices {
    /// A run of `chapter` through the pipeline, with "running…" on the status line while it works.
    func run(
        _ chapter: Chapter, _ request: ChapterRequest, events: (ChapterRunEvent) -> Void = { _ in }
    ) -> ChapterRun {
        announce("running \(chapter.id)…")
        defer { announce("") }
        return runOrReport(chapter, request, events: events)
    }

    /// The run; should the store fail with a runner built to stop on that (the stepper's is
    /// built to carry on), a run of no cells that shows the error rather than ending the lesson.
    func runOrReport(
        _ chapter: Chapter, _ request: ChapterRequest, events: (ChapterRunEvent) -> Void = { _ in }
    ) -> ChapterRun {
        do {
            return try runner.run(chapter, request, events: events)
        } catch {
            return .notRun(chapter, cells: request.cells.cells(of: chapter),
                           problems: [CellError(file: chapter.file, line: 1, message: error.description)])
        }
    }
}
