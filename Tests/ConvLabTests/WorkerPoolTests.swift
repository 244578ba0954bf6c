import Foundation
import Synchronization
import Testing
@testable import ConvLab

/// The persistent worker pool and its dynamic split (`WorkerPool`, `parallelItems`,
/// `parallelRanges`): every item exactly once whatever the sizes and thread counts, worker
/// numbers a body can index scratch memory with, and loops inside loops or on several
/// threads at once. Speed is measured by conv-bench, never here.
@Suite struct WorkerPoolTests {
    /// How often each item was run, and which worker numbers took part (per body call).
    final class Record: Sendable {
        let runs: Mutex<[Int]>
        let workers = Mutex<[Int]>([])
        init(_ count: Int) { runs = Mutex([Int](repeating: 0, count: count)) }
        func ran(_ item: Int) { runs.withLock { $0[item] += 1 } }
        func joined(_ worker: Int) { workers.withLock { $0.append(worker) } }
    }

    @Test(arguments: [(0, 2), (1, 2), (2, 2), (3, 2), (7, 2), (97, 2), (1001, 2), (97, 3), (13, 8), (3, 8), (50, 1), (5, 64)])
    func everyItemRunsExactlyOnce(_ count: Int, _ workers: Int) {
        let record = Record(count)
        parallelItems(count, workers: workers) { worker, queue in
            record.joined(worker)
            for item in queue { record.ran(item) }
        }
        #expect(record.runs.withLock { $0 } == [Int](repeating: 1, count: count))
        let joined = record.workers.withLock { $0 }
        // Distinct numbers below the loop's worker count (scratch memory is indexed by them),
        // never more participants than items, and the caller (worker 0) always among them.
        #expect(Set(joined).count == joined.count)
        #expect(joined.allSatisfy { $0 >= 0 && $0 < max(1, min(workers, count)) })
        #expect(joined.count <= max(1, min(workers, count)))
        if count > 0 { #expect(joined.contains(0)) }
    }

    @Test(arguments: [(0, 2, 2), (1, 2, 2), (2, 2, 2), (7, 2, 2), (97, 2, 2), (1001, 2, 2), (97, 3, 3), (13, 8, 3), (3, 8, 8), (50, 1, 4), (5, 2, 64)])
    func everyItemRunsExactlyOnceInShares(_ count: Int, _ workers: Int, _ shares: Int) {
        // Which worker takes which item depends on timing (a fast helper may take them all);
        // the order within one worker is checked below, one step at a time.
        let record = Record(count)
        parallelItems(count, workers: workers, shares: shares) { worker, queue in
            record.joined(worker)
            for item in queue.taken(by: worker) { record.ran(item) }
        }
        #expect(record.runs.withLock { $0 } == [Int](repeating: 1, count: count))
        let joined = record.workers.withLock { $0 }
        #expect(Set(joined).count == joined.count && joined.allSatisfy { $0 < max(1, min(workers, count)) })
        // A queue in shares iterated by itself still hands out every item once.
        let queue = WorkQueue(count: count, shares: shares)
        #expect(Array(queue) == Array(0..<count) && queue.isExhausted)
    }

    @Test func aGeometryCacheBuildsOncePerKeyAndForgetsTheLeastRecentlyUsed() {
        let cache = GeometryCache<Int, String>(capacity: 3), builds = Mutex(0)
        func value(_ key: Int) -> String { cache.value(key) { builds.withLock { $0 += 1 }; return "v\(key)" } }
        #expect([value(1), value(2), value(1), value(3)] == ["v1", "v2", "v1", "v3"])
        #expect(builds.withLock { $0 } == 3 && cache.count == 3, "key 1 built once")
        _ = value(4)  // evicts 2, the least recently used (1 was used after it)
        #expect(cache.count == 3)
        _ = value(1)
        #expect(builds.withLock { $0 } == 4, "1 kept")
        _ = value(2)
        #expect(builds.withLock { $0 } == 5, "2 built again")
    }

    @Test func aWorkerStartsWithItsShareAndTakesTheRestOfAnAbsentWorkers() {
        // Alone, worker 1 takes share 1 first (items 10..<20), then share 0, then nothing twice.
        let queue = WorkQueue(count: 20, shares: 2)
        #expect(Array(queue.taken(by: 1)) == Array(10..<20) + Array(0..<10))
        #expect(queue.isExhausted && Array(queue.taken(by: 0)).isEmpty)
        // Two workers taking turns: each drains its own share before the other's.
        let shared = WorkQueue(count: 9, shares: 3)
        var zero = shared.taken(by: 0), two = shared.taken(by: 2)
        #expect([zero.next(), two.next(), zero.next(), two.next(), zero.next(), two.next()] == [0, 6, 1, 7, 2, 8])
        #expect([zero.next(), zero.next(), zero.next(), two.next()] == [3, 4, 5, nil])
        #expect(shared.isExhausted)
    }

    @Test func oneWorkerRunsInlineOnTheCallingThread() {
        let caller = pthread_self()
        let record = Record(9)
        let sameThread = Mutex(true)
        parallelItems(9, workers: 1) { worker, queue in
            record.joined(worker)
            sameThread.withLock { $0 = $0 && pthread_equal(pthread_self(), caller) != 0 }
            for item in queue { record.ran(item) }
        }
        #expect(record.workers.withLock { $0 } == [0])
        #expect(sameThread.withLock { $0 })
        #expect(record.runs.withLock { $0 } == [Int](repeating: 1, count: 9))
    }

    @Test(arguments: [(1, 2), (2, 2), (5, 2), (8, 2), (9, 3), (1000, 2), (31, 64)])
    func rangesCoverEveryItemOnce(_ count: Int, _ workers: Int) {
        let record = Record(count)
        let pieces = Mutex(0)
        parallelRanges(count, workers: workers) { _, range in
            pieces.withLock { $0 += 1 }
            for item in range { record.ran(item) }
        }
        #expect(record.runs.withLock { $0 } == [Int](repeating: 1, count: count))
        // Small pieces, so that a slowed worker takes fewer: about four per worker.
        #expect(pieces.withLock { $0 } == (workers <= 1 || count <= 1 ? 1 : min(count, 4 * workers)))
    }

    @Test func aSlowWorkerTakesFewerItems() {
        // Worker 0 (the caller) sleeps on its first item, as if its core were busy; the
        // others must not wait for it and take the rest of the items between them.
        let record = Record(40)
        let perWorker = Mutex([Int: Int]())
        parallelItems(40, workers: 2) { worker, queue in
            for item in queue {
                if worker == 0 && perWorker.withLock({ $0[0, default: 0] }) == 0 { usleep(200_000) }
                perWorker.withLock { $0[worker, default: 0] += 1 }
                record.ran(item)
            }
        }
        #expect(record.runs.withLock { $0 } == [Int](repeating: 1, count: 40))
        let counts = perWorker.withLock { $0 }
        // A fixed split would give each 20. The helper has 200 ms for 39 trivial items; if it
        // never got scheduled (a loaded machine), the caller did them all after its sleep.
        #expect(counts[0, default: 0] == 40 || counts[0, default: 0] < 20)
    }

    @Test func loopsInsideLoopsAndFromSeveralThreadsFinish() {
        // A loop started while the pool runs another one (inside a body, or from another
        // thread) runs alone on its caller's thread: same items, no deadlock.
        let outer = Record(6)
        let inner = Record(6 * 50)
        parallelItems(6, workers: 2) { _, queue in
            for item in queue {
                outer.ran(item)
                parallelItems(50, workers: 2) { _, innerQueue in
                    for innerItem in innerQueue { inner.ran(item * 50 + innerItem) }
                }
            }
        }
        #expect(outer.runs.withLock { $0 } == [Int](repeating: 1, count: 6))
        #expect(inner.runs.withLock { $0 } == [Int](repeating: 1, count: 300))

        let fromThreads = Record(8 * 200)
        DispatchQueue.concurrentPerform(iterations: 8) { caller in
            for round in 0..<20 {
                parallelRanges(10, workers: 3) { _, range in
                    for item in range { fromThreads.ran(caller * 200 + round * 10 + item) }
                }
            }
        }
        #expect(fromThreads.runs.withLock { $0 } == [Int](repeating: 1, count: 1600))
    }

    @Test func helperThreadsAreKeptAcrossLoops() {
        // The largest loop any caller can ask for (64 workers) starts the 63 helpers; after
        // that no loop, of any size, starts another: threads are kept, never spawned per call.
        // (A loop that finds the pool busy with another test's loop runs alone, so try again.)
        // (Tried for up to 10 s: other suites' convolutions may hold the pool for a while.)
        let start = Date()
        while WorkerPool.shared.startedHelpers < 63 && Date().timeIntervalSince(start) < 10 {
            parallelItems(1000, workers: 64) { _, queue in for _ in queue {} }
            usleep(100)
        }
        #expect(WorkerPool.shared.startedHelpers == 63)
        for round in 0..<300 {
            parallelItems(16 + round % 7, workers: 2 + round % 5) { _, queue in for _ in queue {} }
        }
        #expect(WorkerPool.shared.startedHelpers == 63)
    }

    @Test func weightGradientSegments() {
        #expect(WeightGradient.segmentCount(workers: 1, perWorker: 4, chunks: 500, floatsPerSegment: 100) == 1)
        #expect(WeightGradient.segmentCount(workers: 2, perWorker: 4, chunks: 500, floatsPerSegment: 100) == 8)
        #expect(WeightGradient.segmentCount(workers: 2, perWorker: 1, chunks: 500, floatsPerSegment: 100) == 2)
        #expect(WeightGradient.segmentCount(workers: 2, perWorker: 4, chunks: 3, floatsPerSegment: 100) == 3)
        #expect(WeightGradient.segmentCount(workers: 3, perWorker: 4, chunks: 1, floatsPerSegment: 100) == 1)
        #expect(WeightGradient.segmentCount(workers: 3, perWorker: 1, chunks: 2, floatsPerSegment: 100) == 2)
        // 7×7 over 128 → 128 channels: 6272 × 128 floats a segment, 10 fit in 8 M floats.
        #expect(WeightGradient.segmentCount(workers: 2, perWorker: 4, chunks: 500, floatsPerSegment: 6272 * 128) == 8)
        #expect(WeightGradient.segmentCount(workers: 4, perWorker: 4, chunks: 500, floatsPerSegment: 6272 * 128) == 10)
        #expect(WeightGradient.segmentCount(workers: 4, perWorker: 1, chunks: 500, floatsPerSegment: 6272 * 128) == 4)
        #expect(WeightGradient.segmentCount(workers: 2, perWorker: 4, chunks: 500, floatsPerSegment: 16 << 20) == 2)
    }

    @Test func weightGradientSplitsByRowsWhenPixelsAreFew() {
        // conv-bench's 7×7 and 7×1 over 8 images of 17×17 (2312 pixels): by rows.
        #expect(WeightGradient.splitsByRows(k: 128 * 49, pixels: 8 * 17 * 17, plane: 17 * 17, channels: 128))
        #expect(WeightGradient.splitsByRows(k: 128 * 7, pixels: 8 * 17 * 17, plane: 17 * 17, channels: 128))
        // A 5×5 over 32 channels of 8 × 32×32: 10 pixels per row of K, an image's dY 128 KiB: by rows.
        #expect(WeightGradient.splitsByRows(k: 32 * 25, pixels: 8 * 32 * 32, plane: 32 * 32, channels: 32))
        // A 3×3 over 64 channels of 56×56, one image (800 KiB of dY) or eight; two 3×3 over 32
        // channels of 32×32 (28 pixels per row of K): by pixels.
        #expect(!WeightGradient.splitsByRows(k: 64 * 9, pixels: 56 * 56, plane: 56 * 56, channels: 64))
        #expect(!WeightGradient.splitsByRows(k: 64 * 9, pixels: 8 * 56 * 56, plane: 56 * 56, channels: 64))
        #expect(!WeightGradient.splitsByRows(k: 32 * 9, pixels: 8 * 32 * 32, plane: 32 * 32, channels: 32))
    }

    @Test func weightGradientByRowsReadsTheInputItselfWhenEveryPanelIsOneTap() {
        func geometry(_ channels: Int, kernel: Size2D, stride: Int = 1, padding: Padding2D, groups: Int = 1) -> ConvGeometry {
            ConvGeometry(inputShape: [8, channels, 17, 17], weightShape: [32, channels / groups, kernel.h, kernel.w],
                         stride: Size2D(h: stride, w: stride), padding: padding, dilation: 1, groups: groups)
        }
        // conv-bench's 5×5 over 32 channels and 1×7 + 7×1 over 128: panels of 8 channels of one
        // tap, read where the input lies; two groups of 16 too.
        #expect(WeightGradient.byRowsReadsInputItself(geometry(32, kernel: 5, padding: 2)))
        #expect(WeightGradient.byRowsReadsInputItself(geometry(128, kernel: Size2D(h: 1, w: 7), padding: Padding2D(h: 0, w: 3))))
        #expect(WeightGradient.byRowsReadsInputItself(geometry(32, kernel: 3, padding: 1, groups: 2)))
        // 12 channels a group: a panel spans two taps, whose union of rectangles reads
        // padding; stride 2: an output row's next pixel is two input pixels on.
        #expect(!WeightGradient.byRowsReadsInputItself(geometry(24, kernel: 3, padding: 1, groups: 2)))
        #expect(!WeightGradient.byRowsReadsInputItself(geometry(32, kernel: 3, stride: 2, padding: 1)))
    }

    @Test func weightGradientRowBlocksShrinkTowardTheEndOfTheQueue() {
        // One worker: blocks of the largest size the accumulator allows (32 KiB: 8 panels of 128 channels, 32 of 32).
        #expect(WeightGradient.blockStarts(panels: 112, groups: 1, workers: 1, channels: 128) == Array(stride(from: 0, through: 112, by: 8)))
        #expect(WeightGradient.blockStarts(panels: 100, groups: 1, workers: 1, channels: 32) == [0, 32, 64, 96, 100])
        // Two: about the panels left over four, down to 4 panels; every panel in exactly one block, in order.
        let fiveByFive = WeightGradient.blockStarts(panels: 100, groups: 1, workers: 2, channels: 32)
        #expect(fiveByFive == [0, 25, 43, 57, 67, 75, 81, 85, 89, 93, 97, 100])
        let sevenByOne = WeightGradient.blockStarts(panels: 112, groups: 1, workers: 2, channels: 128)
        #expect(sevenByOne.first == 0 && sevenByOne.last == 112)
        let sizes = zip(sevenByOne.dropFirst(), sevenByOne).map { $0 - $1 }
        #expect(sizes.allSatisfy { $0 >= 1 && $0 <= 8 } && sizes == sizes.sorted(by: >), "\(sizes)")
        #expect(sizes.dropLast().allSatisfy { $0 >= 4 }, "only the last block is below 4 panels: \(sizes)")
        // Many groups: one block of each group's panels when that is already two per worker.
        #expect(WeightGradient.blockStarts(panels: 3, groups: 64, workers: 2, channels: 32) == [0, 3])
        #expect(WeightGradient.blockStarts(panels: 0, groups: 1, workers: 2, channels: 32) == [0])
    }

    @Test(arguments: [
        ConvCase(batch: 3, inChannels: 5, outChannels: 11, height: 13, width: 17),                          // odd sizes, partial panels
        ConvCase(batch: 1, inChannels: 3, outChannels: 16, height: 23, width: 21, kernel: 7, stride: 2, padding: 3), // stem: row sets
        ConvCase(batch: 2, inChannels: 12, outChannels: 9, height: 9, width: 61, kernel: 5, padding: 2),    // many chunks
        ConvCase(batch: 2, inChannels: 6, outChannels: 40, height: 9, width: 9, kernel: 7, padding: 3),     // 2 blocks of 5 panels: split panels
        ConvCase(inChannels: 8, outChannels: 20, height: 4, width: 94),                                      // wide: 2 blocks of 3 panels, split
    ])
    func resultsDependOnTheThreadCountOnly(_ c: ConvCase) {
        // Any number of threads: right against the reference, and the same bits on every
        // repetition (segments and row sets are fixed by the thread count, not by timing);
        // the forward pass and ∂input are the same bits at every thread count.
        var rng = SeededGenerator(seed: 11)
        let input = Tensor.uniform([c.batch, c.inChannels, c.height, c.width], in: -1..<1, using: &rng)
        let weight = Tensor.uniform([c.outChannels, c.inChannels, c.kernel.h, c.kernel.w], in: -1..<1, using: &rng)
        let g = ConvGeometry(inputShape: input.shape, weightShape: weight.shape, stride: c.stride, padding: c.padding,
                             dilation: 1, groups: 1)
        let gradOutput = Tensor.uniform(g.outputShape, in: -1..<1, using: &rng)
        let exact = conv2dBackwardReference(input, weight, gradOutput: gradOutput, stride: c.stride, padding: c.padding)
        let scale = exact.weight.map(abs).max()
        var firstForward: Tensor?, firstInput: Tensor?
        for threads in [1, 2, 3, 5] {
            let (once, again, forward) = withWorkerLimit(threads) {
                (FastBackward.run(input, weight, gradOutput: gradOutput, hasBias: false, g),
                 FastBackward.run(input, weight, gradOutput: gradOutput, hasBias: false, g),
                 FastForward.run(input, weight, bias: nil, g))
            }
            #expect(once.weight == again.weight, "∂weight repeatable at \(threads) threads")
            // Split for `threads` workers but run by the caller alone (a small convolution on
            // a busy machine, ConvKernels.runsAlone): the same bits.
            let (alone, aloneForward) = WorkerPool.$callerAlone.withValue(true) {
                withWorkerLimit(threads) {
                    (FastBackward.run(input, weight, gradOutput: gradOutput, hasBias: false, g), FastForward.run(input, weight, bias: nil, g))
                }
            }
            #expect(alone.weight == once.weight && alone.input == once.input && aloneForward == forward,
                    "the caller alone, split for \(threads) threads")
            let error = zip(once.weight.scalars, exact.weight.scalars).map { abs($0 - $1) }.max() ?? 0
            #expect(error <= 1e-4 * scale, "∂weight at \(threads) threads")
            #expect(forward == (firstForward ?? forward), "forward at \(threads) threads")
            #expect(once.input == (firstInput ?? once.input), "∂input at \(threads) threads")
            firstForward = firstForward ?? forward
            firstInput = firstInput ?? once.input
        }
    }

