import CLIHarness
import Foundation
import Testing

/// `lessons list`, `lessons verify` and the exit status for bad input.
@Suite struct CommandsTests {
    @Test func listShowsTheChaptersInOrder() throws {
        let result = try CLI.run(["list", "--book", "Tests/Fixtures"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 18)
        #expect(lines[1].hasPrefix("01  basics  Basics  (4 cells)"))
        // Solutions are not counted: the cells a learner steps through, as `progress` counts them.
        #expect(lines[9].hasPrefix("09  exercise  An exercise and its solution  (2 cells, 1 exercises)"))
    }

    @Test func badInputExitsWithTwo() throws {
        let missing = try CLI.run(["run", "Tests/Fixtures/99-missing.md"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("lessons: error:"))
        let noBook = try CLI.run(["run", "--book", "/nonexistent/book"])
        #expect(noBook.status == 2)
        #expect(noBook.stderr.contains("/nonexistent/book"))
        let noChapter = try CLI.run(["run", "no-such-chapter", "--book", "Tests/Fixtures"])
        #expect(noChapter.status == 2)
        #expect(noChapter.stderr.contains("no chapter 'no-such-chapter'"))
        #expect(try CLI.run(["frobnicate"]).status == 2)
        #expect(try CLI.run(["run", "--bogus-flag"]).status == 2)
    }

    @Test func aMissingCompilerIsBadInputWithAClearMessage() throws {
        let result = try CLI.run(["run", "Tests/Fixtures/15-ten-cells.md"], environment: ["PATH": "/nonexistent"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("swiftc was not found on PATH"))
    }

    /// A book of good chapters verifies; adding an exercise that passes as written fails it.
    @Test func verifyPassesAGoodBookAndFailsABadOne() throws {
        let book = try CLI.temporaryBook()
        defer { try? FileManager.default.removeItem(at: book.deletingLastPathComponent()) }
        for name in ["09-exercise.md", "10-fails.md"] {
            try FileManager.default.copyItem(atPath: CLI.root + "/Tests/Fixtures/" + name,
                                             toPath: book.appendingPathComponent(name).path)
        }
        let good = try CLI.run(["verify", "--book", book.path])
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        #expect(good.stdout.contains("✓ verify: all 2 chapters hold"))
        try FileManager.default.copyItem(atPath: CLI.root + "/Tests/Fixtures/14-exercise-passes.md",
                                         toPath: book.appendingPathComponent("14-exercise-passes.md").path)
        let bad = try CLI.run(["verify", "--book", book.path])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("14-exercise-passes.md:3:1: error: this exercise passes as written"))
        #expect(bad.stdout.contains("✗ verify: 1 of 3 chapters failed"))
    }

    @Test func verifyWantsASolutionForEveryExercise() throws {
        let book = try CLI.temporaryBook()
        defer { try? FileManager.default.removeItem(at: book.deletingLastPathComponent()) }
        try FileManager.default.copyItem(atPath: CLI.root + "/Tests/Fixtures/16-exercise-without-solution.md",
                                         toPath: book.appendingPathComponent("01-unsolved.md").path)
        let result = try CLI.run(["verify", "--book", book.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("01-unsolved.md:3:1: error: this exercise has no 'solution' cell"))
        // `run` does not ask for solutions: the exercise fails as written, as it should.
        let run = try CLI.run(["run", "Tests/Fixtures/16-exercise-without-solution.md"])
        #expect(run.status == 0)
    }

    /// The book's promise: a value the prose shows is pinned by a claim, or verify fails there.
    @Test func verifyFailsAChapterWhoseProseShowsAnUnpinnedValue() throws {
        let book = try CLI.temporaryBook()
        defer { try? FileManager.default.removeItem(at: book.deletingLastPathComponent()) }
        try FileManager.default.copyItem(atPath: CLI.root + "/Tests/Fixtures/17-unpinned.md",
                                         toPath: book.appendingPathComponent("01-unpinned.md").path)
        let result = try CLI.run(["verify", "--book", book.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("01-unpinned.md:8:54: error: the prose shows {{ count }} but no claim pins it"))
        #expect(result.stdout.contains("01-unpinned.md:9:18: error: the prose states 0.35 but no claim checks that value"))
        #expect(!result.stdout.contains("{{ ratio }} but"))
        // `run` shows the chapter as it is: the check belongs to verify.
        #expect(try CLI.run(["run", "--book", book.path]).status == 0)
    }
}
