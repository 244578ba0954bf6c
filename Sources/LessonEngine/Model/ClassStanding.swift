import Foundation

/// One learner in one chapter as a teacher sees it (`lessons progress --class`, the site's
/// class page): the `LearnerStanding` plus the help taken and the last activity. Its JSON
/// keys are the snake_case ones of `lessons progress --class --json`.
public struct ClassStanding: Sendable, Hashable, Codable {
    /// The learner's name.
    public var learner: String
    /// The chapter id.
    public var chapter: String
    /// Cells seen and the cells that count (`LearnerStanding`).
    public var cellsSeen: Int, cellsTotal: Int
    /// Exercises passed and the chapter's exercises.
    public var exercisesPassed: Int, exercisesTotal: Int
    /// `LearnerStanding.percent`.
    public var percent: Int
    /// Exercise attempts, passed or not.
    public var tries: Int
    /// Hints shown.
    public var hintsUsed: Int
    /// Solutions revealed before the exercise passed.
    public var solutionsShown: Int
    /// The learner's latest step, attempt or help in the chapter; nil if never opened.
    public var lastActivity: Date?

    /// The row of `standing`, with the help taken and the last activity.
    public init(learner: String, standing: LearnerStanding, hintsUsed: Int, solutionsShown: Int, lastActivity: Date?) {
        self.learner = learner
        chapter = standing.chapter
        cellsSeen = standing.cellsSeen
        cellsTotal = standing.cells
        exercisesPassed = standing.exercisesPassed
        exercisesTotal = standing.exercises
        percent = standing.percent
        tries = standing.attempts
        self.hintsUsed = hintsUsed
        self.solutionsShown = solutionsShown
        self.lastActivity = lastActivity
    }

    private enum CodingKeys: String, CodingKey {
        case learner, chapter, percent, tries
        case cellsSeen = "cells_seen", cellsTotal = "cells_total"
        case exercisesPassed = "exercises_passed", exercisesTotal = "exercises_total"
        case hintsUsed = "hints_used", solutionsShown = "solutions_shown", lastActivity = "last_activity"
    }

    /// The last activity to the minute in UTC (`2026-12-05 17:30 UTC`), `—` when never: the
    /// same text in the terminal and on the site.
    public var lastActivityText: String {
        guard let lastActivity else { return "—" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: lastActivity)
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)) UTC"
    }

    /// Whether every cell was seen and every exercise passed.
    public var complete: Bool { cellsSeen >= cellsTotal && exercisesPassed >= exercisesTotal }
}