    @Test func forwardLayoutWeighsWastedColumnsAgainstPacking() {
        // conv-bench's cases: a 3×3 over 32×32 with 32 channels wastes 7% of its columns in
        // wide numbering against 16% for packing (and takes segments anyway); a 1×7 over
        // 17×17 wastes 33% against 4%.
        func layout(channels: Int, side: Int, kernel: Size2D, padding: Padding2D) -> PlaneLayout {
            PlaneLayout(ConvGeometry(inputShape: [8, channels, side, side], weightShape: [channels, channels, kernel.h, kernel.w],
                                     stride: 1, padding: padding, dilation: 1, groups: 1))
        }
        let threeByThree = layout(channels: 32, side: 32, kernel: 3, padding: 1)
        #expect(!ForwardMode.automatic.packs(threeByThree, rows: 32))
        #expect(ForwardMode.automatic.packs(threeByThree, rows: 512), "with many channels packing is cheap")
        let oneBySeven = layout(channels: 128, side: 17, kernel: Size2D(h: 1, w: 7), padding: Padding2D(top: 0, bottom: 0, left: 3, right: 3))
        #expect(ForwardMode.automatic.packs(oneBySeven, rows: 128))
        #expect(!ForwardMode.wide.packs(oneBySeven, rows: 128))
        // Output rows a multiple of 8 wide go in segments (the forward pass), whole panels only.
        #expect(ForwardMode.automatic.segments(threeByThree, rows: 32))
        #expect(ForwardMode.automatic.segments(layout(channels: 64, side: 56, kernel: 3, padding: 1), rows: 64), "56 = 3 × 16 + 8")
        #expect(!ForwardMode.automatic.segments(threeByThree, rows: 12), "a partial panel of 8")
        #expect(!ForwardMode.automatic.segments(oneBySeven, rows: 128), "17 wide")
        #expect(!ForwardMode.wide.segments(threeByThree, rows: 32))
    }

