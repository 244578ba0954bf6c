/// ∂loss/∂weight as a GEMM reducing over output pixels: dWᵀ[k, o] = Σ_{n, p} X[n, k, p] · dY[n, o, p].
///
/// The pixels of the batch are split evenly, in order, into segments — one per worker —
/// handed out to whichever worker is free. Each segment adds into its own dWᵀ accumulator and the
/// accumulators are summed in segment order at the end, so no two workers write the same
/// memory and the result depends only on the thread count, never on timing. Per
/// chunk of ≤ 192 pixels the output gradient is transposed (pixel-major in columns of 32
/// channels, two vectors a pixel, [column][pixel][32]) — one copy per element against K
/// multiply-adds per element. A tile reads its column's 128 bytes of each pixel one after
/// another: pixel-major over all channels it read 2 of every 4 lines of a 64-channel layer,
/// and took longer (A/B in one run, this layout 0.91 of the time of a 3×3 over 64 channels
/// of one 56×56 image on two threads, 0.92 on one; eight images 0.92 and 0.80; the 1×1 over
/// 256 channels 0.94).
///
/// Pixels are numbered compactly (y·W_out + x, as dY is stored), and each row of X is read
/// straight out of the phase planes, stepping over the planes' padding columns at the end of
/// every output row (`weightGradTile8x32`'s `rowGap`): nothing is packed, and no multiply-add
/// is spent on wide numbering's unused columns (11% of a 5×5 over 32×32).
enum WeightGradient {
    static let chunk = PackedForward.blockWidth

    /// ∂weight into `gradWeight` ([C_out][C_in/groups · taps]) from the output gradient `gradOutput`
    /// ([N][C_out][H_out·W_out]) and the batch's input planes.
    static func gemm(gradOutput: UnsafePointer<Float>, planes: SharedConstPointer, gradWeight: SharedPointer, _ layout: PlaneLayout,
                     _ g: ConvGeometry) {
        let perGroup = g.outChannels / g.groups, k = g.inChannels / g.groups * layout.taps
        let kPadded = (k + 7) / 8 * 8, mPadded = paddedChannels(perGroup)
        let width = layout.outputWidth, plane = layout.outputHeight * width, rowGap = layout.planeWidth - width
        let total = g.batch * plane
        let workers = workerCount(for: (total + chunk - 1) / chunk)
        let groupSize = kPadded * mPadded, segmentSize = g.groups * groupSize
        // One segment per worker: each is a whole dWᵀ (a 3×3 over 64 channels: 147 KiB), cleared
        // and then added up by a loop that reads every segment, half of them from the other
        // core's cache. Four per worker (so that a worker slowed down would leave only a small
        // segment for the end) ran slower on two threads even with one core kept busy by
        // another process: medians of interleaved `conv-bench --profile weight` runs, the 3×3
        // over one 56×56 image 1.261 → 1.154 ms (busy core 2.25 → 2.19), the 1×1 over 256
        // channels 0.531 → 0.513 (busy 1.01 → 0.99), the two 3×3 over 32 channels 1.554 →
        // 1.530 (busy 3.07 → 3.02), the batch of eight 56×56 even.
        let segments = segmentCount(workers: workers, perWorker: 1, chunks: (total + chunk - 1) / chunk, floatsPerSegment: segmentSize)
        // Each segment clears its own accumulator on the worker that fills it (cache-warm, and
        // in parallel), so the buffer is not cleared here.
        let accumulators = FloatBuffer(uninitialized: segments * segmentSize)
        let sums = accumulators.shared, dy = SharedConstPointer(gradOutput)
        // Row offsets padded to whole panels; padding rows repeat row 0 and are never read back.
        let offsets = (0..<g.groups).map { FastForward.rowOffsets(group: $0, layout, g, count: kPadded) }
        let rows = RowWalk(length: width, gap: rowGap)
        // Segments run through the batch's pixels image by image: in shares (`imageShares`).
        parallelItems(segments, workers: workers, shares: imageShares(g.batch)) { worker, queue in
            // [column][pixel][32]; the padding channels stay zero.
            let transposed = FloatBuffer(zeros: chunk * mPadded)
            for segment in queue.taken(by: worker) {
                sums.base.advanced(by: segment * segmentSize).update(repeating: 0, count: segmentSize)
                var position = total * segment / segments
                let end = total * (segment + 1) / segments
                while position < end {
                    let n = position / plane, first = position % plane
                    let count = min(chunk, plane - first, end - position)
                    // Where pixel `first` of image n lies in its planes (wide numbering).
                    let image = planes.base + n * layout.imageCount + (first / width) * layout.planeWidth + first % width
                    for group in 0..<g.groups {
                        transposeInColumns(dy.base + (n * g.outChannels + group * perGroup) * plane + first, rowStride: plane,
                                           channels: perGroup, count: count, into: transposed.pointer, columnStride: chunk * 32)
                        offsets[group].withUnsafeBufferPointer { off in
                            tiles(count, firstColumn: first % width, rows, x: image, xOffsets: off.baseAddress!, rows: kPadded,
                                  transposed.pointer, sums.base + segment * segmentSize + group * groupSize, mPadded)
                        }
                    }
                    position += count
                }
            }
        }
        // The sum over segments, in segment order, 16 rows of dWᵀ at a time: added along
        // contiguous channels, then stored as 16 consecutive floats of each channel's row of
        // dW (reading dWᵀ down a column instead costs a cache miss per element).
        let rowBlocks = (k + 15) / 16
        parallelItems(g.groups * rowBlocks, workers: workers) { _, queue in
            let block = FloatBuffer(uninitialized: 16 * mPadded)
            for item in queue {
                let group = item / rowBlocks, row0 = (item % rowBlocks) * 16, rows = min(16, k - row0)
                let first = sums.base + group * groupSize + row0 * mPadded, count = rows * mPadded
                block.pointer.update(from: first, count: count)
                for segment in 1..<segments {
                    let source = first + segment * segmentSize
                    for i in 0..<count { block.pointer[i] += source[i] }
                }
                for o in 0..<perGroup {
                    let target = gradWeight.base + (group * perGroup + o) * k + row0
                    for r in 0..<rows { target[r] = block.pointer[r * mPadded + o] }
                }
            }
        }
    }

