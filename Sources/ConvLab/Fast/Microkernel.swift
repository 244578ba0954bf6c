// The register-blocked microkernels every fast convolution runs through.
//
// Why this shape. A convolution is a matrix product once the input is seen through "tap
// offsets" (see PlaneLayout): row k of the right-hand matrix B is the input plane shifted by
// the offset of tap k, so B is never materialised — the kernel reads it straight out of the
// padded input at `b + bOffsets[k]`. One step of the k loop then costs
//   3 vector loads of B (48 consecutive pixels),
//   8 scalar loads of A broadcast to all 16 lanes (8 output channels, packed contiguously),
//   24 fused multiply-adds into 24 accumulators (8 rows × 48 columns).
// Why 8 × 48: AVX-512 has 32 vector registers; 24 accumulators + 3 B vectors + 1 broadcast
// = 28 leave room and never spill. An FMA has a latency of 4 cycles and the core issues up
// to 2 per cycle, so at least 8 independent accumulator chains are needed to stay busy; 24
// gives slack. Loads per FMA (11 / 24) stay well below the two load ports, so the loop is
// bound by the FMA units — the limit conv-bench measures. 8 rows divide the usual channel
// counts (16, 32, 64, …) so padding rows are rare; 48 columns keep the waste at the end of
// an image row small.
//
// Why these compile to AVX-512: ConvLab is built with `-target-cpu native` (Package.swift),
// so `SIMD16<Float>` is a single zmm register and `addingProduct` a `vfmadd231ps`. Without
// it the same source is lowered to baseline SSE and runs ~100× slower (DESIGN.md). The
// loops use unsafe pointers and wrapping arithmetic only, so `-O` adds no bounds or overflow
// checks inside them. The kernels are concrete and not `@inlinable`: lesson cells are
// compiled `-Onone` for the baseline CPU and must call this optimised object code.

/// Stores (or adds) three accumulators to 48 consecutive floats at `p`.
@inline(__always)
private func store(_ v0: SIMD16<Float>, _ v1: SIMD16<Float>, _ v2: SIMD16<Float>,
                   to p: UnsafeMutablePointer<Float>, _ accumulate: Bool) {
    let raw = UnsafeMutableRawPointer(p)
    if accumulate {
        raw.storeBytes(of: v0 + raw.loadUnaligned(fromByteOffset: 0, as: SIMD16<Float>.self), toByteOffset: 0, as: SIMD16<Float>.self)
        raw.storeBytes(of: v1 + raw.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self), toByteOffset: 64, as: SIMD16<Float>.self)
        raw.storeBytes(of: v2 + raw.loadUnaligned(fromByteOffset: 128, as: SIMD16<Float>.self), toByteOffset: 128, as: SIMD16<Float>.self)
    } else {
        raw.storeBytes(of: v0, toByteOffset: 0, as: SIMD16<Float>.self)
        raw.storeBytes(of: v1, toByteOffset: 64, as: SIMD16<Float>.self)
        raw.storeBytes(of: v2, toByteOffset: 128, as: SIMD16<Float>.self)
    }
}

/// The 8 × 48 product every forward kernel shares: 24 accumulators (8 rows × 3 vectors)
/// start at `initial[r]`, and each of `count` steps adds A's 8 scalars (`a`, 8 per step)
/// times the 3 vectors `load` returns for that step's B offset (`bOffsets`, in floats); then
/// `store` receives each row's 3 vectors. The kernels below differ only in where B's vectors
/// come from and where C's go; both closures are inlined, so each kernel compiles to one
/// loop of 3 loads, 8 broadcasts and 24 FMAs (1 or 2 loads and 8 or 16 FMAs for short tiles).
///
/// With `vectors` 1 or 2 (a constant where this is inlined) only the first one or two
/// columns of vectors are computed and the rest of what `load` returns is never read: the
/// short tiles of `gemmSegments8x16`. With `period` 2 or 3 (a constant too) the steps come
/// in `count` groups of `period`, and step p of every group gets `masks(p)`, made once
/// before the loop (the lanes to load as zeros): the kernel columns of
/// `gemmUnpaddedColumn8x48`.
@inline(__always)
private func multiply8x48<Masks>(vectors: Int = 3, period: Int = 1, count: Int, a: UnsafePointer<Float>,
                                 bOffsets: UnsafePointer<Int>, initial: UnsafePointer<Float>, masks: (_ phase: Int) -> Masks,
                                 load: (_ masks: Masks, _ offset: Int) -> (SIMD16<Float>, SIMD16<Float>, SIMD16<Float>),
                                 store: (_ row: Int, SIMD16<Float>, SIMD16<Float>, SIMD16<Float>) -> Void) {
    var c00 = SIMD16<Float>(repeating: initial[0]), c01 = c00, c02 = c00
    var c10 = SIMD16<Float>(repeating: initial[1]), c11 = c10, c12 = c10
    var c20 = SIMD16<Float>(repeating: initial[2]), c21 = c20, c22 = c20
    var c30 = SIMD16<Float>(repeating: initial[3]), c31 = c30, c32 = c30
    var c40 = SIMD16<Float>(repeating: initial[4]), c41 = c40, c42 = c40
    var c50 = SIMD16<Float>(repeating: initial[5]), c51 = c50, c52 = c50
    var c60 = SIMD16<Float>(repeating: initial[6]), c61 = c60, c62 = c60
    var c70 = SIMD16<Float>(repeating: initial[7]), c71 = c70, c72 = c70
    // One step: A's 8 scalars at `ar`, each broadcast, times the B vectors `load` gives.
    @inline(__always) func step(_ masks: Masks, _ offset: Int, _ ar: UnsafePointer<Float>) {
        let (b0, b1, b2) = load(masks, offset)
        // One row of accumulators: A's scalar for the row broadcast, times each B vector.
        @inline(__always) func row(_ scalar: Float, _ x0: inout SIMD16<Float>, _ x1: inout SIMD16<Float>, _ x2: inout SIMD16<Float>) {
            let s = SIMD16<Float>(repeating: scalar)
            x0 = x0.addingProduct(s, b0)
            if vectors > 1 { x1 = x1.addingProduct(s, b1) }
            if vectors > 2 { x2 = x2.addingProduct(s, b2) }
        }
        row(ar[0], &c00, &c01, &c02); row(ar[1], &c10, &c11, &c12); row(ar[2], &c20, &c21, &c22); row(ar[3], &c30, &c31, &c32)
        row(ar[4], &c40, &c41, &c42); row(ar[5], &c50, &c51, &c52); row(ar[6], &c60, &c61, &c62); row(ar[7], &c70, &c71, &c72)
    }
    // The masks of each phase, made once (registers, with `period` a constant where this is inlined).
    let m0 = masks(0)
    var ap = a, op = bOffsets
    if period == 1 {
        // (A loop of its own: written as the loop below with one phase, every kernel ran 6% slower.)
        for _ in 0..<count {
            step(m0, op.pointee, ap)
            ap += 8
            op += 1
        }
    } else {
        let m1 = masks(1), m2 = period > 2 ? masks(2) : m0
        for _ in 0..<count {
            for phase in 0..<period {
                step(phase == 0 ? m0 : phase == 1 ? m1 : m2, op[phase], ap + phase &* 8)
            }
            ap += 8 &* period
            op += period
        }
    }
    store(0, c00, c01, c02); store(1, c10, c11, c12); store(2, c20, c21, c22); store(3, c30, c31, c32)
    store(4, c40, c41, c42); store(5, c50, c51, c52); store(6, c60, c61, c62); store(7, c70, c71, c72)
}

