import Synchronization

/// The forward pass as an implicit GEMM per image and group:
/// out[o, q] = Σ_k W[o, k] · X[k, q], with k = (input channel, tap) and q a wide output pixel.
///
/// A is the weight, packed once into panels of 8 output channels ([panel][k][8]), with the
/// bias as the accumulators' initial values. B comes from the phase planes (PlaneLayout):
/// read in place in 16-pixel segments of output rows stored straight into the output
/// (`segmented`, for rows a multiple of 8 wide), read in place in wide numbering (`wide`:
/// blocks of 4 tiles = 192 wide pixels into a scratch block, then the valid pixels copied
/// out), or packed in compact numbering (PackedForward, for small images). Workers own
/// disjoint (image, group, block) items — split by panels of output channels too when there
/// are few — hence disjoint outputs.
enum FastForward {
    /// Tiles per work item: enough to reuse each A panel from L1 several times, small
    /// enough that the scratch block stays in L2 for 256 output channels.
    static let tilesPerBlock = 4

    /// The convolution of `input` with `weight` ([C_out][C_in/groups][K_h][K_w], or laid out
    /// as `rows` says) plus `bias`, shaped by `g`. `chunkFloats` (tests) caps the planes built
    /// and read at a time (`FastPlanes.batchChunks`).
    static func run(_ input: Tensor, _ weight: Tensor, bias: Tensor?, _ g: ConvGeometry, mode: ForwardMode = .automatic,
                    rows: WeightRows? = nil, chunkFloats: Int? = nil) -> Tensor {
        let layout = PlaneLayout(g)
        // Every element is stored below (each layout covers all pixels of all channels), so
        // the output starts uninitialised instead of paying a pass of zeros.
        let count = g.outputShape.reduce(1, *)
        var output = [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        let outChannelsPerGroup = g.outChannels / g.groups
        let biasScalars = bias?.scalars ?? [Float](repeating: 0, count: g.outChannels)
        // The paths that read the input where it lies: every pointer at once.
        func direct(_ body: (_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                             _ b: UnsafePointer<Float>) -> Void) -> Tensor {
            input.scalars.withUnsafeBufferPointer { x in
                weight.scalars.withUnsafeBufferPointer { w in
                    output.withUnsafeMutableBufferPointer { out in
                        biasScalars.withUnsafeBufferPointer { b in body(x.baseAddress!, w.baseAddress!, out.baseAddress!, b.baseAddress!) }
                    }
                }
            }
            return Tensor(shape: g.outputShape, scalars: output)
        }
        if outChannelsPerGroup < 8 {
            return direct { x, w, out, b in DirectConv.forward(input: x, weight: w, output: SharedPointer(out), bias: b, layout, g) }
        }
        if let tiles = mode.channelTiles(g, layout) {
            return direct { x, w, out, b in
                ChannelForward.run(input: x, weight: weight.scalars, rows: rows ?? WeightRows(plain: g), bias: b, output: out, g, tiles: tiles)
            }
        }
        return direct { x, w, out, b in
            let ptrs = Pointers(input: SharedConstPointer(x), weight: SharedConstPointer(w), output: SharedPointer(out),
                                bias: SharedConstPointer(b))
            gemm(ptrs, weight: weight.scalars, rows ?? WeightRows(plain: g), layout, g, mode, chunkFloats: chunkFloats)
        }
    }

    struct Pointers: Sendable {
        let input: SharedConstPointer, weight: SharedConstPointer, output: SharedPointer, bias: SharedConstPointer
    }

    /// The tap offsets of every row k = c·taps + t of one group, relative to an image's planes;
    /// with `order`, row i of the result is row `order[i]` (a GEMM that orders K otherwise),
    /// and with `count`, rows past the end repeat the first one's offset (padding rows of a
    /// last partial panel, whose results are never read back).
    static func rowOffsets(group: Int, _ layout: PlaneLayout, _ g: ConvGeometry, order: [Int]? = nil, count: Int? = nil) -> [Int] {
        let inPerGroup = g.inChannels / g.groups
        var offsets = [Int]()
        offsets.reserveCapacity(inPerGroup * layout.taps)
        for c in 0..<inPerGroup {
            for t in 0..<layout.taps { offsets.append((group * inPerGroup + c) * layout.channelStride + layout.tapOffsets[t]) }
        }
        let ordered = order.map { $0.map { offsets[$0] } } ?? offsets
        return ordered + [Int](repeating: offsets[0], count: max(0, (count ?? 0) - ordered.count))
    }

    /// Each group's bias in blocks of `width` output channels (the tiles' initial sums), zero
    /// past the group's channels: [group][block][width].
    static func blockedBias(_ bias: UnsafePointer<Float>, _ g: ConvGeometry, width: Int) -> [Float] {
        let perGroup = g.outChannels / g.groups, blocks = (perGroup + width - 1) / width
        var initial = [Float](repeating: 0, count: g.groups * blocks * width)
        for group in 0..<g.groups {
            for o in 0..<perGroup { initial[group * blocks * width + o] = bias[group * perGroup + o] }
        }
        return initial
    }

    /// The order of a group's K rows in a forward GEMM: row k' holds the weight's row k = (c,
    /// i, j) — input channel c, kernel row i, kernel column j — given by `rows(…)[k']`.
    enum KOrder: Hashable, Sendable {
        /// As the weight stores them (wide): k' = k.
        case weight
        /// k' = (i, c, j) (packed, segments, unpadded segments): the rows of one kernel row
        /// are one contiguous range of K, so a tile whose output rows read padding with some
        /// kernel rows skips them; and a tap's kernel columns are neighbours, which read the
        /// same cache lines.
        case kernelRowFirst

        /// The weight's row k for each k' of a group of `inPerGroup` input channels.
        func rows(inPerGroup: Int, kernel: Size2D) -> [Int] {
            let (kh, kw) = (kernel.h, kernel.w)
            func k(_ c: Int, _ i: Int, _ j: Int) -> Int { (c * kh + i) * kw + j }
            switch self {
            case .weight: return Array(0..<(inPerGroup * kh * kw))
            case .kernelRowFirst: return (0..<kh).flatMap { i in (0..<inPerGroup).flatMap { c in (0..<kw).map { k(c, i, $0) } } }
            }
        }
    }

    /// Whether the segments GEMM reads the input itself, rows unpadded (`PlaneLayout(unpadded:)`,
    /// `gemmUnpaddedColumn8x48`), instead of a zero-padded copy: possible at stride 1 with
    /// padding, output rows a multiple of 8 wide (segments and row ends), at most 3 kernel
    /// columns (a mask per kernel column, in registers) and padding of at most 12 columns a
    /// side; `.unpaddedSegments` always does then, `.automatic` where the copy costs more
    /// than the unpadded kernel loses: for at most 144 multiply-adds per input element and
    /// output row (output channels per group × taps: a 3×3 over 16 channels).
    ///
    /// Why a bound. The unpadded kernel masks its loads (not those of the middle kernel
    /// column, which reads inside the row for every pixel of a 3×3 padded by one), and a run
    /// of rows whose length is not a multiple of 3 ends in shorter tiles (the first and last
    /// rows of a padded convolution are runs of one); the copy costs about the same per
    /// element whatever the layer, so it weighs most where each element is multiplied least.
    /// Measured with conv-bench's `--profile` (medians, one thread), unpadded against copied,
    /// with tiles of two segments at different columns (stop 33): 16 → 16 on 16 × 32×32 (144)
    /// 0.665 against 0.688 ms; the two 3×3 over 8 × 32×32 at 32 channels (288) 2.62 against
    /// 2.67; 64 → 64 on 4 × 32×32 (576) 2.59 against 2.61; but 128 → 128 on 8 × 16×16 (1152)
    /// 5.25 against 5.08. With tiles of one column (stop 34), 64 → 64 over one 56×56 image
    /// (conv-bench's case a) 2.03 against 2.06, over eight (b, `FastPlanes.warm`) 16.9 against
    /// 16.8; the two 3×3 2.68 (2.65 in tiles of two segments: their first and last rows are
    /// runs of one row, four of an image's 24 tiles one segment each). On two threads the copy also costs more whenever
    /// the host's caches are busy (case a: 1.05 ms unpadded, 1.02–1.16 copied; b's ∂input
    /// 8.6 against 9.2; the two 3×3 1.32 unpadded, 1.37–1.58 copied), and the unpadded kernel
    /// never makes one. That was the AMD EPYC host; on the Intel Xeon (Emerald Rapids) host
    /// of stop 35 the copy won from 288 up, by more than the EPYC had lost: paired bursts
    /// (`conv-bench --serve`, 20–30 pairs, copied ÷ unpadded, medians) on one thread e33 0.90
    /// and 0.94, a 0.95, a's ∂input 0.94, b 0.89; on two e33 0.89, b 0.92, a 1.00; with a
    /// core kept busy, two threads, e33 0.94, a 0.97. The book's 8-channel layer (h, 72)
    /// kept the unpadded read (copied 1.16× its time). So the bound is 144: the largest
    /// product measured faster unpadded on both hosts.
    ///
    /// What it relies on: the kernel loads whole vectors and zeroes the lanes outside (the
    /// optimiser makes that one zero-masking load, which does not touch them, but a debug
    /// build loads them), so at the tensor's first and last rows a load reaches up to `left`
    /// floats before the storage or `right` past it. Those bytes are only ever in the same
    /// 4 KiB page as the tensor's own (`FastPlanes.clearOfPageEdges`; a tensor too close to a
    /// page's edge is copied first, so the result never depends on where the tensor lies):
    /// nothing outside a mapped page is read. (AddressSanitizer would report those reads.)
    static func readsUnpadded(_ g: ConvGeometry, mode: ForwardMode) -> Bool {
        let perGroup = g.outChannels / g.groups
        guard g.padding != Padding2D(top: 0, bottom: 0, left: 0, right: 0), g.stride == Size2D(h: 1, w: 1),
              g.outputSize.w % 8 == 0, perGroup % 8 == 0, g.kernel.w <= 3, g.padding.left <= 12, g.padding.right <= 12 else { return false }
        switch mode {
        case .unpaddedSegments: return true
        case .automatic: return perGroup * g.kernel.h * g.kernel.w <= 144
        case .wide, .packed, .segments, .channels: return false
        }
    }

    /// The GEMM paths: A packed once, then the batch run by run of images (`batchChunks`; at
    /// most `chunkFloats` floats of planes per run when given), planes built and read — or
    /// the input itself read by the unpadded segments (`readsUnpadded`).
    /// `weight` is the storage `ptrs.weight` points into, which `PackedWeights` keeps.
    private static func gemm(_ ptrs: Pointers, weight: [Float], _ rows: WeightRows, _ padded: PlaneLayout, _ g: ConvGeometry,
                             _ mode: ForwardMode, chunkFloats: Int?) {
        let perGroup = g.outChannels / g.groups, panels = (perGroup + 7) / 8
        let path: Path = mode.segments(padded, rows: perGroup) ? (readsUnpadded(g, mode: mode) ? .unpadded : .segmented)
            : mode.packs(padded, rows: perGroup) ? .packed : .wide
        let layout = path == .unpadded ? PlaneLayout(g, unpadded: true) : padded
        let inPerGroup = g.inChannels / g.groups, k = inPerGroup * layout.taps
        // The GEMM's order of K: the packed and segmented paths group it by kernel row, so
        // that they can skip the kernel rows an output row reads as padding.
        let kOrder: KOrder = switch path {
        case .wide: .weight
        case .packed, .segmented, .unpadded: .kernelRowFirst
        }
        let gemmRows = GemmRows.cached(g, kOrder, layout)
        // A: [group][panel][k][8], zero rows past the group's channels (packed once per weight,
        // `PackedWeights`: the weight's column for each GEMM row is looked up only then); the
        // bias likewise.
        let packed = PackedWeights.shared.packed(.gemmPanels(kOrder), g, rows, weight: weight, count: g.groups * panels * k * 8) {
            packPanels(ptrs.weight, rows, columns: gemmRows.order.map { rows.column[$0] }, into: $0.shared, g, k: k)
        }
        let initial = blockedBias(ptrs.bias.base, g, width: 8)
        let offsets = gemmRows.offsets
        let inputImage = g.inChannels * g.inputSize.h * g.inputSize.w, outputImage = g.outChannels * g.outputSize.h * g.outputSize.w
        withExtendedLifetime(packed) {
            offsets.withUnsafeBufferPointer { off in
                initial.withUnsafeBufferPointer { ini in
                    func tables(_ planes: UnsafePointer<Float>, firstImage: Int) -> GemmTables {
                        GemmTables(a: SharedConstPointer(packed.pointer), offsets: off.baseAddress!, initial: SharedConstPointer(ini.baseAddress!),
                                   planes: SharedConstPointer(planes), output: SharedPointer(ptrs.output.base + firstImage * outputImage))
                    }
                    if path == .unpadded {
                        let problem = GemmProblem(layout: layout, g: g, k: k, panels: panels, perGroup: perGroup)
                        return FastPlanes.withUnpaddedInput(ptrs.input.base, count: g.batch * inputImage,
                                                            before: g.padding.left, after: g.padding.right) { input in
                            segmented(problem, tables(input, firstImage: 0), unpadded: true)
                        }
                    }
                    for images in FastPlanes.batchChunks(layout, batch: g.batch, floats: chunkFloats) {
                        let problem = GemmProblem(layout: layout, g: g.with(batch: images.count), k: k, panels: panels, perGroup: perGroup)
                        FastPlanes.withPlanes(ptrs.input.base + images.lowerBound * inputImage, layout, batch: images.count) { planes in
                            let tables = tables(planes, firstImage: images.lowerBound)
                            switch path {
                            case .segmented, .unpadded: segmented(problem, tables)
                            case .packed: PackedForward.run(problem, tables)
                            case .wide: wide(problem, tables)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Packs A for `gemm`: [group][panel][k][8] from the weight read through `rows` with the
    /// GEMM's K order (`columns`), zero rows past the group's channels.
    private static func packPanels(_ weight: SharedConstPointer, _ rows: WeightRows, columns: [Int], into a: SharedPointer,
                                   _ g: ConvGeometry, k: Int) {
        let perGroup = g.outChannels / g.groups, panels = (perGroup + 7) / 8
        rows.start.withUnsafeBufferPointer { start in
            columns.withUnsafeBufferPointer { columns in
                let tables = OffsetPointers(b: start.baseAddress!, c: columns.baseAddress!)
                // In parallel, panel by panel, from 8 K weights: the 37 K of a 3×3 over 64
                // channels took ~25 µs on one thread while the helper waited (two threads,
                // fastest runs: 1.080–1.088 → 1.064–1.080 ms; the stem's 9 K, 1.117 → 1.082–1.089
                // ms); fewer are not worth a handoff to the pool.
                let weights = g.groups * panels * 8 * k, items = g.groups * panels
                parallelRanges(items, workers: weights >= 1 << 13 ? workerCount(for: items) : 1) { _, items in
                    for item in items {
                        let first = item % panels * 8, valid = min(8, perGroup - first)
                        let o0 = item / panels * perGroup + first
                        let dst = a.base + item * k * 8
                        for kk in 0..<k {
                            let column = tables.c[kk], row = dst + kk &* 8
                            for r in 0..<valid { row[r] = weight.base[tables.b[o0 &+ r] &+ column] }
                            for r in valid..<8 { row[r] = 0 }
                        }
                    }
                }
            }
        }
    }

    /// The ways the forward GEMM reads B (see `ForwardMode`).
    private enum Path { case segmented, unpadded, packed, wide }

    /// How many parts each block's panels of output channels are split into, in `wide` and
    /// `segmented`: enough for about 32 items per worker when blocks are few (one 56×56
    /// image is 17 blocks, 9 against 8 on two workers); splitting costs nothing there, since
    /// every item reads the planes in place. A worker's last item is what the other waits
    /// for: one 3×3 over a 56×56 image at 64 channels, two threads, medians of five
    /// interleaved runs, forward 1.099 → 1.078 ms with 4 splits of 2 panels instead of 2 of
    /// 4 (about 16 items per worker), ∂input 1.114 → 1.089 (fastest); 64 items per worker
    /// gained nothing more.
    private static func panelSplits(blockItems: Int, panels: Int) -> Int {
        let workers = workerCount(for: Int.max)
        return workers > 1 ? max(1, min(panels, (32 * workers + blockItems - 1) / blockItems)) : 1
    }

    /// Wide numbering: the microkernel reads the planes in place and writes a scratch block,
    /// whose valid pixels are then copied out. Best when rows have few unused columns.
    private static func wide(_ problem: GemmProblem, _ t: GemmTables) {
        let (layout, g, k, panels, perGroup) = (problem.layout, problem.g, problem.k, problem.panels, problem.perGroup)
        let blockWidth = tilesPerBlock * PlaneLayout.tileWidth
        let blocksPerImage = (layout.widePadded + blockWidth - 1) / blockWidth
        let rowsPadded = panels * 8
        let cOffsets = (0..<8).map { $0 * blockWidth }
        let blockItems = g.batch * g.groups * blocksPerImage, splits = panelSplits(blockItems: blockItems, panels: panels)
        let items = blockItems * splits
        let plane = g.outputSize.h * g.outputSize.w
        cOffsets.withUnsafeBufferPointer { cOff in
            let rows = OffsetPointers(b: t.offsets, c: cOff.baseAddress!)
            parallelItems(items, shares: imageShares(g.batch)) { worker, queue in
                let scratch = FloatBuffer(zeros: rowsPadded * blockWidth)
                for splitItem in queue.taken(by: worker) {
                    let split = splitItem % splits, item = splitItem / splits
                    let block = item % blocksPerImage, group = (item / blocksPerImage) % g.groups
                    let n = item / (blocksPerImage * g.groups)
                    let first = block * blockWidth
                    let tiles = min(tilesPerBlock, (layout.widePadded - first) / PlaneLayout.tileWidth)
                    let image = t.planes.base + n * layout.imageCount + first
                    let panelRange = (panels * split / splits)..<(panels * (split + 1) / splits)
                    for p in panelRange {
                        let aPanel = t.a.base + (group * panels + p) * k * 8
                        for tile in 0..<tiles {
                            gemmTile8x48(count: k, a: aPanel, b: image + tile * PlaneLayout.tileWidth, bOffsets: rows.b + group * k,
                                         c: scratch.pointer + p * 8 * blockWidth + tile * PlaneLayout.tileWidth,
                                         cOffsets: rows.c, initial: t.initial.base + (group * panels + p) * 8, accumulate: false)
                        }
                    }
                    let firstRow = panelRange.lowerBound * 8, lastRow = min(panelRange.upperBound * 8, perGroup)
                    layout.compact(scratch.pointer + firstRow * blockWidth, wideStride: blockWidth, first: first,
                                   count: tiles * PlaneLayout.tileWidth, rows: lastRow - firstRow,
                                   into: t.output.base + (n * g.outChannels + group * perGroup + firstRow) * plane, bias: nil)
                }
            }
        }
    }
}

extension FastForward {
    /// Segment numbering, for output rows a multiple of 8 wide (56×56, 32×32, 112×112, 8×8):
    /// a tile is up to three 16-pixel segments of output rows (`SegmentTiling`), read from
    /// the planes in place and stored straight into the output. A row is cut into 16-pixel segments and, when its
    /// width is 8 past a multiple of 16, a last 8 pixels, which pair up with the next row's
    /// last 8 into one segment of two halves (`gemmHalves8x3x16`). Nothing is computed for
    /// the unused columns of wide numbering (4% of a 3×3 over 56×56, 7% over 32×32) and
    /// nothing is copied out of a scratch block afterwards. Workers own disjoint (image,
    /// group, block of tiles, panels) items, as in `wide`. `unpadded`: the planes are the
    /// input itself (`PlaneLayout(unpadded:)`), read by `gemmUnpaddedColumn8x48` in tiles
    /// of one column of a run of rows; a worker that starts an image of a large batch reads
    /// it through first (`FastPlanes.warm`).
    static func segmented(_ problem: GemmProblem, _ t: GemmTables, unpadded: Bool = false) {
        let (layout, g, k, panels, perGroup) = (problem.layout, problem.g, problem.k, problem.panels, problem.perGroup)
        let tiling = SegmentTiling.cached(layout, g, unpadded: unpadded)
        // A batch past `chunkingFrom`, in images per worker (`bandShares`): each worker warms
        // the images it computes (`FastPlanes.warm`).
        let warm = unpadded && g.batch * layout.imageCount > FastPlanes.chunkingFrom && g.batch >= workerCount(for: Int.max)
        let plane = g.outputSize.h * g.outputSize.w
        // K's rows per kernel row: kernel row first, a kernel row's rows are (c, j).
        let rowsPerKernelRow = k / g.kernel.h
        let tiles = tiling.tiles, blocksPerImage = (tiles + tilesPerBlock - 1) / tilesPerBlock
        let blockItems = g.batch * g.groups * blocksPerImage, splits = panelSplits(blockItems: blockItems, panels: panels)
        tiling.table.withUnsafeBufferPointer { tab in
            tiling.insideColumns.withUnsafeBufferPointer { inside in
                let tileTable = OffsetPointers(b: tab.baseAddress!, c: tab.baseAddress! + tiles * SegmentTiling.entries)
                let insideColumns = OffsetPointers(b: inside.baseAddress!, c: inside.baseAddress!)
                parallelItems(blockItems * splits, shares: bandShares(g.batch)) { worker, queue in
                    var warmed = -1
                    for splitItem in queue.taken(by: worker) {
                        let split = splitItem % splits, item = splitItem / splits
                        let block = item % blocksPerImage, group = (item / blocksPerImage) % g.groups
                        let n = item / (blocksPerImage * g.groups)
                        let image = t.planes.base + n * layout.imageCount
                        let panelRange = (panels * split / splits)..<(panels * (split + 1) / splits)
                        let firstTile = block * tilesPerBlock, lastTile = min(firstTile + tilesPerBlock, tiles)
                        if warm && n != warmed {
                            // From the first input row this item reads to the image's end: what this
                            // worker goes on to compute of it, whether it starts the image, starts
                            // mid-image (a share's first item) or takes its last items from the other.
                            warmed = n
                            let firstRow = max(0, tileTable.b[firstTile * SegmentTiling.entries + 12] / g.outputSize.w - g.padding.top)
                            FastPlanes.warm(image, planes: g.inChannels, planeFloats: layout.phaseStride, from: firstRow * layout.planeWidth)
                        }
                        for p in panelRange {
                            let aPanel = t.a.base + (group * panels + p) * k * 8
                            let output = t.output.base + (n * g.outChannels + group * perGroup + p * 8) * plane
                            let initial = t.initial.base + (group * panels + p) * 8, rows = t.offsets + group * k
                            for tile in firstTile..<lastTile {
                                let entry = tileTable.b + tile * SegmentTiling.entries
                                // Only the kernel rows the tile's output rows read inside the image.
                                let k0 = tiling.kernelRows[tile].lowerBound * rowsPerKernelRow
                                let count = tiling.kernelRows[tile].count * rowsPerKernelRow
                                switch tiling.kinds[tile] {
                                case .column(let vectors, let rowEnds):
                                    gemmUnpaddedColumn8x48(vectors: vectors, rowEnds: rowEnds, kernelColumns: g.kernel.w, firstColumn: entry[18],
                                                           count: count, inside: insideColumns.b, a: aPanel + k0 * 8, b: image,
                                                           bOffsets: rows + k0, bPlaces: entry + (rowEnds ? 6 : 0), c: output,
                                                           cOffsets: tileTable.c, cPlaces: entry + (rowEnds ? 12 : 3), initial: initial)
                                case .segments(let segments):
                                    gemmSegments8x16(segments: segments, count: count, a: aPanel + k0 * 8, b: image, bOffsets: rows + k0,
                                                     bSegments: entry, c: output, cOffsets: tileTable.c, cSegments: entry + 3, initial: initial)
                                case .rowEnds:
                                    gemmHalves8x3x16(count: count, a: aPanel + k0 * 8, b: image, bOffsets: rows + k0, bHalves: entry + 6,
                                                     c: output, cOffsets: tileTable.c, cHalves: entry + 12, initial: initial)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A forward GEMM's order of K (`FastForward.KOrder`) and each group's row offsets in the
/// planes (`FastForward.rowOffsets`), built once per geometry and order (`GeometryCache`):
/// the caller built them on every call while the helpers waited (a 3×3 over 64 channels,
/// 576 rows twice over).
struct GemmRows: Sendable {
    /// The weight's row k for each row k' of a group's K.
    let order: [Int]
    /// Every group's row offsets, group after group.
    let offsets: [Int]

    /// What the rows are built for: a geometry at batch 1, the order of K and the layout.
    private struct Key: Hashable, Sendable {
        let geometry: ConvGeometry, order: FastForward.KOrder
        /// The layout's channel stride and row width: padded planes and the unpadded input
        /// place the same taps at different offsets.
        let channelStride: Int, planeWidth: Int
    }
    /// The rows kept.
    private static let recent = GeometryCache<Key, GemmRows>(capacity: SegmentTiling.capacity)

    /// The rows of `g` in `kOrder`, offsets in `layout`, built once per geometry, order and layout.
    static func cached(_ g: ConvGeometry, _ kOrder: FastForward.KOrder, _ layout: PlaneLayout) -> GemmRows {
        recent.value(Key(geometry: g.with(batch: 1), order: kOrder, channelStride: layout.channelStride, planeWidth: layout.planeWidth)) {
            let order = kOrder.rows(inPerGroup: g.inChannels / g.groups, kernel: g.kernel)
            return GemmRows(order: order, offsets: (0..<g.groups).flatMap { FastForward.rowOffsets(group: $0, layout, g, order: order) })
        }
    }
}

/// How `FastForward.segmented` cuts one image's output into tiles: tiles of whole 16-pixel
/// segments, row by row, and tiles of paired 8-pixel row ends, each after the whole tiles of
/// the last row it writes. Whole segments are cut into threes run by run of output rows that
/// read the same kernel rows inside the image (the first and last rows of a padded
/// convolution, and the middle ones), a run's last one or two segments making a shorter tile,
/// so that every tile skips the kernel rows its rows read as padding and no segment is
/// computed twice. A tile of row ends past the last of them repeats it (the same values to
/// the same place).
///
/// Why runs: tiles of three segments across the rows of a 32-wide image (two segments a row)
/// put row 0 with row 1, which reads every kernel row, and ended each image with a tile of
/// one segment computed three times: the two 3×3 over 8 × 32×32 computed 65 segments' worth
/// of a 64-segment image, against 62⅔ now.
///
/// Why in order of rows: a block of consecutive tiles is then a band of output rows, row
/// ends included, so a worker whose share of a single image is a band (`bandShares`) reads
/// the rows of the planes it built itself. With every row-end tile last, the second worker
/// computed the row ends of the first worker's band, reading them from the other core's
/// cache; while this host's two cores sat on different chiplets (a core-to-core round trip
/// of 330 ns instead of 60) one 3×3 over a 56×56 image took 1.28–1.32 ms on two threads
/// instead of 1.08.
struct SegmentTiling {
    /// Ints per tile in `table`: three segments' plane and output offsets (whole tiles), then
    /// six halves' plane and output offsets (every tile, as halves), then the first output
    /// column of the tile's first segment (`gemmUnpaddedColumn8x48`'s masks: every vector of
    /// an unpadded tile lies at the same columns).
    static let entries = 19
    /// What one tile computes, and with which kernel.
    enum Kind: Equatable {
        /// 1 to 3 whole segments (`gemmSegments8x16`); the table's entries past them repeat the last.
        case segments(Int)
        /// Three segments of two row ends each (`gemmHalves8x3x16`).
        case rowEnds
        /// Read unpadded (`gemmUnpaddedColumn8x48`): 1 to 3 vectors at the same columns of
        /// consecutive rows of one run, each a segment or, with `rowEnds`, two row ends.
        case column(vectors: Int, rowEnds: Bool)
    }
    /// Tiles per image.
    let tiles: Int
    /// Each tile's kind (and so its kernel), in the order the tiles run.
    let kinds: [Kind]
    /// `entries` per tile, then the offsets of 8 output channels (the kernels' `cOffsets`).
    let table: [Int]
    /// For each tile, the kernel rows that its output rows read inside the image (the union
    /// of its rows'): K is ordered kernel row first, so the tile runs over those rows of K only.
    let kernelRows: [Range<Int>]
    /// For each kernel column j, the output columns that read inside the image with it:
    /// `insideColumns[2j] ..< insideColumns[2j + 1]` (`gemmUnpaddedColumn8x48`'s masks).
    let insideColumns: [Int]

    /// Geometries whose tilings are kept (`GeometryCache`).
    static let capacity = 32
    /// What a tiling is built for: a geometry at batch 1, read from padded planes or unpadded.
    private struct Key: Hashable, Sendable {
        let geometry: ConvGeometry, unpadded: Bool
    }
    /// The tilings kept.
    private static let recent = GeometryCache<Key, SegmentTiling>(capacity: capacity)

    /// The tiling of `g` (whose planes `layout` describes), built once per geometry: a pass
    /// over every output row on one thread — for the stem's 112×112 output 0.4% of a two-thread
    /// profile, with the helper waiting. It does not depend on the batch.
    static func cached(_ layout: PlaneLayout, _ g: ConvGeometry, unpadded: Bool = false) -> SegmentTiling {
        recent.value(Key(geometry: g.with(batch: 1), unpadded: unpadded)) { SegmentTiling(layout, g, unpadded: unpadded) }
    }

    /// The tiling of `g`'s output, its segments read from `layout`; `unpadded` (the input
    /// itself, `gemmUnpaddedColumn8x48`) cuts each run of rows column by column: a segment's
    /// columns three rows to a tile, the row ends six, so that a tile's every vector needs
    /// the same masks; and pairs row ends within a run only, since a row of the unpadded
    /// input read with a kernel row it would read as padding holds other pixels, not zeros.
    init(_ layout: PlaneLayout, _ g: ConvGeometry, unpadded: Bool = false) {
        let width = layout.outputWidth, perRow = width / 16, hasEnd = width % 16 == 8
        // Each 8-pixel half: (offset in the planes, offset in an output channel); a segment is two.
        typealias Half = (plane: Int, output: Int)
        func half(row: Int, column: Int) -> Half { (row * layout.planeWidth + column, row * width + column) }
        let rowsInside = (0..<layout.outputHeight).map { g.kernelRowsInside(outputRow: $0) }
        var built: [(kind: Kind, segments: [[Half]])] = []
        // Pairs of the 8-pixel ends of `rows`, a last one alone repeated.
        func endPairs(_ rows: [Int]) -> [[Half]] {
            let last = rows.map { half(row: $0, column: 16 * perRow) }
            return stride(from: 0, to: last.count, by: 2).map { [last[$0], last[min($0 + 1, last.count - 1)]] }
        }
        // Run by run of rows that read the same kernel rows (`outputRowClasses`: such rows are
        // consecutive, and the classes come in order of rows).
        for rows in g.outputRowClasses() {
            if unpadded {
                // A column of a run at a time: one segment's columns, three rows to a tile;
                // the row ends, six.
                for s in 0..<perRow {
                    let column = rows.members.map { r in [half(row: r, column: 16 * s), half(row: r, column: 16 * s + 8)] }
                    for first in stride(from: 0, to: column.count, by: 3) {
                        let segments = Array(column[first..<min(first + 3, column.count)])
                        built.append((.column(vectors: segments.count, rowEnds: false), segments))
                    }
                }
                if hasEnd {
                    let ends = endPairs(rows.members)
                    for first in stride(from: 0, to: ends.count, by: 3) {
                        let segments = Array(ends[first..<min(first + 3, ends.count)])
                        built.append((.column(vectors: segments.count, rowEnds: true), segments))
                    }
                }
                continue
            }
            // Whole segments, three to a tile.
            let run = rows.members.flatMap { r in (0..<perRow).map { s in [half(row: r, column: 16 * s), half(row: r, column: 16 * s + 8)] } }
            for first in stride(from: 0, to: run.count, by: 3) {
                let segments = Array(run[first..<min(first + 3, run.count)])
                built.append((.segments(segments.count), segments))
            }
        }
        // Row ends of padded planes, whatever kernel rows they read: the last 8 pixels of two
        // rows make a segment, three segments a tile.
        if hasEnd && !unpadded {
            let ends = endPairs(Array(0..<layout.outputHeight))
            for first in stride(from: 0, to: ends.count, by: 3) { built.append((.rowEnds, Array(ends[first..<min(first + 3, ends.count)]))) }
        }
        var table = [Int](), kernelRows = [Range<Int>](), lastRows = [Int]()
        for (_, listed) in built {
            let segments = (0..<3).map { listed[min($0, listed.count - 1)] }
            // The union of the kernel-row ranges of the rows the tile's halves lie in.
            let rows = segments.flatMap { $0.map { $0.output / width } }
            kernelRows.append(rows.reduce(0..<0) { ConvGeometry.hull($0, rowsInside[$1]) })
            lastRows.append(rows.max() ?? 0)
            table += segments.map(\.[0].plane) + segments.map(\.[0].output)
            table += segments.flatMap { [$0[0].plane, $0[1].plane] } + segments.flatMap { [$0[0].output, $0[1].output] }
            table.append(segments[0][0].output % width)
        }
        // Each tile after the whole tiles of the last output row it writes.
        let order = built.indices.sorted { (lastRows[$0], $0) < (lastRows[$1], $1) }
        tiles = built.count
        // Then the offsets of 8 output channels, for the kernels' rows of C.
        let plane = layout.outputHeight * layout.outputWidth
        self.table = order.flatMap { table[($0 * Self.entries)..<(($0 + 1) * Self.entries)] } + (0..<8).map { $0 * plane }
        self.kernelRows = order.map { kernelRows[$0] }
        kinds = order.map { built[$0].kind }
        insideColumns = (0..<g.kernel.w).flatMap { j in
            let columns = g.outputInside(kernelRow: 0, kernelColumn: j).columns
            return [columns.lowerBound, columns.upperBound]
        }
    }
}

/// Which forward layout to use: vectors along output channels (ChannelForward), or a GEMM
/// over the planes in segments (FastForward.segmented; `.unpaddedSegments` reads the input
/// itself where `FastForward.readsUnpadded` allows, else as `.segments`), wide numbering
/// (FastForward.wide) or packed compact numbering (PackedForward). Tests force each one;
/// everything else uses `.automatic`, which reads unpadded where it can. (`.channels`
/// reaches `segments` and `packs` only below 8 output channels per group, where DirectConv
/// runs whatever the mode.)
enum ForwardMode: Sendable {
    case automatic, wide, packed, segments, unpaddedSegments, channels

    /// The pixel tiles when the forward runs with vectors along output channels
    /// (ChannelForward) instead of a GEMM over the planes, else nil. `.channels` always does;
    /// `.automatic` does where segments do not apply and the GEMM would read padded planes
    /// (not a layout read in place, which copies nothing and reads no padding), for whole
    /// blocks of the tile's output channels over at least 32 input channels per group, when
    /// the tiles compute at least 90% useful multiply-adds. Measured by conv-bench (fastest
    /// runs, one thread / two): the 7×7 over 17×17 forward 34.0 → 29.2 / 17.6 → 14.5 ms and
    /// its ∂input 34.3 → 29.5 / 17.9 → 15.4 ms, the 1×7 + 7×1 10.2 → 9.3 / 5.4 → 4.7 ms; over
    /// 32 channels a 7×7 on 17×17 2.47 → 1.80 / 1.37 → 0.98 ms and a 3×3 on 14×14 0.42 →
    /// 0.31 / 0.26 → 0.19 ms, a 5×5 on 28×28 3.41 → 2.81 / 1.79 → 1.48 ms; over 64 channels a
    /// 3×3 on 28×28 4.71 → 4.21 / 2.58 → 2.24 ms and on 35×35 7.06 → 6.73 / 3.87 → 3.41 ms;
    /// a 3×3 over 512 channels on 7×7 21.5 → 18.9 / 11.2 → 9.5 ms; the largest image measured,
    /// one 147×147 at 32 → 64 channels, 8.14 → 8.31 / 4.35 → 4.30 ms (even within the noise).
    /// Not taken: segments (a 3×3 over 56×56 no faster, over 32×32 with 32 channels 2.80 →
    /// 3.31 ms), a 1×1 read in place (14×14: 0.528 → 0.544 ms), the stem's 3 input channels
    /// (2.17 → 3.42 ms).
    func channelTiles(_ g: ConvGeometry, _ layout: PlaneLayout) -> PixelTiles? {
        let perGroup = g.outChannels / g.groups, inPerGroup = g.inChannels / g.groups
        let shape = ChannelTile(channelsPerGroup: perGroup)
        switch self {
        case .channels: return PixelTiles.cached(g, shape: shape)
        case .wide, .packed, .segments, .unpaddedSegments: return nil
        case .automatic:
            guard perGroup % shape.channels == 0, inPerGroup >= 32, !layout.inPlace, !segments(layout, rows: perGroup) else { return nil }
            // The whole batch's tiles, one band: the choice, and so the results, must not
            // depend on the thread count (ChannelForward.run cuts its own bands).
            let tiles = PixelTiles.cached(g, shape: shape)
            return tiles.usefulShare >= 0.9 ? tiles : nil
        }
    }

    /// Segment numbering (FastForward.segmented) whenever it applies, since it wastes no
    /// columns and copies nothing: output rows a multiple of 8 wide and whole panels of 8
    /// output channels per group.
    func segments(_ layout: PlaneLayout, rows: Int) -> Bool {
        guard layout.outputWidth % 8 == 0, rows % 8 == 0 else { return false }
        switch self {
        case .automatic, .segments, .unpaddedSegments: return true
        case .wide, .packed, .channels: return false
        }
    }

    /// Whether the forward GEMM packs B: it weighs the columns wide numbering
    /// wastes against what packing costs, one copy of every element of B, shared by the
    /// `rows` output channels (rounded up to panels of 8) that multiply it. Measured on these
    /// kernels, a copied element costs about as much as 5 of its multiply-adds, so packing
    /// costs 5 / rows of the arithmetic: 16% for 32 channels, where wide numbering of a 3×3
    /// over 32×32 wastes 7% (case e of conv-bench ran 5–8% faster wide; it now takes segments),
    /// 4% for 128 channels. A layout that reads the input in place is always packed (wide
    /// reads need slack).
    func packs(_ layout: PlaneLayout, rows: Int) -> Bool {
        packs(layout, packingCost: 5.0 / Double((rows + 7) / 8 * 8))
    }

    private func packs(_ layout: PlaneLayout, packingCost: Double) -> Bool {
        if layout.inPlace { return true }
        switch self {
        case .wide, .segments, .unpaddedSegments, .channels: return false
        case .packed: return true
        case .automatic:
            let used = Double(layout.outputHeight * layout.outputWidth), computed = Double(layout.widePadded)
            return used < computed * (1 - packingCost)
        }
    }
}

/// Where the weight of row o (an output channel) and column k (input channel × tap, in the
/// weight's own order) of the forward GEMM's A lies: `weight[start[o] + column[k]]`. A plain
/// weight is [C_out][K]; TransposedConv reads the original weight flipped and transposed
/// through these tables instead of copying it.
struct WeightRows: Sendable {
    let start: [Int], column: [Int]
    /// Which weight these tables read, for the keys of what is built from it (`PackedWeights`).
    let reading: Reading

    /// How a layer's weight tensor is read.
    enum Reading: Hashable, Sendable {
        /// As stored, [C_out][C_in/groups · K_h · K_w].
        case plain
        /// Flipped in both axes with its channel axes swapped: the weight of the layer of this
        /// geometry read by its ∂input's forward convolution (`TransposedConv`).
        case flipped(of: ConvGeometry)
    }

    /// A weight stored as [C_out][C_in/groups · K_h · K_w].
    init(plain g: ConvGeometry) {
        let k = g.inChannels / g.groups * g.kernel.h * g.kernel.w
        self.init(start: (0..<g.outChannels).map { $0 * k }, column: Array(0..<k), reading: .plain)
    }

    /// Rows that start at `start` (one per output channel) and read `column` (one per K row) from there.
    init(start: [Int], column: [Int], reading: Reading) {
        self.start = start
        self.column = column
        self.reading = reading
    }
}

/// The sizes of one forward GEMM.
struct GemmProblem: Sendable {
    let layout: PlaneLayout, g: ConvGeometry
    let k: Int, panels: Int, perGroup: Int
}

/// The packed weight, row offsets, initial values (bias) and buffers of one forward GEMM.
struct GemmTables: @unchecked Sendable {
    let a: SharedConstPointer, offsets: UnsafePointer<Int>, initial: SharedConstPointer
    let planes: SharedConstPointer, output: SharedPointer
}

/// Integer tables shared read-only by workers.
struct OffsetPointers: @unchecked Sendable {
    let b: UnsafePointer<Int>
    let c: UnsafePointer<Int>
}

/// Building the phase planes of a batch (or of one run of its images), in parallel over
/// (image, channel), or over bands of rows when only the pixels are copied.
enum FastPlanes {
    /// Calls `body` with the batch's planes: the input's own storage when the layout reads it
    /// in place (never written through), else a zero-padded copy, which `body` only reads
    /// (its buffer is kept afterwards, padding and all, in `ZeroPaddedPlanes`).
    static func withPlanes<R>(_ input: Tensor, _ layout: PlaneLayout, batch: Int, _ body: (UnsafePointer<Float>) -> R) -> R {
        input.scalars.withUnsafeBufferPointer { withPlanes($0.baseAddress!, layout, batch: batch, body) }
    }

    /// Calls `body` with the `count` floats at `input` where the unpadded segments may read
    /// up to `before` floats before them and `after` past them (`FastForward.readsUnpadded`:
    /// the padding's left and right columns): in place when those floats lie in the pages
    /// the tensor's own bytes are in (`clearOfPageEdges`), else a copy with 16 floats of room
    /// on either side. A new copy each call: the case is rare (a tensor whose first or last
    /// bytes are within the padding's width of a page's edge).
    static func withUnpaddedInput<R>(_ input: UnsafePointer<Float>, count: Int, before: Int, after: Int,
                                     _ body: (UnsafePointer<Float>) -> R) -> R {
        if clearOfPageEdges(input, count: count, before: before, after: after) { return body(input) }
        let copy = FloatBuffer(uninitialized: count + 32)
        (copy.pointer + 16).update(from: input, count: count)
        return withExtendedLifetime(copy) { body(copy.pointer + 16) }
    }

    /// Whether the `before` floats just before the `count` floats at `input` and the `after`
    /// floats just past them lie in the 4 KiB pages of the tensor's first and last bytes
    /// (pages are mapped whole, so reading there cannot fault).
    static func clearOfPageEdges(_ input: UnsafePointer<Float>, count: Int, before: Int, after: Int) -> Bool {
        let page = 4096
        let start = Int(UInt(bitPattern: input) % UInt(page)), end = (start + count * 4) % page
        let roomAfter = end == 0 ? 0 : page - end
        return start >= before * 4 && roomAfter >= after * 4
    }

    /// Reads floats `from` to the end of each of the `planes` planes of `planeFloats` floats
    /// at `image`, front to back, so that they are in this core's cache when read in the
    /// order of a GEMM's tiles: the unpadded segments read a large batch's images in place,
    /// and a tile's first reads of each channel's rows (64 channels, 64 streams, more than the
    /// prefetcher follows) came from L3 without it; eight 56×56 images over 64 channels, one
    /// thread, 19.1 → 16.9 ms (the copied planes, written front to back, 16.8).
    static func warm(_ image: UnsafePointer<Float>, planes: Int, planeFloats: Int, from first: Int) {
        var sum = SIMD16<Float>()
        for plane in 0..<planes {
            let raw = UnsafeRawPointer(image + (plane &* planeFloats &+ first))
            for i in 0..<(planeFloats &- first) / 16 { sum += raw.loadUnaligned(fromByteOffset: i &* 64, as: SIMD16<Float>.self) }
        }
        // A side effect the optimiser must keep, so that it keeps the loads.
        warmedSum.store(sum.sum().bitPattern, ordering: .relaxed)
    }
    /// The last sum `warm` read (never used: it only keeps `warm`'s loads).
    private static let warmedSum = Atomic<UInt32>(0)

    /// `withPlanes` for the `batch` images at `input`.
    static func withPlanes<R>(_ input: UnsafePointer<Float>, _ layout: PlaneLayout, batch: Int, _ body: (UnsafePointer<Float>) -> R) -> R {
        if layout.inPlace { return body(input) }
        let key = ZeroPaddedPlanes.Key(layout, batch: batch)
        let planes = scatter(input, layout, batch: batch, into: ZeroPaddedPlanes.shared.take(key))
        defer { ZeroPaddedPlanes.shared.give(key, planes) }
        return body(UnsafePointer(planes.pointer))
    }

    /// Floats of planes built and read at a time: 1 MiB (a core's L2 here) per worker, once a
    /// batch's planes pass `chunkingFrom` (4 MiB). Why: a batch's planes were all built before
    /// the GEMM read the first image's, so eight 56×56 images over 64 channels (7 MB of planes)
    /// read them back from L3 or memory; image by image, one thread ran case (b) of
    /// conv-bench in 17.1–17.4 ms (median of each run) against 18.0–19.4 (fastest 17.0 against
    /// 18.0). Per worker, because runs are shared out by image (`imageShares`): with a run of
    /// one image for two workers, each worker read half of its planes from the other core's
    /// cache, and wrote them again for the next run (`memmove` was 17% of case (b)'s samples on
    /// two threads, 3% on one); with one image per worker it builds and reads its own. Case
    /// (b) on two threads, fastest of each run: 8.68–8.70 → 8.30–8.34 ms. Smaller batches are
    /// not cut: every run is two more parallel loops, and the two 3×3 over 8 × 32×32 (1.2 MB
    /// of planes) cut in two took 1.58 ms on two threads against 1.50.
    static var chunkFloats: Int { (1 << 18) * workerCount(for: Int.max) }
    /// Planes (floats) past which a batch is built and read run by run (4 MiB).
    static let chunkingFrom = 1 << 20

    /// The batch cut into runs of images, about even, whose planes fit in `floats` (by default
    /// `chunkFloats` once the whole batch's pass `chunkingFrom`); one run when the layout
    /// reads the input in place (nothing is copied).
    static func batchChunks(_ layout: PlaneLayout, batch: Int, floats budget: Int? = nil) -> [Range<Int>] {
        let total = batch * layout.imageCount
        let floats = budget ?? (total > chunkingFrom ? chunkFloats : total)
        let imagesPerRun = max(1, floats / max(layout.imageCount, 1))
        let chunks = layout.inPlace ? 1 : (batch + imagesPerRun - 1) / imagesPerRun
        return (0..<chunks).map { batch * $0 / chunks..<batch * ($0 + 1) / chunks }
    }

    /// The batch's planes: the pixels copied into `reused` (a buffer whose padding is zero,
    /// from `ZeroPaddedPlanes`), or into a new buffer cleared channel by channel as it is filled.
    /// Into kept planes only the pixels are copied, so the work is cut finer than by channel,
    /// into bands of input rows (the stem's 3 channels were 3 items on 2 workers), band-major
    /// within each image and in the shares the GEMM's blocks use (`bandShares`): for a single
    /// image each worker then mostly builds the rows it reads.
    static func scatter(_ input: UnsafePointer<Float>, _ layout: PlaneLayout, batch: Int, into reused: FloatBuffer? = nil) -> FloatBuffer {
        let planes = reused ?? FloatBuffer(uninitialized: batch * layout.imageCount)
        let target = planes.shared, source = SharedConstPointer(input)
        let channels = layout.channels, height = layout.inputHeight, imageSize = channels * height * layout.inputWidth
        guard reused != nil else {
            parallelRanges(batch * channels, shares: imageShares(batch)) { _, range in
                for item in range {
                    let n = item / channels, c = item % channels
                    layout.fillChannel(source.base + n * imageSize, into: target.base + n * layout.imageCount, channel: c)
                }
            }
            return planes
        }
        let channelItems = batch * channels, shares = bandShares(batch)
        // About 16 items per worker; a single image's shares are bands, so whole ones.
        let fewest = max(1, min(height, (16 * workerCount(for: Int.max) + channelItems - 1) / channelItems))
        let bands = batch == 1 ? (fewest + shares - 1) / shares * shares : fewest
        parallelRanges(channelItems * bands, shares: shares) { _, range in
            for item in range {
                let c = item % channels, band = item / channels % bands, n = item / channels / bands
                layout.scatterImage(source.base + n * imageSize, into: target.base + n * layout.imageCount, channels: c..<(c + 1),
                                    rows: height * band / bands..<height * (band + 1) / bands)
            }
        }
        return planes
    }
}