    /// Whether ∂weight splits its work by blocks of dWᵀ rows (`byRows`) rather than by
    /// segments of pixels: when the batch has at most 4 output pixels per row of K, or at
    /// most 12 and one image's transposed dY (`plane` pixels × the group's `channels` padded
    /// to 32, as `byRows` lays it out) fits in 256 KiB of L2.
    ///
    /// Late layers have few pixels and a long K — a 7×7 over 128 channels of 8 images of 17×17:
    /// K = 6272 against 2312 pixels — and there every pixel segment's own dWᵀ (3.2 MB) cost
    /// more to clear and add up than the pixels cost to reduce: by rows (padded taps skipped
    /// too) ran 19% faster on one thread and 30% on two. The 7×1 and 1×7 over the same images
    /// (K = 896) ran 8–12% faster on one thread. A block of rows reads each image's dY once
    /// from memory and again from L2 for each of its panels, so with more pixels per row of K
    /// it pays only while an image's dY stays in L2: a 5×5 over 32 channels of 8 × 32×32 (K =
    /// 800, 128 KiB an image, 7% of its taps on padding) ran 5% faster on one thread and 2–4%
    /// on two, while a 3×3 over 64 channels of 56×56 (800 KiB an image) ran 4–8% slower on two,
    /// and two 3×3 over 32 channels (K = 288, 28 pixels per row: transposing the batch's dY
    /// weighs more) 12% slower on two.
    static func splitsByRows(k: Int, pixels: Int, plane: Int, channels: Int) -> Bool {
        4 * k >= pixels || (12 * k >= pixels && plane * paddedChannels(channels) <= 1 << 16)
    }

    /// Whether `byRows` reads X in the input itself (`PlaneLayout(unpadded:)`) rather than in
    /// a zero-padded copy: at stride 1, with input channels per group a multiple of 8, every
    /// panel of K is one tap, so its rectangle of output pixels reads only pixels inside the
    /// image, and an output row's next pixel is the input's next one.
    ///
    /// Why. Every block of rows reads the whole batch's X, so each worker reads the planes the
    /// other built, and the next call's copy writes lines the other core holds: for tens of
    /// seconds at a time on this host that costs three times as much (the 5×5 over 8 × 32×32
    /// on two threads, ∂weight 1.89 ms in the quiet state and 2.34–2.59 in the slow one, where
    /// `memmove` was 12.6% of the samples). Read in place, in the slow state: 2.44 → 2.04 ms,
    /// the 1×7 + 7×1 6.11 → 5.35; on one thread 3.54 → 3.51 and 9.01 → 8.79.
    static func byRowsReadsInputItself(_ g: ConvGeometry) -> Bool {
        g.stride == Size2D(h: 1, w: 1) && (g.inChannels / g.groups) % 8 == 0
    }