/// One 8 × 48 tile of C = A · B, with B's rows read at offsets.
///
/// For r in 0..<8, x in 0..<48: `c[cOffsets[r] + x] (= or +=) initial[r] + Σ_k a[8k + r] · b[bOffsets[k] + x]`.
/// `initial` carries the bias, so the forward pass stores finished values in one go.
/// Rows are stored one after another, so rows whose destinations overlap (the scatter-add of
/// the input gradient) still add up correctly.
@inline(never)
func gemmTile8x48(count: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, bOffsets: UnsafePointer<Int>,
                  c: UnsafeMutablePointer<Float>, cOffsets: UnsafePointer<Int>, initial: UnsafePointer<Float>, accumulate: Bool) {
    let base = UnsafeRawPointer(b)
    multiply8x48(count: count, a: a, bOffsets: bOffsets, initial: initial, masks: { _ in () }, load: { _, offset in
        let bp = base + offset &* MemoryLayout<Float>.stride
        return (bp.loadUnaligned(fromByteOffset: 0, as: SIMD16<Float>.self),
                bp.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self),
                bp.loadUnaligned(fromByteOffset: 128, as: SIMD16<Float>.self))
    }, store: { row, v0, v1, v2 in
        store(v0, v1, v2, to: c + cOffsets[row], accumulate)
    })
}

/// One tile of C = A · B made of `segments` (1, 2 or 3) 16-pixel segments, each read and
/// written at its own offset: the forward pass of images whose output rows are a multiple of
/// 8 wide, where every segment is a 16-pixel piece of one output row and goes straight into
/// the output. Tiles of fewer than three segments end a run of output rows that read the
/// same kernel rows (`SegmentTiling`), so that no segment is computed twice or with a
/// kernel row it reads as padding.
///
/// For r in 0..<8, s in 0..<segments, x in 0..<16:
/// `c[cOffsets[r] + cSegments[s] + x] = initial[r] + Σ_k a[8k + r] · b[bOffsets[k] + bSegments[s] + x]`.
/// The same arithmetic as gemmTile8x48; only the loads use one base pointer per segment.
/// One loop per segment count, each with the counts' accumulators only (24, 16 or 8).
@inline(never)
func gemmSegments8x16(segments: Int, count: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, bOffsets: UnsafePointer<Int>,
                      bSegments: UnsafePointer<Int>, c: UnsafeMutablePointer<Float>, cOffsets: UnsafePointer<Int>,
                      cSegments: UnsafePointer<Int>, initial: UnsafePointer<Float>) {
    @inline(__always) func tile(_ segments: Int) {
        // Entries past `segments` are never read (a short tile's table may hold anything there).
        let s0 = UnsafeRawPointer(b + bSegments[0])
        let s1 = segments > 1 ? UnsafeRawPointer(b + bSegments[1]) : s0, s2 = segments > 2 ? UnsafeRawPointer(b + bSegments[2]) : s0
        let t0 = cSegments[0], t1 = segments > 1 ? cSegments[1] : 0, t2 = segments > 2 ? cSegments[2] : 0
        multiply8x48(vectors: segments, count: count, a: a, bOffsets: bOffsets, initial: initial, masks: { _ in () }, load: { _, offset in
            let bytes = offset &* MemoryLayout<Float>.stride
            let v0 = s0.loadUnaligned(fromByteOffset: bytes, as: SIMD16<Float>.self)
            return (v0, segments > 1 ? s1.loadUnaligned(fromByteOffset: bytes, as: SIMD16<Float>.self) : v0,
                    segments > 2 ? s2.loadUnaligned(fromByteOffset: bytes, as: SIMD16<Float>.self) : v0)
        }, store: { row, v0, v1, v2 in
            let base = c + cOffsets[row]
            UnsafeMutableRawPointer(base + t0).storeBytes(of: v0, as: SIMD16<Float>.self)
            if segments > 1 { UnsafeMutableRawPointer(base + t1).storeBytes(of: v1, as: SIMD16<Float>.self) }
            if segments > 2 { UnsafeMutableRawPointer(base + t2).storeBytes(of: v2, as: SIMD16<Float>.self) }
        })
    }
    switch segments {
    case 3: tile(3)
    case 2: tile(2)
    default: tile(1)
    }
}

