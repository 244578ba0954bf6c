/// The forward pass with vectors along output channels: out[o, q] = Σ_k W[o, k] · X[k, q]
/// computed 64 output channels × 6 output pixels at a time (`channelTile64x6`; 32 × 8 for
/// groups of 32 or 96 channels, `ChannelTile`; short tiles of 4 pixels end a class of pixels
/// where full ones would repeat pixels), with each input value broadcast to the channels' weights.
///
/// Why a second forward. The GEMM paths (FastForward) run vectors along output pixels, so a
/// tile is 48 pixels of consecutive memory: it reads the zero padding around the image with
/// every tap that reaches it, and small images are copied into packed blocks first. Here a
/// tile's pixels can lie anywhere, so pixels that read inside the image with the same
/// kernel rows and columns are grouped into tiles (`PixelTiles`) that run over those taps
/// only: nothing is multiplied by padding, and the input is read where it lies — no phase
/// planes, no packing. A 7×7 at padding 3 over 17×17 spends 19% of its multiply-adds on
/// padding in the GEMM paths (8.5 points of which they skip by kernel rows).
///
/// The weight is packed per block of a tile's output channels as [kernel row][kernel column]
/// [input channel][channels], so a tile's step over input channels reads consecutive vectors.
/// Workers own disjoint (band of images, group, block of channels, run of tiles) items,
/// each worker its own band's first (see `run`); each item sums its
/// tiles in a scratch block, kernel row by kernel row (that row's weights, 7 × 128 × 64 floats
/// for the 7×7, stay in L2 across the item's tiles; a kernel one column wide runs all of a
/// tile's rows in one call), then scatters them into the output.
enum ChannelForward {
    /// Tiles per work item at most: their sums (1.5 KiB each) stay in L2 beside a kernel
    /// row of weights.
    static let maxTilesPerItem = 64