    @Test func channelVectorsTakeSmallImagesOfWholeChannelBlocks() {
        func geometry(batch: Int = 8, channels: Int, out: Int? = nil, side: Int, kernel: Size2D, padding: Padding2D) -> ConvGeometry {
            ConvGeometry(inputShape: [batch, channels, side, side], weightShape: [out ?? channels, channels, kernel.h, kernel.w],
                         stride: 1, padding: padding, dilation: 1, groups: 1)
        }
        func tiles(_ g: ConvGeometry, _ mode: ForwardMode = .automatic) -> PixelTiles? { mode.channelTiles(g, PlaneLayout(g)) }
        // conv-bench's 17×17 cases: 414 tiles of six or four for the 7×7 (2,312 pixels in
        // classes of 8, 88 and 968), every multiply-add inside the image (95% with tiles of six
        // alone); the 1×7 and 7×1 halves 388 tiles, likewise.
        let sevenBySeven = tiles(geometry(channels: 128, side: 17, kernel: 7, padding: 3))
        #expect(sevenBySeven?.tiles.count == 414)
        #expect(sevenBySeven?.usefulShare == 1)
        let shortTiles = sevenBySeven?.tiles.filter { $0.pixels == 4 }.count
        #expect(shortTiles == 86, "36 corner classes 4 + 4, 12 edge classes 6·14 + 4, the middle 6·160 + 4 + 4")
        let oneBySeven = tiles(geometry(channels: 128, side: 17, kernel: Size2D(h: 1, w: 7), padding: Padding2D(h: 0, w: 3)))
        #expect(oneBySeven?.tiles.count == 388)
        #expect(oneBySeven?.usefulShare == 1)
        #expect(tiles(geometry(channels: 128, side: 17, kernel: Size2D(h: 7, w: 1), padding: Padding2D(h: 3, w: 0))) != nil)
        // 32 output channels take tiles of 32 × 8 (a 7×7 over 17×17: 289 tiles).
        let narrow = tiles(geometry(channels: 32, side: 17, kernel: 7, padding: 3))
        #expect(narrow?.shape == .narrow && narrow?.tiles.count == 289)
        // Not where segments apply (56 wide), not for 48 output channels (a partial block)
        // or 16 input channels, not a 1×1 read in place, not when one small image's corners
        // leave tiles mostly empty (a 3×3 over 7×7: 13 tiles, 71% useful); forced, always.
        #expect(tiles(geometry(channels: 64, side: 56, kernel: 3, padding: 1)) == nil)
        #expect(tiles(geometry(channels: 48, side: 17, kernel: 7, padding: 3)) == nil)
        #expect(tiles(geometry(channels: 16, out: 128, side: 17, kernel: 7, padding: 3)) == nil)
        #expect(tiles(geometry(channels: 256, out: 64, side: 14, kernel: 1, padding: 0)) == nil)
        let corners = geometry(batch: 1, channels: 512, side: 7, kernel: 3, padding: 1)
        #expect(tiles(corners) == nil)
        #expect(tiles(corners, .channels)?.tiles.count == 13)
        #expect(abs((tiles(corners, .channels)?.usefulShare ?? 0) - 361.0 / 442) < 1e-9, "corners 4 for 1 pixel, edges 6 for 5, the middle 26 for 25")
        #expect(tiles(geometry(channels: 128, side: 17, kernel: 7, padding: 3), .packed) == nil)
    }

