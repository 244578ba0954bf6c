import Dispatch
import Foundation

/// The number of threads ConvLab's convolutions use: the machine's active cores unless set.
///
/// Set it to 1 to time a single core (conv-bench `--threads 1`). Safe to read and write from
/// any thread; a change applies to convolutions that start afterwards. Values below 1 stop
/// with a message; values above 64 are capped.
public var threadCount: Int {
    get { ThreadSetting.shared.value }
    set {
        if newValue < 1 { fatalError("ConvLab.threadCount must be at least 1, got \(newValue)") }
        ThreadSetting.shared.value = min(newValue, 64)
    }
}

/// The lock-protected storage behind `threadCount` (a global `var` would not be
/// concurrency-safe in Swift 6).
private final class ThreadSetting: @unchecked Sendable {
    static let shared = ThreadSetting()
    private let lock = NSLock()
    private var stored = max(1, ProcessInfo.processInfo.activeProcessorCount)

    var value: Int {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// Raw pointers handed to worker threads. Each parallel loop below documents which part of
/// the memory each worker writes, so that no two workers write the same element.
struct SharedPointer: @unchecked Sendable {
    let base: UnsafeMutablePointer<Float>
    init(_ base: UnsafeMutablePointer<Float>) { self.base = base }
}

/// Read-only pointers handed to worker threads.
struct SharedConstPointer: @unchecked Sendable {
    let base: UnsafePointer<Float>
    init(_ base: UnsafePointer<Float>) { self.base = base }
}

/// The workers a parallel loop over `count` items uses: `threadCount`, read once, at most `count`.
func workerCount(for count: Int) -> Int { max(1, min(threadCount, count)) }

/// Runs `body(worker, items)` on `workers` threads, giving each worker one contiguous range
/// of `0..<count`, in order. With one worker it runs inline, so a single-threaded run pays
/// nothing for Dispatch.
func parallelRanges(_ count: Int, workers: Int, _ body: @Sendable (_ worker: Int, _ items: Range<Int>) -> Void) {
    if workers <= 1 || count <= 1 {
        if count > 0 { body(0, 0..<count) }
        return
    }
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        // Balanced split: the first `count % workers` workers take one extra item.
        let base = count / workers, extra = count % workers
        let start = worker * base + min(worker, extra)
        body(worker, start..<(start + base + (worker < extra ? 1 : 0)))
    }
}

/// `parallelRanges` with as many workers as `threadCount` allows.
func parallelRanges(_ count: Int, _ body: @Sendable (_ worker: Int, _ items: Range<Int>) -> Void) {
    parallelRanges(count, workers: workerCount(for: count), body)
}

/// A zero-filled scratch buffer of floats, freed when the value is released.
final class FloatBuffer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(zeros count: Int) {
        self.count = max(count, 1)
        pointer = .allocate(capacity: self.count)
        pointer.initialize(repeating: 0, count: self.count)
    }

    deinit { pointer.deallocate() }

    var shared: SharedPointer { SharedPointer(pointer) }
}
