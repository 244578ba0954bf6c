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
    // ConvLab's pool hands each experiment to whichever lane is free (a lane slowed by
    // another process takes fewer); with one lane it is a plain loop on the caller's thread.
    parallelItems(count, workers: max(1, min(threadCount, count))) { _, queue in
        for index in queue {
            results.set(index, Result { try withWorkerLimit(1) { try body(index) } })
        }
    }
    return try results.values()
}

/// The experiments' results, behind one lock.
private final class SideBySideResults<T: Sendable>: @unchecked Sendable {
    // @unchecked: `results` is read and written only under `lock`.
    private let lock = NSLock()
    private var results: [Result<T, any Error>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<T, any Error>) { lock.withLock { results[index] = result } }

    /// The results in order, or the first error in order.
    func values() throws -> [T] {
        try lock.withLock { results }.map { try $0!.get() }
    }
}
