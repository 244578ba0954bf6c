import Foundation
import LessonEngine
import LessonStore
import Testing

/// `ChapterRunner.run(_:jobs:)`: runs in book order whatever order they finish in, timing
/// chapters alone after the rest with the whole machine, the others with a share of it.
@Suite struct ParallelRunTests {
    /// Remembers, under a lock, which chapter ran with which thread budget and in what order.
    final class Engine: ChapterEngine, @unchecked Sendable {
        let lock = NSLock()
        var log: [String] = []
        let threads: Int?
        let parent: Engine?
        let toolchainVersion = "swift-test"

        init(threads: Int? = nil, parent: Engine? = nil) {
            self.threads = threads
            self.parent = parent
        }

        func budgeted(threads: Int?) -> any ChapterEngine { Engine(threads: threads, parent: self) }
        func cacheKey(file: String, cells: [Cell]) -> String { file }
        func run(chapter id: String, file: String, cells: [Cell]) -> ChapterRun {
            // Earlier chapters take longer, so that with two workers they finish out of order.
            usleep(id == "a" ? 60_000 : 5_000)
            let root = parent ?? self
            root.lock.withLock { root.log.append("\(id):\(threads.map(String.init) ?? "all")") }
            let results = cells.map { CellResult(id: $0.id, line: $0.fence.line, status: .passed) }
            return ChapterRun(chapter: id, file: file, cells: results, cacheKey: file, startedAt: Date(),
                              durationMs: 1, toolchain: toolchainVersion)
        }
    }

    func chapter(_ slug: String, _ code: String) -> Chapter {
        ChapterParser.parse("# \(slug)\n\n```swift\n\(code)\n```\n", file: "book/0\(slug.count)-\(slug).md")
    }

    var book: [Chapter] {
        [chapter("a", "print(1)"), chapter("bb", "let t = cpuMilliseconds { }"), chapter("ccc", "print(3)"),
         chapter("dddd", "print(4)")]
    }

    @Test func timingChaptersAreFoundByTheirCalls() {
        #expect(book.map(ChapterSchedule.timesCode) == [false, true, false, false])
        #expect(ChapterSchedule.timesCode(chapter("r", "let r = Roofline.measure()")))
        #expect(ChapterSchedule.split(book).parallel == [0, 2, 3] && ChapterSchedule.split(book).alone == [1])
        // Never run first, then longest first; ties and the unknown in book order.
        let lastMs: [Int: Double] = [0: 900, 2: 8_000, 3: 900, 5: 1_200]
        #expect(ChapterSchedule.longestFirst([0, 2, 3, 4, 5, 6], lastDurationMs: { lastMs[$0] }) == [4, 6, 2, 5, 0, 3])
        #expect(ChapterSchedule.longestFirst([1, 0], lastDurationMs: { _ in nil }) == [1, 0])
        #expect(ChapterSchedule.threads(cores: 2, jobs: 2) == 1)
        #expect(ChapterSchedule.threads(cores: 8, jobs: 3) == 2)
        #expect(ChapterSchedule.threads(cores: 2, jobs: 4) == 1)
    }

    @Test func runsComeBackInBookOrderAndTimingRunsAloneLast() throws {
        let engine = Engine()
        let runner = ChapterRunner(engine: { engine }, cache: nil)
        var starts: [Int] = []
        let runs = try runner.run(book, jobs: 2, cores: 4) { event in
            if case .chapterStarted(_, let position, let total) = event, total == 4 { starts.append(position) }
        }
        #expect(runs.map(\.chapter) == ["a", "bb", "ccc", "dddd"])
        #expect(starts == [1, 2, 3, 4])
        #expect(Set(engine.log.prefix(3)) == ["a:2", "ccc:2", "dddd:2"])
        #expect(engine.log.last == "bb:all")
        // With one job nothing is budgeted: the serial path as before.
        let serial = Engine()
        let one = try ChapterRunner(engine: { serial }, cache: nil).run(book, jobs: 1)
        #expect(one.map(\.chapter) == runs.map(\.chapter))
        #expect(serial.log == ["a:all", "bb:all", "ccc:all", "dddd:all"])
    }

    /// A store that keeps nothing but remembers how long each chapter took last time.
    struct Durations: RunKeeping {
        let lastMs: [String: Double]
        func stored(chapter: String, key: String) throws(StoreError) -> ChapterRun? { nil }
        func keep(_ run: ChapterRun) throws(StoreError) {}
        func lastDurationMs(chapter: String) -> Double? { lastMs[chapter] }
    }

    @Test func theLongestChapterStartsFirstAndRunsComeBackInBookOrder() throws {
        let engine = Engine()
        let runner = ChapterRunner(engine: { engine }, cache: Durations(lastMs: ["a": 100, "ccc": 50, "dddd": 8_000]))
        var started: [String] = []
        let runs = try runner.run(book, jobs: 2, cores: 2) { event in
            if case .chapterStarted(let id, _, _) = event { started.append(id) }
        }
        // Two workers take dddd and a at once (in either order); ccc, the shortest, comes after them.
        #expect(Set(started.prefix(2)) == ["dddd", "a"])
        #expect(Array(started.suffix(2)) == ["ccc", "bb"])
        #expect(runs.map(\.chapter) == ["a", "bb", "ccc", "dddd"])
    }
}
