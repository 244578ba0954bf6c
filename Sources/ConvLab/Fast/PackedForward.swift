/// The forward GEMM in compact numbering, for images whose wide rows would waste columns
/// (small images with wide padding: a 17-pixel row of a 7×7 convolution is 23 wide).
///
/// Each work item packs the B block it needs — K rows × up to 192 consecutive output pixels — by
/// copying runs of one output row from the planes (contiguous for every stride, thanks to the
/// phase planes), then runs the same microkernel with row k at k·192. Output pixels are then
/// contiguous per channel, so whole tiles are stored straight into the output with the bias
/// already added; only the last, partial tile of an image or a partial panel of channels
/// goes through an 8 × 48 scratch tile. Copying costs one load and store per element of B
/// against `output channels` multiply-adds per element, so it pays off when it saves more
/// than ~1/16 of the columns.
enum PackedForward {
    static let blockWidth = 4 * PlaneLayout.tileWidth

    /// Rows of B packed at a time: 384 × 192 floats = 288 KiB stay in L2 while every panel
    /// of A runs over them. Longer K (a 7×7 kernel over 128 channels: 6272) goes in chunks,
    /// the microkernel adding each chunk onto the previous ones.
    static let maxChunk = 384

    static func run(_ problem: GemmProblem, _ t: GemmTables) {
        let (layout, g, k, panels, perGroup) = (problem.layout, problem.g, problem.k, problem.panels, problem.perGroup)
        let plane = g.outputSize.h * g.outputSize.w
        // Pixels are numbered across the batch (n·plane + p), so that a 17×17 image (289
        // pixels) does not leave a nearly empty tile at its end: blocks and tiles run on into
        // the next image, and only tiles that straddle two images go through the scratch.
        let pixels = g.batch * plane
        // Few blocks (8 small images of 17×17: 13 blocks of 4 tiles, ~3 ms each for 128
        // channels of a 7×7) leave the last worker alone with a long item. So a block spans
        // fewer tiles (down to one) until there are about eight items per worker; only when
        // even that is too few are each block's panels of output channels split too (each
        // split packs its block again: K × span copies against 64 × that many multiply-adds).
        // 17×17 (49 tiles): 17 blocks of 3 tiles instead of 13 blocks split in two, 2–3%
        // faster on both of conv-bench's f cases on 2 threads.
        let workers = workerCount(for: Int.max), wantedItems = 8 * workers
        let tiles = (pixels + PlaneLayout.tileWidth - 1) / PlaneLayout.tileWidth
        let span = max(1, min(blockWidth / PlaneLayout.tileWidth, tiles * g.groups / wantedItems)) * PlaneLayout.tileWidth
        let blocksPerGroup = (pixels + span - 1) / span
        let blockItems = g.groups * blocksPerGroup
        let splits = workers > 1 ? max(1, min(panels, (wantedItems + blockItems - 1) / blockItems)) : 1
        let items = blockItems * splits
        let chunks = (k + maxChunk - 1) / maxChunk, chunkRows = (k + chunks - 1) / chunks
        // Row strides: k·blockWidth for B (its first 8 double as the scratch's), r·plane for the output.
        let bRows = max(chunkRows, 8)
        let tables = (0..<bRows).map { $0 * blockWidth } + (0..<8).map { $0 * plane }
        tables.withUnsafeBufferPointer { tab in
            let strides = OffsetPointers(b: tab.baseAddress!, c: tab.baseAddress! + bRows)
            parallelItems(items) { _, queue in
                let block = FloatBuffer(zeros: chunkRows * blockWidth), zeros = FloatBuffer(zeros: 8)
                let scratch = FloatBuffer(zeros: panels * 8 * blockWidth)
                for item in queue {
                    let split = item % splits, blockItem = item / splits
                    let group = blockItem / blocksPerGroup, first = (blockItem % blocksPerGroup) * span
                    let panelRange = (panels * split / splits)..<(panels * (split + 1) / splits)
                    let valid = min(span, pixels - first)
                    let target = Target(output: t.output.base, plane: plane, channelBase: group * perGroup, outChannels: g.outChannels)
                    for chunk in 0..<chunks {
                        let k0 = chunk * chunkRows, rowsInChunk = min(chunkRows, k - k0)
                        pack(first: first, valid: valid, rows: rowsInChunk, from: t.planes.base,
                             offsets: t.offsets + group * k + k0, into: block.pointer, layout)
                        for p in panelRange {
                            let aPanel = t.a.base + ((group * panels + p) * k + k0) * 8
                            let initial = chunk == 0 ? t.initial.base + (group * panels + p) * 8 : UnsafePointer(zeros.pointer)
                            var tileStart = 0
                            while tileStart < valid {
                                let direct = target.directTile(first + tileStart, columns: min(PlaneLayout.tileWidth, valid - tileStart),
                                                               wholePanel: p * 8 + 8 <= perGroup)
                                gemmTile8x48(count: rowsInChunk, a: aPanel, b: block.pointer + tileStart, bOffsets: strides.b,
                                             c: direct.map { $0 + p * 8 * plane } ?? scratch.pointer + p * 8 * blockWidth + tileStart,
                                             cOffsets: direct == nil ? strides.b : strides.c, initial: initial, accumulate: chunk > 0)
                                tileStart += PlaneLayout.tileWidth
                            }
                        }
                    }
                    target.copyScratchTiles(scratch.pointer, first: first, valid: valid, panels: panelRange, perGroup: perGroup)
                }
            }
        }
    }

