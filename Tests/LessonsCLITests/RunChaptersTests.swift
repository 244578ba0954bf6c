import CLIHarness
import Foundation
import Testing

/// `lessons run` on the fixture chapters that pass, and on chapters whose text has problems.
@Suite struct RunChaptersTests {
    @Test func basicsRecordsClaimsAndOutputs() throws {
        let (result, json, cells) = try CLI.runFixture("01-basics.md")
        #expect(result.status == 0)
        #expect(json["chapter"] as? String == "basics")
        #expect(json["file"] as? String == "Tests/Fixtures/01-basics.md")
        #expect(CLI.statuses(cells) == ["passed", "passed", "passed", "passed"])
        #expect(cells.map { $0["line"] as? Int } == [10, 17, 21, 39])
        #expect(cells[0]["stdout"] as? String == "numbers: 4\n")
        let measure = cells[2]
        #expect(measure["id"] as? String == "measure")
        let metrics = try #require(measure["metrics"] as? [[String: Any]])
        #expect(metrics.map { $0["name"] as? String } == ["sum.value", "ratio"])
        #expect(metrics.first?["unit"] as? String == "units")
        #expect(metrics.last?["value"] as? Double == 0.5)
        let claims = try #require(measure["claims"] as? [[String: Any]])
        #expect(claims.map { $0["passed"] as? Bool } == [true, true])
        let outputs = try #require(measure["outputs"] as? [[String: Any]])
        #expect(outputs.map { $0["type"] as? String } == ["table", "plot", "plot", "plot", "text"])
        // A fresh scratch folder: the file the cell made is the only one there.
        #expect(measure["stdout"] as? String == "cwd has 1 file\n")
        #expect(!FileManager.default.fileExists(atPath: CLI.root + "/scratch-file.txt"))
        #expect(cells[3]["stderr"] as? String == "to stderr\n")
        #expect(cells[3]["stdout"] as? String == "to stdout\n")
    }

    @Test func basicsAsTextShowsClaimsAndOutputs() throws {
        let result = try CLI.run(["run", "Tests/Fixtures/01-basics.md"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("✓ the sum is ten (measured 10, expected 10 ± 1e-12)"))
        #expect(result.stdout.contains("sum.value = 10 units"))
        #expect(result.stdout.contains("[line plot] squares — n², n"))
        #expect(result.stdout.contains("basics: passed — 4 cells: 4 passed; 2 claims: 2 hold ("))
    }

    @Test func exerciseFailsAsWrittenAndItsSolutionRuns() throws {
        let (result, _, cells) = try CLI.runFixture("09-exercise.md")
        #expect(result.status == 0)
        #expect(CLI.statuses(cells) == ["expectedFailure", "passed", "passed"])
        let error = try #require(cells[0]["error"] as? [String: Any])
        #expect(error["message"] as? String == "write me")
        #expect(cells[2]["stdout"] as? String == "three layers see 7\n")
    }

    @Test func failsCellsDoNotSpoilTheCellsAfterThem() throws {
        let (result, _, cells) = try CLI.runFixture("10-fails.md")
        #expect(result.status == 0)
        #expect(CLI.statuses(cells) == ["passed", "expectedFailure", "expectedFailure", "passed"])
        #expect((cells[1]["error"] as? [String: Any])?["line"] as? Int == 8)
        #expect((cells[2]["error"] as? [String: Any])?["line"] as? Int == 14)
        #expect(cells[3]["stdout"] as? String == "counter is 1\n")
    }

    @Test func norunAndHiddenCells() throws {
        let (result, _, cells) = try CLI.runFixture("11-norun-hidden.md")
        #expect(result.status == 0)
        #expect(CLI.statuses(cells) == ["notRun", "passed", "passed"])
        #expect(cells[2]["stdout"] as? String == "the secret is 42\n")
    }

    @Test func tenCellsShareState() throws {
        let (result, _, cells) = try CLI.runFixture("15-ten-cells.md")
        #expect(result.status == 0)
        #expect(cells.count == 10)
        #expect(Set(CLI.statuses(cells)) == ["passed"])
        #expect(cells[9]["stdout"] as? String == "done 10\n")
    }

    /// Problems in a chapter's text: reported at their place, and the chapter is not run.
    @Test(arguments: [
        ("06-unknown-option.md", 3, "unknown cell option 'hiden'"),
        ("07-duplicate-id.md", 7, "duplicate cell id 'setup'"),
        ("08-unclosed-fence.md", 7, "never closed"),
    ])
    func textProblemsAreReportedAtTheirLine(file: String, line: Int, message: String) throws {
        let (result, json, cells) = try CLI.runFixture(file)
        #expect(result.status == 1)
        #expect(Set(CLI.statuses(cells)) == ["notRun"])
        let problems = try #require(json["diagnostics"] as? [[String: Any]])
        #expect(problems.contains { $0["line"] as? Int == line && ($0["message"] as? String)?.contains(message) == true },
                "\(problems)")
    }

