/// The forward GEMM in compact numbering, for images whose wide rows would waste columns
/// (small images with wide padding: a 17-pixel row of a 7×7 convolution is 23 wide).
///
/// Each work item packs the B block it needs — K rows × up to 192 output pixels — by copying
/// runs of one output row from the planes (contiguous for every stride, thanks to the phase
/// planes), then runs the same microkernel with row k at k·192. Tiles whose pixels are
/// consecutive in the output are stored straight into it with the bias already added; the
/// others go through a scratch block. Copying costs one load and store per element of B
/// against `output channels` multiply-adds per element, so it pays off when it saves more
/// than ~1/16 of the columns.
///
/// Kernel rows that read only padding are skipped: K is ordered kernel row first
/// (`FastForward.KOrder.kernelRowFirst`), so the kernel rows an output row needs are one contiguous range of K, and
/// each block is cut from one band of output rows needing the same range (`PackedBlocks`).
/// A 7×7 over 17×17 with padding 3 computes 314 instead of 343 tile-rows, 8.5% fewer
/// multiply-adds; its 7×1 half likewise.
enum PackedForward {
    static let blockWidth = 4 * PlaneLayout.tileWidth

    /// Rows of B packed at a time: 384 × 192 floats = 288 KiB stay in L2 while every panel
    /// of A runs over them. Longer K (a 7×7 kernel over 128 channels: 6272) goes in chunks,
    /// the microkernel adding each chunk onto the previous ones.
    static let maxChunk = 384

    static func run(_ problem: GemmProblem, _ t: GemmTables) {
        let (g, k, panels, perGroup) = (problem.g, problem.k, problem.panels, problem.perGroup)
        let plane = g.outputSize.h * g.outputSize.w
        let rowsPerKernelRow = k / g.kernel.h
        let workers = workerCount(for: Int.max)
        let blocks = PackedBlocks(problem.layout, g, workers: workers)
        // Few blocks (8 small images of 17×17 make about 50 tiles) leave the last worker alone
        // with a long item, so each block's panels of output channels are split too when even
        // one-tile blocks are too few for about eight items per worker (each split packs its
        // block again: K × span copies against 64 × that many multiply-adds).
        let blockItems = g.groups * blocks.blocks.count, wantedItems = 8 * workers
        let splits = workers > 1 ? max(1, min(panels, (wantedItems + blockItems - 1) / blockItems)) : 1
        let items = blockItems * splits
        let chunkRows = min(maxChunk, k)
        // Row strides: k·blockWidth for B (its first 8 double as the scratch's), r·plane for the output.
        let bRows = max(chunkRows, 8)
        let tables = (0..<bRows).map { $0 * blockWidth } + (0..<8).map { $0 * plane }
        tables.withUnsafeBufferPointer { tab in
            let strides = OffsetPointers(b: tab.baseAddress!, c: tab.baseAddress! + bRows)
            parallelItems(items) { _, queue in
                let packed = FloatBuffer(zeros: chunkRows * blockWidth), zeros = FloatBuffer(zeros: 8)
                let scratch = FloatBuffer(zeros: panels * 8 * blockWidth)
                for item in queue {
                    let split = item % splits, blockItem = item / splits
                    let group = blockItem / blocks.blocks.count, block = blocks.blocks[blockItem % blocks.blocks.count]
                    let panelRange = (panels * split / splits)..<(panels * (split + 1) / splits)
                    let output = t.output.base + group * perGroup * plane
                    // The K rows this block's output rows read: whole kernel rows, split into chunks.
                    let rows = (block.kernelRows.lowerBound * rowsPerKernelRow)..<(block.kernelRows.upperBound * rowsPerKernelRow)
                    let chunks = max(1, (rows.count + chunkRows - 1) / chunkRows)
                    for chunk in 0..<chunks {
                        let k0 = rows.lowerBound + rows.count * chunk / chunks, k1 = rows.lowerBound + rows.count * (chunk + 1) / chunks
                        block.pack(rows: k1 - k0, from: t.planes.base, offsets: t.offsets + group * k + k0, into: packed.pointer)
                        for p in panelRange {
                            let aPanel = t.a.base + ((group * panels + p) * k + k0) * 8
                            let initial = chunk == 0 ? t.initial.base + (group * panels + p) * 8 : UnsafePointer(zeros.pointer)
                            let wholePanel = p * 8 + 8 <= perGroup
                            for tile in 0..<block.tiles {
                                let column = tile * PlaneLayout.tileWidth, direct = wholePanel ? block.directTiles[tile] : nil
                                gemmTile8x48(count: k1 - k0, a: aPanel, b: packed.pointer + column, bOffsets: strides.b,
                                             c: direct.map { output + $0 + p * 8 * plane } ?? scratch.pointer + p * 8 * blockWidth + column,
                                             cOffsets: direct == nil ? strides.b : strides.c, initial: initial, accumulate: chunk > 0)
                            }
                        }
                    }
                    block.copyScratchTiles(scratch.pointer, into: output, plane: plane, panels: panelRange, perGroup: perGroup)
                }
            }
        }
    }
}

/// How PackedForward cuts a batch's output pixels into blocks of at most `blockWidth`.
///
/// Output rows are grouped into bands by the kernel rows that read real pixels for them (rows
/// near the top and bottom edges read padding with some kernel rows); a block holds rows of
/// one band only, so it skips the kernel rows its band never needs. Within a band the rows of
/// every image follow each other, so a block's tiles run on across rows and images and only
/// the band's last block has an unused tail.
struct PackedBlocks {
    /// A piece of one output row in a block: its pixels read from the planes at `source`
    /// (batch offset of the first pixel in wide numbering) and written to the output at
    /// `output` (offset of the first pixel in output channel 0 of the image: n·C_out·plane + p).
    struct Run {
        let source: Int, column: Int, length: Int, output: Int
    }

