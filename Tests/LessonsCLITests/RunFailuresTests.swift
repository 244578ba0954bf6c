import CLIHarness
import Foundation
import Testing

/// `lessons run` on the fixture chapters that fail: each failure at its markdown line.
/// Line numbers refer to the files in `Tests/Fixtures`; keep them in step.
@Suite struct RunFailuresTests {
    @Test func compileErrorInTheMiddle() throws {
        let (result, json, cells) = try CLI.runFixture("02-compile-error.md")
        #expect(result.status == 1)
        #expect(json["status"] as? String == "failed")
        #expect(CLI.statuses(cells) == ["passed", "passed", "compileError", "notRun"])
        #expect(cells[1]["stdout"] as? String == "cell two 2\n")
        let error = try #require(cells[2]["error"] as? [String: Any])
        #expect(error["file"] as? String == "Tests/Fixtures/02-compile-error.md")
        #expect(error["line"] as? Int == 13)
        #expect(error["column"] as? Int == 18)
        #expect((error["message"] as? String)?.contains("cannot convert value of type 'String'") == true)
    }

    @Test func compileErrorIsPrintedAtItsLineWithTheCode() throws {
        let result = try CLI.run(["run", "Tests/Fixtures/02-compile-error.md"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("Tests/Fixtures/02-compile-error.md:13:18: error: cannot convert"))
        #expect(result.stdout.contains(#"13 │ let three: Int = "three""#))
        #expect(result.stdout.contains("▸ c4 · line 16 · not run"))
    }

    @Test func trapInTheMiddle() throws {
        let (result, _, cells) = try CLI.runFixture("03-trap.md")
        #expect(result.status == 1)
        #expect(CLI.statuses(cells) == ["passed", "failed", "notRun"])
        #expect(cells[1]["stdout"] as? String == "before the trap\n")
        let error = try #require(cells[1]["error"] as? [String: Any])
        #expect(error["line"] as? Int == 10)
        #expect(error["message"] as? String == "Index out of range")
    }

    @Test func infiniteLoopTimesOut() throws {
        let (result, _, cells) = try CLI.runFixture("04-timeout.md")
        #expect(result.status == 1)
        #expect(CLI.statuses(cells) == ["passed", "timedOut", "notRun"])
        let error = try #require(cells[1]["error"] as? [String: Any])
        #expect(error["line"] as? Int == 7)
        #expect((error["message"] as? String)?.contains("within 1 s") == true)
        #expect((cells[1]["durationMs"] as? Double ?? 0) >= 1000)
    }

    @Test func outputFloodIsCutAndTheNextCellRuns() throws {
        let (result, _, cells) = try CLI.runFixture("05-output-flood.md")
        #expect(result.status == 0)
        #expect(CLI.statuses(cells) == ["passed", "passed"])
        let flood = try #require(cells[0]["stdout"] as? String)
        #expect(flood.utf8.count < (1 << 20) + 200)
        #expect(flood.hasSuffix("[lessons: output cut at 1048576 bytes; 951424 more bytes not shown]\n"))
        #expect(cells[1]["stdout"] as? String == "after the flood\n")
    }

    @Test func failingClaimFailsItsCellButNotTheProgram() throws {
        let (result, _, cells) = try CLI.runFixture("13-failing-claim.md")
        #expect(result.status == 1)
        #expect(CLI.statuses(cells) == ["failed", "passed"])
        #expect(cells[0]["stdout"] as? String == "the program goes on\n")
        let error = try #require(cells[0]["error"] as? [String: Any])
        #expect(error["line"] as? Int == 5)
        #expect((error["message"] as? String)?.hasPrefix("claim failed: the ratio is 0.72") == true)
        let claim = try #require((cells[0]["claims"] as? [[String: Any]])?.first)
        #expect(claim["passed"] as? Bool == false)
        #expect(claim["measured"] as? Double == 0.75)
    }

    @Test func exerciseThatPassesAsWrittenFails() throws {
        let (result, _, cells) = try CLI.runFixture("14-exercise-passes.md")
        #expect(result.status == 1)
        #expect(CLI.statuses(cells) == ["failed", "passed"])
        let error = try #require(cells[0]["error"] as? [String: Any])
        #expect((error["message"] as? String)?.contains("passes as written") == true)
    }
}