    /// Writes the convolution of `input` with the weight (read through `rows`) plus `bias`
    /// into `output` ([N][C_out][H_out][W_out]; every element is written).
    static func run(input: UnsafePointer<Float>, weight: [Float], rows: WeightRows, bias: UnsafePointer<Float>,
                    output: UnsafeMutablePointer<Float>, _ g: ConvGeometry, tiles: PixelTiles) {
        let perGroup = g.outChannels / g.groups, inPerGroup = g.inChannels / g.groups
        let shape = tiles.shape, tileChannels = shape.channels, tilePixels = shape.pixels
        let blocks = (perGroup + tileChannels - 1) / tileChannels, blockItems = g.groups * blocks
        let (kernelH, kernelW) = (g.kernel.h, g.kernel.w)
        let blockSize = kernelH * kernelW * inPerGroup * tileChannels
        // Packed once per weight (`PackedWeights`): the same weight again reuses its packing.
        let packed = PackedWeights.shared.packed(.channelBlocks(width: tileChannels), g, rows, weight: weight, count: blockItems * blockSize) {
            let packed = $0.shared
            weight.withUnsafeBufferPointer { pack($0.baseAddress!, rows: rows, into: packed, g, channels: tileChannels) }
        }
        // The bias of each block, zero past the group's channels (those sums are never stored).
        let initial = FastForward.blockedBias(bias, g, width: tileChannels)

        let plane = g.outputSize.h * g.outputSize.w, inputPlane = g.inputSize.h * g.inputSize.w
        let workers = workerCount(for: Int.max)
        // The batch's images in a band per worker, each band's tiles apart (`PixelTiles.bands`),
        // and each worker starting with its own band's items (`WorkQueue` shares): a core then
        // writes every channel of its images, and the next layer, cut alike, reads them from
        // its own cache. Cut by blocks of channels instead, every output line was written by
        // one core and read by both; whenever the host made moving lines between the cores
        // slow, the 1×7 + 7×1 on two threads took 5.1 ms instead of 4.4.
        let tiles = tiles.bands == imageShares(g.batch) ? tiles : PixelTiles.cached(g, shape: tiles.shape, bands: imageShares(g.batch))
        let bands = tiles.bands
        let bandTiles = (0..<bands).map { tiles.bandStarts[$0 + 1] - tiles.bandStarts[$0] }
        // About 16 items per worker: tiles differ in cost (a corner's have a third of the
        // middle's taps) and a worker's last item is what the other waits for. (8 per worker
        // ran the 7×7 over 17×17 about 2% slower on two threads; an item's weights come
        // from L2 either way.)
        let runs = min(bandTiles.min() ?? 0, max(((bandTiles.max() ?? 0) + maxTilesPerItem - 1) / maxTilesPerItem,
                                                 (16 * workers + blockItems * bands - 1) / (blockItems * bands)))
        let itemsPerBand = blockItems * runs
        let (inputBase, outputBase) = (SharedConstPointer(input), SharedPointer(output))
        withExtendedLifetime(packed) {
            tiles.inputOffsets.withUnsafeBufferPointer { inputOffsets in
                tiles.outputOffsets.withUnsafeBufferPointer { outputOffsets in
                    initial.withUnsafeBufferPointer { initial in
                        let offsets = OffsetPointers(b: inputOffsets.baseAddress!, c: outputOffsets.baseAddress!)
                        let biases = SharedConstPointer(initial.baseAddress!), weights = SharedConstPointer(packed.pointer)
                        let longest = bandTiles.max() ?? 0
                        parallelItems(bands * itemsPerBand, shares: bands) { worker, queue in
                            let sums = FloatBuffer(uninitialized: (longest + runs - 1) / runs * tilePixels * tileChannels)
                            for item in queue.taken(by: worker) {
                                let band = item / itemsPerBand, run = item % runs, blockItem = item % itemsPerBand / runs
                                let group = blockItem / blocks, block = blockItem % blocks
                                let start = tiles.bandStarts[band], count = bandTiles[band]
                                let first = start + count * run / runs, last = start + count * (run + 1) / runs
                                let bias = biases.base + blockItem * tileChannels
                                for slot in 0..<((last - first) * tilePixels) {
                                    (sums.pointer + slot * tileChannels).update(from: bias, count: tileChannels)
                                }
                                let image = inputBase.base + group * inPerGroup * inputPlane
                                let blockWeights = weights.base + blockItem * blockSize
                                // Tile t over `outer` kernel rows or columns, `outerX` input and `weights`' layout apart.
                                func multiply(_ t: Int, outer: Int, outerX: Int, weights: UnsafePointer<Float>, input: UnsafePointer<Float>) {
                                    shape.multiply(outer: outer, outerX: outerX, outerW: inPerGroup * tileChannels,
                                                   inner: inPerGroup, innerX: inputPlane, innerW: tileChannels, w: weights, x: input,
                                                   pixels: offsets.b + t * tilePixels,
                                                   acc: sums.pointer + (t - first) * tilePixels * tileChannels, count: tiles.tiles[t].pixels)
                                }
                                if kernelW == 1 {
                                    // One kernel column: a tile's kernel rows are its outer loop, in one
                                    // call, the sums kept in registers (the same additions in the same
                                    // order; the block's weights, kernel height × input channels × 64
                                    // floats, 224 KiB for the 7×1 over 128 channels, stay in L2).
                                    for t in first..<last where !tiles.tiles[t].kernelRows.isEmpty && !tiles.tiles[t].kernelColumns.isEmpty {
                                        let rows = tiles.tiles[t].kernelRows
                                        multiply(t, outer: rows.count, outerX: g.dilation.h * g.inputSize.w,
                                                 weights: blockWeights + rows.lowerBound * inPerGroup * tileChannels, input: image)
                                    }
                                } else {
                                    for i in 0..<kernelH {
                                        for t in first..<last where tiles.tiles[t].kernelRows.contains(i) {
                                            let tile = tiles.tiles[t], columns = tile.kernelColumns
                                            multiply(t, outer: columns.count, outerX: g.dilation.w,
                                                     weights: blockWeights + (i * kernelW + columns.lowerBound) * inPerGroup * tileChannels,
                                                     input: image + (i - tile.kernelRows.lowerBound) * g.dilation.h * g.inputSize.w)
                                        }
                                    }
                                }
                                let valid = min(tileChannels, perGroup - block * tileChannels)
                                let target = outputBase.base + (group * perGroup + block * tileChannels) * plane
                                for t in first..<last {
                                    shape.store(sums.pointer + (t - first) * tilePixels * tileChannels, channels: valid,
                                                to: target, plane: plane, pixels: offsets.c + t * tilePixels, count: tiles.tiles[t].pixels)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Packs the weight of every (group, block of a tile's output channels) as [i][j][c][channels],
    /// zeros past the group's channels; in parallel by (block, input channel) when it is large
    /// (a 7×7 over 128 channels is 0.8 M weights).
    ///
    /// One input channel at a time, every tap of it: the block's source weights of one input
    /// channel (64 rows × 49 taps for a 7×7, 12.5 KiB) stay in L1 from the first tap to the
    /// last, and each tap's 64 floats are written in a row. Kernel row by kernel row, each
    /// tap read its 64 lines again from further out: the 7×7 over 17×17 spent 4.0–4.4% of
    /// its forward's samples on one thread packing, now 2.7–2.8%. (Walking a source row's
    /// taps instead writes 32 KiB apart, one L1 set: 14%.)
    private static func pack(_ weight: UnsafePointer<Float>, rows: WeightRows, into packed: SharedPointer, _ g: ConvGeometry, channels tileChannels: Int) {
        let perGroup = g.outChannels / g.groups, inPerGroup = g.inChannels / g.groups
        let blocks = (perGroup + tileChannels - 1) / tileChannels
        let taps = g.kernel.h * g.kernel.w, blockSize = taps * inPerGroup * tileChannels
        let items = g.groups * blocks * inPerGroup
        let source = SharedConstPointer(weight)
        rows.start.withUnsafeBufferPointer { start in
            rows.column.withUnsafeBufferPointer { column in
                let tables = OffsetPointers(b: start.baseAddress!, c: column.baseAddress!)
                parallelRanges(items, workers: items * taps * tileChannels >= 1 << 16 ? workerCount(for: items) : 1) { _, items in
                    for item in items {
                        let c = item % inPerGroup, blockItem = item / inPerGroup
                        let group = blockItem / blocks, block = blockItem % blocks
                        let first = group * perGroup + block * tileChannels, valid = min(tileChannels, perGroup - block * tileChannels)
                        let rowStarts = tables.b + first, blockBase = packed.base + blockItem * blockSize
                        for tap in 0..<taps {
                            let offset = tables.c[c * taps + tap], destination = blockBase + (tap * inPerGroup + c) * tileChannels
                            for v in 0..<valid { destination[v] = source.base[rowStarts[v] &+ offset] }
                            for v in valid..<tileChannels { destination[v] = 0 }
                        }
                    }
                }
            }
        }
    }
}

/// How ChannelForward groups a batch's output pixels into tiles (of 6 or 8) that read inside the
/// image with the same kernel rows and the same kernel columns.
///
/// Output rows fall into classes by the kernel rows that read inside the image for them (the
/// rows near the top and bottom edges lose some), output columns likewise; each pair of a
/// row class and a column class is one set of pixels — across every image of a band of
/// the batch, so that even a corner's class (one pixel per image) fills tiles — cut into
/// tiles. A class's last tile repeats its last pixel (the same sums stored to the same
/// place). The bands (one per worker, `imageShares`) are consecutive runs of images, each
/// with its tiles apart: a pixel's sums do not depend on the tile it is in, so neither do
/// the results on the bands.
struct PixelTiles {
    /// One tile: the taps all its pixels read inside the image.
    struct Tile {
        /// The kernel rows every pixel of the tile reads inside the image with.
        let kernelRows: Range<Int>
        /// The kernel columns likewise.
        let kernelColumns: Range<Int>
        /// The pixels it computes: `shape.pixels`, or `shape.shortPixels` for a short tile
        /// that ends a class.
        let pixels: Int
    }

    /// The microkernel the tiles are cut for.
    let shape: ChannelTile
    /// The tiles, band by band, and within a band the classes with most taps first (so the
    /// runs of tiles a queue hands out last, for each block of channels, are the cheapest).
    let tiles: [Tile]
    /// `shape.pixels` per tile: where each pixel's first tap (kernel row and column the tile's first)
    /// reads the input, from image 0, channel 0 of its group.
    let inputOffsets: [Int]
    /// `shape.pixels` per tile: each pixel's offset in output channel 0 of image 0 (n·C_out·plane + y·W + x).
    let outputOffsets: [Int]
    /// Multiply-adds that read inside the image over those the tiles compute (partial tiles
    /// compute their repeated pixels again).
    let usefulShare: Double
    /// Band b's tiles are `bandStarts[b] ..< bandStarts[b + 1]`.
    let bandStarts: [Int]
    /// Runs of images whose tiles are apart (at most the batch).
    var bands: Int { bandStarts.count - 1 }

    /// The tiles of `g`'s output for `shape`'s microkernel, the batch cut into `bands` runs of images.
    init(_ g: ConvGeometry, shape: ChannelTile, bands: Int = 1) {
        self.shape = shape
        let tilePixels = shape.pixels
        let (height, width) = (g.outputSize.h, g.outputSize.w), plane = height * width
        let inputPlane = g.inputSize.h * g.inputSize.w
        let columnClasses = g.outputColumnClasses()
        let pairs = g.outputRowClasses().flatMap { rows in columnClasses.map { (rows, $0) } }
            .sorted { $0.0.taps.count * $0.1.taps.count > $1.0.taps.count * $1.1.taps.count }
        var tiles: [Tile] = [], inputOffsets: [Int] = [], outputOffsets: [Int] = [], bandStarts: [Int] = []
        var useful = 0, computed = 0
        let bands = max(1, min(bands, g.batch))
        for band in 0..<bands {
            bandStarts.append(tiles.count)
            for (rows, columns) in pairs {
                let taps = rows.taps.count * columns.taps.count
                var pixels: [(input: Int, output: Int)] = []
                for n in (g.batch * band / bands)..<(g.batch * (band + 1) / bands) {
                    for y in rows.members {
                        let inputRow = y * g.stride.h - g.padding.top + rows.taps.lowerBound * g.dilation.h
                        for x in columns.members {
                            let inputColumn = x * g.stride.w - g.padding.left + columns.taps.lowerBound * g.dilation.w
                            // A pixel with no tap inside reads nothing; its offset is never used.
                            let input = taps > 0 ? n * g.inChannels * inputPlane + inputRow * g.inputSize.w + inputColumn : 0
                            pixels.append((input, n * g.outChannels * plane + y * width + x))
                        }
                    }
                }
                useful += pixels.count * taps
                var start = 0
                for count in shape.cut(pixels.count) {
                    tiles.append(Tile(kernelRows: rows.taps, kernelColumns: columns.taps, pixels: count))
                    for p in 0..<tilePixels {
                        let pixel = pixels[min(start + min(p, count - 1), pixels.count - 1)]
                        inputOffsets.append(pixel.input)
                        outputOffsets.append(pixel.output)
                    }
                    start += count
                    computed += count * taps
                }
            }
        }
        self.tiles = tiles
        self.bandStarts = bandStarts + [tiles.count]
        self.inputOffsets = inputOffsets
        self.outputOffsets = outputOffsets
        usefulShare = computed > 0 ? Double(useful) / Double(computed) : 1
    }
}

/// The two microkernels of ChannelForward: 64 output channels × 6 pixels, or 32 × 8 for
/// groups where 64-wide tiles would multiply more zero weights (32 or 96 channels; when
/// forced, any count whose last block of 64 would be at most half full).
enum ChannelTile: Sendable {
    /// `channelTile64x6`.
    case wide
    /// `channelTile32x8`.
    case narrow

    /// The tile for `perGroup` output channels per group: the one with fewer zero lanes, the wide one on a tie.
    init(channelsPerGroup perGroup: Int) {
        func padded(_ width: Int) -> Int { (perGroup + width - 1) / width * width }
        self = padded(32) < padded(64) ? .narrow : .wide
    }

    /// Output channels per tile (a block of the weight).
    var channels: Int { self == .wide ? 64 : 32 }
    /// Output pixels per tile.
    var pixels: Int { self == .wide ? 6 : 8 }
    /// Output pixels of a short tile (`channelTile64x4`, `channelTile32x4`).
    var shortPixels: Int { 4 }

    /// The pixel counts of the tiles that cover a class of `count` pixels: tiles of `pixels`
    /// and of `shortPixels`, as few pixels computed as can be (a class's last tile repeats
    /// its last pixel when none fits exactly), then as few tiles. A 7×7 over 17×17 at
    /// padding 3 has classes of 8 pixels in a batch of 8 (a corner's, one pixel per image),
    /// which tiles of 6 alone cover with 12: 5% of its tiles' multiply-adds were repeats.
    func cut(_ count: Int) -> [Int] {
        var best = (computed: Int.max, full: 0, short: 0)
        for full in 0...((count + pixels - 1) / pixels) {
            let short = (max(0, count - full * pixels) + shortPixels - 1) / shortPixels
            let computed = full * pixels + short * shortPixels
            if computed < best.computed || (computed == best.computed && full + short < best.full + best.short) {
                best = (computed, full, short)
            }
        }
        return Array(repeating: pixels, count: best.full) + Array(repeating: shortPixels, count: best.short)
    }

    /// Stores one tile's sums ([pixel][channels]) into `channels` output planes `plane` apart,
    /// at each pixel's offset: channel by channel, six or eight scalars each. (Pixel by
    /// pixel, the compiler turned the channel loop into AVX-512 scatters, which cost 5% of
    /// the 7×7's forward; stores that run along a channel also keep to few cache lines.)
    @inline(__always)
    func store(_ sums: UnsafeMutablePointer<Float>, channels: Int, to output: UnsafeMutablePointer<Float>, plane: Int,
               pixels: UnsafePointer<Int>, count: Int) {
        switch (self, count == shortPixels) {
        case (.wide, false): storeTile(sums, width: 64, count: 6, channels: channels, to: output, plane: plane, pixels: pixels)
        case (.wide, true): storeTile(sums, width: 64, count: 4, channels: channels, to: output, plane: plane, pixels: pixels)
        case (.narrow, false): storeTile(sums, width: 32, count: 8, channels: channels, to: output, plane: plane, pixels: pixels)
        case (.narrow, true): storeTile(sums, width: 32, count: 4, channels: channels, to: output, plane: plane, pixels: pixels)
        }
    }

    /// `store` for a tile `width` channels wide and `count` pixels long.
    @inline(__always)
    private func storeTile(_ sums: UnsafeMutablePointer<Float>, width: Int, count: Int, channels: Int,
                           to output: UnsafeMutablePointer<Float>, plane: Int, pixels: UnsafePointer<Int>) {
        var destination = output
        for v in 0..<channels {
            for p in 0..<count { destination[pixels[p]] = sums[p &* width &+ v] }
            destination += plane
        }
    }

    /// Runs this shape's microkernel for a tile of `count` pixels (`channelTile64x6`,
    /// `channelTile32x8`, or their short tiles `channelTile64x4`, `channelTile32x4`; same arguments).
    @inline(__always)
    func multiply(outer: Int, outerX: Int, outerW: Int, inner: Int, innerX: Int, innerW: Int,
                  w: UnsafePointer<Float>, x: UnsafePointer<Float>, pixels: UnsafePointer<Int>, acc: UnsafeMutablePointer<Float>,
                  count: Int) {
        switch (self, count == shortPixels) {
        case (.wide, false): channelTile64x6(outer: outer, outerX: outerX, outerW: outerW, inner: inner, innerX: innerX, innerW: innerW,
                                             w: w, x: x, pixels: pixels, acc: acc)
        case (.wide, true): channelTile64x4(outer: outer, outerX: outerX, outerW: outerW, inner: inner, innerX: innerX, innerW: innerW,
                                            w: w, x: x, pixels: pixels, acc: acc)
        case (.narrow, false): channelTile32x8(outer: outer, outerX: outerX, outerW: outerW, inner: inner, innerX: innerX, innerW: innerW,
                                               w: w, x: x, pixels: pixels, acc: acc)
        case (.narrow, true): channelTile32x4(outer: outer, outerX: outerX, outerW: outerW, inner: inner, innerX: innerX, innerW: innerW,
                                              w: w, x: x, pixels: pixels, acc: acc)
        }
    }
}

extension PixelTiles {
    /// The tiles of `g` for `shape`, built once per geometry (the last `PixelTilesCache.capacity`
    /// geometries): a layer runs over and over with one geometry — every step of a training
    /// loop, every call of a benchmark — and building the tiles is a pass over every output
    /// pixel on one thread, about 0.1 ms for 8 images of 35×35.
    static func cached(_ g: ConvGeometry, shape: ChannelTile, bands: Int = 1) -> PixelTiles {
        PixelTilesCache.shared.value(.init(geometry: g, shape: shape, bands: bands)) { PixelTiles(g, shape: shape, bands: bands) }
    }
}

/// The pixel tiles of recently used geometries (`GeometryCache`).
enum PixelTilesCache {
    /// Geometries kept: 32 layers' worth, since a layer run on several threads keeps two
    /// (the whole batch's tiles, on which `ForwardMode.channelTiles` decides, and its bands').
    static let capacity = 64
    /// A geometry, the tile shape its tiles are cut for and the bands of images.
    struct Key: Hashable {
        /// The layer's geometry, the microkernel the tiles are cut for and the bands.
        let geometry: ConvGeometry, shape: ChannelTile, bands: Int
    }
    /// The tiles kept, shared by every thread.
    static let shared = GeometryCache<Key, PixelTiles>(capacity: capacity)
}
