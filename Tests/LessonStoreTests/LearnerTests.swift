import Foundation
import Testing
@testable import LessonStore

@Suite("Learners, progress and attempts")
struct LearnerTests {
    @Test(arguments: TestBackend.all) func learnerIsCreatedOnceAndFoundAgain(on backend: TestBackend) throws {
        let store = try TestStore(backend)
        let db = store.database
        let first = try db.learner(named: "  Ada Lovelace ")
        let again = try db.learner(named: "Ada Lovelace")
        #expect(first == again)
        #expect(first.name == "Ada Lovelace")
        #expect(try db.existingLearner(named: "ada lovelace") == nil)
        #expect(try db.learners().map(\.name) == ["Ada Lovelace"])
    }

    @Test(arguments: TestBackend.all, ["x'); DROP TABLE learners; --", "Zoë 😀 \"quoted\"", "%_ like", "a.b", "Ada Lovelace"])
    func freeTextNamesAreStoredAsTheyAre(on backend: TestBackend, name: String) throws {
        let store = try TestStore(backend)
        let db = store.database
        let learner = try db.learner(named: name)
        #expect(learner.name == name)
        #expect(try db.learners().map(\.name) == [name])
        #expect(try db.existingLearner(named: name)?.id == learner.id)
        try expectSound(db)
    }

    /// Names also name the learner's workspace folder: no paths, no way out, nothing hidden,
    /// no control characters.
    @Test(arguments: TestBackend.all, ["", "   ", "\n", String(repeating: "a", count: 201), "a\0b", "a/b", "..", "../alice", "x..y",
                       ".hidden", "back\\slash", "tab\tand\nnewline", "bell\u{7}", "esc\u{1B}[31m", "n\u{85}el"])
    func unusableNamesAreRejected(on backend: TestBackend, name: String) throws {
        let store = try TestStore(backend)
        let db = store.database
        #expect(throws: StoreError.invalidLearnerName(name)) { try db.learner(named: name) }
        #expect(try db.learners().isEmpty)
    }

    @Test(arguments: TestBackend.all) func positionCellsSeenAndExercisesPassed(on backend: TestBackend) throws {
        let store = try TestStore(backend)
        let db = store.database
        let ada = try db.learner(named: "Ada")
        let bob = try db.learner(named: "Bob")
        let steps: [(String, String, StepStatus)] = [
            ("two-3x3", "c1", .seen), ("two-3x3", "c2", .seen), ("two-3x3", "c1", .ran),
            ("bottleneck", "intro", .seen), ("two-3x3", "ex1", .seen), ("two-3x3", "ex1", .failed),
        ]
        for (index, (chapter, cell, status)) in steps.enumerated() {
            try db.record(ProgressStep(chapter: chapter, cellID: cell, status: status,
                                       at: storedDate(1000 + Double(index))), for: ada)
        }
        try db.record(ProgressStep(chapter: "two-3x3", cellID: "c9", status: .seen, at: storedDate(5)), for: bob)
        try db.recordAttempt(for: ada, chapter: "two-3x3", exercise: "ex1", code: "let x = 1", passed: false)
        try db.recordAttempt(for: ada, chapter: "two-3x3", exercise: "ex1", code: "let x = 2", passed: true)
        try db.recordAttempt(for: ada, chapter: "two-3x3", exercise: "ex1", code: "let x = 3", passed: true)

        let chapter = try db.progress(of: ada, in: "two-3x3")
        #expect(chapter.position == ProgressStep(chapter: "two-3x3", cellID: "ex1", status: .failed,
                                                 at: storedDate(1005)))
        #expect(chapter.cellsSeen == ["c1", "c2", "ex1"])
        #expect(chapter.exercisesPassed == ["ex1"])
        #expect(chapter.attemptCount == 3)

        let all = try db.progress(of: ada)
        #expect(all.map(\.chapter) == ["bottleneck", "two-3x3"])
        #expect(all[0].position?.cellID == "intro")
        #expect(all[0].exercisesPassed.isEmpty)

        let attempts = try db.attempts(of: ada, in: "two-3x3", exercise: "ex1")
        #expect(attempts.map(\.code) == ["let x = 1", "let x = 2", "let x = 3"])
        #expect(attempts.map(\.passed) == [false, true, true])
        #expect(try db.attempts(of: bob).isEmpty)
        #expect(try db.progress(of: bob, in: "two-3x3").cellsSeen == ["c9"])
        #expect(try db.progress(of: bob, in: "nowhere").position == nil)
    }

    @Test(arguments: TestBackend.all) func attemptCodeIsKeptByteForByte(on backend: TestBackend) throws {
        let store = try TestStore(backend)
        let db = store.database
        let ada = try db.learner(named: "Ada")
        let code = "let s = \"'; DELETE FROM exercise_attempts; --\"\n\tprint(s) // ✓\n"
        let stored = try db.recordAttempt(for: ada, chapter: "c", exercise: "e", code: code,
                                          passed: false, at: storedDate(42))
        #expect(try db.attempts(of: ada) == [stored])
        #expect(stored.code == code)
    }
}