    @Test func aClassOfPixelsIsCutIntoFullAndShortTilesComputingAsFewPixelsAsCanBe() {
        // Wide tiles of 6 and short of 4: every even count from 4 up exactly, odd ones with one repeat.
        #expect(ChannelTile.wide.cut(1) == [4])
        #expect(ChannelTile.wide.cut(5) == [6])
        #expect(ChannelTile.wide.cut(6) == [6])
        #expect(ChannelTile.wide.cut(8) == [4, 4])
        #expect(ChannelTile.wide.cut(10) == [6, 4])
        #expect(ChannelTile.wide.cut(25) == [6, 6, 6, 4, 4])
        #expect(ChannelTile.wide.cut(968) == Array(repeating: 6, count: 160) + [4, 4])
        #expect(ChannelTile.narrow.cut(9) == [8, 4])
        #expect(ChannelTile.narrow.cut(16) == [8, 8])
        #expect(ChannelTile.narrow.cut(0).isEmpty)
        for count in 1...60 {
            for shape in [ChannelTile.wide, .narrow] {
                let cut = shape.cut(count), computed = cut.reduce(0, +)
                #expect(computed >= count && computed - count < shape.shortPixels, "\(shape) \(count): \(cut)")
            }
        }
    }

    @Test func pixelTilesAreBuiltOncePerGeometryAndTheCacheStaysBounded() {
        func geometry(side: Int) -> ConvGeometry {
            ConvGeometry(inputShape: [2, 32, side, side], weightShape: [64, 32, 3, 3], stride: 1, padding: 1, dilation: 1, groups: 1)
        }
        let g = geometry(side: 9), fresh = PixelTiles(g, shape: .wide), cached = PixelTiles.cached(g, shape: .wide)
        #expect(cached.inputOffsets == fresh.inputOffsets && cached.outputOffsets == fresh.outputOffsets)
        #expect(cached.tiles.map(\.kernelRows) == fresh.tiles.map(\.kernelRows) && cached.tiles.map(\.kernelColumns) == fresh.tiles.map(\.kernelColumns))
        #expect(PixelTiles.cached(g, shape: .narrow).shape == .narrow, "the tile shape is part of the key")
        for side in 10..<(10 + PixelTilesCache.capacity + 5) { _ = PixelTiles.cached(geometry(side: side), shape: .wide) }
        #expect(PixelTilesCache.shared.count == PixelTilesCache.capacity)
        #expect(PixelTiles.cached(g, shape: .wide).outputOffsets == fresh.outputOffsets, "rebuilt the same after eviction")
        // FastForward.segmented's tilings likewise, shared by every batch size.
        let wide = ConvGeometry(inputShape: [3, 8, 16, 24], weightShape: [8, 8, 3, 3], stride: 1, padding: 1, dilation: 1, groups: 1)
        let tiling = SegmentTiling(PlaneLayout(wide), wide)
        for batch in [3, 1, 5] {
            let other = wide.with(batch: batch), kept = SegmentTiling.cached(PlaneLayout(other), other)
            #expect(kept.table == tiling.table && kept.kernelRows == tiling.kernelRows && kept.tiles == tiling.tiles)
        }
    }

