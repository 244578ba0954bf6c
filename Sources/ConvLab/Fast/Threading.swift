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

/// The workers a parallel loop over `count` items uses: `threadCount` (or the limit of an
/// enclosing `withWorkerLimit`), read once, at most `count`.
func workerCount(for count: Int) -> Int { max(1, min(WorkerLimit.current ?? threadCount, count)) }

/// A thread count for the convolutions of one scope on one thread, leaving the global
/// `threadCount` alone: tests running side by side each use their own.
enum WorkerLimit {
    @TaskLocal static var current: Int?
}

/// Runs `body` with ConvLab's convolutions started from it using `threads` threads.
func withWorkerLimit<R>(_ threads: Int, _ body: () throws -> R) rethrows -> R {
    try WorkerLimit.$current.withValue(max(1, min(threads, 64)), operation: body)
}

/// Runs `body(worker, items)` over `0..<count` split into contiguous ranges, about four per
/// worker, handed out to whichever worker is free (`WorkerPool`): a worker may get several
/// ranges, or none. For loops whose items are too small to hand out one by one (a channel
/// of a copy). With one worker it runs inline on the whole range. With `shares`, the ranges
/// are cut into that many shares and worker w starts with the w-th (`WorkQueue`).
func parallelRanges(_ count: Int, workers: Int, shares: Int = 1, _ body: @Sendable (_ worker: Int, _ items: Range<Int>) -> Void) {
    if workers <= 1 || count <= 1 {
        if count > 0 { body(0, 0..<count) }
        return
    }
    let pieces = min(count, 4 * workers)
    WorkerPool.shared.run(pieces, workers: workers, shares: shares) { worker, queue in
        for piece in queue.taken(by: worker) { body(worker, count * piece / pieces..<count * (piece + 1) / pieces) }
    }
}

/// `parallelRanges` with as many workers as `threadCount` allows.
func parallelRanges(_ count: Int, shares: Int = 1, _ body: @Sendable (_ worker: Int, _ items: Range<Int>) -> Void) {
    parallelRanges(count, workers: workerCount(for: count), shares: shares, body)
}

/// The shares (`WorkQueue`) for an image-major loop over `images` images: one per worker when
/// each worker can have images of its own, so that consecutive loops over the same images
/// (planes built, then read; a layer's output written, then the next layer's planes built
/// from it) give each core mostly the images it handled before, in its own L2. Two threads,
/// fastest runs: the two 3×3 over 8 × 32×32 1.457–1.466 → 1.396–1.40 ms, depthwise 3×3 over
/// 8 × 56×56 0.532–0.535 → 0.482–0.493 ms (its ∂input 0.524–0.530 → 0.482–0.485). Fewer
/// images than workers: one share (cut by rows or channels, shares kept nothing and cost
/// one image's ∂input of 3×3 over 56×56 about 2%).
func imageShares(_ images: Int) -> Int {
    let workers = workerCount(for: Int.max)
    return images >= workers ? workers : 1
}

/// The shares for a loop over blocks of `images` images that run along their rows: one per
/// worker for a single image (worker w starts with the w-th band of rows, as
/// `FastPlanes.scatter` builds a single image's planes band by band), else `imageShares`.
func bandShares(_ images: Int) -> Int {
    images == 1 ? workerCount(for: Int.max) : imageShares(images)
}

/// Runs `body(worker, queue)` on up to `workers` threads (default: `threadCount`) sharing
/// one queue of `count` items, through the persistent `WorkerPool`. For work whose result
/// does not depend on which worker does which item; `worker` (below `workers`) only picks
/// a worker's own scratch memory. With `shares`, the queue is cut into that many runs of
/// consecutive items, and a body that iterates `queue.taken(by: worker)` starts with its own.
func parallelItems(_ count: Int, workers: Int? = nil, shares: Int = 1, _ body: @Sendable (_ worker: Int, _ queue: WorkQueue) -> Void) {
    WorkerPool.shared.run(count, workers: min(workers ?? workerCount(for: count), count), shares: shares, body)
}

/// A zero-filled scratch buffer of floats, returned to `BufferPool` when released.
final class FloatBuffer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int
    private let capacity: Int

    init(zeros count: Int) {
        self.count = max(count, 1)
        (pointer, capacity) = BufferPool.shared.take(self.count)
        pointer.initialize(repeating: 0, count: self.count)
    }

    /// A zero-filled buffer cleared by all workers at once, for buffers of megabytes (a
    /// batch's planes): one thread clears ~10 GB/s here, so clearing 1 MB alone took
    /// ~100 µs, a tenth of a 1 ms convolution on two threads.
    static func zerosInParallel(_ count: Int) -> FloatBuffer {
        let buffer = FloatBuffer(uninitialized: count)
        let target = buffer.shared, total = buffer.count
        let pieces = (total + parallelZeroPiece - 1) / parallelZeroPiece
        parallelRanges(pieces) { _, range in
            let start = range.lowerBound * parallelZeroPiece, end = min(range.upperBound * parallelZeroPiece, total)
            (target.base + start).initialize(repeating: 0, count: end - start)
        }
        return buffer
    }

    /// Floats one worker clears at a time in `zerosInParallel` (256 KiB).
    private static let parallelZeroPiece = 1 << 16

    /// A buffer whose contents are left as they are (old values of a reused buffer): for
    /// memory every user clears or overwrites itself, on the worker that then uses it.
    init(uninitialized count: Int) {
        self.count = max(count, 1)
        (pointer, capacity) = BufferPool.shared.take(self.count)
    }

    deinit { BufferPool.shared.give(pointer, capacity: capacity) }

    var shared: SharedPointer { SharedPointer(pointer) }
}

/// Keeps released scratch buffers for the next convolution. Fresh multi-megabyte allocations
/// come from the kernel as untouched pages, and faulting them in cost more than the
/// arithmetic of a depthwise convolution here (measured: ∂input of case (g) took 25–75 ms
/// instead of ~2 ms). Capacities are rounded up to 64 KiB so that similar sizes share
/// buffers; at most 512 MiB is kept.
final class BufferPool: @unchecked Sendable {
    static let shared = BufferPool()
    private let lock = NSLock()
    private var free: [Int: [UnsafeMutablePointer<Float>]] = [:]
    private var keptFloats = 0
    private let limitFloats = 128 << 20

    func take(_ count: Int) -> (UnsafeMutablePointer<Float>, Int) {
        let capacity = (count + 16383) / 16384 * 16384
        let reused: UnsafeMutablePointer<Float>? = lock.withLock {
            guard let pointer = free[capacity]?.popLast() else { return nil }
            keptFloats -= capacity
            return pointer
        }
        return (reused ?? .allocate(capacity: capacity), capacity)
    }

    func give(_ pointer: UnsafeMutablePointer<Float>, capacity: Int) {
        let kept: Bool = lock.withLock {
            guard keptFloats + capacity <= limitFloats else { return false }
            free[capacity, default: []].append(pointer)
            keptFloats += capacity
            return true
        }
        if !kept { pointer.deallocate() }
    }
}
