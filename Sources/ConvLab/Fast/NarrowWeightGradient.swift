/// ∂loss/∂weight for layers with few output channels per group (8 to 24: the book's training
/// networks of 8 and 16 channels), as dot products along pixels:
/// dW[o, k] = Σ_{n, q} dY[n, o, q] · X[n, k-offset + q], 16 pixels per vector.
///
/// WeightGradient's tiles span 32 output channels, so a layer of 8 wastes three quarters of
/// its multiply-adds on padding (16: half), and transposes dY per chunk. Here each (row k,
/// channel o) pair keeps one 16-lane accumulator, fed by rows of X read straight out of the
/// phase planes and rows of the wide dY (both contiguous along pixels; weightGradDot3x8):
/// channels are padded only to a multiple of 8, and nothing is transposed or packed. The wide
/// dY is zero in the unused columns and up to `widePadded` (a multiple of 16), so whole
/// vectors never need a tail; its garbage columns of X meet those zeros, as in WeightGradient.
///
/// With enough blocks of 8 output channels (four per worker: several groups), workers own
/// blocks and run over all pixels, into one set of accumulators. Else, with at least one
/// image per worker, each worker takes the images of its own share (`imageShares`: the ones
/// it copied into the planes and the wide dY just before, so it reads them from its own
/// cache), into accumulators of its own. Else, with enough threes of rows of K (four per
/// worker: a 3×3 over 8 channels has 24), workers own runs of them over all pixels. A worker
/// that owns its pairs also adds up their lanes into dW, so such a layer is one parallel loop,
/// with nothing cleared but its own accumulators. Otherwise the pixels of the batch (in runs
/// of 16) are split evenly into segments — one with one thread, else about four per worker —
/// handed out to whichever worker is free. Each share or segment has its own accumulators,
/// kept in memory between images, and at the end they are added in order. Each pair's 16
/// lanes are added up last, so the result depends only on the thread count, never on timing.
enum NarrowWeightGradient {
    /// The widest group this path takes whatever its K: at 24 channels WeightGradient still pads to 32.
    static let maxChannels = 24

    /// Vectors of pixels (16 each) a run of `weightGradDot3x8` calls covers before the next
    /// run: every three of rows of K of a channel block goes over the same 32 vectors, so the
    /// block's 8 rows of dY (16 KiB) and the windows of X its taps read (a channel's four
    /// phase planes of the stem: 14 KiB) stay in L1 across the run, and the accumulators
    /// are loaded and stored once per 32 vectors. Over a whole image's row at once (805
    /// vectors for the stem) each call streamed 11 rows of 51 KiB from L2, more than L2
    /// delivers a cycle. The stem's ∂weight on this path (Intel host, A/B in one run, 15
    /// rounds): 0.78 of the time on one thread and 0.79 on two; runs of 16 vectors 0.86, 64
    /// 0.88. Images of
    /// fewer vectors (case h: 18) are one run, as before; the sums are the same either way,
    /// since each pair's lanes still add their pixels in order.
    static let chunkVectors = 32

    /// Whether a layer with `perGroup` output channels per group takes this path: 8 to
    /// `maxChannels`. Wider groups with a short K (the 7×7 stem: K = 147, 64 channels) took it
    /// too while WeightGradient read its transposed dY pixel-major over all channels; in
    /// columns of 32 channels, WeightGradient's pixel segments ran the stem's ∂weight in
    /// 0.74–0.80 of this path's time on one thread, 0.93–0.96 on two, and 0.88 with the other
    /// core kept busy (A/B in one run).
    static func applies(perGroup: Int) -> Bool {
        perGroup >= 8 && perGroup <= maxChannels
    }

    /// The batch's input planes with room for this path's reads: whole rows of `widePadded`
    /// from every tap offset. A layout that reads the input tensor in place (no padding, no
    /// stride) has no slack after its last channel, so the input is copied with a zero tail.
    static func withPlanes<R>(_ input: Tensor, _ layout: PlaneLayout, batch: Int,
                              _ body: (_ planes: SharedConstPointer, _ count: Int) -> R) -> R {
        guard layout.inPlace else {
            return FastPlanes.withPlanes(input, layout, batch: batch) { body(SharedConstPointer($0), batch * layout.imageCount) }
        }
        let count = max(input.count, reach(layout, batch: batch))
        let copy = FloatBuffer(uninitialized: count)
        input.scalars.withUnsafeBufferPointer { copy.pointer.initialize(from: $0.baseAddress!, count: $0.count) }
        (copy.pointer + input.count).initialize(repeating: 0, count: count - input.count)
        return withExtendedLifetime(copy) { body(SharedConstPointer(copy.pointer), count) }
    }

