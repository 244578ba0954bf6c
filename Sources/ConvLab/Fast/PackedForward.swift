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

    static func run(_ problem: GemmProblem, _ t: GemmTables) {
        let (layout, g, k, panels, perGroup) = (problem.layout, problem.g, problem.k, problem.panels, problem.perGroup)
        let plane = g.outputSize.h * g.outputSize.w
        let blocksPerImage = (plane + blockWidth - 1) / blockWidth
        let items = g.batch * g.groups * blocksPerImage
        let bOffsets = (0..<k).map { $0 * blockWidth }
        let outOffsets = (0..<8).map { $0 * plane }, scratchOffsets = (0..<8).map { $0 * PlaneLayout.tileWidth }
        let tables = [bOffsets, outOffsets, scratchOffsets].flatMap { $0 }
        tables.withUnsafeBufferPointer { tab in
            let shared = OffsetPointers(b: tab.baseAddress!, c: tab.baseAddress! + k)
            parallelRanges(items) { _, range in
                let block = FloatBuffer(zeros: k * blockWidth), scratch = FloatBuffer(zeros: 8 * PlaneLayout.tileWidth)
                for item in range {
                    let blockIndex = item % blocksPerImage, group = (item / blocksPerImage) % g.groups
                    let n = item / (blocksPerImage * g.groups)
                    let first = blockIndex * blockWidth, valid = min(blockWidth, plane - first)
                    pack(first: first, valid: valid, rows: k, from: t.planes.base + n * layout.imageCount,
                         offsets: t.offsets + group * k, into: block.pointer, layout)
                    let outBase = t.output.base + (n * g.outChannels + group * perGroup) * plane + first
                    for p in 0..<panels {
                        let aPanel = t.a.base + (group * panels + p) * k * 8, initial = t.initial.base + (group * panels + p) * 8
                        let rows = min(8, perGroup - p * 8)
                        var tileStart = 0
                        while tileStart < valid {
                            let columns = min(PlaneLayout.tileWidth, valid - tileStart)
                            let destination = outBase + p * 8 * plane + tileStart
                            if rows == 8 && columns == PlaneLayout.tileWidth {
                                gemmTile8x48(count: k, a: aPanel, b: block.pointer + tileStart, bOffsets: shared.b,
                                             c: destination, cOffsets: shared.c, initial: initial, accumulate: false)
                            } else {
                                gemmTile8x48(count: k, a: aPanel, b: block.pointer + tileStart, bOffsets: shared.b,
                                             c: scratch.pointer, cOffsets: shared.c + 8, initial: initial, accumulate: false)
                                for r in 0..<rows {
                                    (destination + r * plane).update(from: scratch.pointer + r * PlaneLayout.tileWidth, count: columns)
                                }
                            }
                            tileStart += PlaneLayout.tileWidth
                        }
                    }
                }
            }
        }
    }

    /// Copies output pixels `first..<first+valid` of every row k (reading the planes at
    /// `offsets[k]` in wide numbering) into `block[k·blockWidth + 0..<valid]`.
    private static func pack(first: Int, valid: Int, rows: Int, from image: UnsafePointer<Float>,
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