    @Test func spinningStopsWhenTheProcessIsPreemptedOftenAndResumesOnlyWhenCalm() {
        // Another process keeping a core busy: spinning helpers were preempted mid-item
        // (issue 17: depthwise 1.45–1.99 ms on two threads against 1.15 sleeping).
        let ms: UInt64 = 1_000_000, start: UInt64 = 1_000 * ms
        var policy = SpinPolicy(), reads = 0
        func sample(_ time: UInt64, _ switches: Int) {
            policy.observe(at: start + time * ms) { reads += 1; return switches }
        }
        sample(0, 1_000)
        #expect(policy.allowsSpinning && reads == 1, "no rate before two samples")
        sample(10, 9_999)
        #expect(reads == 1 && policy.allowsSpinning, "not sampled again within 20 ms")
        sample(20, 1_007)  // 350 a second: under the stop rate
        sample(40, 1_015)  // 400 a second, once: a burst the quiet machine has too
        #expect(policy.allowsSpinning)
        sample(60, 1_016)  // calm again: the count of windows in a row starts over
        sample(80, 1_024)  // 400
        #expect(policy.allowsSpinning)
        sample(100, 1_034)  // 500, the second window in a row: stop
        #expect(!policy.allowsSpinning)
        sample(150, 9_999)
        #expect(reads == 6 && !policy.allowsSpinning, "stopped, a rate is measured over 100 ms")
        sample(200, 1_047)  // 130 a second: calmer, but not calm enough to resume
        #expect(!policy.allowsSpinning)
        sample(300, 1_058)  // 110 a second: resume
        #expect(policy.allowsSpinning && reads == 8)
        // A long pause between loops is one long window, its average rate.
        sample(10_300, 1_058 + 4_000)
        #expect(policy.allowsSpinning)
        sample(10_320, 1_058 + 4_008)
        #expect(!policy.allowsSpinning)
        #expect(SpinPolicy.processSwitches() >= 0)
    }

