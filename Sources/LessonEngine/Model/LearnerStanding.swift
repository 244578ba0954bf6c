/// Where a learner stands in one chapter: the one definition behind `lessons progress`, the
/// site's progress page and the stepper, so that all three give the same answer.
///
/// The cells that count are `Chapter.steppedCells`, those the stepper steps through: every
/// cell but `solution`s (kept behind their exercise, so counting them would put 100% out of
/// reach); a `hidden` cell counts, since the stepper stops at it to show its outputs. Seen
/// and passed cells are counted among the chapter's cells as they are now: a cell since
/// removed or renamed no longer counts.
public struct LearnerStanding: Sendable, Hashable, Codable {
    /// The chapter id.
    public var chapter: String
    /// The cells that count (see above).
    public var cells: Int
    /// How many of those the learner has seen.
    public var cellsSeen: Int
    /// The chapter's exercises.
    public var exercises: Int
    /// How many of them the learner has solved.
    public var exercisesPassed: Int
    /// Exercise attempts made in the chapter, solved or not.
    public var attempts: Int
    /// The cell the learner was last at, if they opened the chapter.
    public var position: String?

    /// The standing of a learner who saw `seen`, solved `passed` and made `attempts`
    /// attempts in `chapter` (cell ids, in any order, repeats allowed).
    public init(chapter: Chapter, seen: [String], passed: [String], attempts: Int, position: String? = nil) {
        let counted = Set(chapter.steppedCells.map(\.id))
        let exercises = Set(chapter.cells.filter(\.options.exercise).map(\.id))
        self.chapter = chapter.id
        cells = counted.count
        cellsSeen = counted.intersection(seen).count
        self.exercises = exercises.count
        exercisesPassed = exercises.intersection(passed).count
        self.attempts = attempts
        self.position = position
    }

    /// Cells seen as a whole percentage of the cells that count (0 for a chapter without any).
    public var percent: Int { Self.percent(cellsSeen, of: cells) }

    /// `part` of `whole` as a whole percentage, rounded; 0 when `whole` is 0.
    public static func percent(_ part: Int, of whole: Int) -> Int {
        whole == 0 ? 0 : Int((Double(part) * 100 / Double(whole)).rounded())
    }

    /// The cells seen and the cells that count over several chapters (a whole book).
    public static func total(_ standings: [LearnerStanding]) -> (seen: Int, cells: Int, percent: Int) {
        let seen = standings.map(\.cellsSeen).reduce(0, +), cells = standings.map(\.cells).reduce(0, +)
        return (seen, cells, percent(seen, of: cells))
    }
}

extension Chapter {
    /// The cells a learner steps through and that count towards their progress, in order:
    /// every cell but solutions. The one definition the stepper, `list`, `progress` and the
    /// site's pages count by.
    public var steppedCells: [Cell] { cells.filter { !$0.options.solution } }
}
