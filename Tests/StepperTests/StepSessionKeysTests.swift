import CLIHarness
import Foundation
import LessonEngine
import LessonStore
import Stepper
import Testing

/// What the single keys, saves and the end of a chapter do in a session, and `lessons
/// watch`'s session over a book, driven event by event with `StepSessionTests`' stand-in.
@Suite struct StepSessionKeysTests {
    typealias FakeRunner = StepSessionTests.FakeRunner
    let tiny = ChapterParser.parse(Fixture.tinyText, file: "Lessons/01-tiny.md")
    let more = ChapterParser.parse(Fixture.tinyText, file: "Lessons/02-more.md")

    func services(_ runner: FakeRunner, workspace: String) -> StepServices {
        StepServices(runner: ChapterRunner(engine: { runner }, cache: nil), edit: { _ in nil },
                     progress: StepProgress(), workspace: ExerciseWorkspace(root: workspace))
    }

    func folder() -> String { TestFolders.path("stepper-keys").path }

    @Test func rerunRunsTheCellWithTheCellsBeforeItOnly() throws {
        let runner = FakeRunner()
        let stepper = try StepSession(chapter: tiny, style: .plain(), services: services(runner, workspace: folder()))
        _ = stepper.start()
        _ = stepper.handle(.advance)
        #expect(runner.runs == [["c1", "c2", "c3!", "c4"]])
        _ = stepper.handle(.advance)
        let again = stepper.handle(.rerun)
        #expect(runner.runs.last == ["c1", "c2"])
        #expect(stepper.outputsShown && !again.contains("results from the store"))
        // The exercise is past the prefix: reaching it runs the chapter once more.
        _ = stepper.handle(.advance)
        _ = stepper.handle(.advance)
        #expect(runner.runs.count == 3 && runner.runs.last == ["c1", "c2", "c3!", "c4"])
    }

    @Test func atAnExerciseHIsAHintAndASaveIsACheck() throws {
        let runner = FakeRunner()
        let workspace = folder()
        defer { try? FileManager.default.removeItem(atPath: workspace) }
        let stepper = try StepSession(chapter: tiny, style: .plain(), services: services(runner, workspace: workspace))
        _ = stepper.start()
        #expect(stepper.watchedFile == nil)
        #expect(stepper.handle(.hint) == "· h gives a hint for an exercise; this cell is not one")
        #expect(stepper.handle(.fileSaved) == "")
        for _ in 0..<4 { _ = stepper.handle(.advance) }
        let file = workspace + "/tiny/c3.swift"
        #expect(stepper.watchedFile == file)
        let hint = stepper.handle(.hint)
        #expect(hint.contains("It passes when this claim holds:"))
        #expect(hint.contains("claim(\"a 5×5 kernel, 2 → 4 channels, has 200 weights\""))
        #expect(hint.contains("Errors are reported at lines of \(file)"))
        let failing = stepper.handle(.fileSaved)
        #expect(failing.hasPrefix("· saved; checking") && failing.contains("✗ not yet"))
        #expect(runner.runs.last == ["c1", "c2", "c3"])
        try "func weights(kernel: Int, from: Int, to: Int) -> Int { kernel * kernel * from * to }\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        #expect(stepper.handle(.fileSaved).contains("✓ exercise c3 passed"))
        #expect(stepper.prompt.contains("h hint"))
    }

    @Test func theEndOfAChapterOffersTheNextOne() throws {
        let stepper = try StepSession(chapter: tiny, style: .plain(), services: services(FakeRunner(), workspace: folder()))
        stepper.nextChapter = more
        _ = stepper.start()
        var end = ""
        for _ in 0..<6 { end = stepper.handle(.advance) }
        #expect(end.contains("That is all.") && end.contains("Next: A tiny chapter (more) — Enter starts it, q stops here"))
        #expect(stepper.prompt.contains("Enter next chapter"))
        #expect(stepper.handle(.advance) == "· on to more")
        #expect(stepper.finished && stepper.goesOn)

        // The last chapter offers nothing; Enter ends the lesson there, q anywhere.
        let last = try StepSession(chapter: more, style: .plain(), services: services(FakeRunner(), workspace: folder()))
        _ = last.start()
        for _ in 0..<6 { end = last.handle(.advance) }
        #expect(!end.contains("Next:"))
        _ = last.handle(.advance)
        #expect(last.finished && !last.goesOn)
    }

    @Test func watchGoesFromOneUnfinishedExerciseToTheNextAndSumsUp() throws {
        let runner = FakeRunner()
        let workspace = folder()
        defer { try? FileManager.default.removeItem(atPath: workspace) }
        let watch = WatchSession(chapters: [tiny, more], style: .plain(), services: services(runner, workspace: workspace))
        let first = watch.start()
        #expect(first.contains("0 of 2 exercises passed so far") && first.contains("(tiny/c3)"))
        #expect(watch.currentExercise == "tiny/c3" && watch.watchedFile == workspace + "/tiny/c3.swift")
        #expect(FileManager.default.fileExists(atPath: workspace + "/tiny/c3.swift"))
        let failing = watch.handle(.fileSaved)
        #expect(failing.contains("✗ not yet") && failing.contains("and save it again"))
        #expect(watch.currentExercise == "tiny/c3")
        try "func weights(kernel: Int, from: Int, to: Int) -> Int { kernel * kernel * from * to }\n"
            .write(toFile: workspace + "/tiny/c3.swift", atomically: true, encoding: .utf8)
        let passed = watch.handle(.fileSaved)
        #expect(passed.contains("✓ exercise c3 passed — on to the next one") && passed.contains("(more/c3)"))
        #expect(watch.currentExercise == "more/c3" && watch.passed == ["tiny/c3"])
        // Skipping the only open exercise comes back to it.
        #expect(watch.handle(.advance).contains("(more/c3)"))
        #expect(watch.handle(.hint).contains("It passes when this claim holds:"))
        #expect(watch.handle(.previous).hasPrefix("· not a key of watch mode"))
        let summary = watch.handle(.quit)
        #expect(summary.contains("Exercises passed: 1 of 2"))
        #expect(summary.contains("✓ tiny: 1 of 1") && summary.contains("· more: 0 of 1 (open: c3)"))
        #expect(watch.finished)
    }
}
