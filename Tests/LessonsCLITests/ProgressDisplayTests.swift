import CLIHarness
import Foundation
import LessonEngine
import LessonStore
import Testing
@testable import lessons

/// The progress display of `run`, `verify`, `build` and `serve`: drawn from the pipeline's
/// events, on stderr, in the style the output calls for.
@Suite struct ProgressDisplayTests {
    /// What a display wrote, collected from its write closure.
    final class Written: @unchecked Sendable {
        private let lock = NSLock()
        private var parts: [String] = []
        func append(_ text: String) { lock.withLock { parts.append(text) } }
        var text: String { lock.withLock { parts.joined() } }
    }

    static func run(_ chapter: String, _ statuses: [CellStatus]) -> ChapterRun {
        ChapterRun(chapter: chapter, file: "Lessons/\(chapter).md",
                   cells: statuses.enumerated().map { CellResult(id: "c\($0.offset + 1)", line: 10 * ($0.offset + 1), status: $0.element) },
                   cacheKey: "k", startedAt: Date(), durationMs: 1, toolchain: "t")
    }

    /// The events of two chapters as `ChapterRunner` reports them: the first run, the second from the store.
    static func events() -> [ChapterRunEvent] {
        let first = run("first", [.passed, .compileError]), second = run("second", [.passed])
        return [.chapterStarted(chapter: "first", position: 1, total: 2)]
            + first.cells.map { .cellFinished(chapter: "first", result: $0) }
            + [.chapterFinished(first, fromStore: false), .chapterStarted(chapter: "second", position: 2, total: 2)]
            + second.cells.map { .cellFinished(chapter: "second", result: $0) }
            + [.chapterFinished(second, fromStore: true)]
    }

    @Test func plainLinesSayEachFinishedChapterOnce() throws {
        let written = Written()
        let display = ProgressDisplay(total: 2, style: .lines, write: { written.append($0) })
        for event in Self.events() { display.handle(event) }
        display.finish()
        let lines = written.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 3, "\(lines)")
        #expect(try #require(lines.first).firstMatch(of: /^lessons: \[1\/2\] first failed in \d+\.\d s$/) != nil, "\(lines)")
        #expect(lines[1] == "lessons: [2/2] second passed from the store")
        #expect(lines[2] == "")
        #expect(!written.text.contains("\u{1B}"))
    }

    @Test func aTerminalLineIsRedrawnInPlaceAndClearedAtTheEnd() {
        let written = Written()
        let display = ProgressDisplay(total: 2, style: .live, write: { written.append($0) })
        let events = Self.events()
        display.handle(events[0])
        display.handle(events[1])
        #expect(display.statusLine().hasPrefix("lessons: 0/2 chapters · first (after cell c1) · "))
        #expect(display.statusLine().hasSuffix(" s"))
        for event in events.dropFirst(2) { display.handle(event) }
        #expect(display.statusLine().hasPrefix("lessons: 2/2 chapters · "))
        display.finish()
        // Every draw starts by going back to the line's start and clearing it; no newline ever.
        #expect(written.text.hasPrefix("\r\u{1B}[K"))
        #expect(written.text.hasSuffix("\r\u{1B}[K"))
        #expect(!written.text.contains("\n"))
    }

    @Test func silentWritesNothing() {
        let written = Written()
        let display = ProgressDisplay(total: 2, style: .silent, write: { written.append($0) })
        for event in Self.events() { display.handle(event) }
        display.finish()
        #expect(written.text.isEmpty)
        #expect(ProgressStyle.forStandardError(json: true) == .silent)
    }

    @Test func runPrintsPlainProgressLinesOnAPipeAndNoneWithJSON() throws {
        let book = "Tests/Fixtures/site-book"
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("progress-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: db + suffix) } }
        let text = try CLI.run(["run", "--book", book, "--db", db, "--jobs", "1"])
        #expect(text.status == 0, "\(text.stdout)\(text.stderr)")
        let lines = text.stderr.split(separator: "\n").filter { $0.hasPrefix("lessons: [") }
        #expect(lines.count == 2, "\(text.stderr)")
        #expect(lines.first?.hasPrefix("lessons: [1/2] weights passed") == true, "\(text.stderr)")
        // Progress never goes to stdout, which is the report alone.
        #expect(!text.stdout.contains("lessons: ["))

        let json = try CLI.run(["run", "--book", book, "--db", db, "--jobs", "1", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stderr.isEmpty, "\(json.stderr)")
        _ = try json.json()

        let build = try CLI.run(["build", "--book", book, "--db", db, "--out",
                                 TestFolders.path("progress-site").path])
        #expect(build.status == 0, "\(build.stderr)")
        // Two chapters at once (--jobs defaults to the cores): numbered in the order they finish.
        let finished = build.stderr.split(separator: "\n").filter { $0.hasPrefix("lessons: [") }.map(String.init)
        #expect(finished.map { $0.prefix(15) } == ["lessons: [1/2] ", "lessons: [2/2] "], "\(build.stderr)")
        #expect(Set(finished.map { $0.dropFirst(15) }) == ["exercise passed from the store", "weights passed from the store"], "\(build.stderr)")
    }
}
