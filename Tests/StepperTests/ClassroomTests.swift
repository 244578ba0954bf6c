import CLIHarness
import Foundation
import LessonEngine
import LessonRuntime
import LessonStore
import Stepper
import Testing

/// Per-learner workspaces, hints and solutions, and re-verifying stored passes, with
/// stand-ins for the compiler (the real one: `ClassroomCommandTests`).
@Suite struct ClassroomTests {
    /// The tiny chapter with two hints for its exercise (one before its solution, one after),
    /// and hint blocks that belong to no exercise.
    static let hintsText = Fixture.tinyText
        .replacingOccurrences(of: "> Your turn.\n", with: "> Your turn.\n\n```hint\nnot a hint of c3: before it\n```\n")
        .replacingOccurrences(of: "```swift solution\n", with: "```hint\nCount the weights of one output channel first.\n```\n\n```swift solution\n")
        .replacingOccurrences(of: "That is all.", with: "```hint extra words\nThen multiply by `to`.\n```\n\nThat is all.")
    let chapter = ChapterParser.parse(Self.hintsText, file: "Lessons/01-tiny.md")

    func folder() -> String { TestFolders.path("classroom").path }

    @Test func hintsAreTheHintBlocksAfterAnExerciseInOrder() throws {
        #expect(chapter.diagnostics.isEmpty)
        #expect(chapter.hints(for: "c3") == ["Count the weights of one output channel first.\n", "Then multiply by `to`.\n"])
        #expect(chapter.hints(for: "c1").isEmpty)
        #expect(chapter.solution(for: "c3")?.options.solution == true)
        #expect(chapter.solution(for: "c1") == nil)
        // Hints are kept out of the stepper's prose until asked for.
        let services = StepServices(runner: ChapterRunner(engine: { StepSessionTests.FakeRunner() }, cache: nil),
                                    edit: { _ in nil }, progress: StepProgress(), workspace: ExerciseWorkspace(root: folder()))
        let stepper = try StepSession(chapter: chapter, style: .plain(width: 72), services: services)
        var screens = stepper.start()
        while !stepper.finished { screens += stepper.handle(.advance) }
        #expect(!screens.contains("Count the weights") && !screens.contains("multiply by"))
        #expect(screens.contains("(a hint is kept here: `lessons hint` shows it)"))
    }

    /// Services over a real store for `learner`, with the canned engine.
    func services(_ db: LessonDatabase, _ learner: String, root: String) throws -> StepServices {
        StepServices(runner: ChapterRunner(engine: { StepSessionTests.FakeRunner() }, cache: nil), edit: { _ in nil },
                     progress: StepProgress(database: db, learner: try db.learner(named: learner), warn: { _ in }),
                     workspace: ExerciseWorkspace(root: root + "/" + learner))
    }

    @Test func eachLearnerGetsTheNextUnusedHintAndSolutionsAreRecordedUntilPassed() throws {
        let root = folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let db = try LessonDatabase.open(at: root + "/l.sqlite")
        let exercise = try #require(chapter.cells.first { $0.id == "c3" })
        let alice = try services(db, "alice", root: root), bob = try services(db, "bob", root: root)
        #expect(alice.nextHint(exercise, of: chapter) == .hint(number: 1, count: 2, text: "Count the weights of one output channel first.\n"))
        #expect(alice.nextHint(exercise, of: chapter) == .hint(number: 2, count: 2, text: "Then multiply by `to`.\n"))
        #expect(alice.nextHint(exercise, of: chapter) == .noMoreHints(count: 2))
        #expect(bob.nextHint(exercise, of: chapter) == .hint(number: 1, count: 2, text: "Count the weights of one output channel first.\n"))
        let solution = try #require(chapter.solution(for: "c3")).code
        #expect(bob.revealSolution(exercise, of: chapter) == .solution(code: solution, recorded: true))

        // Alice solves it; then the solution is hers to compare, not recorded.
        try FileManager.default.createDirectory(atPath: root + "/alice/tiny", withIntermediateDirectories: true)
        try "func weights(kernel: Int, from: Int, to: Int) -> Int { kernel * kernel * from * to }\n"
            .write(toFile: root + "/alice/tiny/c3.swift", atomically: true, encoding: .utf8)
        #expect(try alice.checkExercise(exercise, of: chapter).passed)
        #expect(alice.revealSolution(exercise, of: chapter) == .solution(code: solution, recorded: false))

        let help = { (name: String) in try db.help(of: try db.learner(named: name)).map(\.kind) }
        #expect(try help("alice") == [.hint(0), .hint(1)])
        #expect(try help("bob") == [.hint(0), .solution])
        // The passing attempt was sealed with the toolchain and the chapter's digest.
        let attempt = try #require(try db.attempts(of: try db.learner(named: "alice")).last)
        #expect(attempt.passed && attempt.provenance == AttemptProvenance(toolchain: "test", chapterDigest: AttemptSeal.digest(of: chapter)))
        #expect(attempt.sealHolds(learner: "alice"))
        // An exercise without hints says so.
        let plain = ChapterParser.parse(Fixture.tinyText, file: "Lessons/01-tiny.md")
        #expect(alice.nextHint(exercise, of: plain) == .noHints)
    }

