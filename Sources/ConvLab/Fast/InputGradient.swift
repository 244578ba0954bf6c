/// ∂loss/∂input as a GEMM whose epilogue scatters into the input-gradient planes:
/// for each row k = (c, t) and wide pixel q, planes_dX[offset(k) + q] += Σ_o W[o, k] · dY[o, q].
///
/// A is the transposed weight packed per 8 rows ([panel][o][8]), B is the wide output
/// gradient (row o at o·widePadded), and the microkernel's per-row destinations are the tap
/// offsets, so col2im happens in registers instead of through a K × pixels buffer.
///
/// Workers must never add into the same plane at the same time. An item is an (image,
/// group, row set): rows are split into sets of whole (channel, phase plane) units, the unit
/// PlaneLayout keeps apart, balanced by row count, so items write disjoint planes. With
/// enough (image, group) pairs for about two items per worker there is one set (whole
/// images); with fewer there are more sets, so that a worker slowed by a busy core takes
/// fewer items. Not more: every item reads all of its image's wide dY (3.3 MB for the stem).
/// A row's additions happen in the same order in any split: results do not depend on the
/// thread count. A single image large enough is split into bands of pixels instead
/// (`inBands`): on the EPYC host the stem's ∂input on two threads took 1.5–1.8 ms in 4 sets
/// (1.9–2.2 in 3 or 8), but on the Intel host 3.1 ms in 4 sets, slower than one thread.
///
/// `gradPlanes` need not be cleared: each item clears the (channel, phase plane) blocks it
/// adds into, on the worker that then adds, and the items of set 0 also the blocks no row
/// writes (which the gather still reads). Cleared beforehand by every worker in a loop of
/// its own, a block was often cleared by one core and added into by the other: the stem's
/// ∂input on one thread 2.484 → 2.454 ms this way, on two even (2.74 in the host's slow
/// state, where clearing the wide dY, `FastBackward.widen`, is most of the difference).
enum InputGradient {
    /// Adds every row's contribution into `gradPlanes` (uninitialised on entry: cleared here).
    static func gemm(weight: SharedConstPointer, wideGrad: SharedConstPointer, gradPlanes: SharedPointer,
                     _ layout: PlaneLayout, _ g: ConvGeometry) {
        let inPerGroup = g.inChannels / g.groups, k = inPerGroup * layout.taps
        let workers = workerCount(for: Int.max)
        let images = g.batch * g.groups
        // How far past its wide pixel a tap adds, inside its (channel, phase plane) block.
        let reach = (layout.tapOffsets.map { $0 % layout.phaseStride }.max() ?? 0)
        if images == 1, let split = bandTiles(tiles: layout.widePadded / PlaneLayout.tileWidth, reach: reach) {
            inBands(weight: weight, wideGrad: wideGrad, gradPlanes: gradPlanes, layout, g, reach: reach, split: split)
            return
        }
        let units = workers > 1 ? rowUnits(layout, inPerGroup) : []
        let setCount = workers > 1 ? min(units.count, (2 * workers + images - 1) / images) : 1
        let rowSets = (setCount > 1 ? balancedRowSets(sets: setCount, units) : [Array(0..<k)]).map { tapMajor($0, layout) }
        let offsets = (0..<g.groups).map { FastForward.rowOffsets(group: $0, layout, g) }
        let blocks = clearedBlocks(rowSets, layout, inPerGroup)
        let items = g.batch * g.groups * rowSets.count
        parallelItems(items, workers: workers, shares: imageShares(g.batch)) { worker, queue in
            for item in queue.taken(by: worker) {
                let set = item % rowSets.count, group = (item / rowSets.count) % g.groups
                let n = item / (rowSets.count * g.groups)
                let channels = gradPlanes.base + n * layout.imageCount + group * inPerGroup * layout.channelStride
                for block in blocks[set] { (channels + block * layout.phaseStride).initialize(repeating: 0, count: layout.phaseStride) }
                accumulate(rows: rowSets[set], image: n, group: group, offsets: offsets[group],
                           tiles: 0..<(layout.widePadded / PlaneLayout.tileWidth), weight: weight, wideGrad: wideGrad,
                           target: gradPlanes.base + n * layout.imageCount, layout, g)
            }
        }
    }