    /// A group's output channels padded to whole 32-channel tiles: the width of dWᵀ and of the
    /// transposed dY.
    static func paddedChannels(_ channels: Int) -> Int { (channels + 31) / 32 * 32 }

    /// ∂weight with workers owning blocks of rows of dWᵀ: each reduces over all the batch's
    /// pixels into a small accumulator (its rows × the group's channels, in L1/L2) and stores
    /// it into dW; nothing is cleared in advance or summed afterwards, and a row's sum runs
    /// over the images in order whatever the split. dY is transposed once for the whole batch
    /// (pixel-major in columns of 32 channels) and read by every block.
    ///
    /// K is ordered tap first (row k' = (tap t, channel c)), so a panel of 8 rows is mostly
    /// one tap, and it reduces only over the rectangle of output pixels where its taps read
    /// inside the image: a 7×7 at padding 3 over 17×17 images reads padding with 19% of its
    /// pixel-taps, a 7×1 or a 1×7 with 10%, and those are skipped. `planes` are the padded
    /// planes `layout` describes, or, where `byRowsReadsInputItself`, the input itself
    /// (`PlaneLayout(unpadded:)`).
    static func byRows(gradOutput: UnsafePointer<Float>, planes: SharedConstPointer, gradWeight: SharedPointer, _ layout: PlaneLayout,
                       _ g: ConvGeometry) {
        let perGroup = g.outChannels / g.groups, inPerGroup = g.inChannels / g.groups, taps = layout.taps, k = inPerGroup * taps
        let panels = (k + 7) / 8, mPadded = paddedChannels(perGroup)
        let width = layout.outputWidth, plane = layout.outputHeight * width
        let workers = workerCount(for: Int.max)
        // The whole batch's dY transposed in columns of 32 channels, [group][column][n][p][32]:
        // a tile reads its column's 128 bytes of each pixel one after another. Pixel-major
        // over all channels ([group][n][p][mPadded]) a tile over 128 channels read 2 of every
        // 8 lines, and took longer: A/B in one run, this layout took 0.88 of the time of a
        // 7×7 over 128 channels on two threads (0.93 on one), 0.87 of the 1×7 + 7×1's, 0.86
        // of the 5×5's. The padding channels are never stored back, so they stay uninitialised.
        let columnCount = mPadded / 32, columnSize = g.batch * plane * 32
        let transposed = FloatBuffer(uninitialized: g.groups * g.batch * plane * mPadded)
        let dyT = transposed.shared, dy = SharedConstPointer(gradOutput)
        // In runs of 16-pixel blocks of each (group, image), about four per worker in all, so
        // that a batch of one image is not transposed by one worker while the others wait.
        let blocksPerImage = (plane + 15) / 16
        let runsPerImage = min(blocksPerImage, max(1, (4 * workers + g.groups * g.batch - 1) / (g.groups * g.batch)))
        parallelRanges(g.groups * g.batch * runsPerImage, workers: workers) { _, range in
            for item in range {
                let image = item / runsPerImage, run = item % runsPerImage
                let group = image / g.batch, n = image % g.batch
                let first = 16 * (blocksPerImage * run / runsPerImage), end = min(plane, 16 * (blocksPerImage * (run + 1) / runsPerImage))
                transposeInColumns(dy.base + (n * g.outChannels + group * perGroup) * plane + first, rowStride: plane,
                                   channels: perGroup, count: end - first,
                                   into: dyT.base + group * columnCount * columnSize + (n * plane + first) * 32, columnStride: columnSize)
            }
        }
        // Row k' = t·C + c holds dW's row k = c·taps + t; padding rows repeat row 0's offset.
        let order = (0..<k).map { ($0 % inPerGroup) * taps + $0 / inPerGroup }
        let offsets = (0..<g.groups).map { FastForward.rowOffsets(group: $0, layout, g, order: order, count: panels * 8) }
        // Each panel's rectangle: the union of its taps' (a panel of 8 channels is one tap
        // when the channels per group are a multiple of 8).
        let inside = (0..<taps).map { g.outputInside(kernelRow: $0 / g.kernel.w, kernelColumn: $0 % g.kernel.w) }
        let rectangles = (0..<panels).map { panel in
            union(of: inside[(panel * 8 / inPerGroup)...((min(panel * 8 + 8, k) - 1) / inPerGroup)])
        }
        // Blocks of panels, largest first (`blockStarts`); the queue hands out every group's
        // first block, then every group's second, and so on.
        let starts = Self.blockStarts(panels: panels, groups: g.groups, workers: workers, channels: mPadded)
        let blocksPerGroup = starts.count - 1, panelsPerBlock = zip(starts.dropFirst(), starts).map { $0 - $1 }.max() ?? 1
        parallelItems(g.groups * blocksPerGroup, workers: workers) { _, queue in
            let acc = FloatBuffer(uninitialized: panelsPerBlock * 8 * mPadded)
            for item in queue {
                let group = item % g.groups, block = item / g.groups
                let firstPanel = starts[block], blockPanels = starts[block + 1] - firstPanel
                acc.pointer.update(repeating: 0, count: blockPanels * 8 * mPadded)
                offsets[group].withUnsafeBufferPointer { off in
                    for n in 0..<g.batch {
                        for p in 0..<blockPanels {
                            let (rows, columns) = rectangles[firstPanel + p]
                            guard !rows.isEmpty && !columns.isEmpty else { continue }
                            let x = planes.base + n * layout.imageCount + rows.lowerBound * layout.planeWidth + columns.lowerBound
                            let d = dyT.base + group * columnCount * columnSize + (n * plane + rows.lowerBound * width + columns.lowerBound) * 32
                            // A rectangle of whole rows of both X and dY (a 7×1's taps over the input
                            // itself) is one run of pixels: a row of 17 at a time, the loop's exit
                            // each row cost the 1×7 + 7×1's ∂weight 2–2.5% (A/B in one run).
                            let pixels = rows.count * columns.count
                            let gapless = layout.planeWidth == columns.count && width == columns.count
                            for column in 0..<columnCount {
                                weightGradTile8x32(count: pixels, firstColumn: 0, rowLength: gapless ? pixels : columns.count,
                                                   rowGap: layout.planeWidth - columns.count, x: x,
                                                   xOffsets: off.baseAddress! + (firstPanel + p) * 8, d: d + column * columnSize, ldd: 32,
                                                   dRowGap: (width - columns.count) * 32,
                                                   c: acc.pointer + p * 8 * mPadded + column * 32, ldc: mPadded)
                            }
                        }
                    }
                }
                // Each channel's rows of the block, in K' order (put in dW's order at the
                // end): contiguous stores, where dW's own order scattered every float to
                // a cache line of its own, and a 7×7 over 128 channels' 3.2 MB of dW, out of
                // L2, was fetched back line by line for each of its 16 floats (17% of the
                // time on two threads). A/B in one run: that 7×7 took 0.82 of the time on one
                // thread and 0.86 on two, the 1×7 + 7×1 0.93 and the 5×5 0.98 on two.
                let firstRow = firstPanel * 8, rows = min((firstPanel + blockPanels) * 8, k) - firstRow
                for o in 0..<perGroup {
                    let channel = group * perGroup + o
                    let target = gradWeight.base + (channel * k + firstRow), source = acc.pointer + o
                    for r in 0..<rows { target[r] = source[r &* mPadded] }
                }
            }
        }
        // Rows k' = t·C + c to dW's k = c·taps + t, a channel's row at a time through a copy.
        guard inPerGroup > 1 && taps > 1 else { return }
        parallelItems(g.outChannels, workers: workers) { _, queue in
            let copy = FloatBuffer(uninitialized: k)
            for channel in queue {
                let row = gradWeight.base + channel &* k
                copy.pointer.update(from: row, count: k)
                for c in 0..<inPerGroup {
                    for t in 0..<taps { row[c &* taps &+ t] = copy.pointer[t &* inPerGroup &+ c] }
                }
            }
        }
    }

