import Testing
@testable import ConvLab

/// One convolution configuration of the sweep.
struct ConvCase: CustomStringConvertible, Sendable {
    var batch = 1, inChannels = 3, outChannels = 8, height = 9, width = 11
    var kernel: Size2D = 3, stride: Size2D = 1, padding: Padding2D = 1, dilation: Size2D = 1, groups = 1

    var description: String {
        "n\(batch) \(inChannels)→\(outChannels) \(height)×\(width) k\(kernel) s\(stride) p\(padding) d\(dilation) g\(groups)"
    }
}

/// The fast path (`conv2d`, `conv2dBackward`) against the reference loops over a sweep of
/// shapes, strides, paddings, dilations and groups.
///
/// Tolerance. Each result is a sum of m float32 products. The reference accumulates in
/// Double and rounds once; the fast path accumulates in float32 in some order. Whatever the
/// order, the float32 sum differs from the exact one by at most γ_m · Σ|products| with
/// γ_m = m·u / (1 − m·u), u = 2⁻²⁴ (Higham, Accuracy and Stability, §3.1); one more rounding
/// on each side adds 2u·|result|. So we check
///     |fast − reference| ≤ (m + 2) · u · Σ|products| + 1e-30,
/// where Σ|products| is the reference applied to |input|, |weight| (and |gradOutput|). This
/// bound is tight enough to catch a wrong or missing tap: that changes a result by about
/// one product, Σ/m, far above m·u·Σ for the sizes here (m ≤ ~1000).
@Suite(.serialized) struct FastConvTests {
    static let sweep: [ConvCase] = [
        ConvCase(),                                                                          // 3×3 same, odd sizes
        ConvCase(batch: 2, inChannels: 5, outChannels: 13, height: 7, width: 50),            // 13 rows: a partial panel; 50 > one tile
        ConvCase(batch: 3, inChannels: 4, outChannels: 9, height: 6, width: 5, kernel: 1, padding: 0), // 1×1 as plain GEMM
        ConvCase(inChannels: 6, outChannels: 16, height: 13, width: 12, kernel: 5, padding: 2),
        ConvCase(inChannels: 3, outChannels: 8, height: 17, width: 19, kernel: 7, stride: 2, padding: 3), // the stem
        ConvCase(inChannels: 4, outChannels: 10, height: 9, width: 9, kernel: Size2D(h: 1, w: 7), padding: Padding2D(h: 0, w: 3)),
        ConvCase(inChannels: 4, outChannels: 10, height: 9, width: 9, kernel: Size2D(h: 7, w: 1), padding: Padding2D(h: 3, w: 0)),
        ConvCase(batch: 2, inChannels: 3, outChannels: 8, height: 10, width: 11, stride: 3, padding: 0),
        ConvCase(inChannels: 5, outChannels: 8, height: 12, width: 10, stride: Size2D(h: 2, w: 3), padding: Padding2D(top: 0, bottom: 2, left: 1, right: 0)),
        ConvCase(inChannels: 3, outChannels: 11, height: 11, width: 13, padding: 2, dilation: 2),
        ConvCase(inChannels: 2, outChannels: 8, height: 12, width: 12, kernel: 3, stride: 2, padding: 2, dilation: Size2D(h: 2, w: 1)),
        ConvCase(inChannels: 4, outChannels: 8, height: 8, width: 9, padding: Padding2D(top: 2, bottom: 0, left: 0, right: 3)),
        ConvCase(batch: 2, inChannels: 6, outChannels: 16, height: 7, width: 8, groups: 2),    // GEMM per group (8 each)
        ConvCase(inChannels: 6, outChannels: 6, height: 7, width: 8, groups: 2),                // 3 per group: direct path
        ConvCase(batch: 3, inChannels: 7, outChannels: 7, height: 9, width: 10, groups: 7),     // depthwise
        ConvCase(batch: 2, inChannels: 5, outChannels: 10, height: 11, width: 9, kernel: 5, stride: 2, padding: 2, groups: 5), // depthwise ×2
        ConvCase(inChannels: 9, outChannels: 17, height: 3, width: 4, kernel: 3, padding: 0),   // one output pixel row
        ConvCase(inChannels: 2, outChannels: 8, height: 5, width: 5, kernel: 1, padding: 2),   // padding beyond a 1×1 kernel
        ConvCase(batch: 2, inChannels: 20, outChannels: 10, height: 5, width: 6, kernel: 7, padding: 3), // K = 980: packed in 3 chunks
        ConvCase(inChannels: 2, outChannels: 16, height: 6, width: 7, groups: 2),             // channel multiplier 8: GEMM with K = 9
        ConvCase(inChannels: 3, outChannels: 20, height: 9, width: 21),                        // ∂weight: 16 × 16 transposes + 4 leftover rows
        ConvCase(batch: 2, inChannels: 3, outChannels: 9, height: 4, width: 5, kernel: Size2D(h: 4, w: 5), padding: 0), // 1×1 output
        ConvCase(inChannels: 4, outChannels: 16, height: 13, width: 11, kernel: 3, stride: 2, padding: Padding2D(top: 1, bottom: 2, left: 2, right: 0),
                 dilation: 2, groups: 2),
        // Narrow ∂weight: 24 channels in three blocks of 8, K = 5 rows padded to 6; 12 channels
        // (4 read a zero row); 40 channels, wider than the narrow path is chosen for.
        ConvCase(batch: 3, inChannels: 5, outChannels: 24, height: 7, width: 9, kernel: 1, padding: 0),
        ConvCase(batch: 2, inChannels: 8, outChannels: 12, height: 16, width: 16),
        ConvCase(batch: 2, inChannels: 3, outChannels: 40, height: 6, width: 11, kernel: 3, padding: 1),
        // Segment numbering (output rows a multiple of 8 wide, whole panels): 10 segments, so
        // the last tile repeats one; the stem's stride 2 (16 × 16 out); in place (no padding);
        // two groups of 8; dilation with one-sided padding.
        ConvCase(batch: 2, inChannels: 3, outChannels: 16, height: 5, width: 32),
        ConvCase(inChannels: 3, outChannels: 8, height: 31, width: 32, kernel: 7, stride: 2, padding: 3),
        // Stride 2 over rows 70 wide, padded by an even 2: the phase planes' 32 columns at a
        // time take the other parity, and 6 columns one by one.
        ConvCase(inChannels: 2, outChannels: 8, height: 6, width: 70, kernel: 5, stride: 2, padding: 2),
        ConvCase(batch: 2, inChannels: 5, outChannels: 8, height: 3, width: 16, kernel: 1, padding: 0),
        ConvCase(inChannels: 4, outChannels: 16, height: 4, width: 16, groups: 2),
        ConvCase(inChannels: 3, outChannels: 8, height: 7, width: 18, padding: Padding2D(top: 2, bottom: 0, left: 0, right: 2), dilation: 2),
        // A 1×1 at stride 2: three of the four phase planes of ∂input get no row, and are
        // still cleared (InputGradient clears its planes itself). 8 channels padded by 3
        // with a 3×3 (∂weight by rows reads the input itself; some taps never read inside
        // for the edge rows, and the output is larger than the input).
        ConvCase(batch: 2, inChannels: 3, outChannels: 8, height: 7, width: 9, kernel: 1, stride: 2, padding: 0),
        ConvCase(batch: 2, inChannels: 8, outChannels: 8, height: 5, width: 6, kernel: 3, padding: 3),
        // Rows 8 past a multiple of 16: 56 wide (three segments and an 8-pixel end per row, 3
        // rows: the ends pair up with one left over); 24 wide over 5 rows; 8 wide, ends only.
        ConvCase(inChannels: 3, outChannels: 16, height: 3, width: 56),
        ConvCase(batch: 2, inChannels: 4, outChannels: 8, height: 5, width: 24),
        ConvCase(batch: 2, inChannels: 5, outChannels: 8, height: 8, width: 8, kernel: 1, padding: 0),
        // Read in place (no padding, stride 1) over several output rows: only a 1×1 kernel's
        // compact rows are contiguous in the input, a 3×3's are not.
        ConvCase(batch: 2, inChannels: 3, outChannels: 16, height: 6, width: 7, kernel: 3, padding: 0),
        // Segments read in place with a 3×3 (16 wide out); packed blocks of more than one tile
        // (37 tiles of a 1×7 over 64 channels); ∂weight's row walk starting mid-row at stride 2
        // (255 pixels an image, chunks of 192).
        ConvCase(inChannels: 3, outChannels: 8, height: 6, width: 18, kernel: 3, padding: 0),
        ConvCase(batch: 6, inChannels: 2, outChannels: 64, height: 17, width: 17, kernel: Size2D(h: 1, w: 7), padding: Padding2D(h: 0, w: 3)),
        ConvCase(inChannels: 3, outChannels: 32, height: 34, width: 30, kernel: 3, stride: 2, padding: 1),
        // Packed blocks by band of kernel rows: a 7×7 whose edge rows skip up to 3 kernel rows
        // (bands of one row each, across two images), a 3×3 padded by 3 whose first and last
        // output rows read padding only (an empty band: the bias alone), and a dilated 3×3
        // at stride 2 whose bands skip rows of one phase plane.
        ConvCase(batch: 2, inChannels: 3, outChannels: 16, height: 9, width: 11, kernel: 7, padding: 3),
        ConvCase(batch: 2, inChannels: 2, outChannels: 8, height: 4, width: 6, kernel: 3, padding: 3),
        ConvCase(inChannels: 2, outChannels: 8, height: 13, width: 9, kernel: 3, stride: 2, padding: 3, dilation: 2),
        // Segments by kernel rows: 16 wide out, a 3×3 padded by 3 (first and last rows read
        // padding only), and a 5×5 over 32 wide (tiles of rows 0–1 and 30–31 skip kernel rows).
        ConvCase(batch: 2, inChannels: 2, outChannels: 8, height: 4, width: 12, kernel: 3, padding: 3),
        ConvCase(inChannels: 3, outChannels: 16, height: 7, width: 32, kernel: 5, padding: 2),
        // Unpadded segments (a group of K's rows per tap, one step per kernel column, each
        // with its own masks): a 3×3 padded two columns left and none right, whose middle
        // column reads outside at column 0 too; a 3×2 (two columns) and a 3×1 (one, never
        // masked); 48 wide, three tiles of one column per run of three rows.
        ConvCase(batch: 2, inChannels: 3, outChannels: 8, height: 5, width: 16, padding: Padding2D(top: 1, bottom: 1, left: 2, right: 0)),
        ConvCase(inChannels: 4, outChannels: 16, height: 6, width: 16, kernel: Size2D(h: 3, w: 2), padding: Padding2D(top: 1, bottom: 1, left: 1, right: 0)),
        ConvCase(inChannels: 4, outChannels: 8, height: 6, width: 16, kernel: Size2D(h: 3, w: 1), padding: Padding2D(h: 1, w: 0)),
        ConvCase(inChannels: 5, outChannels: 8, height: 4, width: 48),
        // Unpadded rows 8 past a multiple of 16 (tiles of one column of a run of rows, row ends
        // in pairs): a 3×3 padded two columns left and none right over 7 rows (a run of 5: tiles
        // of 3 and 2 rows, three pairs of row ends, the last one alone); a 3×2 padded a column
        // right over 40 columns; 8 wide, ends only, masked at both ends with padding 1; a 3×1
        // padded a column a side; a dilated 3×3.
        ConvCase(batch: 2, inChannels: 3, outChannels: 8, height: 7, width: 24, padding: Padding2D(top: 1, bottom: 1, left: 2, right: 0)),
        ConvCase(inChannels: 4, outChannels: 16, height: 9, width: 40, kernel: Size2D(h: 3, w: 2), padding: Padding2D(top: 1, bottom: 1, left: 0, right: 1)),
        ConvCase(batch: 2, inChannels: 3, outChannels: 8, height: 4, width: 8, padding: 1),
        ConvCase(inChannels: 4, outChannels: 8, height: 5, width: 22, kernel: Size2D(h: 3, w: 1), padding: 1),
        ConvCase(inChannels: 3, outChannels: 8, height: 6, width: 24, padding: 2, dilation: 2),
        // A 32-wide 3×3 padded two columns left: the first column's tiles read outside with
        // the middle kernel column, the second's not; a 3×1 padded a column a side (one step a group,
        // masked at both row ends).
        ConvCase(inChannels: 3, outChannels: 8, height: 4, width: 32, padding: Padding2D(top: 1, bottom: 1, left: 2, right: 0)),
        ConvCase(inChannels: 4, outChannels: 8, height: 5, width: 14, kernel: Size2D(h: 3, w: 1), padding: 1),
        // A dilated 3×1 (ChannelForward runs a one-column kernel's rows in one call per tile),
        // and a 3×1 whose first and last output rows, and first and last columns, read padding only.
        ConvCase(batch: 2, inChannels: 5, outChannels: 16, height: 9, width: 7, kernel: Size2D(h: 3, w: 1), padding: Padding2D(h: 2, w: 0), dilation: 2),
        ConvCase(batch: 3, inChannels: 4, outChannels: 16, height: 6, width: 5, kernel: Size2D(h: 3, w: 1),
                 padding: Padding2D(top: 3, bottom: 3, left: 1, right: 1)),
        // Vectors along output channels (ChannelForward; forced, and taken by .automatic for
        // some): 80 channels in tiles of 32 (a partial third block) at stride 2, dilated,
        // padded unevenly; two groups of 72 in tiles of 32 with a 3×5 kernel; a 7×7 at padding
        // 3 over 5×6 in tiles of 64, whose every pixel reads padding with some taps (tiles of
        // one class across three images); and tiles of 64 in two groups of 40 input and 40
        // output channels (a partial block), dilated and padded unevenly (its ∂input too),
        // and at stride 2.
        ConvCase(batch: 3, inChannels: 6, outChannels: 80, height: 9, width: 11, kernel: 3, stride: 2,
                 padding: Padding2D(top: 2, bottom: 0, left: 1, right: 2), dilation: 2),
        ConvCase(batch: 2, inChannels: 4, outChannels: 144, height: 6, width: 5, kernel: Size2D(h: 3, w: 5),
                 padding: Padding2D(h: 1, w: 2), groups: 2),
        ConvCase(batch: 3, inChannels: 9, outChannels: 64, height: 5, width: 6, kernel: 7, padding: 3),
        ConvCase(batch: 2, inChannels: 80, outChannels: 80, height: 7, width: 9,
                 padding: Padding2D(top: 2, bottom: 0, left: 1, right: 2), dilation: 2, groups: 2),
        ConvCase(batch: 2, inChannels: 8, outChannels: 64, height: 11, width: 9, kernel: Size2D(h: 3, w: 5), stride: 2,
                 padding: Padding2D(h: 1, w: 2)),
    ]

