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
    /// What checked it (nil for attempts recorded before schema v5).
    public var provenance: AttemptProvenance? = nil
    /// The `AttemptSeal` stored with it (nil before schema v5).
    public var seal: String? = nil

    /// Whether the stored seal is the one its fields give now; false for an edited record
    /// and for one without provenance.
    public func sealHolds(learner: String) -> Bool {
        guard let provenance, let seal else { return false }
        return seal == AttemptSeal.seal(learner: learner, chapter: chapter, cell: cellID, code: code,
                                         provenance: provenance)
    }
}

/// What checked an attempt: the compiler and the chapter's cells at the time.
public struct AttemptProvenance: Sendable, Hashable, Codable {
    /// The toolchain's version line (`ChapterRun.toolchain`).
    public var toolchain: String
    /// `AttemptSeal.digest(of:)` of the chapter when the attempt was checked.
    public var chapterDigest: String

    /// A provenance given in full.
    public init(toolchain: String, chapterDigest: String) {
        self.toolchain = toolchain
        self.chapterDigest = chapterDigest
    }
}

/// Help a learner asked for on an exercise.
public enum HelpKind: Sendable, Hashable {
    /// The hint with this 0-based number was shown.
    case hint(Int)
    /// The solution was shown before the exercise passed.
    case solution
}

/// One row of `exercise_help`: a hint shown or a solution revealed.
public struct HelpEvent: Sendable, Hashable {
    /// The chapter id.
    public var chapter: String
    /// The exercise cell's id.
    public var cellID: String
    /// What was shown.
    public var kind: HelpKind
    /// When.
    public var at: Date

    /// An event given in full.
    public init(chapter: String, cellID: String, kind: HelpKind, at: Date) {
        self.chapter = chapter
        self.cellID = cellID
        self.kind = kind
        self.at = at
    }
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

/// The rules for learner names: free text, stored through bound parameters only, that also
/// names the learner's workspace folder (`.lessons/learners/NAME`).
public enum LearnerName {
    /// The longest name accepted, in characters.
    public static let maximumLength = 200

    /// The name as stored (surrounding white space removed), or an error if it is unusable:
    /// empty, too long, or unfit for a folder name — a `/` or `\` (a path), a `..` (a way
    /// out of `.lessons/learners`), a leading `.` (a hidden folder) or a control character
    /// (NUL cuts the name for C readers; others garble terminals and file listings).
    public static func normalized(_ name: String) throws(StoreError) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= maximumLength, !trimmed.hasPrefix("."), !trimmed.contains(".."),
              !trimmed.unicodeScalars.contains(where: { $0 == "/" || $0 == "\\" || $0.properties.generalCategory == .control })
        else {
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