    /// Where output pixel P = n·plane + p of a group's channel o goes.
    private struct Target {
        let output: UnsafeMutablePointer<Float>
        let plane: Int, channelBase: Int, outChannels: Int

        func address(_ pixel: Int, channel o: Int) -> UnsafeMutablePointer<Float> {
            output + ((pixel / plane) * outChannels + channelBase + o) * plane + pixel % plane
        }

        /// Channel 0's address for a tile stored straight into the output (8 channels, 48
        /// pixels of one image), or nil when the tile goes through the scratch block.
        func directTile(_ pixel: Int, columns: Int, wholePanel: Bool) -> UnsafeMutablePointer<Float>? {
            guard wholePanel, columns == PlaneLayout.tileWidth, pixel / plane == (pixel + columns - 1) / plane else { return nil }
            return address(pixel, channel: 0)
        }

        /// Copies the scratch block's tiles (those `directTile` refused) of `panels` out, image by image.
        func copyScratchTiles(_ scratch: UnsafeMutablePointer<Float>, first: Int, valid: Int, panels: Range<Int>, perGroup: Int) {
            for p in panels {
                let rows = min(8, perGroup - p * 8)
                var tileStart = 0
                while tileStart < valid {
                    let columns = min(PlaneLayout.tileWidth, valid - tileStart)
                    if directTile(first + tileStart, columns: columns, wholePanel: rows == 8) == nil {
                        var done = 0
                        while done < columns {
                            let pixel = first + tileStart + done
                            let run = min(columns - done, plane - pixel % plane)
                            for r in 0..<rows {
                                address(pixel, channel: p * 8 + r).update(from: scratch + (p * 8 + r) * blockWidth + tileStart + done, count: run)
                            }
                            done += run
                        }
                    }
                    tileStart += PlaneLayout.tileWidth
                }
            }
        }
    }

    /// Copies output pixels `first..<first+valid` (numbered n·plane + p across the batch whose
    /// planes start at `image`) of every row k, read at `offsets[k]` in wide numbering, into
    /// `block[k·blockWidth + 0..<valid]`.
    private static func pack(first: Int, valid: Int, rows: Int, from image: UnsafePointer<Float>,
                             offsets: UnsafePointer<Int>, into block: UnsafeMutablePointer<Float>, _ layout: PlaneLayout) {
        // Runs of one output row: (wide source, compact destination, length); the same for every k.
        var runs: [(Int, Int, Int)] = []
        var pixel = first
        let plane = layout.outputHeight * layout.outputWidth
        while pixel < first + valid {
            let n = pixel / plane, y = pixel % plane / layout.outputWidth, x = pixel % layout.outputWidth
            let length = min(layout.outputWidth - x, first + valid - pixel)
            let source = n * layout.imageCount + y * layout.planeWidth + x
            if let last = runs.last, last.0 + last.2 == source {
                runs[runs.count - 1].2 += length  // rows without unused columns join into one run
            } else {
                runs.append((source, pixel - first, length))
            }
            pixel += length
        }
        for row in 0..<rows {
            let source = image + offsets[row], destination = block + row &* blockWidth
            for (from, to, length) in runs { copyRun(source + from, destination + to, length) }
        }
    }
}

/// Copies `count` floats, 16 at a time while it can (runs are short: one output row).
@inline(__always)
private func copyRun(_ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, _ count: Int) {
    var i = 0
    while i &+ 16 <= count {
        UnsafeMutableRawPointer(destination + i).storeBytes(
            of: UnsafeRawPointer(source + i).loadUnaligned(as: SIMD16<Float>.self), as: SIMD16<Float>.self)
        i &+= 16
    }
    if i &+ 8 <= count {
        UnsafeMutableRawPointer(destination + i).storeBytes(
            of: UnsafeRawPointer(source + i).loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
        i &+= 8
    }
    while i < count {
        destination[i] = source[i]
        i &+= 1
    }
}