    @Test func unknownReferenceIsReportedAfterTheRun() throws {
        let (result, json, cells) = try CLI.runFixture("12-unknown-reference.md")
        #expect(result.status == 1)
        #expect(CLI.statuses(cells) == ["passed"])
        let problems = try #require(json["diagnostics"] as? [[String: Any]])
        #expect(problems.count == 1)
        #expect(problems.first?["line"] as? Int == 5)
        #expect((problems.first?["message"] as? String)?.contains("nowhere") == true)
    }

    /// `lessons run --timings`: the breakdown of a real compile and run, in the JSON and as a
    /// line of text; the same chapter again comes from the store and says so.
    @Test func timingsBreakDownARealRunAndAStoredOne() throws {
        let db = try CLI.temporaryBook().deletingLastPathComponent().path + "/lessons.sqlite"
        let args = ["run", "Tests/Fixtures/15-ten-cells.md", "--timings", "--db", db]
        let fresh = try CLI.run(args + ["--json"])
        #expect(fresh.status == 0)
        let timings = try #require(try fresh.json()["timings"] as? [String: Any])
        let stages = ["lookupMs", "generateMs", "compileMs", "runMs", "readMs", "storeMs"]
        let values = stages.compactMap { timings[$0] as? Double }
        let total = try #require(timings["totalMs"] as? Double)
        #expect(values.count == 6 && values.allSatisfy { $0 >= 0 } && values.reduce(0, +) <= total)
        #expect(timings["cached"] as? Bool == false && (timings["compileMs"] as? Double ?? 0) > 0)
        let again = try CLI.run(args)
        #expect(again.status == 0 && again.stdout.contains("timings (from the store): lookup "))
        let plain = try CLI.run(["run", "Tests/Fixtures/15-ten-cells.md", "--json", "--db", db])
        #expect(try plain.json()["timings"] == nil)
    }

    /// Single programs' results are kept beside a SQLite store (`program-cache/`), so an
    /// edited chapter runs again only the programs that changed; `--no-cache` keeps none.
    @Test func programResultsAreKeptBesideTheStoreUnlessNoCache() throws {
        let folder = try CLI.temporaryBook().deletingLastPathComponent().path
        let kept = try CLI.run(["run", "Tests/Fixtures/15-ten-cells.md", "--db", folder + "/kept.sqlite"])
        #expect(kept.status == 0)
        let entries = try FileManager.default.contentsOfDirectory(atPath: folder + "/program-cache")
        #expect(entries.filter { $0.hasSuffix(".json") }.count == 1, "one program: the chapter's main program")

        let other = folder + "/fresh"
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        let fresh = try CLI.run(["run", "Tests/Fixtures/15-ten-cells.md", "--no-cache", "--db", other + "/fresh.sqlite"])
        #expect(fresh.status == 0)
        #expect(!FileManager.default.fileExists(atPath: other + "/program-cache"))
    }
}
