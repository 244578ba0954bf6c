import CLIHarness
import Foundation
import GoldenFiles
import Testing

/// `lessons step` and `lessons check` as a learner uses them, with commands piped on stdin,
/// on a copy of the tiny fixture chapter in a scratch folder (its `.lessons` lands there).
@Suite(.serialized) struct StepCommandTests {
    /// Runs the built `lessons` in `folder` with `input` on stdin, without colour, at 80
    /// columns, with no editor and the database beside the book.
    static func lessons(_ arguments: [String], input: String = "", in folder: String) throws -> CLI.Result {
        try CLI.run(arguments, in: folder, input: input, environment: [
            "NO_COLOR": "1", "COLUMNS": "80", "EDITOR": nil, "VISUAL": nil, "LESSONS_DB": nil,
        ])
    }

    static func scratchBook() throws -> String {
        let folder = NSTemporaryDirectory() + "step-command-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/book", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixture.tinyPath, toPath: folder + "/book/01-tiny.md")
        return folder
    }

    @Test func stepsThroughRunsTheCellsAndResumesWhereTheLearnerLeft() throws {
        let folder = try Self.scratchBook()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try Self.lessons(["step", "--book", "book", "--learner", "ada"], input: "\n\n\nq\n", in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("12 │ let weights = 3 * 3 * 1 * 2"))
        #expect(first.stdout.contains("weights: 18"))
        #expect(first.stdout.contains("✓ a 3×3 kernel, 1 → 2 channels, has 18 weights (measured 18, expected 18 ± 0)"))
        #expect(first.stdout.contains("So there are 18 weights."))
        #expect(first.stdout.contains("▌ Cell 2/3 · c2"))
        #expect(!first.stdout.contains("\u{1B}["), "NO_COLOR output has escapes")
        expectGolden(Golden.normalise(first.stdout, paths: [folder: "<scratch>"]), "step-transcript.plain.txt", escapeANSI: true)

        // Another learner starts at the beginning; ada resumes at c2.
        let other = try Self.lessons(["step", "tiny", "--book", "book", "--learner", "bob"], input: "q\n", in: folder)
        #expect(!other.stdout.contains("resuming"))
        let again = try Self.lessons(["step", "--book", "book", "--learner", "ada"], input: "\n", in: folder)
        #expect(again.status == 0)
        #expect(again.stdout.contains("· resuming at c2: 2 of 3 cells seen, 0 exercises passed"))
        // The first session's run was kept: the chapter is unchanged, so nothing is compiled.
        #expect(again.stdout.contains("· results from the store"))
        #expect(again.stdout.contains("Weights against kernel size"))
    }

    @Test func stepShowsTheRunThatLessonsRunKept() throws {
        let folder = try Self.scratchBook()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try Self.lessons(["run", "tiny", "--book", "book"], in: folder)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let step = try Self.lessons(["step", "--book", "book", "--learner", "ada"], input: "\nq\n", in: folder)
        #expect(step.stdout.contains("· results from the store"), "\(step.stdout)")
        #expect(step.stdout.contains("weights: 18"))
    }

    @Test func badInputExitsWithTwoAndSaysWhatIsWrong() throws {
        let folder = try Self.scratchBook()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let chapter = try Self.lessons(["step", "nope", "--book", "book"], in: folder)
        #expect(chapter.status == 2 && chapter.stderr.contains("nope"), "\(chapter.stderr)")
        let learner = try Self.lessons(["step", "--book", "book", "--learner", "  "], in: folder)
        #expect(learner.status == 2 && learner.stderr.contains("--learner needs a name"), "\(learner.stderr)")
        let book = try Self.lessons(["check", "--book", "missing"], in: folder)
        #expect(book.status == 2 && book.stderr.hasPrefix("lessons: error:"), "\(book.stderr)")
    }

    @Test func checkReportsAtTheLearnersLineAndPassesOnceSolved() throws {
        let folder = try Self.scratchBook()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let none = try Self.lessons(["check", "--book", "book", "--learner", "ada"], in: folder)
        #expect(none.status == 2 && none.stderr.contains("no workspace for learner 'ada'"), "\(none.stderr)")

        // (The stepper writes the file when it reaches the exercise: StepSessionTests.)
        let file = folder + "/.lessons/learners/ada/tiny/c3.swift"
        try FileManager.default.createDirectory(atPath: folder + "/.lessons/learners/ada/tiny", withIntermediateDirectories: true)
        let unknown = try Self.lessons(["check", "tiny/zz", "--book", "book", "--learner", "ada"], in: folder)
        #expect(unknown.status == 2 && unknown.stderr.contains("exercises are tiny/c3"), "\(unknown.stderr)")
        try "func weights(kernel: Int, from: Int, to: Int) -> Int {\n    kernel * undefinedName\n}\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let wrong = try Self.lessons(["check", "--book", "book", "--learner", "ada"], in: folder)
        #expect(wrong.status == 1)
        #expect(wrong.stdout.contains("\(file):2:14: error: cannot find 'undefinedName' in scope"), "\(wrong.stdout)")

        try "func weights(kernel: Int, from: Int, to: Int) -> Int {\n    kernel * kernel * from * to\n}\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let right = try Self.lessons(["check", "tiny", "--book", "book", "--learner", "ada"], in: folder)
        #expect(right.status == 0, "\(right.stdout)\(right.stderr)")
        #expect(right.stdout.contains("✓ tiny/c3 passed"))
        #expect(right.stdout.contains("✓ 1 exercise passed"))
        // The attempts are in the learner's progress: the stepper starts at the exercise, passed.
        let resumed = try Self.lessons(["step", "--book", "book", "--learner", "ada"], input: "q\n", in: folder)
        #expect(resumed.stdout.contains("· resuming at c3: 1 of 3 cells seen, 1 exercise passed"), "\(resumed.stdout)")
        #expect(resumed.stdout.contains("✓ passed — you may still improve it"))
    }
}
