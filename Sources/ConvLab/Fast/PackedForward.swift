/// The forward GEMM in compact numbering, for images whose wide rows would waste columns
/// (small images with wide padding: a 17-pixel row of a 7×7 convolution is 23 wide).
///
/// Each work item packs the B block it needs — K rows × 192 consecutive output pixels — by
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
        let blocksPerImage = (plane + blockWidth - 1) / blockWidth
        let items = g.batch * g.groups * blocksPerImage
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
                    let blockIndex = item % blocksPerImage, group = (item / blocksPerImage) % g.groups
                    let n = item / (blocksPerImage * g.groups)
                    let first = blockIndex * blockWidth, valid = min(blockWidth, plane - first)
                    let outBase = t.output.base + (n * g.outChannels + group * perGroup) * plane + first
                    for chunk in 0..<chunks {
                        let k0 = chunk * chunkRows, rowsInChunk = min(chunkRows, k - k0)
                        pack(first: first, valid: valid, rows: rowsInChunk, from: t.planes.base + n * layout.imageCount,
                             offsets: t.offsets + group * k + k0, into: block.pointer, layout)
                        for p in 0..<panels {
                            let aPanel = t.a.base + ((group * panels + p) * k + k0) * 8
                            let initial = chunk == 0 ? t.initial.base + (group * panels + p) * 8 : UnsafePointer(zeros.pointer)
                            let whole = p * 8 + 8 <= perGroup
                            var tileStart = 0
                            while tileStart < valid {
                                // Whole tiles go straight to the output; partial ones to the scratch block.
                                let direct = whole && tileStart + PlaneLayout.tileWidth <= valid
                                gemmTile8x48(count: rowsInChunk, a: aPanel, b: block.pointer + tileStart, bOffsets: strides.b,
                                             c: direct ? outBase + p * 8 * plane + tileStart : scratch.pointer + p * 8 * blockWidth + tileStart,
                                             cOffsets: direct ? strides.c : strides.b, initial: initial, accumulate: chunk > 0)
                                tileStart += PlaneLayout.tileWidth
                            }
                        }
                    }
                    copyPartialTiles(scratch.pointer, valid: valid, into: outBase, plane: plane, panels: panels, perGroup: perGroup)
                }
            }
        }
    }

    /// Copies what went to the scratch block (partial panels, the partial last tile) out.
    private static func copyPartialTiles(_ scratch: UnsafeMutablePointer<Float>, valid: Int, into outBase: UnsafeMutablePointer<Float>,
                                         plane: Int, panels: Int, perGroup: Int) {
        let wholeTiles = valid / PlaneLayout.tileWidth * PlaneLayout.tileWidth
        for p in 0..<panels {
            let rows = min(8, perGroup - p * 8)
            let start = rows == 8 ? wholeTiles : 0
            guard start < valid else { continue }
            for r in 0..<rows {
                (outBase + (p * 8 + r) * plane + start).update(from: scratch + (p * 8 + r) * blockWidth + start, count: valid - start)
            }
        }
    }

    /// Copies output pixels `first..<first+valid` of every row k (reading the planes at
    /// `offsets[k]` in wide numbering) into `block[k·blockWidth + 0..<valid]`.
    static func pack(first: Int, valid: Int, rows: Int, from image: UnsafePointer<Float>,
                             offsets: UnsafePointer<Int>, into block: UnsafeMutablePointer<Float>, _ layout: PlaneLayout) {
        // Runs of one output row: (wide source, compact destination, length); the same for every k.
        var runs: [(Int, Int, Int)] = []
        var pixel = first
        while pixel < first + valid {
            let y = pixel / layout.outputWidth, x = pixel % layout.outputWidth
            let length = min(layout.outputWidth - x, first + valid - pixel)
            runs.append((y * layout.planeWidth + x, pixel - first, length))
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
    while i < count {
        destination[i] = source[i]
        i &+= 1
    }
}