    @Test(arguments: sweep) func forwardMatchesReference(_ c: ConvCase) {
        let (input, weight, bias, _) = tensors(c, seed: 1)
        let fast = conv2d(input, weight, bias: bias, stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups)
        let exact = conv2dReference(input, weight, bias: bias, stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups)
        let magnitude = conv2dReference(input.map(abs), weight.map(abs), bias: bias.map(abs), stride: c.stride,
                                        padding: c.padding, dilation: c.dilation, groups: c.groups)
        let terms = c.inChannels / c.groups * c.kernel.h * c.kernel.w + 1
        expectClose(fast, exact, magnitude, terms: terms, "forward \(c)")
    }

    @Test(arguments: sweep) func bothForwardLayoutsMatchReference(_ c: ConvCase) {
        // Automatic mode picks one layout per shape; each must be right on every shape
        // (segments, where it does not apply, runs the wide layout, or the packed one for a
        // layout read in place).
        let (input, weight, bias, _) = tensors(c, seed: 6)
        let g = ConvGeometry(inputShape: input.shape, weightShape: weight.shape, stride: c.stride, padding: c.padding,
                             dilation: c.dilation, groups: c.groups)
        let exact = conv2dReference(input, weight, bias: bias, stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups)
        let magnitude = conv2dReference(input.map(abs), weight.map(abs), bias: bias.map(abs), stride: c.stride,
                                        padding: c.padding, dilation: c.dilation, groups: c.groups)
        let terms = c.inChannels / c.groups * c.kernel.h * c.kernel.w + 1
        for mode in [ForwardMode.wide, .packed, .segments, .unpaddedSegments, .channels] {
            expectClose(FastForward.run(input, weight, bias: bias, g, mode: mode), exact, magnitude, terms: terms, "forward \(mode) \(c)")
            // Image by image, and in runs of two (the second from image 1 on; an odd batch ends in
            // a run of one): each run builds its own planes and writes its own outputs.
            for images in [1, 2] where c.batch > 1 {
                expectClose(FastForward.run(input, weight, bias: bias, g, mode: mode, chunkFloats: images * PlaneLayout(g).imageCount),
                            exact, magnitude, terms: terms, "forward \(mode) \(c), planes \(images) image(s) at a time")
            }
        }
    }

    @Test func planesAreBuiltRunByRunOfImagesOnlyForLargeBatches() {
        func layout(_ batch: Int, _ channels: Int, _ side: Int, padding: Padding2D = 1) -> PlaneLayout {
            PlaneLayout(ConvGeometry(inputShape: [batch, channels, side, side], weightShape: [8, channels, 3, 3], stride: 1,
                                     padding: padding, dilation: 1, groups: 1))
        }
        let small = layout(8, 32, 32), large = layout(8, 64, 56)
        #expect(8 * small.imageCount <= FastPlanes.chunkingFrom && 8 * large.imageCount > FastPlanes.chunkingFrom)
        #expect(FastPlanes.batchChunks(small, batch: 8) == [0..<8], "1.2 MB of planes: one run")
        let alone = withWorkerLimit(1) { FastPlanes.batchChunks(large, batch: 8) }
        #expect(alone == (0..<8).map { $0..<($0 + 1) }, "7 MB of planes, one worker: image by image (0.9 MB each)")
        let paired = withWorkerLimit(2) { FastPlanes.batchChunks(large, batch: 8) }
        #expect(paired == [0..<2, 2..<4, 4..<6, 6..<8], "two workers: an image each per run")
        #expect(FastPlanes.batchChunks(large, batch: 3, floats: 2 * large.imageCount) == [0..<1, 1..<3], "about even runs")
        #expect(FastPlanes.batchChunks(layout(8, 64, 56, padding: 0), batch: 8, floats: 1) == [0..<8], "read in place: nothing copied")
    }

