import Foundation
import LessonEngine

/// What the workers of `ChapterRunner.run(_:jobs:)` share: the queue of chapters, the count
/// of chapters started and the outcomes, all behind one lock.
final class ParallelChapters: @unchecked Sendable {
    // @unchecked: every stored property below is read and written only under `lock`.
    private let lock = NSLock()
    private let queue: [Int]
    private var next = 0
    private var started: Int
    private var outcomes: [Result<ChapterRun, StoreError>?]

    /// Workers will take `queue` (indices into `count` chapters) in order; `started` chapters
    /// have already had their turn.
    init(queue: [Int], count: Int, started: Int = 0) {
        self.queue = queue
        self.started = started
        outcomes = Array(repeating: nil, count: count)
    }

    /// The next chapter to run, or nil when none is left.
    func take() -> Int? {
        lock.withLock {
            guard next < queue.count else { return nil }
            defer { next += 1 }
            return queue[next]
        }
    }

    /// Hands `event` to `report` one at a time, a start numbered in the order starts happen.
    func report(_ event: ChapterRunEvent, to report: (ChapterRunEvent) -> Void) {
        lock.withLock {
            if case .chapterStarted = event { started += 1 }
            report(event.at(position: started))
        }
    }

    /// Keeps the outcome of chapter `index`.
    func finish(_ index: Int, _ outcome: Result<ChapterRun, StoreError>) {
        lock.withLock { outcomes[index] = outcome }
    }

    /// The runs in book order, or the first store failure in book order.
    func runs() throws(StoreError) -> [ChapterRun] {
        var runs: [ChapterRun] = []
        for outcome in lock.withLock({ outcomes }) {
            guard let outcome else { continue }
            runs.append(try outcome.get())
        }
        return runs
    }
}

/// A value handed to worker threads although its type is not `Sendable`. Used for the
/// runner, the engine and the event callback of `run(_:jobs:)`: the workers only read the
/// first two (the engine is located before they start), and call the third under a lock.
struct Unchecked<Value>: @unchecked Sendable {
    let value: Value
}

extension ChapterRunEvent {
    /// The event with a start's position set (workers learn it only under the lock).
    func at(position: Int) -> ChapterRunEvent {
        guard case .chapterStarted(let chapter, _, let total) = self else { return self }
        return .chapterStarted(chapter: chapter, position: position, total: total)
    }
}