    /// Where each block of panels starts, for `byRows` (the last element is `panels`): a
    /// block's accumulators are at most 32 KiB (8 panels of 8 rows × 128 channels, 32 of 32
    /// channels), and with several workers the blocks shrink as the panels left do (each
    /// about the panels left over twice the workers, across the groups, but not below 4
    /// panels except the last), so the last blocks handed out are small and the workers end
    /// together. A block reads each image's transposed dY from memory once and from L2 for
    /// each further panel, so large blocks first keep that traffic low (blocks of one panel
    /// at the end made the 1×7 + 7×1 6% slower on two threads). Equal blocks of about eight
    /// per worker left one of two workers a block more than the other: 9 against 8 for a 5×5
    /// over 32 channels.
    static func blockStarts(panels: Int, groups: Int, workers: Int, channels: Int) -> [Int] {
        let largest = max(1, min(panels, (8 << 10) / (8 * channels))), smallest = min(4, largest)
        var starts = [0], left = panels
        while left > 0 {
            let size = workers == 1 ? largest : max(smallest, min(largest, left * groups / (2 * workers)))
            starts.append(starts.last! + min(size, left))
            left -= min(size, left)
        }
        return starts
    }

    /// The smallest rectangle of output pixels (rows, columns) holding all of `rectangles`
    /// (empty ones, taps that never read inside the image, add nothing).
    private static func union(of rectangles: ArraySlice<(rows: Range<Int>, columns: Range<Int>)>) -> (rows: Range<Int>, columns: Range<Int>) {
        var rows = 0..<0, columns = 0..<0
        for inside in rectangles where !inside.rows.isEmpty && !inside.columns.isEmpty {
            rows = ConvGeometry.hull(rows, inside.rows)
            columns = ConvGeometry.hull(columns, inside.columns)
        }
        return (rows, columns)
    }