/// `gemmSegments8x16`'s three segments made of two 8-pixel halves, each read and written at its
/// own offset: the last 8 pixels of two output rows (rows 8 wide past a multiple of 16, such
/// as 56) make one segment, so no column is computed twice or for nothing.
///
/// For r in 0..<8, s in 0..<3, x in 0..<8: half `h` (0 low, 1 high) of segment s is read at
/// `b[bOffsets[k] + bHalves[2s + h] + x]` and written at `c[cOffsets[r] + cHalves[2s + h] + x]`.
/// Each B vector is one 8-float load and one 8-float load inserted into its upper half.
@inline(never)
func gemmHalves8x3x16(count: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, bOffsets: UnsafePointer<Int>,
                      bHalves: UnsafePointer<Int>, c: UnsafeMutablePointer<Float>, cOffsets: UnsafePointer<Int>,
                      cHalves: UnsafePointer<Int>, initial: UnsafePointer<Float>) {
    let l0 = UnsafeRawPointer(b + bHalves[0]), h0 = UnsafeRawPointer(b + bHalves[1])
    let l1 = UnsafeRawPointer(b + bHalves[2]), h1 = UnsafeRawPointer(b + bHalves[3])
    let l2 = UnsafeRawPointer(b + bHalves[4]), h2 = UnsafeRawPointer(b + bHalves[5])
    let t = (cHalves[0], cHalves[1], cHalves[2], cHalves[3], cHalves[4], cHalves[5])
    multiply8x48(count: count, a: a, bOffsets: bOffsets, initial: initial, masks: { _ in () }, load: { _, offset in
        let bytes = offset &* MemoryLayout<Float>.stride
        return (loadHalves(l0, h0, bytes), loadHalves(l1, h1, bytes), loadHalves(l2, h2, bytes))
    }, store: { row, v0, v1, v2 in
        let base = c + cOffsets[row]
        storeHalves(v0, base, t.0, t.1); storeHalves(v1, base, t.2, t.3); storeHalves(v2, base, t.4, t.5)
    })
}

/// One vector of two 8-float halves: one 8-float load, and one inserted into its upper half.
@inline(__always)
private func loadHalves(_ low: UnsafeRawPointer, _ high: UnsafeRawPointer, _ bytes: Int) -> SIMD16<Float> {
    SIMD16(lowHalf: low.loadUnaligned(fromByteOffset: bytes, as: SIMD8<Float>.self),
           highHalf: high.loadUnaligned(fromByteOffset: bytes, as: SIMD8<Float>.self))
}

/// Stores a vector's halves at `base + low` and `base + high`.
@inline(__always)
private func storeHalves(_ v: SIMD16<Float>, _ base: UnsafeMutablePointer<Float>, _ low: Int, _ high: Int) {
    UnsafeMutableRawPointer(base + low).storeBytes(of: v.lowHalf, as: SIMD8<Float>.self)
    UnsafeMutableRawPointer(base + high).storeBytes(of: v.highHalf, as: SIMD8<Float>.self)
}

/// One tile read from the input itself, rows unpadded (`PlaneLayout(unpadded:)`): `vectors`
/// (1 to 3) vectors of 16 pixels that all lie at the same output columns, from `firstColumn`,
/// of different output rows — each one 16-pixel segment (read at `bPlaces[v]`, written at
/// `cPlaces[v]`), or, with `rowEnds`, the last 8 pixels of two rows (`bPlaces[2v]` and
/// `bPlaces[2v + 1]`, written at `cPlaces[2v]` and `cPlaces[2v + 1]`, as `gemmHalves8x3x16`).
/// K is ordered kernel row first as for the padded planes, so its rows come in groups of
/// `kernelColumns` (at most 3), one per kernel column j, and in step j lane x loads zero,
/// not the input, where output column `firstColumn + x` reads outside the image's row with
/// kernel column j (the last pixels of the row before, or the first of the row after). See
/// `FastForward.readsUnpadded` for the bytes a load may address outside the tensor.
///
/// For r in 0..<8 and each vector's pixels, with j = k mod kernelColumns:
/// `c[cOffsets[r] + cPlaces[…] + x] = initial[r] + Σ_k a[8k + r] · (inside(j) ? b[bOffsets[k] + bPlaces[…] + x] : 0)`,
/// where output column `firstColumn + x` is inside for kernel column j when it lies in
/// `inside[2j] ..< inside[2j + 1]`; `count` is a multiple of `kernelColumns`.
///
/// Why one column for every vector of a tile: the masks then depend on the kernel column
/// only, made once per tile into at most three mask registers, so the tile keeps three
/// vectors (24 accumulators) like the padded kernels. Tiles of segments at different
/// columns needed a mask per segment and kernel column: with three segments the compiler
/// spilled accumulators in the loop, and two segments a tile (16 accumulators, A's panel
/// read again for every 32 pixels) ran 3% slower per multiply-add than the padded planes.
/// Why kernel row first: the steps of one group read the same cache lines, one float apart.
@inline(never)
func gemmUnpaddedColumn8x48(vectors: Int, rowEnds: Bool, kernelColumns: Int, firstColumn: Int, count: Int,
                            inside insideColumns: UnsafePointer<Int>, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                            bOffsets: UnsafePointer<Int>, bPlaces: UnsafePointer<Int>, c: UnsafeMutablePointer<Float>,
                            cOffsets: UnsafePointer<Int>, cPlaces: UnsafePointer<Int>, initial: UnsafePointer<Float>) {
    precondition(kernelColumns <= 3 && count % kernelColumns == 0, "a group of steps per kernel column, at most 3")
    precondition((1...3).contains(vectors), "1 to 3 vectors a tile")
    let tile = UnpaddedColumnTile(kernelColumns: kernelColumns, firstColumn: firstColumn, count: count, insideColumns: insideColumns,
                                  a: a, b: b, bOffsets: bOffsets, bPlaces: bPlaces, c: c, cOffsets: cOffsets, cPlaces: cPlaces,
                                  initial: initial)
    // One loop for each shape, the shape's constants known where it is compiled: as types,
    // since the optimiser specialises a generic function for every type it is called with,
    // but declined to inline an `@inline(__always)` function into six call sites (each one
    // loop per kernel column count), and ran it with the shape unknown, 28% slower.
    switch (vectors, rowEnds) {
    case (3, false): tile.run(vectors: Three.self, pieces: One.self)
    case (2, false): tile.run(vectors: Two.self, pieces: One.self)
    case (1, false): tile.run(vectors: One.self, pieces: One.self)
    case (3, true): tile.run(vectors: Three.self, pieces: Two.self)
    case (2, true): tile.run(vectors: Two.self, pieces: Two.self)
    default: tile.run(vectors: One.self, pieces: Two.self)
    }
}