    @Test func aPoolTellsItIsPreemptedOftenWithoutOpeningALoop() throws {
        // Climbing 1,000 per read is past the stop rate in every window; a flat count never is.
        let counter = Atomic<Int>(0)
        let preempted = WorkerPool(switches: { counter.wrappingAdd(1_000, ordering: .relaxed).newValue })
        let quiet = WorkerPool(switches: { 7 })
        #expect(!preempted.isPreemptedOften, "the first read only starts a window")
        let start = Date()
        while !preempted.isPreemptedOften, Date().timeIntervalSince(start) < 5 { usleep(5_000) }
        #expect(preempted.isPreemptedOften, "two 20 ms windows at 50,000 a second")
        for _ in 0..<12 {
            usleep(10_000)
            #expect(!quiet.isPreemptedOften)
        }
        #expect(preempted.startedHelpers == 0 && quiet.startedHelpers == 0)
    }

    @Test func aLoopForTheCallerAloneWakesNoHelper() {
        let pool = WorkerPool(switches: { 0 })
        let record = Record(40)
        WorkerPool.$callerAlone.withValue(true) {
            pool.run(40, workers: 2, shares: 2) { worker, queue in
                record.joined(worker)
                for item in queue.taken(by: worker) { record.ran(item) }
            }
        }
        #expect(record.runs.withLock { $0 } == [Int](repeating: 1, count: 40))
        #expect(record.workers.withLock { $0 } == [0])
        #expect(pool.startedHelpers == 0)
    }