    /// Floats of planes this path reads: rows of `widePadded` from the last image's last
    /// channel's furthest tap offset.
    static func reach(_ layout: PlaneLayout, batch: Int) -> Int {
        (batch - 1) * layout.imageCount + (layout.channels - 1) * layout.channelStride
            + (layout.tapOffsets.max() ?? 0) + layout.widePadded
    }

    /// How the workers share a layer's ∂weight.
    enum Split: Equatable {
        /// Each worker owns blocks of 8 output channels (of any group), over all pixels.
        case channels
        /// Each worker takes the images of its share, with accumulators of its own.
        case images
        /// Each worker owns runs of threes of rows of K, over all pixels.
        case rows
        /// Each worker takes segments of the batch's pixels, with accumulators of its own.
        case pixels
    }

    /// The split for `workers` workers, `blocks` blocks of 8 output channels (all groups),
    /// `images` images and `triples` threes of rows of K. Workers own channel blocks when
    /// there are enough to go round (4 a worker): one set of accumulators then serves all and
    /// none is added up. Else by images, one share per worker: by rows every worker read the
    /// whole batch's planes and wide dY, half of them from the other core's cache, where it
    /// had just copied them. Case h's ∂weight (16 × 8→8 channels on 16×16, K = 72) on two
    /// threads, conv-bench --profile interleaved, eight runs each: 0.049–0.065 ms by images
    /// against 0.071–0.097 by rows (one thread 0.071), and when this host's two cores sat on
    /// different chiplets (a core-to-core round trip of 330 ns instead of 62) 0.055–0.10
    /// against 0.19; by rows it had taken 0.068–0.072 ms on a quieter day, against 0.076–0.080
    /// by eight pixel segments handed out to whichever worker was free.
    static func split(workers: Int, blocks: Int, images: Int, triples: Int) -> Split {
        guard workers > 1 else { return .pixels }
        if blocks >= 4 * workers { return .channels }
        if images >= workers { return .images }
        return triples >= 4 * workers ? .rows : .pixels
    }

