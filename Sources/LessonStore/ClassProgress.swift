import Foundation

/// What a teacher sees of one learner in one chapter, besides the standing: how much help
/// they took and when they last did anything there.
public struct ChapterActivity: Sendable, Hashable {
    /// The learner's name.
    public var learner: String
    /// Steps and attempts, as `progress(of:in:)` gives them.
    public var progress: ChapterProgress
    /// Hints shown in the chapter.
    public var hintsUsed: Int
    /// Solutions revealed before the exercise passed.
    public var solutionsShown: Int
    /// The latest step, attempt or help event in the chapter.
    public var lastActivity: Date?
}

extension LessonDatabase {
    /// Every learner's activity in every chapter they touched, learners in the order they
    /// were created and chapters by id: the rows of `lessons progress --class`. One read
    /// transaction, so the class is seen at one moment even while learners write.
    public func classActivity() throws(StoreError) -> [ChapterActivity] {
        try read { db in
            let learners = try Self.learners(db)
            return try learners.flatMap { learner in
                let steps = Dictionary(grouping: try Self.steps(db, learner: learner, chapter: nil), by: \.chapter)
                let attempts = Dictionary(
                    grouping: try Self.attempts(db, learner: learner, chapter: nil, cellID: nil), by: \.chapter)
                let help = Dictionary(
                    grouping: try Self.help(db, learner: learner, chapter: nil, cellID: nil), by: \.chapter)
                let chapters = Set(steps.keys).union(attempts.keys).union(help.keys).sorted()
                return chapters.map { chapter in
                    let steps = steps[chapter] ?? [], attempts = attempts[chapter] ?? [], help = help[chapter] ?? []
                    let times = steps.map(\.at) + attempts.map(\.at) + help.map(\.at)
                    return ChapterActivity(
                        learner: learner.name,
                        progress: Self.summarize(chapter: chapter, steps: steps, attempts: attempts),
                        hintsUsed: help.filter { $0.kind != .solution }.count,
                        solutionsShown: help.filter { $0.kind == .solution }.count,
                        lastActivity: times.max())
                }
            }
        }
    }
}
