import CLIHarness
import Foundation
import Testing

/// Naming a chapter by number, slug, file name or path, and `--cell`: `ChapterLookup`,
/// `CellLookup` and `LESSONS_DRY_RUN` through the built `lessons`.
@Suite struct ChapterNamingTests {
    private static let dry: [String: String?] = ["LESSONS_DRY_RUN": "1"]

    @Test(arguments: ["1", "01", "basics", "01-basics.md", "01-basics", "Tests/Fixtures/01-basics.md"])
    func everyNameOfAChapterPicksIt(name: String) throws {
        let result = try CLI.run(["run", name, "--book", "Tests/Fixtures"], environment: Self.dry)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("lessons: chapter 1, basics (Tests/Fixtures/01-basics.md)\n"), "\(result.stderr)")
    }

    /// A bare file name is the book's chapter even when the working directory has a file of
    /// that name (it used to pick the working directory's file).
    @Test func aBareFileNameIsTheBooksChapterNotTheWorkingDirectorys() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("naming-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "# A decoy\n".write(to: folder.appendingPathComponent("01-basics.md"), atomically: true, encoding: .utf8)
        let book = CLI.root + "/Tests/Fixtures"
        let result = try CLI.run(["run", "01-basics.md", "--book", book], in: folder.path, environment: Self.dry)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("lessons: chapter 1, basics (\(book)/01-basics.md)"), "\(result.stderr)")
        // A path with a folder is that file, read as a book of one chapter.
        let file = try CLI.run(["run", "./01-basics.md", "--book", book], in: folder.path, environment: Self.dry)
        #expect(file.status == 0, "\(file.stderr)")
        #expect(file.stderr.contains("(./01-basics.md)\n"), "\(file.stderr)")
    }

    @Test func anUnknownNameListsTheNearestChapters() throws {
        let result = try CLI.run(["run", "bascis", "--book", "Tests/Fixtures"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no chapter 'bascis' in 'Tests/Fixtures'; nearest: 01-basics.md"), "\(result.stderr)")
        let missing = try CLI.run(["run", "Tests/Fixtures/99-missing.md"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no file at 'Tests/Fixtures/99-missing.md'"), "\(missing.stderr)")
    }

    /// The announcement goes to stderr, so `--json` stdout stays one document.
    @Test func jsonStdoutCarriesNoAnnouncement() throws {
        let result = try CLI.run(["run", "11", "--book", "Tests/Fixtures", "--json"])
        #expect(result.stderr.contains("lessons: chapter 11, norun-hidden"), "\(result.stderr)")
        #expect(try result.json()["chapter"] as? String == "norun-hidden")
    }

    @Test func runningOneCellPrintsThatCellAlone() throws {
        let result = try CLI.run(["run", "Tests/Fixtures/01-basics.md", "--cell", "measure"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("━━ basics — Tests/Fixtures/01-basics.md · cell measure\n▸ measure · line 21 · passed"), "\(result.stdout)")
        #expect(result.stdout.contains("✓ the sum is ten"))
        // The cells before it ran (it reads their `sum`); the cells before and after are not shown.
        #expect(!result.stdout.contains("numbers:"))
        #expect(!result.stdout.contains("to stdout"))
        let json = try CLI.run(["run", "Tests/Fixtures/01-basics.md", "--cell", "c1", "--json"])
        let cells = try #require(try json.json()["cells"] as? [[String: Any]])
        #expect(cells.map { $0["id"] as? String } == ["c1"])
        #expect(cells.first?["stdout"] as? String == "numbers: 4\n")
    }

    @Test func aFailingCellExitsOne() throws {
        let failing = try CLI.run(["run", "Tests/Fixtures/13-failing-claim.md", "--json"])
        let cells = try #require(try failing.json()["cells"] as? [[String: Any]])
        let failed = try #require(cells.first { $0["status"] as? String == "failed" }?["id"] as? String)
        let one = try CLI.run(["run", "Tests/Fixtures/13-failing-claim.md", "--cell", failed])
        #expect(one.status == 1, "\(one.stdout)\(one.stderr)")
        #expect(one.stdout.contains("▸ \(failed)"))
    }

    /// c2 of the trap fixture traps, so c3 never runs: the cell says which cell stopped it.
    @Test func aCellAfterAFailureNamesTheFailureAndExitsOne() throws {
        let result = try CLI.run(["run", "Tests/Fixtures/03-trap.md", "--cell", "c3"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("▸ c3 · line 16 · not run\n"
            + "  not run because an earlier cell did not succeed: c2 (failed) at Tests/Fixtures/03-trap.md:10:11: Index out of range"),
                "\(result.stdout)")
    }

    @Test func anUnknownCellExitsTwoListingTheIds() throws {
        let result = try CLI.run(["run", "Tests/Fixtures/01-basics.md", "--cell", "mesure"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no cell 'mesure' in chapter 'basics' (did you mean 'measure'?); cells: c1, c2, measure, c4"),
                "\(result.stderr)")
        let noChapter = try CLI.run(["run", "--cell", "c1"])
        #expect(noChapter.status == 2)
        #expect(noChapter.stderr.contains("--cell needs a chapter"))
    }
}