    /// ∂weight into `gradWeight` ([C_out][C_in/groups · taps]) from the wide dY and `planesCount`
    /// floats of input planes (`withPlanes`).
    static func gemm(wideGrad: SharedConstPointer, planes: SharedConstPointer, planesCount: Int, gradWeight: SharedPointer,
                     _ layout: PlaneLayout, _ g: ConvGeometry) {
        let perGroup = g.outChannels / g.groups, k = g.inChannels / g.groups * layout.taps
        // Every row read is widePadded floats from a tap offset: past the planes' end it would
        // read someone else's memory (NaN × a zero of dY is NaN), so it is checked, not assumed.
        let lastRead = reach(layout, batch: g.batch)
        precondition(lastRead <= planesCount, "NarrowWeightGradient: planes of \(planesCount) floats, reads up to \(lastRead)")
        // Rows of X in threes and channels in eights; padding rows repeat row 0 and padding
        // channels read a zero row, and neither is read back.
        let kPadded = (k + 2) / 3 * 3, mPadded = (perGroup + 7) / 8 * 8
        let vectorsPerImage = layout.widePadded / 16, total = g.batch * vectorsPerImage
        let pairs = kPadded * mPadded, segmentSize = g.groups * pairs * 16
        let workers = workerCount(for: total), channelBlocks = mPadded / 8
        let triples = kPadded / 3
        let split = split(workers: workers, blocks: g.groups * channelBlocks, images: g.batch, triples: triples)
        // By pixels, four segments per worker: their accumulators are small (rows of K × 8
        // channels × 16 lanes). By images, one per share (a share per worker), as the copies.
        let segments = switch split {
        case .pixels: WeightGradient.segmentCount(workers: workers, perWorker: 4, chunks: total, floatsPerSegment: segmentSize)
        case .images: imageShares(g.batch)
        case .channels, .rows: 1
        }
        let lanes = FloatBuffer(uninitialized: segments * segmentSize)
        let accumulators = lanes.shared
        let zeroRow = FloatBuffer(zeros: layout.widePadded)
        let zero = SharedConstPointer(zeroRow.pointer)
        // Both buffers are reached only through raw pointers below: keep them to the end.
        defer { withExtendedLifetime((lanes, zeroRow)) {} }
        let offsets = (0..<g.groups).map { FastForward.rowOffsets(group: $0, layout, g, count: kPadded) }
        // Where the 8 × 16 lanes of a (group, channel block)'s row of K start in a segment: a
        // block's rows lie one after another, so three rows are 1.5 KiB in a row. (Rows of
        // all blocks in turn put a 64-channel layer's rows 4 KiB apart, every accumulator in
        // the same 8 of L1's 64 sets; this order took 0.94 of that time on one and two threads.)
        @Sendable func pair(_ groupBlock: Int, _ row: Int) -> Int { (groupBlock * kPadded + row) * 8 * 16 }
        // Adds vectors `vectors` of the batch's pixels, for `blocks` of (group, channel block)
        // and the rows of K in `triples` (threes of rows), into the accumulators at `base`.
        @Sendable func accumulate(_ base: UnsafeMutablePointer<Float>, vectors: Range<Int>, blocks: Range<Int>,
                                  triples: Range<Int>, _ rows: UnsafeMutablePointer<UnsafePointer<Float>>) {
            var vector = vectors.lowerBound
            while vector < vectors.upperBound {
                let n = vector / vectorsPerImage, first = vector % vectorsPerImage
                let count = min(vectorsPerImage - first, vectors.upperBound - vector, chunkVectors)
                let image = planes.base + n * layout.imageCount + first * 16
                for groupBlock in blocks {
                    let group = groupBlock / channelBlocks, block = groupBlock % channelBlocks
                    offsets[group].withUnsafeBufferPointer { off in
                        for j in 0..<8 {
                            let o = block * 8 + j
                            rows[j] = o < perGroup
                                ? wideGrad.base + ((n * g.outChannels + group * perGroup + o) * layout.widePadded + first * 16)
                                : zero.base
                        }
                        for row in stride(from: 3 * triples.lowerBound, to: 3 * triples.upperBound, by: 3) {
                            weightGradDot3x8(vectors: count, x0: image + off[row], x1: image + off[row + 1], x2: image + off[row + 2],
                                             d: rows, acc: base + pair(groupBlock, row), ldk: 8 * 16)
                        }
                    }
                }
                vector += count
            }
        }
        // dW[group·perGroup + o][row] for o in `channels`: the segments in order, 16 lanes at
        // a time, then the pair's lanes.
        @Sendable func store(group: Int, row: Int, channels: Range<Int>) {
            for o in channels {
                let pair = pair(group * channelBlocks + o / 8, row) + o % 8 * 16
                var sum = UnsafeRawPointer(accumulators.base + pair).loadUnaligned(as: SIMD16<Float>.self)
                for segment in 1..<segments {
                    sum += UnsafeRawPointer(accumulators.base + segment * segmentSize + pair).loadUnaligned(as: SIMD16<Float>.self)
                }
                gradWeight.base[(group * perGroup + o) * k + row] = sum.sum()
            }
        }
        switch split {
        case .channels:
            // In shares of consecutive blocks, one per worker: for a single image the wide dY
            // was copied in the same halves of the channels (`FastBackward.widen`), so each
            // worker reads the channels it copied.
            parallelItems(g.groups * channelBlocks, workers: workers, shares: workers) { worker, queue in
                let rows = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: 8)
                defer { rows.deallocate() }
                for groupBlock in queue.taken(by: worker) {
                    let group = groupBlock / channelBlocks, block = groupBlock % channelBlocks
                    (accumulators.base + pair(groupBlock, 0)).update(repeating: 0, count: kPadded * 8 * 16)
                    accumulate(accumulators.base, vectors: 0..<total, blocks: groupBlock..<(groupBlock + 1), triples: 0..<triples, rows)
                    for row in 0..<k { store(group: group, row: row, channels: (block * 8)..<min(block * 8 + 8, perGroup)) }
                }
            }
        case .rows:
            parallelRanges(triples, workers: workers) { _, owned in
                let rows = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: 8)
                defer { rows.deallocate() }
                for groupBlock in 0..<(g.groups * channelBlocks) {
                    (accumulators.base + pair(groupBlock, 3 * owned.lowerBound)).update(repeating: 0, count: 3 * owned.count * 8 * 16)
                }
                accumulate(accumulators.base, vectors: 0..<total, blocks: 0..<(g.groups * channelBlocks), triples: owned, rows)
                for group in 0..<g.groups {
                    for row in (3 * owned.lowerBound)..<min(3 * owned.upperBound, k) { store(group: group, row: row, channels: 0..<perGroup) }
                }
            }
        case .pixels, .images:
            // Segment s of `images` is the images of share s, which its worker takes first.
            let shares = split == .images ? segments : 1
            parallelItems(segments, workers: workers, shares: shares) { worker, queue in
                let rows = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: 8)
                defer { rows.deallocate() }
                for segment in queue.taken(by: worker) {
                    let base = accumulators.base + segment * segmentSize
                    base.update(repeating: 0, count: segmentSize)
                    let vectors = split == .images
                        ? (g.batch * segment / segments * vectorsPerImage)..<(g.batch * (segment + 1) / segments * vectorsPerImage)
                        : (total * segment / segments)..<(total * (segment + 1) / segments)
                    accumulate(base, vectors: vectors, blocks: 0..<(g.groups * channelBlocks), triples: 0..<triples, rows)
                }
            }
            parallelItems(g.groups * k, workers: workers) { _, queue in
                for item in queue { store(group: item / k, row: item % k, channels: 0..<perGroup) }
            }
        }
    }
}