/// A small count as a type (`UnpaddedColumnTile.run`'s shapes).
private protocol StaticCount { static var value: Int { get } }
/// The count 1.
private enum One: StaticCount { static var value: Int { 1 } }
/// The count 2.
private enum Two: StaticCount { static var value: Int { 2 } }
/// The count 3.
private enum Three: StaticCount { static var value: Int { 3 } }
/// A truth value as a type (`UnpaddedColumnTile.loop`'s shapes).
private protocol StaticFlag { static var value: Bool { get } }
/// True.
private enum Yes: StaticFlag { static var value: Bool { true } }
/// False.
private enum No: StaticFlag { static var value: Bool { false } }

/// `gemmUnpaddedColumn8x48`'s arguments, and its loop for each shape of tile.
private struct UnpaddedColumnTile {
    let kernelColumns: Int, firstColumn: Int, count: Int, insideColumns: UnsafePointer<Int>
    let a: UnsafePointer<Float>, b: UnsafePointer<Float>, bOffsets: UnsafePointer<Int>, bPlaces: UnsafePointer<Int>
    let c: UnsafeMutablePointer<Float>, cOffsets: UnsafePointer<Int>, cPlaces: UnsafePointer<Int>, initial: UnsafePointer<Float>
    typealias Mask = SIMDMask<SIMD16<Int32>>

    /// The tile as `Vectors` vectors, each loaded in `Pieces` pieces (one 16-pixel segment,
    /// or two 8-pixel row ends), by the loop for its kernel columns. The middle kernel
    /// column of a 3×3 (or 1×3) whose every pixel reads inside with it loads without a mask:
    /// the masks had cost the two 3×3 over 32×32 2% on one thread.
    func run<Vectors: StaticCount, Pieces: StaticCount>(vectors: Vectors.Type, pieces: Pieces.Type) {
        let middle = kernelColumns / 2, width = Pieces.value == 2 ? 8 : 16
        let middleInside = kernelColumns % 2 == 1 && insideColumns[2 &* middle] <= firstColumn
            && firstColumn &+ width <= insideColumns[2 &* middle &+ 1]
        switch (kernelColumns, middleInside) {
        case (3, true): loop(vectors, pieces, period: Three.self, middleInside: Yes.self)
        case (3, false): loop(vectors, pieces, period: Three.self, middleInside: No.self)
        case (2, _): loop(vectors, pieces, period: Two.self, middleInside: No.self)
        case (_, true): loop(vectors, pieces, period: One.self, middleInside: Yes.self)
        case (_, false): loop(vectors, pieces, period: One.self, middleInside: No.self)
        }
    }

    /// The lanes that read inside the row with kernel column j; `lanes` holds each lane's
    /// output column past `firstColumn`.
    @inline(__always)
    private func inside(_ j: Int, lanes: SIMD16<Int32>) -> Mask {
        let low = SIMD16<Int32>(repeating: Int32(truncatingIfNeeded: insideColumns[2 &* j] &- firstColumn))
        let high = SIMD16<Int32>(repeating: Int32(truncatingIfNeeded: insideColumns[2 &* j &+ 1] &- firstColumn))
        return (lanes .>= low) .& (lanes .< high)
    }

