import Foundation
import LessonEngine

/// Someone working through the book, known by a free-text name.
public struct Learner: Sendable, Hashable, Identifiable {
    /// The row id in `learners`.
    public var id: Int64
    /// The name as the learner gave it, without surrounding spaces.
    public var name: String
    /// When the learner was first seen.
    public var createdAt: Date
}

/// What a learner did with a cell.
public enum StepStatus: String, Sendable, Codable, CaseIterable {
    /// The cell was shown to the learner.
    case seen
    /// The learner ran the cell.
    case ran
    /// The cell (or the learner's exercise code) passed.
    case passed
    /// The cell (or the learner's exercise code) failed.
    case failed
}

/// One step a learner took: the rows of the `progress` table.
public struct ProgressStep: Sendable, Hashable {
    /// The chapter id.
    public var chapter: String
    /// The cell id within the chapter.
    public var cellID: String
    /// What happened.
    public var status: StepStatus
    /// When it happened.
    public var at: Date

    /// A step given in full.
    public init(chapter: String, cellID: String, status: StepStatus, at: Date) {
        self.chapter = chapter
        self.cellID = cellID
        self.status = status
        self.at = at
    }
}

/// Code a learner submitted for an exercise cell, and its outcome.
public struct ExerciseAttempt: Sendable, Hashable, Identifiable {
    /// The row id in `exercise_attempts`; ids grow in the order attempts were recorded.
    public var id: Int64
    /// The chapter id.
    public var chapter: String
    /// The exercise cell's id.
    public var cellID: String
    /// The learner's code, exactly as submitted.
    public var code: String
    /// Whether the code solved the exercise.
    public var passed: Bool
    /// When it was submitted.
    public var at: Date
}

/// Where a learner stands in one chapter: what the stepper resumes from and the site shows.
public struct ChapterProgress: Sendable, Hashable {
    /// The chapter id.
    public var chapter: String
    /// The learner's latest step in the chapter: their current position.
    public var position: ProgressStep?
    /// Cells the learner has seen, in the order first seen.
    public var cellsSeen: [String]
    /// Exercise cells with at least one passing attempt, in the order first solved.
    public var exercisesPassed: [String]
    /// How many exercise attempts the learner made in the chapter.
    public var attemptCount: Int
}

/// The rules for learner names: free text, stored through bound parameters only.
public enum LearnerName {
    /// The longest name accepted, in characters.
    public static let maximumLength = 200

    /// The name as stored (surrounding white space removed), or an error if it is unusable.
    public static func normalized(_ name: String) throws(StoreError) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        // NUL ends a string for C readers such as the sqlite3 shell: the name would show cut.
        guard !trimmed.isEmpty, trimmed.count <= maximumLength, !trimmed.contains("\0") else {
            throw .invalidLearnerName(name)
        }
        return trimmed
    }
}

extension LearnerStanding {
    /// The standing of a learner with `progress` (nil: never opened) in `chapter`.
    public init(chapter: Chapter, progress: ChapterProgress?) {
        self.init(chapter: chapter, seen: progress?.cellsSeen ?? [], passed: progress?.exercisesPassed ?? [],
                  attempts: progress?.attemptCount ?? 0, position: progress?.position?.cellID)
    }
}