    @Test func keptPlanesHoldNoPixelsOfAnEarlierBatch() {
        // ZeroPaddedPlanes hands a batch the planes of the last batch of the same layout with
        // only the pixels copied in: the padding must still be zero, the pixels all new.
        var rng = SeededGenerator(seed: 12)
        let weight = Tensor.uniform([16, 5, 3, 3], in: -1..<1, using: &rng)
        // The copies into kept planes run in bands of input rows (every stride's phases too),
        // on one worker and on several; a single image on several, band-major in shares.
        let layers: [(Size2D, Padding2D)] = [(1, Padding2D(top: 2, bottom: 0, left: 1, right: 1)),
                                             (1, Padding2D(top: 0, bottom: 2, left: 1, right: 1)), (1, 1),
                                             (2, Padding2D(top: 1, bottom: 2, left: 0, right: 3)), (Size2D(h: 1, w: 3), 2)]
        for (stride, padding) in layers {
            for (batch, threads) in [(2, 1), (2, 2), (2, 1), (1, 2), (1, 1), (1, 2)] {
                let input = Tensor.uniform([batch, 5, 12, 16], in: -1..<1, using: &rng)
                let g = ConvGeometry(inputShape: input.shape, weightShape: weight.shape, stride: stride, padding: padding, dilation: 1, groups: 1)
                let exact = conv2dReference(input, weight, bias: nil, stride: stride, padding: padding, dilation: 1, groups: 1)
                let magnitude = conv2dReference(input.map(abs), weight.map(abs), bias: nil, stride: stride, padding: padding, dilation: 1, groups: 1)
                for mode in [ForwardMode.wide, .packed, .segments, .unpaddedSegments] {
                    let fast = withWorkerLimit(threads) { FastForward.run(input, weight, bias: nil, g, mode: mode) }
                    expectClose(fast, exact, magnitude, terms: 46, "\(mode) stride \(stride) padding \(padding), \(threads) thread(s)")
                }
            }
        }
    }

    @Test func zeroPaddedPlanesAreKeptPerLayoutAndBounded() {
        func layout(top: Int, side: Int = 12) -> PlaneLayout {
            PlaneLayout(ConvGeometry(inputShape: [2, 5, side, side], weightShape: [8, 5, 3, 3], stride: 1,
                                     padding: Padding2D(top: top, bottom: 2 - top, left: 1, right: 1), dilation: 1, groups: 1))
        }
        let kept = ZeroPaddedPlanes()
        let key = ZeroPaddedPlanes.Key(layout(top: 2), batch: 2), buffer = FloatBuffer(zeros: 2 * layout(top: 2).imageCount)
        kept.give(key, buffer)
        #expect(kept.take(ZeroPaddedPlanes.Key(layout(top: 0), batch: 2)) == nil, "padding moved down: another layout")
        #expect(kept.take(ZeroPaddedPlanes.Key(layout(top: 2), batch: 3)) == nil, "another batch")
        #expect(kept.take(key) === buffer && kept.take(key) == nil, "taken once")
        for side in 0..<(ZeroPaddedPlanes.capacity + 3) {
            let l = layout(top: 1, side: 4 + side)
            kept.give(ZeroPaddedPlanes.Key(l, batch: 2), FloatBuffer(zeros: 2 * l.imageCount))
        }
        #expect(kept.count == ZeroPaddedPlanes.capacity)
        #expect(kept.take(ZeroPaddedPlanes.Key(layout(top: 1, side: 4), batch: 2)) == nil, "the least recently given went first")
        kept.give(key, FloatBuffer(zeros: ZeroPaddedPlanes.floatLimit + 1))
        #expect(kept.take(key) == nil, "larger than the limit: not kept")
    }

    @Test func keptListsDropTheLeastRecentlyUsedPastEitherBound() {
        var kept = KeptList<String, Int>(capacity: 3, floatLimit: 10) { $0 }
        #expect(kept.keep("a", 4).isEmpty && kept.keep("b", 3).isEmpty && kept.keep("c", 2).isEmpty)
        kept.touch(0)
        #expect(kept.entries.map(\.key) == ["b", "c", "a"], "a used last")
        #expect(kept.keep("d", 1) == [3], "four values: the least recently used (b) goes")
        #expect(kept.keep("e", 6) == [2, 4], "13 floats: c, then a, go until 10 or fewer remain")
        #expect(kept.entries.map(\.key) == ["d", "e"] && kept.remove(at: 0) == 1 && kept.count == 1)
    }

    @Test func packedWeightsAreUsedAgainOnlyForTheSameBits() {
        let kept = PackedWeights()
        let g = ConvGeometry(inputShape: [1, 4, 6, 6], weightShape: [8, 4, 3, 3], stride: 1, padding: 1, dilation: 1, groups: 1)
        func key(_ packer: PackedWeights.Packer = .gemmPanels(.kernelRowFirst), _ geometry: ConvGeometry? = nil,
                 _ reading: WeightRows.Reading = .plain) -> PackedWeights.Key {
            PackedWeights.Key(packer: packer, geometry: geometry ?? g, reading: reading)
        }
        var packs = 0
        // Each packing holds the number of packings made so far, to tell them apart.
        func packed(_ weight: [Float], _ key: PackedWeights.Key) -> FloatBuffer {
            kept.packed(key, weight: weight, count: 4) { packs += 1; $0.pointer.update(repeating: Float(packs), count: 4) }
        }
        var weight = (0..<288).map { Float($0) / 7 - 20 }
        let first = packed(weight, key())
        #expect(packed(weight, key()) === first && packs == 1, "the same bits: packed once")
        weight[287] = weight[287].nextUp
        let second = packed(weight, key())
        #expect(second !== first && packs == 2 && second.pointer[0] == 2, "the last float one ulp up: packed again")
        #expect(packed(weight, key()) === second && kept.count == 2, "kept beside the earlier packing")
        weight[287] = weight[287].nextDown
        #expect(packed(weight, key()) === first && packs == 2, "the first weight again (another layer of this geometry): its own packing")
        weight[0] = -weight[0]
        #expect(packed(weight, key()).pointer[0] == 3, "the first float's sign: packed again")
        #expect(packed(weight, key(.gemmPanels(.kernelRowFirst), g, .flipped(of: g))).pointer[0] == 4, "read flipped: another packing")
        #expect(packed(weight, key(.gemmPanels(.weight))).pointer[0] == 5, "K in another order: another packing")
        #expect(packed(weight, key(.channelBlocks(width: 64))).pointer[0] == 6, "another packer")
        #expect(packed(weight, key(.gemmPanels(.kernelRowFirst), g.with(batch: 2))).pointer[0] == 7, "another geometry")
        #expect(packed(Array(weight.prefix(100)), key()).pointer[0] == 8, "a shorter weight that starts alike")
        #expect(packs == 8 && kept.count == 8)
        for side in 0..<(PackedWeights.capacity + 3) {
            _ = packed(weight, key(.gemmPanels(.kernelRowFirst), ConvGeometry(inputShape: [1, 4, 7 + side, 6], weightShape: [8, 4, 3, 3],
                                                                                  stride: 1, padding: 1, dilation: 1, groups: 1)))
        }
        #expect(kept.count == PackedWeights.capacity)
        let huge = [Float](repeating: 1, count: PackedWeights.floatLimit)
        _ = packed(huge, key(.channelBlocks(width: 32)))
        _ = packed(huge, key(.channelBlocks(width: 32)))
        #expect(packs == 8 + PackedWeights.capacity + 3 + 2, "past the limit: packed every time, never kept")
    }

    @Test func aKeptWeightsStorageIsNeverWrittenInPlace() {
        // An entry keeps the caller's array (no copy) and finds it again by its storage: a
        // write through the caller's array, even through a mutable pointer, must go to a new
        // storage, or the stale packing would be found by address.
        let kept = PackedWeights()
        let g = ConvGeometry(inputShape: [1, 4, 6, 6], weightShape: [8, 4, 3, 3], stride: 1, padding: 1, dilation: 1, groups: 1)
        let key = PackedWeights.Key(packer: .gemmPanels(.kernelRowFirst), geometry: g, reading: .plain)
        var packs = 0
        func packed(_ weight: [Float]) -> Float {
            kept.packed(key, weight: weight, count: 1) { packs += 1; $0.pointer[0] = Float(packs) }.pointer[0]
        }
        var weight = [Float](repeating: 0.5, count: 288)
        let storage = weight.withUnsafeBufferPointer { $0.baseAddress }
        #expect(packed(weight) == 1 && packed(weight) == 1)
        weight.withUnsafeMutableBufferPointer { $0[5] = 2 }
        #expect(weight.withUnsafeBufferPointer { $0.baseAddress } != storage, "written: copied first")
        #expect(packed(weight) == 2, "the written weight is packed again")
        weight[5] = 0.5
        #expect(packed(weight) == 1 && packs == 2, "the first bits again, in another storage: found by comparison")
    }

    @Test func aWeightChangedBetweenCallsIsPackedAgain() {
        // Packings are kept between calls (PackedWeights): a weight changed in one float must
        // change that output channel, and ∂input, which reads the same bits flipped with the
        // same geometry (a square 3×3 at padding 1 is its own transpose), must not find the
        // forward's packing.
        let c = ConvCase(batch: 2, inChannels: 32, outChannels: 32, height: 7, width: 9, kernel: 3, padding: 1)
        let (input, weight, _, gradOutput) = tensors(c, seed: 31)
        var changed = weight
        changed.scalars[5 * 288 + 100] += 3
        let references = [weight, changed].map { w in
            (backwardReference(c, input, w, gradOutput), conv2dReference(input, w, bias: nil, stride: 1, padding: 1, dilation: 1, groups: 1),
             conv2dReference(input.map(abs), w.map(abs), bias: nil, stride: 1, padding: 1, dilation: 1, groups: 1))
        }
        for mode in [ForwardMode.channels, .wide, .packed] {
            for (w, ((g, exact, magnitude, _), forward, forwardMagnitude)) in zip([weight, changed, weight], references + [references[0]]) {
                expectClose(FastForward.run(input, w, bias: nil, g, mode: mode), forward, forwardMagnitude, terms: 288, "forward \(mode)")
                let transposed = TransposedConv(g)!
                expectClose(transposed.inputGradient(weight: w, gradOutput: gradOutput, mode: mode), exact.input, magnitude.input,
                            terms: 288, "∂input \(mode)")
            }
        }
    }