    /// The loop for one shape, every argument a type so that each of the 30 shapes is its
    /// own specialised function with one loop (five loops a function, one per kernel column
    /// count, were once left out of line and ran 6× slower): K in groups of `Period` steps,
    /// one per kernel column, the middle one unmasked if `MiddleInside`.
    @inline(never)
    private func loop<Vectors: StaticCount, Pieces: StaticCount, Period: StaticCount, MiddleInside: StaticFlag>(
        _: Vectors.Type, _: Pieces.Type, period _: Period.Type, middleInside _: MiddleInside.Type) {
        let vectors = Vectors.value, rowEnds = Pieces.value == 2, period = Period.value, middleInside = MiddleInside.value
        // Both halves of a row-end vector cover the same columns.
        let lanes = rowEnds ? SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7)
            : SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        // Vector v's places, piece by piece: B at p[2v] (a row end's second half at p[2v + 1]),
        // C at q[2v] (and q[2v + 1]); a segment's second entries repeat its first, unread.
        let (b, bPlaces, cPlaces) = (self.b, self.bPlaces, self.cPlaces)
        @inline(__always) func place(_ v: Int, _ piece: Int) -> Int { v < vectors ? (rowEnds ? 2 &* v &+ piece : v) : 0 }
        @inline(__always) func bAt(_ v: Int, _ piece: Int) -> UnsafeRawPointer { UnsafeRawPointer(b + bPlaces[place(v, piece)]) }
        @inline(__always) func cAt(_ v: Int, _ piece: Int) -> Int { cPlaces[place(v, piece)] }
        let p = (bAt(0, 0), bAt(0, 1), bAt(1, 0), bAt(1, 1), bAt(2, 0), bAt(2, 1))
        let q = (cAt(0, 0), cAt(0, 1), cAt(1, 0), cAt(1, 1), cAt(2, 0), cAt(2, 1))
        // Zeros with the lanes inside loaded: the optimiser makes it one zero-masking load (two for halves).
        @inline(__always) func load(_ low: UnsafeRawPointer, _ high: UnsafeRawPointer, _ bytes: Int, _ inside: Mask) -> SIMD16<Float> {
            let vector = rowEnds ? loadHalves(low, high, bytes) : low.loadUnaligned(fromByteOffset: bytes, as: SIMD16<Float>.self)
            return SIMD16<Float>(repeating: 0).replacing(with: vector, where: inside)
        }
        @inline(__always) func put(_ v: SIMD16<Float>, _ base: UnsafeMutablePointer<Float>, _ low: Int, _ high: Int) {
            if rowEnds { storeHalves(v, base, low, high) } else { UnsafeMutableRawPointer(base + low).storeBytes(of: v, as: SIMD16<Float>.self) }
        }
        let (c, cOffsets) = (self.c, self.cOffsets)
        multiply8x48(vectors: vectors, period: period, count: count / period, a: a, bOffsets: bOffsets, initial: initial,
                     masks: { j in middleInside && j == period / 2 ? Mask(repeating: true) : inside(j, lanes: lanes) }, load: { inside, offset in
            let bytes = offset &* MemoryLayout<Float>.stride
            let v0 = load(p.0, p.1, bytes, inside)
            return (v0, vectors > 1 ? load(p.2, p.3, bytes, inside) : v0, vectors > 2 ? load(p.4, p.5, bytes, inside) : v0)
        }, store: { row, v0, v1, v2 in
            let base = c + cOffsets[row]
            put(v0, base, q.0, q.1)
            if vectors > 1 { put(v1, base, q.2, q.3) }
            if vectors > 2 { put(v2, base, q.4, q.5) }
        })
    }
}

/// One 8 × 32 tile of the weight gradient, Cᵀ += X · Dᵀ, reducing over `count` output pixels.
///
/// For r in 0..<8, o in 0..<32: `c[r·ldc + o] += Σ_{q<count} x_r(q) · d[q·ldd + o]`, where
/// the pixels run along output rows of `rowLength`, starting at column `firstColumn`, and
/// `x_r(q)` is read from row r of X at `x + xOffsets[r]`, which steps one float per pixel and
/// `rowGap` more at the end of each output row (rows of the phase planes are wider than
/// output rows by their padding), and d steps `ldd` per pixel and `dRowGap` more at the end
/// of each row (to walk a rectangle of the output). So X is read where it lies in the planes,
/// never packed, and only pixels that exist are reduced over. `d` is the output gradient transposed
/// (pixel-major, channels contiguous) so that 32 output channels form two vectors; the input
/// pixel is the broadcast scalar. 16 accumulators (8 × 2 vectors) are enough independent
/// chains; each step costs 2 vector loads and 8 broadcasts for 16 FMAs.
@inline(never)
func weightGradTile8x32(count: Int, firstColumn: Int, rowLength: Int, rowGap: Int, x: UnsafePointer<Float>,
                        xOffsets: UnsafePointer<Int>, d: UnsafePointer<Float>, ldd: Int, dRowGap: Int = 0,
                        c: UnsafeMutablePointer<Float>, ldc: Int) {
    var c00 = SIMD16<Float>(), c01 = SIMD16<Float>(), c10 = SIMD16<Float>(), c11 = SIMD16<Float>()
    var c20 = SIMD16<Float>(), c21 = SIMD16<Float>(), c30 = SIMD16<Float>(), c31 = SIMD16<Float>()
    var c40 = SIMD16<Float>(), c41 = SIMD16<Float>(), c50 = SIMD16<Float>(), c51 = SIMD16<Float>()
    var c60 = SIMD16<Float>(), c61 = SIMD16<Float>(), c70 = SIMD16<Float>(), c71 = SIMD16<Float>()
    var x0 = x + xOffsets[0], x1 = x + xOffsets[1], x2 = x + xOffsets[2], x3 = x + xOffsets[3]
    var x4 = x + xOffsets[4], x5 = x + xOffsets[5], x6 = x + xOffsets[6], x7 = x + xOffsets[7]
    var dp = d, remaining = count, column = firstColumn
    while remaining > 0 {
        let run = min(rowLength &- column, remaining)
        for q in 0..<run {
            let raw = UnsafeRawPointer(dp)
            let d0 = raw.loadUnaligned(fromByteOffset: 0, as: SIMD16<Float>.self)
            let d1 = raw.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
            let a0 = SIMD16<Float>(repeating: x0[q]); c00 = c00.addingProduct(a0, d0); c01 = c01.addingProduct(a0, d1)
            let a1 = SIMD16<Float>(repeating: x1[q]); c10 = c10.addingProduct(a1, d0); c11 = c11.addingProduct(a1, d1)
            let a2 = SIMD16<Float>(repeating: x2[q]); c20 = c20.addingProduct(a2, d0); c21 = c21.addingProduct(a2, d1)
            let a3 = SIMD16<Float>(repeating: x3[q]); c30 = c30.addingProduct(a3, d0); c31 = c31.addingProduct(a3, d1)
            let a4 = SIMD16<Float>(repeating: x4[q]); c40 = c40.addingProduct(a4, d0); c41 = c41.addingProduct(a4, d1)
            let a5 = SIMD16<Float>(repeating: x5[q]); c50 = c50.addingProduct(a5, d0); c51 = c51.addingProduct(a5, d1)
            let a6 = SIMD16<Float>(repeating: x6[q]); c60 = c60.addingProduct(a6, d0); c61 = c61.addingProduct(a6, d1)
            let a7 = SIMD16<Float>(repeating: x7[q]); c70 = c70.addingProduct(a7, d0); c71 = c71.addingProduct(a7, d1)
            dp += ldd
        }
        // The next output row starts `rowGap` further on in the planes, `dRowGap` in d.
        let step = run &+ rowGap
        x0 += step; x1 += step; x2 += step; x3 += step; x4 += step; x5 += step; x6 += step; x7 += step
        dp += dRowGap
        remaining &-= run
        column = 0
    }
    addPair(c00, c01, to: c)
    addPair(c10, c11, to: c + ldc)
    addPair(c20, c21, to: c + 2 &* ldc)
    addPair(c30, c31, to: c + 3 &* ldc)
    addPair(c40, c41, to: c + 4 &* ldc)
    addPair(c50, c51, to: c + 5 &* ldc)
    addPair(c60, c61, to: c + 6 &* ldc)
    addPair(c70, c71, to: c + 7 &* ldc)
}

