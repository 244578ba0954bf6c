import CLIHarness
import Foundation
import LessonStore
import Testing

/// `lessons build` and `lessons progress` end to end on the tiny site fixture book.
@Suite("lessons build and progress", .serialized)
struct BuildCommandTests {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-build-\(UUID().uuidString)").path

    @Test func buildWritesTheSiteAndReusesStoredRuns() throws {
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        // --db never creates its folder (README: Where results are kept).
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let db = scratch + "/db.sqlite", out = scratch + "/site"
        let first = try CLI.run(["build", "--book", "Tests/Fixtures/site-book", "--db", db, "--out", out])
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(files == ["class.html", "exercise.html", "index.html", "print.html", "progress.html", "search-index.js", "search.js",
                          "style.css", "weights.html"])
        let page = try String(contentsOfFile: out + "/weights.html", encoding: .utf8)
        #expect(page.contains("Two stacked 3×3 convolutions need 0.72 of the weights of one 5×5."))
        #expect(page.contains("&lt;script&gt;alert(&#39;escaped&#39;)&lt;/script&gt;"))
        #expect(!page.contains("<script>alert"))
        #expect(page.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"lb-chart lb-chart-line\""))
        let index = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(index.contains("<h1>A Tiny Book of Convolutions</h1>"))
        #expect(index.contains("2 of 2 chapters pass"))

        // Unchanged chapters come back from the store: the page, run time included, is the same.
        let second = try CLI.run(["build", "--book", "Tests/Fixtures/site-book", "--db", db, "--out", out])
        #expect(second.status == 0)
        #expect(try String(contentsOfFile: out + "/weights.html", encoding: .utf8) == page)
    }

    @Test func progressReadsLearnersFromTheStore() throws {
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let db = scratch + "/db.sqlite"
        let empty = try CLI.run(["progress", "--book", "Tests/Fixtures/site-book", "--db", db])
        #expect(empty.status == 0)
        #expect(empty.stdout.contains("No learner progress yet"))

        let database = try LessonDatabase.open(at: db)
        let ada = try database.learner(named: "Ada")
        let now = Date()
        try database.record(ProgressStep(chapter: "weights", cellID: "c1", status: .seen, at: now), for: ada)
        try database.record(ProgressStep(chapter: "weights", cellID: "curve", status: .seen, at: now), for: ada)
        _ = try database.learner(named: "Grace")

        let text = try CLI.run(["progress", "--book", "Tests/Fixtures/site-book", "--db", db, "--learner", "Ada"])
        #expect(text.status == 0, "\(text.stderr)")
        // A solution is not a cell the learner steps through, so it does not count; a hidden
        // cell is (the stepper stops at it for its outputs), so it does (LearnerStanding).
        #expect(text.stdout == """
            Ada — 2/4 cells (50%)
              weights: 2/2 cells, at curve
              exercise: 0/2 cells, 0/1 exercises (0 attempts)

            """)
        let json = try CLI.run(["progress", "--book", "Tests/Fixtures/site-book", "--db", db, "--json"])
        let learners = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(learners.map { $0["learner"] as? String } == ["Ada", "Grace"])
        let chapters = try #require(learners.first?["chapters"] as? [[String: Any]])
        #expect(chapters.first?["cellsSeen"] as? Int == 2)

        let unknown = try CLI.run(["progress", "--book", "Tests/Fixtures/site-book", "--db", db, "--learner", "Nobody"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no learner 'Nobody'"))
        #expect(unknown.stderr.contains("learners: Ada, Grace"))
    }

    @Test func badOutputFolderIsAnInputError() throws {
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: scratch + "/file", contents: Data())
        let result = try CLI.run(["build", "--book", "Tests/Fixtures/no-such-book", "--db", scratch + "/db.sqlite",
                                  "--out", scratch + "/file"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no file or folder at 'Tests/Fixtures/no-such-book'"))
        let file = try CLI.run(["build", "--book", "Tests/Fixtures/site-book", "--db", scratch + "/db.sqlite",
                                "--out", scratch + "/file"])
        #expect(file.status == 2)
        #expect(file.stderr.contains("is a file; give --out a folder for the site"))
    }
}