    @Test func smallConvolutionsRunAloneOnlyWhilePreemptedOften() {
        let small = ConvKernels.aloneBelowMultiplyAdds - 1, large = ConvKernels.aloneBelowMultiplyAdds
        #expect(ConvKernels.runsAlone(multiplyAdds: small, workers: 2, preemptedOften: true))
        #expect(!ConvKernels.runsAlone(multiplyAdds: small, workers: 2, preemptedOften: false))
        #expect(!ConvKernels.runsAlone(multiplyAdds: small, workers: 1, preemptedOften: true))
        #expect(!ConvKernels.runsAlone(multiplyAdds: large, workers: 2, preemptedOften: true))
        // A large convolution never asks the pool (which takes its lock and may read the count).
        var asked = false
        _ = ConvKernels.runsAlone(multiplyAdds: large, workers: 2, preemptedOften: { asked = true; return true }())
        #expect(!asked)
        // Case h of conv-bench (16 × 8→8 channels on 16×16, 3×3) is small; a 3×3 over 64 channels on 56×56 is not.
        let h = ConvGeometry(inputShape: [16, 8, 16, 16], weightShape: [8, 8, 3, 3], stride: 1, padding: 1, dilation: 1, groups: 1)
        let a = ConvGeometry(inputShape: [1, 64, 56, 56], weightShape: [64, 64, 3, 3], stride: 1, padding: 1, dilation: 1, groups: 1)
        #expect(Int(h.forwardFlops / 2) == 2_359_296 && Int(h.forwardFlops / 2) < ConvKernels.aloneBelowMultiplyAdds)
        #expect(Int(a.forwardFlops / 2) > ConvKernels.aloneBelowMultiplyAdds)
        // Run alone, case h's gradients are the same bits as on two threads: the split is
        // the two threads' (∂weight by images, two shares), only the helper stays asleep.
        var rng = SeededGenerator(seed: 5)
        let input = Tensor.uniform(h.inputShape, in: -1..<1, using: &rng), weight = Tensor.uniform(h.weightShape, in: -1..<1, using: &rng)
        let gradOutput = Tensor.uniform(h.outputShape, in: -1..<1, using: &rng)
        let (shared, alone, single) = withWorkerLimit(2) {
            (ConvKernels.onThreads(for: h, preemptedOften: false) { ConvKernels.backward(input, weight, gradOutput: gradOutput, hasBias: false, h) },
             ConvKernels.onThreads(for: h, preemptedOften: true) { FastBackward.run(input, weight, gradOutput: gradOutput, hasBias: false, h) },
             withWorkerLimit(1) { FastBackward.run(input, weight, gradOutput: gradOutput, hasBias: false, h) })
        }
        #expect(alone.weight == shared.weight && alone.input == shared.input)
        #expect(single.weight != shared.weight, "one thread sums ∂weight in another order: the check above can tell")
    }

    @Test func aPoolPreemptedOftenStillOpensItsLoopsToHelpers() {
        // The count climbs 1,000 per read: far past the stop rate in every window.
        let counter = Atomic<Int>(0)
        let pool = WorkerPool(switches: { counter.wrappingAdd(1_000, ordering: .relaxed).newValue })
        #expect(pool.allowsSpinning)
        let start = Date()
        var helped = false
        while !helped || pool.allowsSpinning, Date().timeIntervalSince(start) < 5 {
            let record = Record(400)
            pool.run(400, workers: 2) { worker, queue in
                record.joined(worker)
                for item in queue {
                    record.ran(item)
                    usleep(50)
                }
            }
            #expect(record.runs.withLock { $0 } == [Int](repeating: 1, count: 400))
            helped = !pool.allowsSpinning && Set(record.workers.withLock { $0 }) == [0, 1]
        }
        #expect(!pool.allowsSpinning, "preempted 10,000 times a second")
        #expect(helped, "a helper that sleeps between loops still joins them")
    }

