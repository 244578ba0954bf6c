/// ∂loss/∂weight for layers with few output channels per group (8 to 24: the book's training
/// networks of 8 and 16 channels) or a short K (a stem), as dot products along pixels:
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
/// With enough blocks of 8 output channels (four per worker: a 64-channel stem), workers own
/// blocks and run over all pixels, into one set of accumulators. Otherwise the pixels of the
/// batch (in runs of 16) are split evenly into segments — one with one thread, else about
/// four per worker — handed out to whichever worker is free; each segment has its own
/// accumulators, kept in memory between images, and at the end the segments are added in
/// segment order. Each pair's 16 lanes are added up last, so the result depends only on the
/// thread count, never on timing. Wider layers take this path when K is short (`maxWideK`).
enum NarrowWeightGradient {
    /// The widest group this path takes whatever its K: at 24 channels WeightGradient still pads to 32.
    static let maxChannels = 24

    /// The longest K (input channels per group × taps) for which wider groups take this path
    /// too. WeightGradient transposes every element of dY once for K multiply-adds, so with a
    /// short K that copy weighs: the 7 × 7 stem (K = 147, 64 channels) ran its ∂weight 12%
    /// faster here on one thread and 2–8% on two, while K = 256 (1 × 1 over 256 channels) ran
    /// 3% slower on one thread and 40% on two, and K = 576 (3 × 3 over 64) slower too.
    static let maxWideK = 192

    /// Whether a layer with `perGroup` output channels per group and `k` rows of K takes this
    /// path. A wide layer read in place (a 1×1 over few channels) does not: this path would
    /// copy its whole input for the slack its reads need, which was never measured to pay.
    static func applies(perGroup: Int, k: Int, readsInPlace: Bool) -> Bool {
        perGroup >= 8 && (perGroup <= maxChannels || (k <= maxWideK && !readsInPlace))
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
        // Enough blocks of 8 channels to go round (4 a worker): workers own blocks instead of
        // stretches of pixels, so one set of accumulators serves all and none is added up.
        let byChannels = workers > 1 && g.groups * channelBlocks >= 4 * workers
        let segments = byChannels ? 1 : WeightGradient.segmentCount(workers: workers, chunks: total, floatsPerSegment: segmentSize)
        let lanes = FloatBuffer(uninitialized: segments * segmentSize)
        let accumulators = lanes.shared
        let zeroRow = FloatBuffer(zeros: layout.widePadded)
        let zero = SharedConstPointer(zeroRow.pointer)
        // Both buffers are reached only through raw pointers below: keep them to the end.
        defer { withExtendedLifetime((lanes, zeroRow)) {} }
        let offsets = (0..<g.groups).map { FastForward.rowOffsets(group: $0, layout, g, count: kPadded) }
        // Adds vectors `vectors` of the batch's pixels, for `blocks` of (group, channel block),
        // into the accumulators at `base`.
        @Sendable func accumulate(_ base: UnsafeMutablePointer<Float>, vectors: Range<Int>, blocks: Range<Int>,
                                  _ rows: UnsafeMutablePointer<UnsafePointer<Float>>) {
            var vector = vectors.lowerBound
            while vector < vectors.upperBound {
                let n = vector / vectorsPerImage, first = vector % vectorsPerImage
                let count = min(vectorsPerImage - first, vectors.upperBound - vector)
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
                        for row in stride(from: 0, to: kPadded, by: 3) {
                            weightGradDot3x8(vectors: count, x0: image + off[row], x1: image + off[row + 1], x2: image + off[row + 2],
                                             d: rows, acc: base + ((group * kPadded + row) * mPadded + block * 8) * 16, ldk: mPadded * 16)
                        }
                    }
                }
                vector += count
            }
        }
        if byChannels {
            parallelItems(g.groups * channelBlocks, workers: workers) { _, queue in
                let rows = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: 8)
                defer { rows.deallocate() }
                for groupBlock in queue {
                    let group = groupBlock / channelBlocks, block = groupBlock % channelBlocks
                    for row in 0..<kPadded {
                        (accumulators.base + ((group * kPadded + row) * mPadded + block * 8) * 16).update(repeating: 0, count: 8 * 16)
                    }
                    accumulate(accumulators.base, vectors: 0..<total, blocks: groupBlock..<(groupBlock + 1), rows)
                }
            }
        } else {
            parallelItems(segments, workers: workers) { _, queue in
                let rows = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: 8)
                defer { rows.deallocate() }
                for segment in queue {
                    let base = accumulators.base + segment * segmentSize
                    base.update(repeating: 0, count: segmentSize)
                    accumulate(base, vectors: (total * segment / segments)..<(total * (segment + 1) / segments),
                               blocks: 0..<(g.groups * channelBlocks), rows)
                }
            }
        }
        // Segments in order, 16 lanes at a time, then each pair's lanes: dW[group·perGroup + o][k].
        parallelItems(g.groups * k, workers: workers) { _, queue in
            for item in queue {
                let group = item / k, row = item % k
                for o in 0..<perGroup {
                    let pair = ((group * kPadded + row) * mPadded + o) * 16
                    var sum = UnsafeRawPointer(accumulators.base + pair).loadUnaligned(as: SIMD16<Float>.self)
                    for segment in 1..<segments {
                        sum += UnsafeRawPointer(accumulators.base + segment * segmentSize + pair).loadUnaligned(as: SIMD16<Float>.self)
                    }
                    gradWeight.base[(group * perGroup + o) * k + row] = sum.sum()
                }
            }
        }
    }
}
