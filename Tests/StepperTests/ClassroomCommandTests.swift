import CLIHarness
import Foundation
import Testing

/// A class on one checkout, through the built `lessons`: alice, bob and a new learner each
/// see only their own work; hints, solutions, the class's view, re-verifying, and a record
/// moved between stores.
@Suite(.serialized) struct ClassroomCommandTests {
    static let solved = "func weights(kernel: Int, from: Int, to: Int) -> Int {\n    kernel * kernel * from * to\n}\n"
        + "claim(\"a 5×5 kernel, 2 → 4 channels, has 200 weights\", Double(weights(kernel: 5, from: 2, to: 4)), equals: 200, within: 0)\n"

    /// A scratch folder with the hints chapter as `book/01-tiny.md`.
    static func scratchBook() throws -> String {
        let folder = NSTemporaryDirectory() + "classroom-command-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/book", withIntermediateDirectories: true)
        try ClassroomTests.hintsText.write(toFile: folder + "/book/01-tiny.md", atomically: true, encoding: .utf8)
        return folder
    }

    static func lessons(_ arguments: [String], input: String = "", in folder: String,
                        learner: String? = nil) throws -> CLI.Result {
        try CLI.run(arguments, in: folder, input: input, environment: [
            "NO_COLOR": "1", "COLUMNS": "100", "EDITOR": nil, "VISUAL": nil, "LESSONS_DB": nil, "LESSONS_LEARNER": learner,
        ])
    }

    static func json(_ result: CLI.Result) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]],
                     "not a JSON list (exit \(result.status)): \(result.stdout)\n\(result.stderr)")
    }

    @Test func aliceBobAndANewLearnerEachSeeOnlyTheirOwnWork() throws {
        let folder = try Self.scratchBook()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Alice starts with a reset (it makes her workspace) and solves the exercise.
        let reset = try Self.lessons(["reset", "tiny/c3", "--book", "book"], in: folder, learner: "alice")
        #expect(reset.status == 0, "\(reset.stderr)")
        let aliceFile = folder + "/.lessons/learners/alice/tiny/c3.swift"
        #expect(reset.stdout.contains("reset \(aliceFile)") && !reset.stdout.contains(".bak"))
        try Self.solved.write(toFile: aliceFile, atomically: true, encoding: .utf8)
        let alice = try Self.lessons(["check", "--book", "book"], in: folder, learner: "alice")
        #expect(alice.status == 0 && alice.stdout.contains("✓ tiny/c3 passed"), "\(alice.stdout)\(alice.stderr)")

        // Bob steps in (his workspace starts with the exercise as written) and does not pass.
        let step = try Self.lessons(["step", "--book", "book", "--learner", "bob"], input: "\n\n\n\n\n\nq\n", in: folder)
        #expect(step.status == 0, "\(step.stderr)")
        let bobFile = folder + "/.lessons/learners/bob/tiny/c3.swift"
        #expect(step.stdout.contains("Your turn: edit \(bobFile)"))
        let bob = try Self.lessons(["check", "tiny/c3", "--book", "book", "--learner", "bob"], in: folder)
        #expect(bob.status == 1 && bob.stdout.contains("✗ tiny/c3 not yet (\(bobFile))"), "\(bob.stdout)")

        // Carol has no workspace: check and hint name the learners there are and how to start.
        for command in [["check"], ["hint", "tiny/c3"]] {
            let carol = try Self.lessons(command + ["--book", "book", "--learner", "carol"], in: folder)
            #expect(carol.status == 2, "\(command): \(carol.stdout)")
            #expect(carol.stderr.contains("no workspace for learner 'carol'") && carol.stderr.contains("learners: alice, bob")
                    && carol.stderr.contains("Start with: lessons step --learner carol"), "\(carol.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/.lessons/learners/carol"))

        // Bob's hints come one at a time; then the solution, recorded.
        let first = try Self.lessons(["hint", "tiny/c3", "--book", "book", "--learner", "bob"], in: folder)
        #expect(first.status == 0 && first.stdout.contains("Hint 1 of 2 for tiny/c3\nCount the weights of one output channel first."),
                "\(first.stdout)\(first.stderr)")
        let second = try Self.lessons(["hint", "tiny", "--book", "book", "--learner", "bob"], in: folder)
        #expect(second.stdout.contains("Hint 2 of 2 for tiny/c3\nThen multiply by `to`."), "\(second.stdout)")
        let none = try Self.lessons(["hint", "tiny/c3", "--book", "book", "--learner", "bob"], in: folder)
        #expect(none.stdout.contains("All 2 hints for tiny/c3 have been shown"))
        let solution = try Self.lessons(["hint", "tiny/c3", "--show-solution", "--book", "book", "--learner", "bob"], in: folder)
        #expect(solution.stdout.contains("Solution of tiny/c3 (shown before passing: recorded)")
                && solution.stdout.contains("kernel * kernel * from * to"), "\(solution.stdout)")

        // The teacher's view: every learner × chapter.
        let rows = try Self.json(try Self.lessons(["progress", "--class", "--json", "--book", "book"], in: folder))
        #expect(rows.map { $0["learner"] as? String } == ["alice", "bob"])
        let aliceRow = rows[0], bobRow = rows[1]
        #expect(aliceRow["chapter"] as? String == "tiny" && aliceRow["cells_total"] as? Int == 3)
        #expect(aliceRow["exercises_passed"] as? Int == 1 && aliceRow["exercises_total"] as? Int == 1 && aliceRow["tries"] as? Int == 1)
        #expect(bobRow["exercises_passed"] as? Int == 0 && bobRow["tries"] as? Int == 1)
        #expect(bobRow["cells_seen"] as? Int == 3 && bobRow["percent"] as? Int == 100)
        #expect(bobRow["hints_used"] as? Int == 2 && bobRow["solutions_shown"] as? Int == 1)
        #expect((bobRow["last_activity"] as? String)?.hasSuffix("Z") == true && aliceRow["hints_used"] as? Int == 0)
        let table = try Self.lessons(["progress", "--class", "--book", "book"], in: folder)
        #expect(table.stdout.contains("2 learners; 0 of 2 learner-chapters complete"), "\(table.stdout)")

        // A second reset keeps alice's work as .bak.
        let again = try Self.lessons(["reset", "tiny/c3", "--book", "book", "--learner", "alice"], in: folder)
        #expect(again.stdout.contains("(your previous file is \(aliceFile).bak)"))
        #expect(try String(contentsOfFile: aliceFile + ".bak", encoding: .utf8) == Self.solved)
    }

    @Test func reverifyAndARecordMovedBetweenStores() throws {
        let folder = try Self.scratchBook()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try Self.lessons(["reset", "tiny/c3", "--book", "book", "--learner", "alice"], in: folder)
        let nothing = try Self.lessons(["progress", "--reverify", "--json", "--book", "book"], in: folder)
        #expect(nothing.status == 0, "\(nothing.stdout)\(nothing.stderr)")
        #expect(try Self.json(nothing).isEmpty)
        try Self.solved.write(toFile: folder + "/.lessons/learners/alice/tiny/c3.swift", atomically: true, encoding: .utf8)
        let check = try Self.lessons(["check", "--book", "book", "--learner", "alice"], in: folder)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let sound = try Self.lessons(["progress", "--reverify", "--book", "book"], in: folder)
        #expect(sound.status == 0 && sound.stdout.contains("1 passing attempts re-checked; 0 no longer hold"), "\(sound.stdout)\(sound.stderr)")

        // Alice's record into a class store; importing twice adds nothing.
        let export = try Self.lessons(["progress", "--export", "alice.json", "--learner", "alice", "--book", "book"], in: folder)
        #expect(export.status == 0 && export.stdout.contains("1 attempts"), "\(export.stdout)\(export.stderr)")
        let imported = try Self.lessons(["progress", "--import", "alice.json", "--db", "class.sqlite", "--book", "book"], in: folder)
        #expect(imported.stdout.contains("1 attempts, 0 hints and solutions added; 0 already there"), "\(imported.stdout)\(imported.stderr)")
        let twice = try Self.lessons(["progress", "--import", "alice.json", "--db", "class.sqlite", "--book", "book"], in: folder)
        #expect(twice.stdout.contains("0 steps, 0 attempts, 0 hints and solutions added"), "\(twice.stdout)")
        let classRows = try Self.json(try Self.lessons(["progress", "--class", "--json", "--db", "class.sqlite", "--book", "book"], in: folder))
        #expect(classRows.first?["exercises_passed"] as? Int == 1)

        // An edited record (the code changed in the file) no longer matches its seal.
        let record = try String(contentsOfFile: folder + "/alice.json", encoding: .utf8)
        try record.replacingOccurrences(of: "kernel * kernel * from * to", with: "200 + 0 * kernel * from * to")
            .write(toFile: folder + "/edited.json", atomically: true, encoding: .utf8)
        _ = try Self.lessons(["progress", "--import", "edited.json", "--db", "edited.sqlite", "--book", "book"], in: folder)
        let edited = try Self.lessons(["progress", "--reverify", "--db", "edited.sqlite", "--book", "book"], in: folder)
        #expect(edited.status == 1 && edited.stdout.contains("✗ alice tiny/c3 (attempt 1): the record was edited"), "\(edited.stdout)\(edited.stderr)")

        // The chapter changes so that alice's code no longer passes: an earlier cell now stops the program.
        let chapter = folder + "/book/01-tiny.md"
        let text = try String(contentsOfFile: chapter, encoding: .utf8)
        try text.replacingOccurrences(of: "print(\"weights:\", weights)\n",
                                      with: "print(\"weights:\", weights)\nif weights > 0 { fatalError(\"the chapter changed\") }\n")
            .write(toFile: chapter, atomically: true, encoding: .utf8)
        let stale = try Self.lessons(["progress", "--reverify", "--json", "--book", "book"], in: folder)
        #expect(stale.status == 1, "\(stale.stdout)\(stale.stderr)")
        let findings = try Self.json(stale)
        #expect(findings.count == 1 && findings.first?["reason"] as? String == "no_longer_passes"
                && findings.first?["chapter_changed"] as? Bool == true, "\(stale.stdout)")
    }

    @Test func badNamesAndBadFilesExitTwoNamingWhatIsWrong() throws {
        let folder = try Self.scratchBook()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["../alice", "a/b", "tab\tname", ".hidden"] {
            let step = try Self.lessons(["reset", "tiny/c3", "--book", "book", "--learner", name], in: folder)
            #expect(step.status == 2 && step.stderr.contains("cannot be used"), "\(name): \(step.stderr)")
        }
        // Nothing was made outside the learners folder.
        #expect(!FileManager.default.fileExists(atPath: folder + "/.lessons/alice"))
        _ = try Self.lessons(["reset", "tiny/c3", "--book", "book", "--learner", "alice"], in: folder)
        let file = folder + "/.lessons/learners/alice/tiny/c3.swift"
        try Data([0x66, 0x75, 0x6E, 0x63, 0xC3, 0x28]).write(to: URL(fileURLWithPath: file))
        let check = try Self.lessons(["check", "tiny/c3", "--book", "book", "--learner", "alice"], in: folder)
        #expect(check.status == 2 && check.stderr.contains("\(file): it is not valid UTF-8 text (bad byte at offset 4)"), "\(check.stderr)")
        let record = try Self.lessons(["progress", "--import", "book/01-tiny.md", "--book", "book"], in: folder)
        #expect(record.status == 2 && record.stderr.contains("book/01-tiny.md: not a learner record"), "\(record.stderr)")
    }
}