    @Test func workspacesAreSeparateAndResetKeepsTheOldFile() throws {
        let book = folder() + "/book"
        defer { try? FileManager.default.removeItem(atPath: (book as NSString).deletingLastPathComponent) }
        try FileManager.default.createDirectory(atPath: book, withIntermediateDirectories: true)
        let exercise = try #require(chapter.cells.first { $0.id == "c3" })
        let alice = ExerciseWorkspace(bookDirectory: book, learner: "alice")
        let bob = ExerciseWorkspace(bookDirectory: book, learner: "bob")
        #expect(alice.path(chapter: "tiny", cell: "c3").hasSuffix("/.lessons/learners/alice/tiny/c3.swift"))
        #expect(!alice.exists && ExerciseWorkspace.learners(bookDirectory: book).isEmpty)
        let file = try alice.prepare(chapter: "tiny", cell: exercise)
        try "mine\n".write(toFile: file, atomically: true, encoding: .utf8)
        try bob.start()
        #expect(ExerciseWorkspace.learners(bookDirectory: book) == ["alice", "bob"])
        #expect(try bob.code(chapter: "tiny", cell: "c3") == nil)
        #expect(try alice.code(chapter: "tiny", cell: "c3") == "mine\n")

        let (reset, backup) = try alice.reset(chapter: "tiny", cell: exercise)
        #expect(reset == file && backup == file + ".bak")
        #expect(try String(contentsOfFile: file + ".bak", encoding: .utf8) == "mine\n")
        #expect(try alice.code(chapter: "tiny", cell: "c3") == exercise.code)
        // A reset of a file never written makes no backup.
        #expect(try bob.reset(chapter: "tiny", cell: exercise).backup == nil)

        try Data([0x6C, 0x65, 0x74, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: file))
        #expect(throws: StepperError.cannotRead(path: file, reason: "it is not valid UTF-8 text (bad byte at offset 3); "
                                                 + "save it as UTF-8 in your editor, or `lessons reset` it")) {
            try alice.code(chapter: "tiny", cell: "c3")
        }
    }

    @Test func reverifyListsEditedRecordsAndPassesThatNoLongerHold() throws {
        let root = folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let db = try LessonDatabase.open(at: root + "/l.sqlite")
        let alice = try db.learner(named: "alice"), bob = try db.learner(named: "bob")
        let digest = AttemptSeal.digest(of: chapter)
        let provenance = AttemptProvenance(toolchain: "test", chapterDigest: digest)
        let good = "kernel * kernel * from * to", stale = "kernel * kernel * from"
        try db.recordAttempt(for: alice, chapter: "tiny", exercise: "c3", code: good, passed: true, provenance: provenance)
        try db.recordAttempt(for: bob, chapter: "tiny", exercise: "c3", code: good, passed: true, provenance: provenance)
        try db.recordAttempt(for: bob, chapter: "tiny", exercise: "c3", code: stale, passed: false, provenance: provenance)
        try db.recordAttempt(for: alice, chapter: "tiny", exercise: "c3", code: stale, passed: true,
                             provenance: AttemptProvenance(toolchain: "test", chapterDigest: "older chapter"))
        try db.recordAttempt(for: alice, chapter: "gone", exercise: "c1", code: good, passed: true, provenance: provenance)
        // A pass recorded without what checked it (before schema v5, or forged) is not trusted.
        try db.recordAttempt(for: bob, chapter: "tiny", exercise: "c3", code: good, passed: true, provenance: nil)

        var checks: [String] = []
        let checker = ExerciseChecker { chapter, cells in
            guard case .learnerCode(_, let code) = cells else { Issue.record("not a learner's run"); return .notRun(chapter, cells: [], problems: []) }
            checks.append(code)
            let passed = code.contains(good)
            return ChapterRun(chapter: chapter.id, file: chapter.file, cells: [
                CellResult(id: "c3", line: 1, status: passed ? .passed : .failed,
                           error: passed ? nil : CellError(file: chapter.file, line: 2, message: "claim failed"))],
                cacheKey: "", startedAt: Date(), durationMs: 0, toolchain: "test")
        }
        let book = Book(root: "Lessons", title: "t", frontPage: nil, chapters: [chapter], diagnostics: [])
        let findings = AttemptReverifier(checker: checker).findings(try db.passedAttempts(), book: book)
        #expect(findings.map { "\($0.learner) \($0.attempt.code)" } == ["alice \(stale)", "alice \(good)", "bob \(good)"])
        guard findings.count == 3 else { return }
        if case .noLongerPasses(let result, let chapterChanged) = findings[0].reason {
            #expect(result.status == .failed && result.error?.message == "claim failed")
            #expect(chapterChanged, "the attempt was checked against an older chapter")
        } else {
            Issue.record("expected no longer passes, got \(findings[0].reason)")
        }
        #expect(findings[1].reason == .exerciseGone)
        #expect(findings[2].reason == .edited)
        // The same code for the same exercise ran once; the failing attempt was not re-run.
        #expect(checks == [good, stale])
    }
}
