import Foundation
import Synchronization

/// Hands out items to whichever worker asks first (one atomic add per item; in order 0, 1,
/// 2, … within each share, below), so that a worker slowed down — by another process on its
/// core, or by a costlier item — simply takes fewer items. Workers iterate it with
/// `for item in queue.taken(by: worker)` (or `for item in queue`, which starts every worker
/// at share 0).
///
/// Shares. Cut into `shares` runs of consecutive items, a queue hands worker w the items of
/// share w first, then those left in the next shares: two loops over the same images cut
/// alike then mostly give each core the images whose planes it built itself (in its own L2)
/// instead of half of them from the other core's. A worker that never comes leaves its
/// share to the others, so a busy core still costs at most an item.
final class WorkQueue: Sequence, IteratorProtocol, @unchecked Sendable {
    /// One share's next item (relative to the share's start), each in its own 64-byte
    /// allocation (object header, counter, padding), so that workers taking from different
    /// shares do not write the same cache line.
    private final class Counter: Sendable {
        /// The share's next item, relative to its start.
        let next = Atomic<Int>(0)
        /// Fills the object to 64 bytes: two counters' allocations never share a line.
        private let padding: (Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0)
    }
    private let counters: [Counter]
    /// The number of items handed out in all.
    let count: Int
    /// Runs of consecutive items a worker starts with its own of (1: one queue).
    let shares: Int

    /// A queue of `count` items cut into `shares` runs (at least 1, at most `count`).
    init(count: Int, shares: Int = 1) {
        self.count = count
        self.shares = Swift.max(1, Swift.min(shares, count))
        counters = (0..<self.shares).map { _ in Counter() }
    }

    /// Items `bounds(share)` form share `share`.
    private func bounds(_ share: Int) -> Range<Int> { count * share / shares..<count * (share + 1) / shares }

    /// The next item of the first share that has one left (shared by every worker that
    /// iterates the queue itself).
    func next() -> Int? {
        for share in 0..<shares {
            if let item = next(share: share) { return item }
        }
        return nil
    }

    /// The next item of `share`, or nil once it has none left.
    private func next(share: Int) -> Int? {
        let range = bounds(share)
        // Relaxed is enough: what an item writes reaches the caller through the pool's lock.
        let item = range.lowerBound + counters[share].next.wrappingAdd(1, ordering: .relaxed).oldValue
        return item < range.upperBound ? item : nil
    }

    /// True once every item has been handed out (a worker arriving then has nothing to do).
    var isExhausted: Bool { (0..<shares).allSatisfy { counters[$0].next.load(ordering: .relaxed) >= bounds($0).count } }

    func makeIterator() -> WorkQueue { self }

    /// The items worker `worker` takes: its own share's, then the next shares' (see above).
    func taken(by worker: Int) -> Taken { Taken(queue: self, first: worker % shares) }

    /// Iterates one worker's items of a queue cut into shares.
    struct Taken: Sequence, IteratorProtocol {
        /// The queue taken from, and the worker's own share.
        let queue: WorkQueue, first: Int
        /// Shares found empty so far (from `first` on).
        var emptied = 0

        /// The next item of the first share, from `first` on, that has one left.
        mutating func next() -> Int? {
            while emptied < queue.shares {
                if let item = queue.next(share: (first + emptied) % queue.shares) { return item }
                emptied += 1
            }
            return nil
        }
    }
}

