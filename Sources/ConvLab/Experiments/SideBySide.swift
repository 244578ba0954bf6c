import Foundation

/// Runs `count` independent experiments — one per seed, say — side by side on up to
/// `ConvLab.threadCount` threads, each experiment on one thread, and returns their results
/// in order.
///
/// Inside `body` every convolution runs on one thread (as with `threadCount = 1`), so each
/// result has the sums of a one-thread run: the same bits on every machine, whatever its
/// cores or a parallel build's budget; only the time changes. Small networks gain more from
/// this than from splitting each layer, whose work is too short to share well. `body` must
/// not touch state shared between experiments, such as the global generator behind
/// `manualSeed`: give each experiment its own `SeededGenerator`. The first error, in
/// experiment order, is rethrown after every experiment has ended.
public func sideBySide<T: Sendable>(_ count: Int, _ body: @Sendable (_ index: Int) throws -> T) throws -> [T] {
    let results = SideBySideResults<T>(count: count)
    let lanes = max(1, min(threadCount, count))
    // Each lane takes the next experiment: a lane slowed by another process takes fewer.
    // With one lane, this is a plain loop on the caller's thread.
    DispatchQueue.concurrentPerform(iterations: lanes) { _ in
        while let index = results.next() {
            results.set(index, Result { try withWorkerLimit(1) { try body(index) } })
        }
    }
    return try results.values()
}

/// The experiments' queue and results, behind one lock.
private final class SideBySideResults<T: Sendable>: @unchecked Sendable {
    // @unchecked: both stored properties are read and written only under `lock`.
    private let lock = NSLock()
    private var taken = 0
    private var results: [Result<T, any Error>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    /// The next experiment to run, or nil when every one is taken.
    func next() -> Int? {
        lock.withLock {
            guard taken < results.count else { return nil }
            defer { taken += 1 }
            return taken
        }
    }

    func set(_ index: Int, _ result: Result<T, any Error>) { lock.withLock { results[index] = result } }

    /// The results in order, or the first error in order.
    func values() throws -> [T] {
        try lock.withLock { results }.map { try $0!.get() }
    }
}