    @Test func helpersAreKeptOffTheCallersCoreAndMovedOntoItWhileItWaits() {
        var placement = HelperPlacement(allowed: [0, 1, 2])
        #expect(placement.cores == .anywhere && placement.mask == [0, 1, 2])
        #expect(placement.opening(callerCPU: 1, keepAway: false) == nil, "quiet: they already run anywhere")
        #expect(placement.waiting(callerCPU: 1, helpers: 1) == nil, "not kept off a core: not moved either")
        #expect(placement.opening(callerCPU: 1, keepAway: true) == [0, 2])
        #expect(placement.opening(callerCPU: 1, keepAway: true) == nil, "the system is asked only on changes")
        #expect(placement.opening(callerCPU: 2, keepAway: true) == [0, 1], "the caller moved")
        #expect(placement.waiting(callerCPU: 2, helpers: 2) == nil, "two helpers would queue on one freed core")
        #expect(placement.waiting(callerCPU: 2, helpers: 1) == [2] && placement.cores == .onto(2))
        #expect(placement.waiting(callerCPU: 2, helpers: 1) == nil)
        #expect(placement.opening(callerCPU: 2, keepAway: true) == [0, 1], "the next loop keeps them off again")
        #expect(placement.opening(callerCPU: nil, keepAway: true) == [0, 1, 2], "caller's core unknown: anywhere")
        #expect(placement.opening(callerCPU: 0, keepAway: true) == [1, 2])
        #expect(placement.opening(callerCPU: 7, keepAway: true) == [0, 1, 2], "a core the process may not use")
        #expect(placement.opening(callerCPU: 0, keepAway: true) == [1, 2])
        #expect(placement.opening(callerCPU: 0, keepAway: false) == [0, 1, 2], "calm again: anywhere")
        var alone = HelperPlacement(allowed: [3])
        #expect(alone.opening(callerCPU: 3, keepAway: true) == nil && alone.cores == .anywhere, "one core: nowhere else to go")
        // Kept away when the threads fill the cores, or while preempted often; not with cores to spare.
        let four = HelperPlacement(allowed: [0, 1, 2, 3])
        #expect(four.keepsAway(threads: 4, preemptedOften: false) && four.keepsAway(threads: 8, preemptedOften: false))
        #expect(!four.keepsAway(threads: 2, preemptedOften: false) && four.keepsAway(threads: 2, preemptedOften: true))
    }

    @Test(.enabled(if: CPUAffinity.allowed() != nil, "the system tells a thread's cores (Linux)"))
    func aPoolsHelperRunsOffTheCallersCoreUntilTheCallerWaits() throws {
        // Climbing 1,000 per read while `busy`: far past the stop rate; flat afterwards.
        let busy = Atomic<Bool>(true), counter = Atomic<Int>(0)
        let pool = WorkerPool(switches: { busy.load(ordering: .relaxed) ? counter.wrappingAdd(1_000, ordering: .relaxed).newValue : 0 })
        let allowed = try #require(CPUAffinity.allowed(), "Linux tells a thread's cores")
        let start = Date()
        var checkedItems = 0, movedOnto = 0
        let twoCores = allowed.count > 1
        while checkedItems < 20 || pool.allowsSpinning || (twoCores && movedOnto == 0), Date().timeIntervalSince(start) < 10 {
            // Per item, the core its worker ran it on; the placement the caller found open.
            // The helper's items are slow, so the caller runs dry first and waits for its last.
            let cores = Mutex<[(worker: Int, cpu: Int)]>([]), opened = Mutex<HelperPlacement.Cores?>(nil)
            pool.run(200, workers: 2) { worker, queue in
                if worker == 0 { opened.withLock { $0 = pool.helperPlacement.placement.cores } }
                for _ in queue {
                    let cpu = CPUAffinity.current() ?? -1
                    cores.withLock { $0.append((worker, cpu)) }
                    usleep(worker == 0 ? 50 : 1_000)
                }
            }
            if case .onto(let cpu) = pool.helperPlacement.placement.cores {
                // The caller waited, preempted often: the helper was moved onto the caller's core.
                #expect(!pool.allowsSpinning)
                #expect(pool.helperPlacement.masks == [[cpu]])
                movedOnto += 1
            }
            guard case .awayFrom(let avoided) = opened.withLock({ $0 }) else { continue }
            // Every item of the helper but its last (when the caller may have moved it onto its core).
            let helperCPUs = cores.withLock { $0 }.filter { $0.worker == 1 }.map(\.cpu).dropLast()
            #expect(!helperCPUs.contains(avoided), "the helper ran on \(Array(helperCPUs)), the caller's core \(avoided)")
            checkedItems += helperCPUs.count
            let (placement, masks) = pool.helperPlacement
            #expect(masks == [placement.mask], "the system holds the helper to the placement's cores")
        }
        #expect(!pool.allowsSpinning)
        if twoCores {
            #expect(checkedItems >= 20, "a helper kept off the caller's core took items")
            #expect(movedOnto > 0, "a caller that waited had its helper moved onto its core")
        } else {
            #expect(pool.helperPlacement.placement.cores == .anywhere, "one core: the helper is never placed")
        }
        // Calm again (a 100 ms window without switches): the helper may run anywhere — but
        // where two threads fill the cores, it stays off the caller's.
        busy.store(false, ordering: .relaxed)
        usleep(120_000)
        pool.run(4, workers: 2) { _, queue in for _ in queue {} }
        #expect(pool.allowsSpinning)
        let (calm, masks) = pool.helperPlacement
        if allowed.count == 2 {
            guard case .awayFrom(let cpu) = calm.cores else { Issue.record("kept off the caller's core: \(calm.cores)"); return }
            #expect(masks == [allowed.subtracting([cpu])])
        } else {
            #expect(calm.cores == .anywhere && masks == [allowed])
        }
    }
}