    /// Adds the contribution of `rows` (group-local k indices) of one image and group.
    private static func accumulate(rows: [Int], image n: Int, group: Int, offsets: [Int], tiles: Range<Int>, weight: SharedConstPointer,
                                   wideGrad: SharedConstPointer, target: UnsafeMutablePointer<Float>, _ layout: PlaneLayout, _ g: ConvGeometry) {
        guard !rows.isEmpty else { return }
        let perGroup = g.outChannels / g.groups, k = g.inChannels / g.groups * layout.taps
        let panels = (rows.count + 7) / 8
        var packed = [Float](repeating: 0, count: panels * perGroup * 8)
        // Padding rows get zero weights and the first row's destination: they add 0 there.
        var cOffsets = [Int](repeating: offsets[rows[0]], count: panels * 8)
        for (index, row) in rows.enumerated() {
            let (p, r) = (index / 8, index % 8)
            cOffsets[index] = offsets[row]
            for o in 0..<perGroup { packed[(p * perGroup + o) * 8 + r] = weight.base[(group * perGroup + o) * k + row] }
        }
        let bOffsets = (0..<perGroup).map { $0 * layout.widePadded }
        let source = wideGrad.base + (n * g.outChannels + group * perGroup) * layout.widePadded
        let zeros = [Float](repeating: 0, count: 8)
        packed.withUnsafeBufferPointer { a in
            bOffsets.withUnsafeBufferPointer { bOff in
                cOffsets.withUnsafeBufferPointer { cOff in
                  zeros.withUnsafeBufferPointer { zeros in
                    for tile in tiles {
                        let q = tile * PlaneLayout.tileWidth
                        for p in 0..<panels {
                            gemmTile8x48(count: perGroup, a: a.baseAddress! + p * perGroup * 8, b: source + q,
                                         bOffsets: bOff.baseAddress!, c: target + q, cOffsets: cOff.baseAddress! + p * 8,
                                         initial: zeros.baseAddress!, accumulate: true)
                        }
                    }
                  }
                }
            }
        }
    }

    /// Bands of wide pixels a single image's ∂input is split into (`inBands`), at any thread count.
    static let bands = 4
    /// The fewest tiles of wide pixels (48 each) a band has: a smaller image is split by row sets.
    static let minimumBandTiles = 16

    /// How `inBands` splits an image's `tiles` tiles of wide pixels when a tap's offset inside
    /// its (channel, phase plane) block is at most `reach`: where each band's tiles start (and
    /// `tiles` last), and how many tiles at a band's start are its head. Nil for too small an image.
    static func bandTiles(tiles: Int, reach: Int) -> (starts: [Int], head: Int)? {
        let head = (reach + PlaneLayout.tileWidth - 1) / PlaneLayout.tileWidth
        guard tiles / bands >= max(minimumBandTiles, 2 * head) else { return nil }
        return ((0...bands).map { tiles * $0 / bands }, head)
    }