    /// Segments of the pixels for `workers` workers: one for one worker (one accumulator, no
    /// sum); else `perWorker` per worker (more let a worker slowed down leave a smaller
    /// segment for the end, and cost an accumulator each to clear and add up), but no more
    /// than there are `chunks`, and — for a large dWᵀ (a 7×7 kernel over 128 channels: 0.8 M
    /// floats) — no more than 8 M floats of accumulators in all (at least one per worker).
    static func segmentCount(workers: Int, perWorker: Int, chunks: Int, floatsPerSegment: Int) -> Int {
        guard workers > 1 else { return 1 }
        let byMemory = max(workers, (8 << 20) / max(floatsPerSegment, 1))
        return max(1, min(perWorker * workers, chunks, byMemory))
    }

    /// `channels` rows of dY (`rowStride` apart, `count` pixels each) transposed into columns of
    /// 32 channels, [column][pixel][32], the columns `columnStride` floats apart: the layout
    /// both ∂weight paths' tiles read (32 channels, 128 bytes, of each pixel one after another).
    /// The last column's padding channels are left as they are.
    static func transposeInColumns(_ src: UnsafePointer<Float>, rowStride: Int, channels: Int, count: Int,
                                   into t: UnsafeMutablePointer<Float>, columnStride: Int) {
        for column in 0..<((channels + 31) / 32) {
            transpose(src + column * 32 * rowStride, rowStride: rowStride, rows: min(32, channels - column * 32), count: count,
                      into: t + column * columnStride, 32)
        }
    }

    /// t[q·ldt + o] = src[o·rowStride + q] for o < rows, q < count: in blocks of 16 pixels, so
    /// that the 16 destination rows being filled stay in L1 (a whole 192-pixel chunk of 64
    /// channels is 48 KiB), with unchecked arithmetic (this loop was a quarter of ∂weight's
    /// time with overflow-checked indexing).
    @inline(never)
    static func transpose(_ src: UnsafePointer<Float>, rowStride: Int, rows: Int, count: Int,
                          into t: UnsafeMutablePointer<Float>, _ ldt: Int) {
        var q0 = 0
        while q0 < count {
            let block = min(16, count &- q0)
            if block == 16 {
                // Whole 16 × 16 blocks in registers; the leftover rows (< 16) below.
                var o = 0
                while o &+ 16 <= rows {
                    transpose16x16(src + (o &* rowStride &+ q0), rowStride, t + (q0 &* ldt &+ o), ldt)
                    o &+= 16
                }
                for o in o..<rows {
                    let s = src + (o &* rowStride &+ q0)
                    var d = t + (q0 &* ldt &+ o)
                    for q in 0..<16 {
                        d.pointee = s[q]
                        d += ldt
                    }
                }
                q0 &+= 16
                continue
            }
            for o in 0..<rows {
                let s = src + (o &* rowStride &+ q0)
                var d = t + (q0 &* ldt &+ o)
                for q in 0..<block {
                    d.pointee = s[q]
                    d += ldt
                }
            }
            q0 &+= 16
        }
    }