/// ConvLab's worker threads, started on first use and kept for the life of the process, so
/// a parallel loop costs a lock and a wake-up instead of thread creation.
///
/// Why not wait for every worker. The calling thread takes items as well, and when the
/// queue runs dry it waits only for the helpers that actually joined and are finishing
/// an item. A helper that has not been scheduled yet (its core is busy with another
/// process) finds the loop closed when it wakes and goes back to sleep: a busy core costs
/// the loop at most one item, never a scheduler time slice per call. A loop too small to
/// need help (a 1×1×1×1 convolution) is done before any helper wakes.
///
/// Why helpers spin before they sleep. Waking a sleeping thread costs a futex call and, on
/// a virtual machine whose other core idles, a wake-up of that core: tens of microseconds,
/// which is a tenth of a 1 ms convolution and is paid by every parallel loop (a convolution
/// runs two or three). So a helper that finishes a loop watches `generation` for
/// `spinNanoseconds` before it sleeps: the next loop of the same layer, or of the next
/// layer, usually opens within that time and the helper joins at once. Only the first
/// `cores − 1` helpers spin, so more helpers than cores never busy-wait against each other.
///
/// Why helpers sometimes sleep at once. When another process keeps a core busy, a
/// helper that spins is descheduled in the middle of its next item for a time slice
/// (milliseconds) while the caller waits for it; one that sleeps between loops runs at once
/// when woken. So nobody spins while the process is preempted often (`SpinPolicy`): loops
/// still open to the helpers at once, and a helper slowed by the other process simply
/// takes fewer items.
///
/// Why helpers are placed. Helpers are kept off the caller's core as a loop opens when the
/// loop's threads fill every core or the process is preempted often, and, while it is
/// preempted often, a single helper is moved onto that core when the caller waits for it
/// (`HelperPlacement`): left to the kernel, a woken helper landed on the caller's core as
/// soon as another process kept a core busy, and two threads ran as fast as one.
///
/// One loop at a time: a caller that finds the pool busy (another thread's convolution,
/// or a convolution inside a parallel loop) runs its loop alone on its own thread. Results
/// never depend on who runs an item, so that only changes the speed.
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool()

    /// One parallel loop: its queue and body, and the helpers that may still join it.
    private final class Loop: @unchecked Sendable {
        let queue: WorkQueue
        /// Set to nil (under the lock) once the loop is over, so that no reference to the
        /// caller's closure outlives `run`, whatever a helper still holds.
        var body: (@Sendable (_ worker: Int, _ queue: WorkQueue) -> Void)?
        /// Helpers that may still join (workers − 1 at the start).
        var seats: Int
        /// The next joining helper's worker number (the caller is worker 0).
        var nextWorker = 1
        /// Helpers inside `body` right now.
        var active = 0
        /// The same count, left without the lock, for a caller that watches it before it sleeps.
        let inside = Atomic<Int>(0)

        init(queue: WorkQueue, seats: Int, body: @escaping @Sendable (Int, WorkQueue) -> Void) {
            (self.queue, self.seats, self.body) = (queue, seats, body)
        }
    }

    private let condition = NSCondition()
    /// Guarded by `condition`: helper threads started so far, and the loop open for joining.
    private var helpers = 0
    private var open: Loop?
    /// Guarded by `condition`: whether a loop owns the helpers.
    private var busy = false
    /// Guarded by `condition`: whether threads may spin now, sampled as loops open.
    private var spinPolicy = SpinPolicy()
    /// Guarded by `condition`: the helpers' threads, as they have started, and the cores
    /// they may run on (`HelperPlacement`).
    private var helperThreads: [pthread_t] = []
    /// (The cores are those of the thread that first uses the pool, read once: a process
    /// whose affinity changes later keeps the helpers within the first set.)
    private var placement = HelperPlacement(allowed: CPUAffinity.allowed() ?? [])
    /// Where the process's involuntary context switches are read (tests count their own).
    private let switches: @Sendable () -> Int

    /// A pool with its own helpers, reading the process's involuntary context switches from
    /// `switches` (tests choose them).
    init(switches: @escaping @Sendable () -> Int = SpinPolicy.processSwitches) {
        self.switches = switches
    }

    /// Set around a small convolution while the process is preempted often
    /// (`ConvKernels.runsAlone`): its loops run on the caller alone, with no helper woken,
    /// but over the same items as on every worker — results never depend on who runs an
    /// item, so they are the same bits as on a quiet machine.
    @TaskLocal static var callerAlone = false

    /// Whether the process is preempted often now (`SpinPolicy` no longer lets threads spin),
    /// sampling its involuntary switches first if a window has passed: asked before every
    /// small convolution (`ConvKernels.runsAlone`), so the answer follows the load even while
    /// those run alone and open no loop to helpers.
    var isPreemptedOften: Bool {
        let now = DispatchTime.now().uptimeNanoseconds
        return condition.withLock {
            spinPolicy.observe(at: now, switches: switches)
            return !spinPolicy.allowsSpinning
        }
    }

    /// Whether the pool's threads may spin as of the last sample (tests).
    var allowsSpinning: Bool { condition.withLock { spinPolicy.allowsSpinning } }

    /// Counts the loops opened so far; spinning helpers watch it without taking the lock.
    private let generation = Atomic<Int>(0)
    /// How long a helper watches for the next loop before it sleeps.
    static let spinNanoseconds: UInt64 = 200_000
    /// Helpers numbered below this spin (the others only sleep).
    private let spinningHelpers = max(0, ProcessInfo.processInfo.activeProcessorCount - 1)

    /// Helper threads started so far (they are never stopped): at most the largest worker
    /// count any loop asked for, minus one.
    var startedHelpers: Int { condition.withLock { helpers } }

    /// Runs `body(worker, queue)` on the calling thread (worker 0) and on up to `workers − 1`
    /// helpers over one queue of `count` items, and returns when every item is done. Each
    /// participant calls `body` once, with a worker number below `workers` no other
    /// participant of this loop has.
    func run(_ count: Int, workers: Int, shares: Int = 1, _ body: @Sendable (_ worker: Int, _ queue: WorkQueue) -> Void) {
        let queue = WorkQueue(count: count, shares: shares), workers = min(workers, count)
        guard workers > 1, !Self.callerAlone else {
            if count > 0 { body(0, queue) }
            return
        }
        // The body never outlives this call: the loop is closed, and every helper that
        // joined it has left `body`, before `run` returns.
        withoutActuallyEscaping(body) { body in
            let loop = Loop(queue: queue, seats: workers - 1, body: body)
            let started = DispatchTime.now().uptimeNanoseconds
            condition.lock()
            let shared = !busy
            if shared {
                busy = true
                startHelpers(workers - 1)
                spinPolicy.observe(at: started, switches: switches)
                let keepAway = placement.keepsAway(threads: workers, preemptedOften: !spinPolicy.allowsSpinning)
                placeHelpers(placement.opening(callerCPU: keepAway ? CPUAffinity.current() : nil, keepAway: keepAway))
                openToHelpers(loop)
            }
            condition.unlock()
            body(0, queue)
            guard shared else { return }
            let finished = DispatchTime.now().uptimeNanoseconds
            let spins = condition.withLock {
                open = nil
                return spinPolicy.allowsSpinning
            }
            if spins {
                // A helper finishing its last item keeps the caller about one item's time (the
                // loop's time × workers / items) on a quiet machine.
                let itemTime = (finished &- started) &* UInt64(workers) / UInt64(count)
                awaitHelpers(of: loop, upTo: finished &+ min(Self.closingSpinNanoseconds, 2 &* itemTime))
            }
            condition.lock()
            // Only while preempted often: on a quiet machine the helper finishing its item
            // has a core of its own, and moving it would cost two migrations a loop.
            if !spins, loop.active > 0, case .awayFrom = placement.cores {
                placeHelpers(placement.waiting(callerCPU: CPUAffinity.current(), helpers: helperThreads.count))
            }
            while loop.active > 0 { condition.wait() }
            loop.body = nil
            busy = false
            condition.unlock()
        }
    }

    /// How long a caller whose queue ran dry watches its helpers finish their last items
    /// before it sleeps. Why: sleeping, and being woken by the last helper, is a futex call
    /// each way — on this virtual machine about 10 µs, paid by every loop whose helper was
    /// still busy. A 3×3 over 32 channels on one 14×14 image (0.08 ms on one thread) took
    /// 0.100 ms on two threads with one context switch per convolution. Not longer than two
    /// items' time: a helper whose core another process took must get the caller's core.
    static let closingSpinNanoseconds: UInt64 = 50_000

    /// Watches until no helper is inside `loop`'s body or `deadline` (uptime, ns) has passed.
    private func awaitHelpers(of loop: Loop, upTo deadline: UInt64) {
        var spins = 0
        while loop.inside.load(ordering: .acquiring) > 0 {
            spins &+= 1
            if spins & 63 == 0 && DispatchTime.now().uptimeNanoseconds > deadline { return }
        }
    }

    /// Gives every helper `mask`, if `HelperPlacement` changed it (called with the lock held).
    private func placeHelpers(_ mask: Set<Int>?) {
        guard let mask else { return }
        for thread in helperThreads { CPUAffinity.restrict(thread, to: mask) }
    }

    /// Where the helpers should run, and the cores the system says each may run on (tests).
    var helperPlacement: (placement: HelperPlacement, masks: [Set<Int>?]) {
        condition.withLock { (placement, helperThreads.map { CPUAffinity.allowed($0) }) }
    }

    /// Lets helpers join `loop` (called with the lock held).
    private func openToHelpers(_ loop: Loop) {
        open = loop
        generation.wrappingAdd(1, ordering: .releasing)
        condition.broadcast()
    }

    /// Starts helper threads until there are `wanted` (called with the lock held).
    private func startHelpers(_ wanted: Int) {
        while helpers < wanted {
            let number = helpers + 1
            let thread = Thread { self.serve(spins: number <= self.spinningHelpers) }
            thread.name = "ConvLab worker \(number)"
            thread.stackSize = 1 << 20
            thread.start()
            helpers += 1
        }
    }

    /// A helper's life: sleep until a loop has a free seat and items left, take part, repeat.
    private func serve(spins: Bool) {
        condition.lock()
        // A helper started while the others are kept off the caller's core joins them there.
        let thread = pthread_self()
        helperThreads.append(thread)
        if placement.cores != .anywhere { CPUAffinity.restrict(thread, to: placement.mask) }
        // The generation after which this helper last spun: it spins once per new loop, and
        // looks at `open` again (under the lock) after every spin, so no wake-up is missed.
        var spunAfter = -1
        while true {
            guard let loop = open, loop.seats > 0, !loop.queue.isExhausted else {
                let current = generation.load(ordering: .acquiring)
                if spins && spunAfter != current && spinPolicy.allowsSpinning {
                    spunAfter = current
                    awaitNextLoop(after: current)
                } else {
                    condition.wait()
                }
                continue
            }
            loop.seats -= 1
            loop.active += 1
            loop.inside.wrappingAdd(1, ordering: .relaxed)
            let worker = loop.nextWorker, body = loop.body
            loop.nextWorker += 1
            condition.unlock()
            body?(worker, loop.queue)
            condition.lock()
            loop.active -= 1
            // Under the lock, after `active`: a caller that saw 0 here finds `active` 0 too
            // and does not sleep.
            loop.inside.wrappingSubtract(1, ordering: .releasing)
            if loop.active == 0 { condition.broadcast() }
        }
    }

    /// Called with the lock held; releases it while watching `generation` for a loop opened
    /// after `seen`, for at most `spinNanoseconds`, and returns with the lock held again.
    private func awaitNextLoop(after seen: Int) {
        condition.unlock()
        defer { condition.lock() }
        let deadline = DispatchTime.now().uptimeNanoseconds &+ Self.spinNanoseconds
        var spins = 0
        while generation.load(ordering: .relaxed) == seen {
            spins &+= 1
            if spins & 255 == 0 && DispatchTime.now().uptimeNanoseconds > deadline { return }
        }
    }
}
