import Foundation
import GRDB
import Testing
@testable import LessonStore

/// Schema v5: help taken, sealed attempts, the class's activity, and a learner's record
/// exported and imported between stores.
@Suite("A classroom in the store")
struct ClassroomStoreTests {
    static let provenance = AttemptProvenance(toolchain: "Swift version 6.3.1", chapterDigest: String(repeating: "ab", count: 32))

    @Test(arguments: TestBackend.all) func helpIsRecordedPerExerciseAndCountedInTheClassActivity(on backend: TestBackend) throws {
        let store = try TestStore(backend)
        let db = store.database
        let alice = try db.learner(named: "alice"), bob = try db.learner(named: "bob")
        try db.record(ProgressStep(chapter: "two-3x3", cellID: "c1", status: .seen, at: storedDate(100)), for: alice)
        try db.recordHelp(HelpEvent(chapter: "two-3x3", cellID: "ex", kind: .hint(0), at: storedDate(110)), for: alice)
        try db.recordHelp(HelpEvent(chapter: "two-3x3", cellID: "ex", kind: .hint(1), at: storedDate(120)), for: alice)
        try db.recordHelp(HelpEvent(chapter: "two-3x3", cellID: "ex", kind: .solution, at: storedDate(130)), for: alice)
        try db.recordAttempt(for: alice, chapter: "two-3x3", exercise: "ex", code: "x", passed: true, at: storedDate(125))
        try db.recordHelp(HelpEvent(chapter: "receptive", cellID: "ex2", kind: .hint(0), at: storedDate(90)), for: bob)

        #expect(try db.help(of: alice, in: "two-3x3", exercise: "ex").map(\.kind) == [.hint(0), .hint(1), .solution])
        #expect(try db.help(of: alice, in: "receptive").isEmpty)
        #expect(try db.help(of: bob).map(\.at) == [storedDate(90)])

        let activity = try db.classActivity()
        #expect(activity.map(\.learner) == ["alice", "bob"])
        let first = try #require(activity.first)
        #expect(first.progress.chapter == "two-3x3")
        #expect(first.progress.cellsSeen == ["c1"])
        #expect(first.progress.exercisesPassed == ["ex"])
        #expect(first.hintsUsed == 2 && first.solutionsShown == 1)
        // The latest of steps (100), attempts (125) and help (130).
        #expect(first.lastActivity == storedDate(130))
        // A chapter touched only by a hint is still in the class's view.
        #expect(activity[1].progress.chapter == "receptive" && activity[1].hintsUsed == 1 && activity[1].progress.position == nil)
    }

    @Test(arguments: TestBackend.all) func aSealedAttemptHoldsUntilItsRecordIsEdited(on backend: TestBackend) throws {
        let store = try TestStore(backend)
        let db = store.database
        let alice = try db.learner(named: "alice")
        let sealed = try db.recordAttempt(for: alice, chapter: "c", exercise: "e", code: "let x = 1",
                                          passed: true, at: storedDate(5), provenance: Self.provenance)
        let unsealed = try db.recordAttempt(for: alice, chapter: "c", exercise: "e", code: "old", passed: true)
        let stored = try db.attempts(of: alice)
        #expect(stored.first == sealed)
        #expect(stored[0].provenance == Self.provenance)
        #expect(stored[0].sealHolds(learner: "alice"))
        // Another learner claiming the same record does not match its seal.
        #expect(!stored[0].sealHolds(learner: "bob"))
        #expect(!stored[1].sealHolds(learner: "alice"), "an attempt without provenance cannot be trusted")
        #expect(unsealed.seal == nil)

        try db.write { db in
            try db.execute("UPDATE exercise_attempts SET code = ? WHERE id = ?", ["let x = 2", sealed.id])
        }
        #expect(try !db.attempts(of: alice)[0].sealHolds(learner: "alice"))
        #expect(try db.passedAttempts().map(\.attempt.id) == [sealed.id, unsealed.id])
        #expect(try db.passedAttempts(of: try db.learner(named: "bob")).isEmpty)
    }