    /// Pixels of one band that one work item packs and computes.
    struct Block {
        let runs: [Run]
        /// The kernel rows i (a range) these output rows read real pixels with.
        let kernelRows: Range<Int>
        /// Columns of the block that hold pixels (the rest of its last tile is computed and dropped).
        let valid: Int
        /// For each tile, its output offset (channel 0) when its 48 pixels are consecutive in
        /// one output image, else nil: such tiles are stored straight into the output.
        let directTiles: [Int?]

        /// Tiles of 48 columns the microkernel runs over this block.
        var tiles: Int { (valid + PlaneLayout.tileWidth - 1) / PlaneLayout.tileWidth }

        /// Copies every row k in `0..<rows` (read at `image + offsets[k]`, the wide source)
        /// into `block[k·blockWidth + column]`.
        func pack(rows: Int, from image: UnsafePointer<Float>, offsets: UnsafePointer<Int>, into block: UnsafeMutablePointer<Float>) {
            for row in 0..<rows {
                let source = image + offsets[row], destination = block + row &* PackedForward.blockWidth
                for run in runs { copyRun(source + run.source, destination + run.column, run.length) }
            }
        }

        /// Copies the scratch block's tiles that were not stored directly, for `panels`, out
        /// to the output (`output`: channel 0 of the group in image 0).
        func copyScratchTiles(_ scratch: UnsafeMutablePointer<Float>, into output: UnsafeMutablePointer<Float>, plane: Int,
                              panels: Range<Int>, perGroup: Int) {
            for p in panels {
                let rows = min(8, perGroup - p * 8)
                for run in runs {
                    // Pixels of this run in tiles that went through the scratch block.
                    var column = run.column
                    while column < run.column + run.length {
                        let tile = column / PlaneLayout.tileWidth
                        let end = min(run.column + run.length, (tile + 1) * PlaneLayout.tileWidth)
                        if rows < 8 || directTiles[tile] == nil {
                            let target = output + run.output + (column - run.column)
                            for r in 0..<rows {
                                (target + (p * 8 + r) * plane).update(from: scratch + (p * 8 + r) * PackedForward.blockWidth + column,
                                                                      count: end - column)
                            }
                        }
                        column = end
                    }
                }
            }
        }
    }

    /// Every block of the batch, longest K first.
    let blocks: [Block]

    /// The blocks of `g`'s output, sized for about eight per worker of `workers`.
    init(_ layout: PlaneLayout, _ g: ConvGeometry, workers: Int) {
        let tileWidth = PlaneLayout.tileWidth, width = layout.outputWidth, plane = layout.outputHeight * width
        // Bands: output rows by the kernel rows that read inside the image, in order of first row.
        let bands = g.outputRowClasses()
        // Blocks of fewer tiles (down to one) until there are about eight items per worker:
        // 8 images of 17×17, 49 tiles in all, made 13 blocks of 4 tiles, which left the last
        // worker alone with a long item.
        let tiles = (g.batch * plane + tileWidth - 1) / tileWidth
        let span = max(1, min(PackedForward.blockWidth / tileWidth, tiles * g.groups / (8 * workers))) * tileWidth
        var blocks: [Block] = []
        for band in bands {
            var runs: [Run] = [], column = 0
            func close() {
                if !runs.isEmpty { blocks.append(Self.block(runs, kernelRows: band.taps, valid: column)) }
                runs = []
                column = 0
            }
            for n in 0..<g.batch {
                for y in band.members {
                    var x = 0
                    while x < width {
                        let length = min(width - x, span - column)
                        let run = Run(source: n * layout.imageCount + y * layout.planeWidth + x, column: column, length: length,
                                      output: n * g.outChannels * plane + y * width + x)
                        // Rows without unused columns (no padding left or right) join into one run.
                        if let last = runs.last, last.source + last.length == run.source, last.output + last.length == run.output {
                            runs[runs.count - 1] = Run(source: last.source, column: last.column, length: last.length + length, output: last.output)
                        } else {
                            runs.append(run)
                        }
                        column += length
                        x += length
                        if column == span { close() }
                    }
                }
            }
            close()
        }
        // Longest items first, so the queue ends with short ones.
        self.blocks = blocks.enumerated().sorted { ($0.element.kernelRows.count, -$0.offset) > ($1.element.kernelRows.count, -$1.offset) }
            .map(\.element)
    }

    private static func block(_ runs: [Run], kernelRows: Range<Int>, valid: Int) -> Block {
        let tileWidth = PlaneLayout.tileWidth
        var direct = [Int?]()
        for tile in 0..<(valid + tileWidth - 1) / tileWidth {
            let lo = tile * tileWidth, hi = lo + tileWidth
            // Consecutive in the output: the runs covering [lo, hi) continue one another.
            let covering = runs.filter { $0.column < hi && $0.column + $0.length > lo }
            let start = covering.first.map { $0.output + (lo - $0.column) }
            let contiguous = hi <= valid && zip(covering, covering.dropFirst()).allSatisfy { $0.output + $0.length == $1.output }
            direct.append(contiguous ? start : nil)
        }
        return Block(runs: runs, kernelRows: kernelRows, valid: valid, directTiles: direct)
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