/// Adds two accumulators to 32 consecutive floats at `p`.
@inline(__always)
private func addPair(_ v0: SIMD16<Float>, _ v1: SIMD16<Float>, to p: UnsafeMutablePointer<Float>) {
    let raw = UnsafeMutableRawPointer(p)
    raw.storeBytes(of: v0 + raw.loadUnaligned(fromByteOffset: 0, as: SIMD16<Float>.self), toByteOffset: 0, as: SIMD16<Float>.self)
    raw.storeBytes(of: v1 + raw.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self), toByteOffset: 64, as: SIMD16<Float>.self)
}

/// 24 dot products along pixels for the weight gradient of narrow layers (NarrowWeightGradient).
///
/// For i in 0..<3, j in 0..<8, lane in 0..<16:
/// `acc[i·ldk + 16j + lane] += Σ_{v<vectors} x_i[16v + lane] · d[j][16v + lane]`.
/// Both operands are read as vectors of 16 consecutive pixels, so no operand is transposed
/// or broadcast and no output channel is padded beyond 8. Each step costs 3 loads of X and 8
/// of dY for 24 multiply-adds into 24 accumulators (+ 3 X vectors + 1 dY = 28 registers, as
/// in gemmTile8x48); the lanes are added up once per segment, not here.
@inline(never)
func weightGradDot3x8(vectors: Int, x0: UnsafePointer<Float>, x1: UnsafePointer<Float>, x2: UnsafePointer<Float>,
                      d: UnsafePointer<UnsafePointer<Float>>, acc: UnsafeMutablePointer<Float>, ldk: Int) {
    let r0 = UnsafeMutableRawPointer(acc), r1 = UnsafeMutableRawPointer(acc + ldk), r2 = UnsafeMutableRawPointer(acc + 2 &* ldk)
    func load(_ raw: UnsafeMutableRawPointer, _ j: Int) -> SIMD16<Float> { raw.loadUnaligned(fromByteOffset: 64 &* j, as: SIMD16<Float>.self) }
    var c00 = load(r0, 0), c01 = load(r0, 1), c02 = load(r0, 2), c03 = load(r0, 3)
    var c04 = load(r0, 4), c05 = load(r0, 5), c06 = load(r0, 6), c07 = load(r0, 7)
    var c10 = load(r1, 0), c11 = load(r1, 1), c12 = load(r1, 2), c13 = load(r1, 3)
    var c14 = load(r1, 4), c15 = load(r1, 5), c16 = load(r1, 6), c17 = load(r1, 7)
    var c20 = load(r2, 0), c21 = load(r2, 1), c22 = load(r2, 2), c23 = load(r2, 3)
    var c24 = load(r2, 4), c25 = load(r2, 5), c26 = load(r2, 6), c27 = load(r2, 7)
    let d0 = UnsafeRawPointer(d[0]), d1 = UnsafeRawPointer(d[1]), d2 = UnsafeRawPointer(d[2]), d3 = UnsafeRawPointer(d[3])
    let d4 = UnsafeRawPointer(d[4]), d5 = UnsafeRawPointer(d[5]), d6 = UnsafeRawPointer(d[6]), d7 = UnsafeRawPointer(d[7])
    let p0 = UnsafeRawPointer(x0), p1 = UnsafeRawPointer(x1), p2 = UnsafeRawPointer(x2)
    // One row of dY (16 pixels at `at`) against the three rows of X: one column's accumulators.
    @inline(__always) func add(_ c0: inout SIMD16<Float>, _ c1: inout SIMD16<Float>, _ c2: inout SIMD16<Float>,
                               _ a: (SIMD16<Float>, SIMD16<Float>, SIMD16<Float>), _ row: UnsafeRawPointer, _ at: Int) {
        let e = row.loadUnaligned(fromByteOffset: at, as: SIMD16<Float>.self)
        c0 = c0.addingProduct(a.0, e); c1 = c1.addingProduct(a.1, e); c2 = c2.addingProduct(a.2, e)
    }
    var offset = 0
    for _ in 0..<vectors {
        let a = (p0.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self),
                 p1.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self),
                 p2.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self))
        add(&c00, &c10, &c20, a, d0, offset); add(&c01, &c11, &c21, a, d1, offset)
        add(&c02, &c12, &c22, a, d2, offset); add(&c03, &c13, &c23, a, d3, offset)
        add(&c04, &c14, &c24, a, d4, offset); add(&c05, &c15, &c25, a, d5, offset)
        add(&c06, &c16, &c26, a, d6, offset); add(&c07, &c17, &c27, a, d7, offset)
        offset &+= 64
    }
    func store(_ v: SIMD16<Float>, _ raw: UnsafeMutableRawPointer, _ j: Int) { raw.storeBytes(of: v, toByteOffset: 64 &* j, as: SIMD16<Float>.self) }
    store(c00, r0, 0); store(c01, r0, 1); store(c02, r0, 2); store(c03, r0, 3)
    store(c04, r0, 4); store(c05, r0, 5); store(c06, r0, 6); store(c07, r0, 7)
    store(c10, r1, 0); store(c11, r1, 1); store(c12, r1, 2); store(c13, r1, 3)
    store(c14, r1, 4); store(c15, r1, 5); store(c16, r1, 6); store(c17, r1, 7)
    store(c20, r2, 0); store(c21, r2, 1); store(c22, r2, 2); store(c23, r2, 3)
    store(c24, r2, 4); store(c25, r2, 5); store(c26, r2, 6); store(c27, r2, 7)
}

