import CLIHarness
import Foundation
import Testing

/// Bare `lessons` (where the learner is, what to do next) and mistyped commands.
@Suite struct OrientationTests {
    @Test func aMistypedCommandSuggestsTheNearestAndExitsTwo() throws {
        let result = try CLI.run(["stpe"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("lessons: error: unknown command 'stpe'; did you mean 'lessons step'? commands: list, run,"),
                "\(result.stderr)")
        let far = try CLI.run(["frobnicate"])
        #expect(far.status == 2)
        #expect(!far.stderr.contains("did you mean"), "\(far.stderr)")
    }

    @Test func bareLessonsBeforeStartingPointsAtChapterOne() throws {
        let book = try Self.book()
        defer { try? FileManager.default.removeItem(at: book.deletingLastPathComponent()) }
        let result = try CLI.run([], in: book.deletingLastPathComponent().path, environment: ["USER": "ada"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("ada: not started yet\n"), "\(result.stdout)")
        #expect(result.stdout.contains("Next: chapter 1, basics (Lessons/01-basics.md) — Basics\n"), "\(result.stdout)")
        #expect(result.stdout.contains("Continue with: lessons step basics\n"))
    }

    /// After stepping through chapter 1, bare `lessons` names the learner's place in it.
    @Test func bareLessonsResumesWhereTheLearnerStepped() throws {
        let book = try Self.book()
        let folder = book.deletingLastPathComponent().path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store: [String: String?] = ["USER": "ada", "LESSONS_DB": folder + "/progress.sqlite"]
        let step = try CLI.run(["step", "1"], in: folder, input: "\n\nq\n", environment: store)
        #expect(step.status == 0, "\(step.stderr)")
        let result = try CLI.run([], in: folder, environment: store)
        #expect(result.status == 0, "\(result.stderr)")
        // c1 was run and shown; c2 (hidden, but stepped through, so it counts) was reached
        // (the place) but not yet run: both seen, of 4 + 2 cells (solutions do not count).
        #expect(result.stdout.contains("ada: 2/6 cells seen (33%), 0 of 2 chapters done\n"), "\(result.stdout)")
        #expect(result.stdout.contains("Next: chapter 1, basics (Lessons/01-basics.md) — Basics, at cell c2\n"), "\(result.stdout)")
        #expect(result.stdout.contains("Continue with: lessons step basics\n"))
    }

    @Test func bareLessonsWithoutABookSaysWhereToRunIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("no-book-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLI.run([], in: folder.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("no book at 'Lessons' here"))
    }

    /// A book `…/Lessons` holding the fixtures' chapters 1 and 9.
    private static func book() throws -> URL {
        let book = try CLI.temporaryBook()
        for name in ["01-basics.md", "09-exercise.md"] {
            try FileManager.default.copyItem(atPath: CLI.root + "/Tests/Fixtures/" + name,
                                             toPath: book.appendingPathComponent(name).path)
        }
        return book
    }
}