    /// Transposes one 16 × 16 block: dst[c·dstStride + r] = src[r·srcStride + c], in
    /// registers: two rounds of interleaving within 128-bit lanes turn each four rows into
    /// 4 × 4 blocks, two rounds of lane moves put each column's four blocks together, and
    /// each column is one vector store (not 16 scalar stores to 16 cache lines).
    ///
    /// Why in registers (`Lanes`). Four rounds of "unshuffle" (`SIMD32`'s even and odd halves
    /// of each vector pair) went through 32 vectors on the stack, 2 KiB written and read per
    /// block; this way the stem's ∂weight took 0.92 of the time on one thread and 0.95 on two
    /// (A/B in one run), the 1×1 over 256 channels 0.97 and 0.94, the 3×3 over eight 56×56
    /// images 0.97 on two.
    @inline(never)
    static func transpose16x16(_ src: UnsafePointer<Float>, _ srcStride: Int, _ dst: UnsafeMutablePointer<Float>, _ dstStride: Int) {
        @inline(__always) func row(_ r: Int) -> SIMD16<Float> { UnsafeRawPointer(src + r &* srcStride).loadUnaligned(as: SIMD16<Float>.self) }
        @inline(__always) func put(_ c: Int, _ v: SIMD16<Float>) { UnsafeMutableRawPointer(dst + c &* dstStride).storeBytes(of: v, as: SIMD16<Float>.self) }
        // Rows 4i ..< 4i + 4 as four vectors whose 128-bit lane L holds column 4L + k of those
        // rows (k = 0…3): two rounds of interleaving within 128-bit lanes.
        @inline(__always) func quad(_ r: Int) -> (SIMD16<Float>, SIMD16<Float>, SIMD16<Float>, SIMD16<Float>) {
            let a = row(r), b = row(r &+ 1), c = row(r &+ 2), d = row(r &+ 3)
            let t0 = Lanes.unpackLow(a, b), t1 = Lanes.unpackHigh(a, b), t2 = Lanes.unpackLow(c, d), t3 = Lanes.unpackHigh(c, d)
            return (Lanes.pairsLow(t0, t2), Lanes.pairsHigh(t0, t2), Lanes.pairsLow(t1, t3), Lanes.pairsHigh(t1, t3))
        }
        let q0 = quad(0), q1 = quad(4), q2 = quad(8), q3 = quad(12)
        // Column 4L + k: lane L of each quad's k-th vector, gathered in two rounds of lane moves.
        @inline(__always) func columns(_ k: Int, _ x0: SIMD16<Float>, _ x1: SIMD16<Float>, _ x2: SIMD16<Float>, _ x3: SIMD16<Float>) {
            let aLow = Lanes.quartersLow(x0, x1), aHigh = Lanes.quartersHigh(x0, x1), bLow = Lanes.quartersLow(x2, x3), bHigh = Lanes.quartersHigh(x2, x3)
            put(k, SIMD16(lowHalf: aLow.lowHalf, highHalf: bLow.lowHalf))
            put(4 &+ k, SIMD16(lowHalf: aLow.highHalf, highHalf: bLow.highHalf))
            put(8 &+ k, SIMD16(lowHalf: aHigh.lowHalf, highHalf: bHigh.lowHalf))
            put(12 &+ k, SIMD16(lowHalf: aHigh.highHalf, highHalf: bHigh.highHalf))
        }
        columns(0, q0.0, q1.0, q2.0, q3.0)
        columns(1, q0.1, q1.1, q2.1, q3.1)
        columns(2, q0.2, q1.2, q2.2, q3.2)
        columns(3, q0.3, q1.3, q2.3, q3.3)
    }

    /// How pixels step through the planes: `length` per output row, then `gap` floats skipped.
    struct RowWalk: Sendable {
        let length: Int, gap: Int
    }

    /// All 8 × 32 tiles of `rows` (a multiple of 8) rows of X against the transposed chunk.
    private static func tiles(_ count: Int, firstColumn: Int, _ walk: RowWalk, x: UnsafePointer<Float>, xOffsets: UnsafePointer<Int>,
                              rows: Int, _ transposed: UnsafePointer<Float>, _ acc: UnsafeMutablePointer<Float>, _ mPadded: Int) {
        for column in 0..<(mPadded / 32) {
            for p in 0..<(rows / 8) {
                weightGradTile8x32(count: count, firstColumn: firstColumn, rowLength: walk.length, rowGap: walk.gap, x: x,
                                   xOffsets: xOffsets + p * 8, d: transposed + column * chunk * 32, ldd: 32,
                                   c: acc + p * 8 * mPadded + column * 32, ldc: mPadded)
            }
        }
    }
}