/// The step loop both channel-vector kernels share: `outer` × `inner` steps, the weight
/// advancing `innerW` floats per step and `outerW` per outer step, the input offset `innerX`
/// and `outerX`; `step` gets the step's weight pointer and input offset. Inlined, so each
/// kernel compiles to its own loop with the accumulators in registers.
@inline(__always)
private func channelSteps(outer: Int, outerX: Int, outerW: Int, inner: Int, innerX: Int, innerW: Int, w: UnsafePointer<Float>,
                          step: (_ weights: UnsafePointer<Float>, _ offset: Int) -> Void) {
    var wOuter = w, xOuter = 0
    for _ in 0..<outer {
        var wp = wOuter, offset = xOuter
        for _ in 0..<inner {
            step(wp, offset)
            wp += innerW
            offset &+= innerX
        }
        wOuter += outerW
        xOuter &+= outerX
    }
}

/// Sixteen floats at `p + i` (unaligned).
@inline(__always)
private func vector(_ p: UnsafePointer<Float>, _ i: Int) -> SIMD16<Float> {
    UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<Float>.self)
}

/// Stores sixteen floats at `p + i` (unaligned).
@inline(__always)
private func store(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>, _ i: Int) {
    UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: SIMD16<Float>.self)
}

/// One pixel's sums in a 64-channel tile: four vectors along output channels.
private typealias Channels64 = (SIMD16<Float>, SIMD16<Float>, SIMD16<Float>, SIMD16<Float>)
/// One pixel's sums in a 32-channel tile: two vectors along output channels.
private typealias Channels32 = (SIMD16<Float>, SIMD16<Float>)

/// The 64 floats at `p` (a pixel's sums, or a step's weights).
@inline(__always)
private func load64(_ p: UnsafePointer<Float>) -> Channels64 { (vector(p, 0), vector(p, 16), vector(p, 32), vector(p, 48)) }
/// The 32 floats at `p`.
@inline(__always)
private func load32(_ p: UnsafePointer<Float>) -> Channels32 { (vector(p, 0), vector(p, 16)) }
/// Stores a pixel's 64 sums at `p`.
@inline(__always)
private func store64(_ c: Channels64, _ p: UnsafeMutablePointer<Float>) { store(c.0, p, 0); store(c.1, p, 16); store(c.2, p, 32); store(c.3, p, 48) }
/// Stores a pixel's 32 sums at `p`.
@inline(__always)
private func store32(_ c: Channels32, _ p: UnsafeMutablePointer<Float>) { store(c.0, p, 0); store(c.1, p, 16) }
/// `c += x · w` for one pixel's input value `x` broadcast to the step's 64 weights.
@inline(__always)
private func addProduct(_ c: inout Channels64, _ x: Float, _ w: Channels64) {
    let b = SIMD16<Float>(repeating: x)
    c.0 = c.0.addingProduct(b, w.0); c.1 = c.1.addingProduct(b, w.1); c.2 = c.2.addingProduct(b, w.2); c.3 = c.3.addingProduct(b, w.3)
}
/// `c += x · w` for 32 weights.
@inline(__always)
private func addProduct(_ c: inout Channels32, _ x: Float, _ w: Channels32) {
    let b = SIMD16<Float>(repeating: x)
    c.0 = c.0.addingProduct(b, w.0); c.1 = c.1.addingProduct(b, w.1)
}

/// One tile of the channel-vector forward (ChannelForward): 64 output channels (4 vectors
/// along channels) × 6 output pixels, each pixel read at its own address.
///
/// Why this shape. Here the vectors run along output channels and the input is broadcast,
/// the other way round from the 8 × 48 tiles: a tile's six pixels can then lie anywhere, so
/// the caller groups pixels that read the same taps inside the image and runs over those
/// taps only — no padding is multiplied and nothing is packed or copied. Each step costs 4
/// vector loads of the weight, 6 broadcasts and 24 FMAs, the 8 × 48 kernel's ratio; 6 pixel
/// pointers, the step's offset and the weight pointer fit the general registers (7 pixels
/// spilled and ran at half speed).
///
/// For p in 0..<6, v in 0..<64: `acc[64p + v] += Σ_{s<outer, t<inner} w[s·outerW + t·innerW + v] ·
/// x[pixels[p] + s·outerX + t·innerX]`. `acc` holds the tile's 6 × 64 sums, pixel-major.
@inline(never)
func channelTile64x6(outer: Int, outerX: Int, outerW: Int, inner: Int, innerX: Int, innerW: Int,
                     w: UnsafePointer<Float>, x: UnsafePointer<Float>, pixels: UnsafePointer<Int>, acc: UnsafeMutablePointer<Float>) {
    let p0 = x + pixels[0], p1 = x + pixels[1], p2 = x + pixels[2], p3 = x + pixels[3], p4 = x + pixels[4], p5 = x + pixels[5]
    var c0 = load64(acc), c1 = load64(acc + 64), c2 = load64(acc + 128), c3 = load64(acc + 192), c4 = load64(acc + 256), c5 = load64(acc + 320)
    channelSteps(outer: outer, outerX: outerX, outerW: outerW, inner: inner, innerX: innerX, innerW: innerW, w: w) { wp, offset in
        let weights = load64(wp)
        addProduct(&c0, p0[offset], weights); addProduct(&c1, p1[offset], weights); addProduct(&c2, p2[offset], weights)
        addProduct(&c3, p3[offset], weights); addProduct(&c4, p4[offset], weights); addProduct(&c5, p5[offset], weights)
    }
    store64(c0, acc); store64(c1, acc + 64); store64(c2, acc + 128); store64(c3, acc + 192); store64(c4, acc + 256); store64(c5, acc + 320)
}