    @Test(arguments: sweep) func inputGradientThroughEveryForwardLayout(_ c: ConvCase) {
        // A stride-1 layer's ∂input is a forward convolution of dY (TransposedConv), which
        // reads the weight flipped through tables: every forward layout must read them right.
        let (input, weight, _, gradOutput) = tensors(c, seed: 8)
        let (g, exact, magnitude, _) = backwardReference(c, input, weight, gradOutput)
        guard let transposed = TransposedConv(g) else { return }
        for mode in [ForwardMode.wide, .packed, .segments, .unpaddedSegments, .channels] {
            expectClose(transposed.inputGradient(weight: weight, gradOutput: gradOutput, mode: mode), exact.input, magnitude.input,
                        terms: c.outChannels / c.groups * c.kernel.h * c.kernel.w, "∂input \(mode) \(c)")
        }
    }

    @Test(arguments: [ConvCase(batch: 2, inChannels: 3, outChannels: 64, height: 9, width: 11, kernel: 7, padding: 3),
                      ConvCase(batch: 3, inChannels: 6, outChannels: 80, height: 9, width: 11, kernel: 3, stride: 2,
                               padding: Padding2D(top: 2, bottom: 0, left: 1, right: 2), dilation: 2),
                      ConvCase(batch: 2, inChannels: 2, outChannels: 64, height: 4, width: 6, kernel: 3, padding: 3)])
    func pixelTilesCoverEveryPixelWithTheTapsItReadsInside(_ c: ConvCase) {
        let g = ConvGeometry(inputShape: [c.batch, c.inChannels, c.height, c.width], weightShape: [c.outChannels, c.inChannels, c.kernel.h, c.kernel.w],
                             stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups)
        // Whole batch, and in bands of images (one per worker): band b's tiles hold its images' pixels only.
        for bands in [1, 2, 3] {
            let tiles = PixelTiles(g, shape: ChannelTile(channelsPerGroup: c.outChannels), bands: bands)
            let (height, width) = (g.outputSize.h, g.outputSize.w), plane = height * width
            #expect(tiles.bands == min(bands, c.batch) && tiles.bandStarts.first == 0 && tiles.bandStarts.last == tiles.tiles.count)
            var seen = [Int](repeating: 0, count: c.batch * plane)
            for (t, tile) in tiles.tiles.enumerated() {
                let band = tiles.bandStarts.lastIndex { $0 <= t }!
                let images = (c.batch * band / tiles.bands)..<(c.batch * (band + 1) / tiles.bands)
                var pixels = Set<Int>()
                for p in 0..<tiles.shape.pixels {
                    let output = tiles.outputOffsets[t * tiles.shape.pixels + p], n = output / (c.outChannels * plane), q = output % (c.outChannels * plane)
                    #expect(q < plane, "tile \(t): offset \(output) is not in channel 0")
                    #expect(images.contains(n), "tile \(t) of band \(band): image \(n)")
                    let (y, x) = (q / width, q % width)
                    #expect(tile.kernelRows == g.kernelRowsInside(outputRow: y) && tile.kernelColumns == g.kernelColumnsInside(outputColumn: x),
                            "tile \(t) pixel (\(n), \(y), \(x)): its taps")
                    if !tile.kernelRows.isEmpty && !tile.kernelColumns.isEmpty {
                        let row = y * c.stride.h - c.padding.top + tile.kernelRows.lowerBound * c.dilation.h
                        let column = x * c.stride.w - c.padding.left + tile.kernelColumns.lowerBound * c.dilation.w
                        #expect(tiles.inputOffsets[t * tiles.shape.pixels + p] == (n * c.inChannels * c.height + row) * c.width + column, "tile \(t): input offset")
                    }
                    if pixels.insert(output).inserted { seen[n * plane + q] += 1 }
                    if p >= tile.pixels {
                        #expect(output == tiles.outputOffsets[t * tiles.shape.pixels + tile.pixels - 1], "tile \(t): a slot past its pixels repeats its last")
                    }
                }
                #expect(tile.pixels == tiles.shape.pixels || tile.pixels == tiles.shape.shortPixels, "tile \(t): \(tile.pixels) pixels")
            }
            #expect(seen.allSatisfy { $0 == 1 }, "every output pixel in exactly one tile, \(bands) band(s)")
        }
    }

    @Test(arguments: sweep) func backwardMatchesReference(_ c: ConvCase) {
        let (input, weight, _, gradOutput) = tensors(c, seed: 2)
        let fast = conv2dBackward(input, weight, gradOutput: gradOutput, stride: c.stride, padding: c.padding,
                                  dilation: c.dilation, groups: c.groups)
        let exact = conv2dBackwardReference(input, weight, gradOutput: gradOutput, stride: c.stride, padding: c.padding,
                                            dilation: c.dilation, groups: c.groups)
        let magnitude = conv2dBackwardReference(input.map(abs), weight.map(abs), gradOutput: gradOutput.map(abs), stride: c.stride,
                                                padding: c.padding, dilation: c.dilation, groups: c.groups)
        let outPixels = c.batch * gradOutput.shape[2] * gradOutput.shape[3]
        expectClose(fast.input, exact.input, magnitude.input, terms: c.outChannels / c.groups * c.kernel.h * c.kernel.w, "∂input \(c)")
        expectClose(fast.weight, exact.weight, magnitude.weight, terms: outPixels, "∂weight \(c)")
        if let bias = fast.bias, let exactBias = exact.bias, let magnitudeBias = magnitude.bias {
            expectClose(bias, exactBias, magnitudeBias, terms: outPixels, "∂bias \(c)")
        } else {
            Issue.record("bias gradient missing for \(c)")
        }
    }

    @Test(arguments: sweep) func bothWeightGradientPathsMatchReference(_ c: ConvCase) {
        let (input, weight, _, gradOutput) = tensors(c, seed: 7)
        let (g, exact, magnitude, terms) = backwardReference(c, input, weight, gradOutput)
        // Every path on every shape it can take (channels per group ≥ 8; below, DirectConv):
        // 32-channel tiles reading X in the planes, split by pixel segments and by blocks of
        // rows (each panel over its rectangle of pixels inside the image), and the narrow dot
        // products beyond the widths they are chosen for.
        let fast = FastBackward.run(input, weight, gradOutput: gradOutput, hasBias: false, g, parts: .weight, weightPath: .pixelSegments)
        expectClose(fast.weight, exact.weight, magnitude.weight, terms: terms, "∂weight tiles \(c)")
        let rows = FastBackward.run(input, weight, gradOutput: gradOutput, hasBias: false, g, parts: .weight, weightPath: .rowBlocks)
        expectClose(rows.weight, exact.weight, magnitude.weight, terms: terms, "∂weight tiles by rows \(c)")
        if c.outChannels / c.groups >= 8 {
            let narrow = FastBackward.run(input, weight, gradOutput: gradOutput, hasBias: false, g, parts: .weight, weightPath: .narrow)
            expectClose(narrow.weight, exact.weight, magnitude.weight, terms: terms, "∂weight narrow \(c)")
        }
    }

    @Test func weightGradientTilesOverSeveralColumnsOfChannels() {
        // The sweep's layers have at most 20 output channels per group: one 32-channel column
        // of the transposed dY. These have three (72 = 32 + 32 + 8) and, in two groups, two
        // (40 = 32 + 8), with K in tap-first panels (8 and 16 input channels per group) and
        // not (5), by rows and by pixel segments, on one and two workers; the 320 pixels of
        // one image are two chunks of pixel segments on one worker, and the 7×1's taps by rows
        // read whole rows of its input, each tap's rectangle one run of pixels.
        let cases = [ConvCase(batch: 2, inChannels: 8, outChannels: 72, height: 7, width: 6),
                     ConvCase(batch: 3, inChannels: 32, outChannels: 80, height: 5, width: 5, kernel: Size2D(h: 1, w: 3),
                              padding: Padding2D(h: 0, w: 1), groups: 2),
                     ConvCase(inChannels: 5, outChannels: 72, height: 9, width: 8, kernel: 5, stride: 2, padding: 2),
                     ConvCase(inChannels: 8, outChannels: 40, height: 20, width: 16),
                     ConvCase(batch: 2, inChannels: 16, outChannels: 40, height: 9, width: 7, kernel: Size2D(h: 7, w: 1),
                              padding: Padding2D(h: 3, w: 0))]
        for c in cases {
            let (input, weight, _, gradOutput) = tensors(c, seed: 17)
            let (g, exact, magnitude, terms) = backwardReference(c, input, weight, gradOutput)
            for workers in [1, 2] {
                for path in [WeightGradientPath.rowBlocks, .pixelSegments] {
                    let result = withWorkerLimit(workers) {
                        FastBackward.run(input, weight, gradOutput: gradOutput, hasBias: false, g, parts: .weight, weightPath: path)
                    }
                    expectClose(result.weight, exact.weight, magnitude.weight, terms: terms, "∂weight \(path), \(workers) workers, \(c)")
                }
            }
        }
    }

    @Test func packedBlocksSkipKernelRowsThatReadPadding() {
        // conv-bench's f77: a 7×7 with padding 3 over 8 images of 17×17.
        let g = ConvGeometry(inputShape: [8, 128, 17, 17], weightShape: [128, 128, 7, 7], stride: 1, padding: 3, dilation: 1, groups: 1)
        let rows = (0..<17).map { g.kernelRowsInside(outputRow: $0) }
        #expect(rows.prefix(4) == [3..<7, 2..<7, 1..<7, 0..<7])
        #expect(rows.suffix(4) == [0..<7, 0..<6, 0..<5, 0..<4])
        let blocks = PackedBlocks(PlaneLayout(g), g, workers: 1).blocks
        // 49 tiles of all 7 kernel rows before; by band, 32 tiles of the 11 middle rows and
        // 3 tiles for each edge row across the 8 images.
        #expect(blocks.reduce(0) { $0 + $1.tiles * $1.kernelRows.count } == 314)
        // Every output pixel of every image exactly once.
        let covered = blocks.flatMap { $0.runs.flatMap { run in (0..<run.length).map { run.output + $0 } } }
        let expected = (0..<8).flatMap { n in (0..<289).map { n * 128 * 289 + $0 } }
        #expect(covered.sorted() == expected)
        // Rows that read padding only (a 3×3 padded by 3: output rows 0 and 5 of a 4-row image).
        let wide = ConvGeometry(inputShape: [1, 2, 4, 6], weightShape: [8, 2, 3, 3], stride: 1, padding: 3, dilation: 1, groups: 1)
        #expect((0..<wide.outputSize.h).map { wide.kernelRowsInside(outputRow: $0).count } == [0, 1, 2, 3, 3, 2, 1, 0])
        // The output pixels where one tap reads inside the image: tap (0, 6) of the 7×7 reads
        // input row y − 3 and column x + 3, so rows 3…16 and columns 0…13.
        #expect(g.outputInside(kernelRow: 0, kernelColumn: 6) == (rows: 3..<17, columns: 0..<14))
        // Stride 2, dilation 2, padding 3 over 13 rows: kernel row 1 reads input row 2y − 1.
        let strided = ConvGeometry(inputShape: [1, 2, 13, 9], weightShape: [8, 2, 3, 3], stride: 2, padding: 3, dilation: 2, groups: 1)
        #expect(strided.outputInside(kernelRow: 1, kernelColumn: 0).rows == 1..<7)
    }

    @Test func segmentTilesRunInOrderOfRowsWithTheirRowEnds() {
        // 56 wide: three whole 16-pixel segments a row, one tile, and an 8-pixel end; the ends
        // of two rows make a segment, of six rows a tile. Over 20 rows: 20 whole tiles and 4
        // of row ends (10 segments, the last repeated), each after the whole tile of its last row.
        let g = ConvGeometry(inputShape: [1, 8, 20, 56], weightShape: [8, 8, 3, 3], stride: 1, padding: 1, dilation: 1, groups: 1)
        let tiling = SegmentTiling(PlaneLayout(g), g)
        let lastRows = (0..<tiling.tiles).map { tile in
            (12..<18).map { tiling.table[tile * SegmentTiling.entries + $0] / 56 }.max() ?? -1
        }
        #expect(lastRows == lastRows.sorted())
        #expect(tiling.kinds.filter { $0 == .segments(3) }.count == 20 && tiling.kinds.filter { $0 == .rowEnds }.count == 4)
        #expect(tiling.kinds.firstIndex(of: .rowEnds) == 6 && lastRows[6] == 5, "rows 0–5's ends after row 5")
        var written = [Int](repeating: 0, count: 20 * 56)
        for tile in 0..<tiling.tiles {
            for half in 0..<6 {
                let first = tiling.table[tile * SegmentTiling.entries + 12 + half]
                for x in first..<(first + 8) { written[x] += 1 }
            }
        }
        #expect(written.allSatisfy { $0 >= 1 }, "every output pixel has a tile")
        #expect(tiling.kernelRows.count == tiling.tiles && tiling.kernelRows[6] == 0..<3 && tiling.kernelRows[0] == 1..<3)
    }

    @Test func segmentTilesStayWithinRowsThatReadTheSameKernelRows() {
        // conv-bench's e33: 32 wide, two segments a row. Row 0 skips kernel row 0 and row 31
        // kernel row 2, so each is a tile of its own two segments; rows 1–30 are 20 tiles of
        // three. Tiles of three across all rows computed 22 × 3 segments, the first with every
        // kernel row and the last one segment three times.
        let g = ConvGeometry(inputShape: [8, 32, 32, 32], weightShape: [32, 32, 3, 3], stride: 1, padding: 1, dilation: 1, groups: 1)
        let tiling = SegmentTiling(PlaneLayout(g), g)
        #expect(tiling.kinds == [.segments(2)] + [SegmentTiling.Kind](repeating: .segments(3), count: 20) + [.segments(2)])
        #expect(tiling.kernelRows == [1..<3] + [Range<Int>](repeating: 0..<3, count: 20) + [0..<2])
        let segmentRows = zip(tiling.kinds, tiling.kernelRows).reduce(0) { total, tile in
            guard case .segments(let n) = tile.0 else { return total }
            return total + n * tile.1.count
        }
        #expect(segmentRows == 2 * 2 + 60 * 3 + 2 * 2)
        // Every output pixel written exactly once by the segments each tile computes.
        var written = [Int](repeating: 0, count: 32 * 32)
        for (tile, kind) in tiling.kinds.enumerated() {
            guard case .segments(let n) = kind else { continue }
            for s in 0..<n {
                let first = tiling.table[tile * SegmentTiling.entries + 3 + s]
                #expect(tiling.table[tile * SegmentTiling.entries + s] == first / 32 * PlaneLayout(g).planeWidth + first % 32)
                for x in first..<(first + 16) { written[x] += 1 }
            }
        }
        #expect(written.allSatisfy { $0 == 1 })
        // A 5×5 (padding 2) over 16-wide rows: rows 0, 1, 14 and 15 read fewer kernel rows, one
        // segment each; rows 2–13 are four tiles of three.
        let narrow = ConvGeometry(inputShape: [1, 8, 16, 16], weightShape: [8, 8, 5, 5], stride: 1, padding: 2, dilation: 1, groups: 1)
        let five = SegmentTiling(PlaneLayout(narrow), narrow)
        #expect(five.kinds == [.segments(1), .segments(1)] + [SegmentTiling.Kind](repeating: .segments(3), count: 4) + [.segments(1), .segments(1)])
        #expect(five.kernelRows == [2..<5, 1..<5] + [Range<Int>](repeating: 0..<5, count: 4) + [0..<4, 0..<3])
    }

    @Test func unpaddedSegmentsReadTheInputItselfWhereItsCopyWeighsMost() {
        func geometry(_ channels: Int, side: Int, kernel: Int = 3, padding: Int = 1, stride: Int = 1) -> ConvGeometry {
            ConvGeometry(inputShape: [2, channels, side, side], weightShape: [channels, channels, kernel, kernel], stride: Size2D(h: stride, w: stride),
                         padding: Padding2D(h: padding, w: padding), dilation: 1, groups: 1)
        }
        // The book's training layer (8 channels × 9 taps = 72), and 3×3 layers up to 16
        // channels (144) read the input itself; 32 channels (288) and more copy it unless forced.
        #expect(FastForward.readsUnpadded(geometry(8, side: 16), mode: .automatic))
        #expect(FastForward.readsUnpadded(geometry(16, side: 32), mode: .automatic))
        #expect(!FastForward.readsUnpadded(geometry(32, side: 32), mode: .automatic))
        #expect(!FastForward.readsUnpadded(geometry(64, side: 32), mode: .automatic))
        #expect(!FastForward.readsUnpadded(geometry(128, side: 16), mode: .automatic))
        #expect(FastForward.readsUnpadded(geometry(64, side: 32), mode: .unpaddedSegments))
        #expect(FastForward.readsUnpadded(geometry(128, side: 16), mode: .unpaddedSegments))
        #expect(!FastForward.readsUnpadded(geometry(8, side: 16), mode: .segments))
        // Not with more than 3 kernel columns (a 5×5: its masks would not fit in registers).
        #expect(!FastForward.readsUnpadded(geometry(8, side: 32, kernel: 5, padding: 2), mode: .unpaddedSegments))
        // Rows that end in 8 pixels too (56 wide, the size of conv-bench's cases a and b).
        #expect(FastForward.readsUnpadded(geometry(16, side: 56), mode: .automatic))
        #expect(FastForward.readsUnpadded(geometry(64, side: 56), mode: .unpaddedSegments))
        // Not at stride 2, nor without padding (read in place already), nor past 12 columns of padding.
        #expect(!FastForward.readsUnpadded(geometry(8, side: 32, stride: 2), mode: .unpaddedSegments))
        #expect(!FastForward.readsUnpadded(geometry(8, side: 16, kernel: 1, padding: 0), mode: .unpaddedSegments))
        #expect(!FastForward.readsUnpadded(geometry(8, side: 8, kernel: 27, padding: 13), mode: .unpaddedSegments))

        // Tiles of one column of a run of rows (rows 0 and 31 each a run of their own, one
        // segment a tile; rows 1–30 three to a tile), in order of their last rows, each tile's
        // first output column, and for each kernel column the output columns that read
        // inside a row: a 3×3 at padding 1 over 32 columns reads column x − 1 with kernel
        // column 0 (columns 1…31 inside).
        let g = geometry(8, side: 32)
        let tiling = SegmentTiling(PlaneLayout(g, unpadded: true), g, unpadded: true)
        let edge = [SegmentTiling.Kind](repeating: .column(vectors: 1, rowEnds: false), count: 2)
        #expect(tiling.kinds == edge + [SegmentTiling.Kind](repeating: .column(vectors: 3, rowEnds: false), count: 20) + edge)
        #expect(tiling.insideColumns == [1, 32, 0, 32, 0, 31])
        #expect((0..<tiling.tiles).map { tiling.table[$0 * SegmentTiling.entries + 18] } == (0..<24).map { $0 % 2 * 16 })
        #expect(Array(tiling.table[(3 * SegmentTiling.entries)..<(3 * SegmentTiling.entries + 3)]) == [32 + 16, 64 + 16, 96 + 16],
                "rows 1–3's second segments, in the unpadded input")
        #expect(tiling.kernelRows == [1..<3, 1..<3] + [Range<Int>](repeating: 0..<3, count: 20) + [0..<2, 0..<2])
        // 56 wide: three segments and an 8-pixel end a row; the ends of rows 1–54 in pairs,
        // three pairs a tile, each after the segments of its last row; row 0's end alone.
        let wide = geometry(8, side: 56)
        let ends = SegmentTiling(PlaneLayout(wide, unpadded: true), wide, unpadded: true)
        let rowEnds = ends.kinds.indices.filter { ends.kinds[$0] == .column(vectors: 3, rowEnds: true) }
        #expect(ends.kinds.prefix(4) == [.column(vectors: 1, rowEnds: false), .column(vectors: 1, rowEnds: false),
                                         .column(vectors: 1, rowEnds: false), .column(vectors: 1, rowEnds: true)])
        #expect(rowEnds == (1...9).map { 4 + 6 * $0 + ($0 - 1) }, "after the segments of rows 1–6, 7–12, …")
        #expect(Array(ends.table[(10 * SegmentTiling.entries + 6)..<(10 * SegmentTiling.entries + 12)]) == (1...6).map { $0 * 56 + 48 })
        #expect(ends.tiles == 4 + 18 * 3 + 9 + 4)
        #expect(PlaneLayout(g, unpadded: true).tapOffsets == [-33, -32, -31, -1, 0, 1, 31, 32, 33])
    }

    @Test func unpaddedTilesCoverEveryPixelOnceWithinRunsOfRows() {
        // Every output pixel in exactly one tile (a repeated last row end counts once), every
        // tile's rows in one run of rows that read the same kernel rows (its `kernelRows`),
        // and every vector of a tile at the tile's first column (one mask per kernel column).
        let shapes: [(height: Int, width: Int, kernel: Size2D, padding: Padding2D)] = [
            (32, 32, 3, 1), (20, 56, 3, 1), (7, 24, 3, Padding2D(top: 1, bottom: 1, left: 2, right: 0)),
            (9, 40, Size2D(h: 3, w: 2), Padding2D(top: 1, bottom: 1, left: 0, right: 1)), (8, 8, 3, 1),
            (16, 16, Size2D(h: 5, w: 3), Padding2D(h: 2, w: 1)),
        ]
        for shape in shapes {
            let g = ConvGeometry(inputShape: [1, 8, shape.height, shape.width], weightShape: [8, 8, shape.kernel.h, shape.kernel.w],
                                 stride: 1, padding: shape.padding, dilation: 1, groups: 1)
            let (height, width) = (g.outputSize.h, g.outputSize.w)
            let tiling = SegmentTiling(PlaneLayout(g, unpadded: true), g, unpadded: true)
            var written = [Int](repeating: 0, count: height * width)
            for (tile, kind) in tiling.kinds.enumerated() {
                let entry = tile * SegmentTiling.entries
                guard case .column(let vectors, let rowEnds) = kind else {
                    Issue.record("\(kind) in an unpadded tiling")
                    continue
                }
                // Each vector's first pixels (two halves of 8 for row ends, one segment of 16 else).
                let starts = rowEnds ? Set((0..<(2 * vectors)).map { tiling.table[entry + 12 + $0] }) : Set((0..<vectors).map { tiling.table[entry + 3 + $0] })
                for first in starts {
                    for x in first..<(first + (rowEnds ? 8 : 16)) { written[x] += 1 }
                    #expect(first % width == tiling.table[entry + 18], "\(shape): tile \(tile) at its first column")
                    #expect(g.kernelRowsInside(outputRow: first / width) == tiling.kernelRows[tile], "\(shape): tile \(tile) in one run")
                }
            }
            #expect(written.allSatisfy { $0 == 1 }, "\(shape): every pixel once")
        }
    }

    @Test func inputGradientItemsClearEveryBlockOnce() {
        // The row sets' blocks, with set 0's share of the blocks no row reaches, cover a
        // group's (channel, phase plane) blocks once each: the stem (3 channels, 7×7 at
        // stride 2, 12 units in 4 sets), a 1×1 at stride 2 (phases 1–3 reached by no row), a
        // dilated 3×3 at stride 2 in 1, 3 and 5 sets.
        let cases: [(ConvGeometry, [Int])] = [
            (ConvGeometry(inputShape: [1, 3, 224, 224], weightShape: [64, 3, 7, 7], stride: 2, padding: 3, dilation: 1, groups: 1), [4]),
            (ConvGeometry(inputShape: [2, 3, 7, 9], weightShape: [8, 3, 1, 1], stride: 2, padding: 0, dilation: 1, groups: 1), [1, 2]),
            (ConvGeometry(inputShape: [1, 4, 13, 11], weightShape: [16, 2, 3, 3], stride: 2, padding: Padding2D(top: 1, bottom: 2, left: 2, right: 0),
                          dilation: 2, groups: 2), [1, 3, 5]),
        ]
        for (g, setCounts) in cases {
            let layout = PlaneLayout(g), inPerGroup = g.inChannels / g.groups
            let units = InputGradient.rowUnits(layout, inPerGroup)
            for sets in setCounts {
                let rowSets = sets == 1 ? [Array(0..<(inPerGroup * layout.taps))] : InputGradient.balancedRowSets(sets: sets, units)
                let blocks = InputGradient.clearedBlocks(rowSets, layout, inPerGroup)
                #expect(blocks.flatMap { $0 }.sorted() == Array(0..<(inPerGroup * g.stride.h * g.stride.w)), "\(g.kernel) in \(sets) set(s)")
                // Each set clears the blocks its own rows add into.
                for (set, rows) in rowSets.enumerated() {
                    #expect(rows.allSatisfy { blocks[set].contains(InputGradient.block(ofRow: $0, layout)) })
                }
            }
        }
    }

    @Test func warmingALargeBatchChangesNoBit() {
        // Past 4 MiB of input a worker reads each image it starts through first
        // (`FastPlanes.warm`): the same bits as the images computed one at a time (not warmed).
        var rng = SeededGenerator(seed: 31)
        let input = Tensor.uniform([5, 16, 120, 120], in: -1..<1, using: &rng)
        let weight = Tensor.uniform([16, 16, 3, 3], in: -1..<1, using: &rng), bias = Tensor.uniform([16], in: -1..<1, using: &rng)
        let g = ConvGeometry(inputShape: input.shape, weightShape: weight.shape, stride: 1, padding: 1, dilation: 1, groups: 1)
        #expect(FastForward.readsUnpadded(g, mode: .automatic) && 5 * PlaneLayout(g, unpadded: true).imageCount > FastPlanes.chunkingFrom)
        let image = 16 * 120 * 120
        for threads in [1, 2] {
            let batch = withWorkerLimit(threads) { FastForward.run(input, weight, bias: bias, g, mode: .automatic) }
            for n in 0..<5 {
                let one = Tensor(shape: [1, 16, 120, 120], scalars: Array(input.scalars[(n * image)..<((n + 1) * image)]))
                let alone = withWorkerLimit(threads) { FastForward.run(one, weight, bias: bias, g.with(batch: 1), mode: .automatic) }
                #expect(Array(batch.scalars[(n * image)..<((n + 1) * image)]) == alone.scalars, "image \(n), \(threads) thread(s)")
            }
        }
    }

    @Test func anInputAtAPagesEdgeIsCopiedForTheUnpaddedSegments() {
        // Reads just outside the tensor (up to the padding's width: 1 float before, 2 past
        // here) must stay in its pages: a tensor whose first bytes are closer than that to a
        // page's start, or whose last bytes are closer to a page's end, is read from a copy
        // with room around it, whose contents are the same.
        let page = 4096
        let raw = UnsafeMutableRawPointer.allocate(byteCount: 3 * page, alignment: page)
        defer { raw.deallocate() }
        let floats = raw.bindMemory(to: Float.self, capacity: 3 * page / 4)
        for i in 0..<(3 * page / 4) { floats[i] = Float(i) }
        func clear(_ start: Int, _ count: Int) -> Bool { FastPlanes.clearOfPageEdges(floats + start, count: count, before: 1, after: 2) }
        #expect(clear(1, 512), "4 bytes after a page's start: room for 1 float")
        #expect(!clear(0, 512), "at a page's start")
        #expect(!clear(16, 1024 - 16), "ends at a page's end")
        #expect(!clear(16, 1024 - 17), "ends 4 bytes before it: no room for 2 floats")
        #expect(clear(16, 1024 - 18), "ends 8 bytes before it")
        #expect(clear(16, 1024), "ends 64 bytes into the next page")
        #expect(FastPlanes.clearOfPageEdges(floats, count: 1024, before: 0, after: 0), "no reads outside: any tensor")
        for (start, count, inPlace) in [(16, 512, true), (0, 100, false), (1024 + 16, 1024 - 17, false)] {
            let seen = FastPlanes.withUnpaddedInput(floats + start, count: count, before: 1, after: 2) { input in
                (input == UnsafePointer(floats + start), (0..<count).allSatisfy { input[$0] == Float(start + $0) })
            }
            #expect(seen.0 == inPlace && seen.1, "\(count) floats from \(start)")
        }
    }

    @Test func narrowWeightGradientSplitsByChannelBlocksImagesRowsOrPixels() {
        // 64 channels are 8 blocks: with 2 workers they own blocks (4 each), with 1 they split
        // the pixels; two groups of 32 are 8 blocks too. Fewer blocks go by images when there
        // is one per worker: 8 channels over K = 35 on 3 images (shares of 1 and 2), two groups
        // of 8 over K = 27 on 2, a 1×1 over 8 channels on 3. A single image goes by rows when
        // K has enough threes of rows (K = 35: 12, the last with a padding row), else by
        // pixels (the 1×1: K = 8). Each way is checked against the reference (on a machine of
        // 2 cores or more; the worker limit only lowers the count, so no global setting changes
        // under other suites). The last five have images of more than 32 vectors of
        // wide pixels (`chunkVectors`), so each split (with 2 workers: channels, images, rows,
        // pixels, channels) runs over an image in several runs, the last one short: the
        // stem's 39 vectors, then 72, 57 and 75, where eight pixel segments end inside runs,
        // and 48 in four groups of 16 channels (8 blocks of 8 channels across the groups).
        let cases = [ConvCase(batch: 2, inChannels: 3, outChannels: 64, height: 9, width: 11, kernel: 7, stride: 2, padding: 3),
                     ConvCase(inChannels: 4, outChannels: 64, height: 6, width: 7, groups: 2),
                     ConvCase(batch: 3, inChannels: 7, outChannels: 8, height: 6, width: 9, kernel: Size2D(h: 1, w: 5), padding: Padding2D(h: 0, w: 2)),
                     ConvCase(batch: 2, inChannels: 6, outChannels: 16, height: 7, width: 5, groups: 2),
                     ConvCase(batch: 3, inChannels: 8, outChannels: 8, height: 5, width: 6, kernel: 1, padding: 0),
                     ConvCase(inChannels: 7, outChannels: 8, height: 6, width: 9, kernel: Size2D(h: 1, w: 5), padding: Padding2D(h: 0, w: 2)),
                     ConvCase(inChannels: 8, outChannels: 8, height: 5, width: 6, kernel: 1, padding: 0),
                     ConvCase(inChannels: 3, outChannels: 64, height: 48, width: 45, kernel: 7, stride: 2, padding: 3),
                     ConvCase(batch: 3, inChannels: 8, outChannels: 8, height: 36, width: 30),
                     ConvCase(inChannels: 8, outChannels: 16, height: 40, width: 20),
                     ConvCase(inChannels: 8, outChannels: 8, height: 40, width: 30, kernel: 1, padding: 0),
                     ConvCase(inChannels: 8, outChannels: 64, height: 24, width: 30, groups: 4)]
        #expect(NarrowWeightGradient.split(workers: 2, blocks: 8, images: 2, triples: 49) == .channels)
        #expect(NarrowWeightGradient.split(workers: 2, blocks: 1, images: 3, triples: 12) == .images)
        #expect(NarrowWeightGradient.split(workers: 2, blocks: 2, images: 2, triples: 9) == .images)
        #expect(NarrowWeightGradient.split(workers: 2, blocks: 1, images: 3, triples: 3) == .images)
        #expect(NarrowWeightGradient.split(workers: 2, blocks: 1, images: 1, triples: 12) == .rows)
        #expect(NarrowWeightGradient.split(workers: 2, blocks: 1, images: 1, triples: 3) == .pixels)
        #expect(NarrowWeightGradient.split(workers: 1, blocks: 8, images: 4, triples: 49) == .pixels)
        for c in cases {
            let (input, weight, _, gradOutput) = tensors(c, seed: 8)
            let (g, exact, magnitude, terms) = backwardReference(c, input, weight, gradOutput)
            for workers in [1, 2] {
                let narrow = withWorkerLimit(workers) {
                    FastBackward.run(input, weight, gradOutput: gradOutput, hasBias: false, g, parts: .weight, weightPath: .narrow)
                }
                expectClose(narrow.weight, exact.weight, magnitude.weight, terms: terms, "∂weight narrow, \(workers) workers, \(c)")
            }
        }
        #expect(!NarrowWeightGradient.applies(perGroup: 64), "the stem: WeightGradient's pixel segments")
        #expect(!NarrowWeightGradient.applies(perGroup: 32), "a whole 32-channel tile")
        #expect(NarrowWeightGradient.applies(perGroup: 16) && NarrowWeightGradient.applies(perGroup: 24), "16 and 24 channels")
        #expect(!NarrowWeightGradient.applies(perGroup: 7), "under 8 channels: DirectConv")
    }

    @Test func singleThreadAgreesWithTwoThreads() {
        // Work splits differ (whole images vs. channel/phase sets), the sums must not.
        let c = ConvCase(inChannels: 3, outChannels: 16, height: 20, width: 21, kernel: 7, stride: 2, padding: 3)
        let (input, weight, bias, gradOutput) = tensors(c, seed: 3)
        let saved = ConvLab.threadCount
        defer { ConvLab.threadCount = saved }
        var results: [(Tensor, ConvGradients)] = []
        for threads in [1, 2] {
            ConvLab.threadCount = threads
            results.append((conv2d(input, weight, bias: bias, stride: 2, padding: 3),
                            conv2dBackward(input, weight, gradOutput: gradOutput, stride: 2, padding: 3)))
        }
        #expect(results[0].0 == results[1].0)       // same tiles, same order: bit-identical
        #expect(results[0].1.input == results[1].1.input)
        let difference = zip(results[0].1.weight.scalars, results[1].1.weight.scalars).map { abs($0 - $1) }.max() ?? 0
        #expect(difference <= 1e-4 * (results[0].1.weight.map(abs).max()))
    }

    @Test func singleImageInputGradientInBandsMatchesReferenceAtAnyWorkerCount() {
        // One strided image of at least 64 tiles of wide pixels runs in 4 bands of tiles
        // (InputGradient.inBands): a 7×7 stem (a tap reaches 180 floats past its pixel: heads
        // of 4 tiles), a 3×3 (reach 52: heads of 2) and a 1×1 (reach 0: no heads), each
        // against the reference and with the same bits on 1, 2 and 3 workers.
        #expect(InputGradient.bandTiles(tiles: 69, reach: 180).map { $0.starts } == [0, 17, 34, 51, 69])
        #expect(InputGradient.bandTiles(tiles: 69, reach: 180)?.head == 4)
        #expect(InputGradient.bandTiles(tiles: 63, reach: 0) == nil, "under 16 tiles a band")
        #expect(InputGradient.bandTiles(tiles: 100, reach: 13 * 48) == nil, "heads over half a band")
        #expect(InputGradient.bandTiles(tiles: 64, reach: 8 * 48)?.head == 8, "heads of exactly half a band")
        let cases = [ConvCase(inChannels: 3, outChannels: 16, height: 112, width: 112, kernel: 7, stride: 2, padding: 3),
                     ConvCase(inChannels: 5, outChannels: 16, height: 120, width: 100, kernel: 3, stride: 2, padding: 1),
                     ConvCase(inChannels: 8, outChannels: 8, height: 130, width: 100, kernel: 1, stride: 2, padding: 0)]
        for c in cases {
            let (input, weight, _, gradOutput) = tensors(c, seed: 21)
            let (g, exact, magnitude, _) = backwardReference(c, input, weight, gradOutput)
            let layout = PlaneLayout(g)
            let reach = layout.tapOffsets.map { $0 % layout.phaseStride }.max() ?? 0
            #expect(InputGradient.bandTiles(tiles: layout.widePadded / PlaneLayout.tileWidth, reach: reach) != nil, "\(c) runs in bands")
            let runs = [1, 2, 3].map { workers in
                // Scratch buffers of the planes' and the copies' sizes left full of NaN, so that
                // a position used without being cleared shows, whatever the pool hands out.
                for count in [layout.imageCount, (InputGradient.bands - 1) * layout.imageCount] {
                    let poisoned = FloatBuffer(uninitialized: count)
                    poisoned.pointer.update(repeating: .nan, count: count)
                }
                return withWorkerLimit(workers) { FastBackward.run(input, weight, gradOutput: gradOutput, hasBias: false, g, parts: .input).input }
            }
            for (index, run) in runs.enumerated() {
                expectClose(run, exact.input, magnitude.input, terms: c.outChannels * c.kernel.h * c.kernel.w, "∂input in bands, run \(index), \(c)")
            }
            #expect(runs[0] == runs[1] && runs[0] == runs[2], "\(c): the same bits on 1, 2 and 3 workers")
        }
    }

    @Test func channelVectorsGiveTheSameBitsInAnyBandsOfImages() {
        // ChannelForward cuts the batch into a band of images per worker (PixelTiles.bands):
        // a pixel's sums do not depend on the tile it lands in, so neither do the results on
        // the bands — forward, and ∂input through TransposedConv, at 1, 2 and 3 workers
        // (bands of 3, 1 + 2, and 1 + 1 + 1 images).
        for c in [ConvCase(batch: 3, inChannels: 32, outChannels: 64, height: 9, width: 9, kernel: 7, padding: 3),
                  ConvCase(batch: 3, inChannels: 32, outChannels: 64, height: 9, width: 9, kernel: Size2D(h: 7, w: 1), padding: Padding2D(h: 3, w: 0))] {
            let (input, weight, bias, gradOutput) = tensors(c, seed: 13)
            let g = ConvGeometry(inputShape: input.shape, weightShape: weight.shape, stride: c.stride, padding: c.padding,
                                 dilation: c.dilation, groups: c.groups)
            let runs = [1, 2, 3].map { workers in
                withWorkerLimit(workers) {
                    (FastForward.run(input, weight, bias: bias, g, mode: .channels),
                     TransposedConv(g)?.inputGradient(weight: weight, gradOutput: gradOutput, mode: .channels))
                }
            }
            #expect(runs.allSatisfy { $0.0 == runs[0].0 }, "forward \(c)")
            #expect(runs[0].1 != nil && runs.allSatisfy { $0.1 == runs[0].1 }, "∂input \(c)")
            let exact = conv2dReference(input, weight, bias: bias, stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups)
            let magnitude = conv2dReference(input.map(abs), weight.map(abs), bias: bias.map(abs), stride: c.stride,
                                            padding: c.padding, dilation: c.dilation, groups: c.groups)
            expectClose(runs[0].0, exact, magnitude, terms: c.inChannels * c.kernel.h * c.kernel.w + 1, "forward \(c)")
        }
    }

    @Test(arguments: [sweep[1], sweep[4], sweep[14]]) func partialGradientsEqualFullBackward(_ c: ConvCase) {
        let (input, weight, _, gradOutput) = tensors(c, seed: 5)
        let full = conv2dBackward(input, weight, gradOutput: gradOutput, stride: c.stride, padding: c.padding,
                                  dilation: c.dilation, groups: c.groups)
        // Same kernels, same order of additions: bit-identical.
        #expect(conv2dInputGradient(input, weight, gradOutput: gradOutput, stride: c.stride, padding: c.padding,
                                    dilation: c.dilation, groups: c.groups) == full.input)
        #expect(conv2dWeightGradient(input, weight, gradOutput: gradOutput, stride: c.stride, padding: c.padding,
                                     dilation: c.dilation, groups: c.groups) == full.weight)
    }

    @Test func backwardWithoutBiasHasNoBiasGradient() {
        let c = ConvCase(outChannels: 8)
        let (input, weight, _, gradOutput) = tensors(c, seed: 4)
        #expect(conv2dBackward(input, weight, gradOutput: gradOutput, hasBias: false, padding: 1).bias == nil)
    }

    @Test func transposesInColumnsOfThirtyTwoChannels() {
        // The ∂weight paths' dY transpose against plain loops: 72 channels (two whole columns
        // of 32 and one of 8) by 37 pixels (two 16 × 16 blocks in registers and 5 left over),
        // rows 41 floats apart, columns 40 pixels apart; what is not written stays NaN only
        // in the last column's padding channels.
        let channels = 72, count = 37, rowStride = 41, columnStride = 40 * 32
        let source = (0..<(channels * rowStride)).map { Float($0 % 9973) * 0.25 - 7 }
        var result = [Float](repeating: .nan, count: 3 * columnStride)
        source.withUnsafeBufferPointer { src in
            result.withUnsafeMutableBufferPointer { dst in
                WeightGradient.transposeInColumns(src.baseAddress!, rowStride: rowStride, channels: channels, count: count,
                                                  into: dst.baseAddress!, columnStride: columnStride)
            }
        }
        var wrong = 0
        for o in 0..<channels {
            for q in 0..<count where result[(o / 32) * columnStride + q * 32 + o % 32] != source[o * rowStride + q] { wrong += 1 }
        }
        #expect(wrong == 0)
        #expect((0..<count).allSatisfy { q in (8..<32).allSatisfy { result[2 * columnStride + q * 32 + $0].isNaN } })
    }

    @Test(arguments: [2, 3]) func stridedPlanesHoldEachColumnInItsPhase(_ left: Int) {
        // Rows of 70 at column stride 2: two runs of 32 columns split by permutes, then 6 one
        // by one; the left padding's parity decides which phase plane takes the even columns.
        // Every pixel lands where the layout's formula puts it, and comes back unchanged.
        let g = ConvGeometry(inputShape: [1, 2, 5, 70], weightShape: [4, 2, 3, 3], stride: 2,
                             padding: Padding2D(top: 1, bottom: 1, left: left, right: 1), dilation: 1, groups: 1)
        let layout = PlaneLayout(g)
        let input = (0..<(2 * 5 * 70)).map { Float($0) }
        var planes = [Float](repeating: .nan, count: layout.imageCount), back = [Float](repeating: .nan, count: input.count)
        input.withUnsafeBufferPointer { source in
            planes.withUnsafeMutableBufferPointer { layout.scatterImage(source.baseAddress!, into: $0.baseAddress!, channels: 0..<2) }
        }
        var misplaced = 0
        for c in 0..<2 {
            for r in 0..<5 {
                for column in 0..<70 {
                    let (y, x) = (r + layout.padTop, column + layout.padLeft)
                    let place = c * layout.channelStride + ((y % 2) * 2 + x % 2) * layout.phaseStride + (y / 2) * layout.planeWidth + x / 2
                    if planes[place] != input[(c * 5 + r) * 70 + column] { misplaced += 1 }
                }
            }
        }
        #expect(misplaced == 0)
        planes.withUnsafeBufferPointer { source in
            back.withUnsafeMutableBufferPointer { layout.gatherImage(source.baseAddress!, into: $0.baseAddress!, channels: 0..<2) }
        }
        #expect(back == input)
    }

    @Test func reusedScratchBuffersStartZeroed() {
        // Buffers come back from the pool with old contents; FloatBuffer must clear them.
        do {
            let dirty = FloatBuffer(zeros: 20_000)
            dirty.pointer.update(repeating: 7, count: dirty.count)
        }
        let again = FloatBuffer(zeros: 20_000)
        #expect(UnsafeBufferPointer(start: again.pointer, count: again.count).allSatisfy { $0 == 0 })
    }

    // MARK: - Helpers

    /// The case's geometry, its exact gradients (the reference loops), the reference on absolute
    /// values (the scale of the error bound) and the number of terms of each ∂weight sum.
    func backwardReference(_ c: ConvCase, _ input: Tensor, _ weight: Tensor, _ gradOutput: Tensor)
        -> (g: ConvGeometry, exact: ConvGradients, magnitude: ConvGradients, terms: Int) {
        let g = ConvGeometry(inputShape: input.shape, weightShape: weight.shape, stride: c.stride, padding: c.padding,
                             dilation: c.dilation, groups: c.groups)
        let exact = conv2dBackwardReference(input, weight, gradOutput: gradOutput, stride: c.stride, padding: c.padding,
                                            dilation: c.dilation, groups: c.groups)
        let magnitude = conv2dBackwardReference(input.map(abs), weight.map(abs), gradOutput: gradOutput.map(abs), stride: c.stride,
                                                padding: c.padding, dilation: c.dilation, groups: c.groups)
        return (g, exact, magnitude, c.batch * gradOutput.shape[2] * gradOutput.shape[3])
    }

    func tensors(_ c: ConvCase, seed: UInt64) -> (Tensor, Tensor, Tensor, Tensor) {
        var rng = SeededGenerator(seed: seed)
        let input = Tensor.uniform([c.batch, c.inChannels, c.height, c.width], in: -1..<1, using: &rng)
        let weight = Tensor.uniform([c.outChannels, c.inChannels / c.groups, c.kernel.h, c.kernel.w], in: -1..<1, using: &rng)
        let bias = Tensor.uniform([c.outChannels], in: -1..<1, using: &rng)
        let geometry = ConvGeometry(inputShape: input.shape, weightShape: weight.shape, stride: c.stride,
                                    padding: c.padding, dilation: c.dilation, groups: c.groups)
        let gradOutput = Tensor.uniform(geometry.outputShape, in: -1..<1, using: &rng)
        return (input, weight, bias, gradOutput)
    }

    func expectClose(_ fast: Tensor, _ exact: Tensor, _ magnitude: Tensor, terms: Int, _ what: String) {
        #expect(fast.shape == exact.shape, "\(what): shape")
        guard fast.shape == exact.shape else { return }
        let u = Double(Float.ulpOfOne) / 2
        var worst = 0.0, worstIndex = 0
        for i in 0..<fast.count {
            let allowed = Double(terms + 2) * u * Double(magnitude.scalars[i]) + 1e-30
            let excess = abs(Double(fast.scalars[i]) - Double(exact.scalars[i])) / allowed
            if excess > worst { (worst, worstIndex) = (excess, i) }
        }
        #expect(worst <= 1, "\(what): element \(exact.multiIndex(ofOffset: worstIndex)) is \(fast.scalars[worstIndex]), reference \(exact.scalars[worstIndex])")
    }
}