    /// From a learner's offline SQLite file into the class store, on either backend.
    @Test(arguments: TestBackend.all)
    func aRecordMovesBetweenStoresAndImportingTwiceAddsNothing(into backend: TestBackend) throws {
        let folder = try TemporaryFolder()
        let offline = try LessonDatabase.open(at: folder.file("offline.sqlite"))
        let alice = try offline.learner(named: "alice")
        try offline.record(ProgressStep(chapter: "two-3x3", cellID: "c1", status: .seen, at: storedDate(1.001)), for: alice)
        try offline.record(ProgressStep(chapter: "two-3x3", cellID: "ex", status: .passed, at: storedDate(2.5)), for: alice)
        try offline.recordAttempt(for: alice, chapter: "two-3x3", exercise: "ex", code: "let s = \"✓\"\n",
                                  passed: true, at: storedDate(2.499), provenance: Self.provenance)
        try offline.recordHelp(HelpEvent(chapter: "two-3x3", cellID: "ex", kind: .hint(0), at: storedDate(2.1)), for: alice)
        try offline.recordHelp(HelpEvent(chapter: "two-3x3", cellID: "ex", kind: .solution, at: storedDate(2.2)), for: alice)

        let record = try offline.record(of: alice)
        let file = record.encoded()
        let text = String(decoding: file, as: UTF8.self)
        #expect(text.contains("\"format\" : \"lessonbook-learner-record\""))
        #expect(text.contains("\"at\" : \"1970-01-01T00:00:01.001Z\""))
        #expect(text.contains("\"chapter_digest\""))
        let read = try LearnerRecord.decode(file, path: "alice.json")
        #expect(read == record)

        let store = try TestStore(backend)
        let classStore = store.database
        _ = try classStore.learner(named: "bob")
        let first = try classStore.importRecord(read)
        #expect(first.steps == 2 && first.attempts == 1 && first.help == 2 && first.alreadyPresent == 0)
        let again = try classStore.importRecord(read)
        #expect(again.steps == 0 && again.attempts == 0 && again.help == 0 && again.alreadyPresent == 5)
        let imported = try #require(try classStore.existingLearner(named: "alice"))
        #expect(try classStore.record(of: imported) == record)
        #expect(try classStore.attempts(of: imported)[0].sealHolds(learner: "alice"))
        // Into the store it came from: nothing new.
        #expect(try offline.importRecord(read).alreadyPresent == 5)
        #expect(try offline.steps(of: alice).count == 2)
    }

    @Test(arguments: [
        ("{}", "not a learner record"),
        ("[1, 2]", "not a learner record"),
        (#"{"format": "lessonbook-learner-record", "version": 2}"#, "record version 2 is not one"),
        (#"{"format": "lessonbook-learner-record", "version": 1, "learner": "a", "steps": [], "attempts": []}"#,
         "missing \"help\" at the top"),
        (#"{"format": "lessonbook-learner-record", "version": 1, "learner": "a", "attempts": [], "help": [], "#
         + #""steps": [{"chapter": "c", "cell": "x", "status": "seen", "at": "yesterday"}]}"#,
         "'yesterday' is not a UTC time like 2026-12-05T17:30:00.123Z at .steps[0].at"),
    ])
    func aBadRecordFileIsNamedWithWhatIsWrong(json: String, message: String) throws {
        #expect {
            try LearnerRecord.decode(Data(json.utf8), path: "in/alice.json")
        } throws: { error in
            let text = (error as? StoreError)?.description ?? ""
            return text.hasPrefix("in/alice.json: ") && text.contains(message)
        }
    }

    @Test(arguments: TestBackend.all) func anImportedNameIsCheckedLikeAnyOther(on backend: TestBackend) throws {
        let store = try TestStore(backend)
        let db = store.database
        let record = LearnerRecord(format: LearnerRecord.formatName, version: 1, learner: "../../etc", steps: [],
                                   attempts: [], help: [])
        #expect(throws: StoreError.invalidLearnerName("../../etc")) { try db.importRecord(record) }
        #expect(try db.learners().isEmpty)
    }
}