/// `channelTile64x6` for 4 pixels (16 accumulators): the short tile that ends a class of
/// pixels, so that a class of 8 (a corner, one pixel per image of a batch of 8) is two
/// tiles of 4 rather than a tile of 6 and one of 6 that computes 4 repeated pixels. Each
/// step costs 4 vector loads, 4 broadcasts and 16 FMAs. Same arguments; `acc` holds 4 × 64 sums.
@inline(never)
func channelTile64x4(outer: Int, outerX: Int, outerW: Int, inner: Int, innerX: Int, innerW: Int,
                     w: UnsafePointer<Float>, x: UnsafePointer<Float>, pixels: UnsafePointer<Int>, acc: UnsafeMutablePointer<Float>) {
    let p0 = x + pixels[0], p1 = x + pixels[1], p2 = x + pixels[2], p3 = x + pixels[3]
    var c0 = load64(acc), c1 = load64(acc + 64), c2 = load64(acc + 128), c3 = load64(acc + 192)
    channelSteps(outer: outer, outerX: outerX, outerW: outerW, inner: inner, innerX: innerX, innerW: innerW, w: w) { wp, offset in
        let weights = load64(wp)
        addProduct(&c0, p0[offset], weights); addProduct(&c1, p1[offset], weights)
        addProduct(&c2, p2[offset], weights); addProduct(&c3, p3[offset], weights)
    }
    store64(c0, acc); store64(c1, acc + 64); store64(c2, acc + 128); store64(c3, acc + 192)
}

/// `channelTile64x6` for 32 output channels (2 vectors) × 8 pixels, for groups of 32
/// output channels, where 64-channel tiles would compute half zeros: each step costs 2
/// vector loads, 8 broadcasts and 16 FMAs.
///
/// For p in 0..<8, v in 0..<32: `acc[32p + v] += Σ_{s<outer, t<inner} w[s·outerW + t·innerW + v] ·
/// x[pixels[p] + s·outerX + t·innerX]`.
@inline(never)
func channelTile32x8(outer: Int, outerX: Int, outerW: Int, inner: Int, innerX: Int, innerW: Int,
                     w: UnsafePointer<Float>, x: UnsafePointer<Float>, pixels: UnsafePointer<Int>, acc: UnsafeMutablePointer<Float>) {
    let p0 = x + pixels[0], p1 = x + pixels[1], p2 = x + pixels[2], p3 = x + pixels[3]
    let p4 = x + pixels[4], p5 = x + pixels[5], p6 = x + pixels[6], p7 = x + pixels[7]
    var c0 = load32(acc), c1 = load32(acc + 32), c2 = load32(acc + 64), c3 = load32(acc + 96)
    var c4 = load32(acc + 128), c5 = load32(acc + 160), c6 = load32(acc + 192), c7 = load32(acc + 224)
    channelSteps(outer: outer, outerX: outerX, outerW: outerW, inner: inner, innerX: innerX, innerW: innerW, w: w) { wp, offset in
        let weights = load32(wp)
        addProduct(&c0, p0[offset], weights); addProduct(&c1, p1[offset], weights)
        addProduct(&c2, p2[offset], weights); addProduct(&c3, p3[offset], weights)
        addProduct(&c4, p4[offset], weights); addProduct(&c5, p5[offset], weights)
        addProduct(&c6, p6[offset], weights); addProduct(&c7, p7[offset], weights)
    }
    store32(c0, acc); store32(c1, acc + 32); store32(c2, acc + 64); store32(c3, acc + 96)
    store32(c4, acc + 128); store32(c5, acc + 160); store32(c6, acc + 192); store32(c7, acc + 224)
}

/// `channelTile32x8` for 4 pixels (8 accumulators): the short tile of the narrow shape, as
/// `channelTile64x4` is of the wide one. Same arguments; `acc` holds 4 × 32 sums.
@inline(never)
func channelTile32x4(outer: Int, outerX: Int, outerW: Int, inner: Int, innerX: Int, innerW: Int,
                     w: UnsafePointer<Float>, x: UnsafePointer<Float>, pixels: UnsafePointer<Int>, acc: UnsafeMutablePointer<Float>) {
    let p0 = x + pixels[0], p1 = x + pixels[1], p2 = x + pixels[2], p3 = x + pixels[3]
    var c0 = load32(acc), c1 = load32(acc + 32), c2 = load32(acc + 64), c3 = load32(acc + 96)
    channelSteps(outer: outer, outerX: outerX, outerW: outerW, inner: inner, innerX: innerX, innerW: innerW, w: w) { wp, offset in
        let weights = load32(wp)
        addProduct(&c0, p0[offset], weights); addProduct(&c1, p1[offset], weights)
        addProduct(&c2, p2[offset], weights); addProduct(&c3, p3[offset], weights)
    }
    store32(c0, acc); store32(c1, acc + 32); store32(c2, acc + 64); store32(c3, acc + 96)
}