    /// A single image (one group) in `bands` bands of whole tiles of wide pixels, one item
    /// each; every band runs all rows of K over its tiles, as one thread would. Wide pixel q
    /// adds into positions q to q + `reach` of each block, so a band's writes overlap the
    /// next band's only where the next band's first tiles (its head) write: each band adds
    /// its head into a zeroed copy of the planes of its own and the rest (its body) into
    /// `gradPlanes` itself, and no two bands' bodies meet. Then each head's copy is added
    /// into `gradPlanes`, block by block. Each band first clears the positions only its body
    /// writes, from `reach` past its first pixel to `reach` past the next band's.
    ///
    /// Why. Split by row sets, every item read all of the wide dY (3.3 MB for the stem) for
    /// a few panels of rows: on the Intel host the stem's ∂input took 3.1–3.2 ms on two
    /// threads in 4 sets and 2.7–2.8 in 2, against 2.5–2.6 on one. Bands read dY once in all,
    /// with all panels of rows per tile as on one thread: 0.73 of the time on two threads (a
    /// first version, copying whole bands rather than heads, 0.71, and 0.58 with the other
    /// core kept busy, where 2 bands took 1.17 of 4's time). The split, and so the order of
    /// every sum, is the same at any thread count: one and two threads give the same bits.
    private static func inBands(weight: SharedConstPointer, wideGrad: SharedConstPointer, gradPlanes: SharedPointer,
                                _ layout: PlaneLayout, _ g: ConvGeometry, reach: Int, split: (starts: [Int], head: Int)) {
        // Blocks have room for every tap's `widePadded` pixels only when not read in place:
        // in place, a band's body would run into the next channel's block.
        precondition(!layout.inPlace, "InputGradient.inBands: planes read in place have no room past a block")
        let width = PlaneLayout.tileWidth, rows = tapMajor(Array(0..<(g.inChannels * layout.taps)), layout)
        let offsets = FastForward.rowOffsets(group: 0, layout, g)
        let (starts, head) = split
        let blockCount = g.inChannels * layout.stride.h * layout.stride.w, stride = layout.phaseStride
        // Positions of each block a band's head writes: from its first pixel, `headSpan` floats.
        let headSpan = head * width + reach
        let copies = FloatBuffer(uninitialized: (bands - 1) * layout.imageCount)
        let own = copies.shared
        parallelItems(bands) { _, queue in
            for band in queue {
                let first = starts[band] * width
                let cleared = (band == 0 ? 0 : first + reach)..<(band == bands - 1 ? stride : starts[band + 1] * width + reach)
                for block in 0..<blockCount {
                    (gradPlanes.base + block * stride + cleared.lowerBound).initialize(repeating: 0, count: cleared.count)
                }
                var body = starts[band]
                if band > 0 {
                    let copy = own.base + (band - 1) * layout.imageCount
                    for block in 0..<blockCount { (copy + block * stride + first).initialize(repeating: 0, count: headSpan) }
                    accumulate(rows: rows, image: 0, group: 0, offsets: offsets, tiles: body..<(body + head),
                               weight: weight, wideGrad: wideGrad, target: copy, layout, g)
                    body += head
                }
                accumulate(rows: rows, image: 0, group: 0, offsets: offsets, tiles: body..<starts[band + 1],
                           weight: weight, wideGrad: wideGrad, target: gradPlanes.base, layout, g)
            }
        }
        parallelItems(blockCount) { _, queue in
            for block in queue {
                for band in 1..<bands {
                    let first = block * stride + starts[band] * width
                    let main = gradPlanes.base + first, copy = own.base + (band - 1) * layout.imageCount + first
                    for i in 0..<headSpan { main[i] += copy[i] }
                }
            }
        }
        withExtendedLifetime(copies) {}
    }

    /// `rows` (k = c·taps + t) in tap-major order, (t, c): the 8 rows of a panel are then
    /// mostly different channels, whose destinations do not overlap. Rows (c, t) and (c, t+1)
    /// of one panel would write ranges shifted by one float, and each row's loads would wait on
    /// the previous row's stores (a failed store-to-load forward) in the microkernel's epilogue.
    static func tapMajor(_ rows: [Int], _ layout: PlaneLayout) -> [Int] {
        let taps = layout.taps
        return rows.sorted { ($0 % taps, $0 / taps) < ($1 % taps, $1 / taps) }
    }

    /// For each row set, the (channel, phase plane) blocks of a group its items clear, as
    /// c·phases + phase (a block is `phaseStride` floats, a channel `phases` of them): those
    /// its rows add into, and for the first set also those no row adds into.
    static func clearedBlocks(_ rowSets: [[Int]], _ layout: PlaneLayout, _ inPerGroup: Int) -> [[Int]] {
        var blocks = rowSets.map { Set($0.map { block(ofRow: $0, layout) }) }
        let written = blocks.reduce(into: Set<Int>()) { $0.formUnion($1) }
        blocks[0].formUnion(Set(0..<(inPerGroup * layout.stride.h * layout.stride.w)).subtracting(written))
        return blocks.map { $0.sorted() }
    }

    /// The (channel, phase plane) block row k = c·taps + t adds into, as c·phases + phase.
    static func block(ofRow row: Int, _ layout: PlaneLayout) -> Int {
        row / layout.taps * layout.stride.h * layout.stride.w + layout.tapPhases[row % layout.taps]
    }

    /// The rows k = c·taps + t that write each (channel, phase plane) with any tap: the
    /// units no two workers may share.
    static func rowUnits(_ layout: PlaneLayout, _ inPerGroup: Int) -> [[Int]] {
        let blocks = inPerGroup * layout.stride.h * layout.stride.w
        let rows = Dictionary(grouping: 0..<(inPerGroup * layout.taps)) { block(ofRow: $0, layout) }
        return (0..<blocks).compactMap { rows[$0] }
    }

    /// Splits `units` of rows into `count` sets, largest unit first onto the least-loaded set.
    static func balancedRowSets(sets count: Int, _ units: [[Int]]) -> [[Int]] {
        var sets = [[Int]](repeating: [], count: count)
        for unit in units.sorted(by: { $0.count > $1.count }) {
            let lightest = sets.indices.min { sets[$0].count < sets[$1].count } ?? 0
            sets[lightest] += unit
        }
        return sets
    }
}
