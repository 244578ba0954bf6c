/// How the fast path lays out one image so that every kernel tap becomes a plain offset.
///
/// The input is copied once into zero-padded "phase planes": for stride (s_h, s_w) each
/// channel is split into s_h·s_w planes, plane (a, b) holding padded pixels (s_h·u + a,
/// s_w·v + b) at (u, v), each plane `planeWidth` wide. Output pixel (y, x) is numbered
/// q = y·planeWidth + x ("wide" numbering: a row has `planeWidth - outputWidth` unused
/// columns), and tap (i, j) of channel c reads element `channelStride·c + tapOffsets[t] + q`
/// for every output pixel at once. So im2col is never materialised: row k = (c, t) of the
/// GEMM's right-hand matrix is the plane shifted by an offset, strides and dilations
/// included, and padding is the zeros around the copy.
///
/// The unused columns and the tail up to a multiple of `tileWidth` compute garbage that is
/// never stored; in the backward pass they hold zeros, so they add nothing. Every access of
/// channel c stays inside `[channelStride·c, channelStride·(c+1))`, which lets workers own
/// whole channels (or phase planes) without overlapping writes.
struct PlaneLayout: Sendable {
    /// Columns computed by one microkernel tile (48 = 3 × SIMD16).
    static let tileWidth = 48

    let channels: Int
    let stride: Size2D
    /// Output size (rows, columns).
    let outputHeight: Int, outputWidth: Int
    /// Size of one phase plane.
    let planeHeight: Int, planeWidth: Int
    /// Floats from one phase plane to the next, and from one channel to the next.
    let phaseStride: Int, channelStride: Int
    /// Wide output pixels: `outputHeight · planeWidth`, and that rounded up to a whole tile.
    let wideCount: Int, widePadded: Int
    /// Offset of each tap (i·K_w + j) inside a channel's block.
    let tapOffsets: [Int]
    /// Which phase plane each tap reads (a·s_w + b), for workers that split by plane.
    let tapPhases: [Int]
    let padTop: Int, padLeft: Int
    /// True when the input tensor itself serves as the planes (no padding, stride 1, GEMM
    /// path; or `unpadded`, where padding is masked instead): channels back to back, no
    /// slack, so only layouts that read valid pixels only (packed, segments, ∂weight's row
    /// walk) may read it.
    let inPlace: Bool
    let inputHeight: Int, inputWidth: Int

    /// The layout of `g`'s input in zero-padded phase planes, or, with `unpadded`, of the
    /// input itself read in place with its rows unpadded: a plane is one input channel,
    /// H × W, and a tap's offset may point before a row's first pixel or past its last. Its
    /// readers never load there: the unpadded segments kernel masks those lanes
    /// (`FastForward.readsUnpadded`), and ∂weight by rows reads each tap only over the
    /// output pixels where it reads inside the image (`WeightGradient.byRowsReadsInputItself`).
    init(_ g: ConvGeometry, unpadded: Bool = false) {
        channels = g.inChannels
        stride = g.stride
        inputHeight = g.inputSize.h
        inputWidth = g.inputSize.w
        padTop = g.padding.top
        padLeft = g.padding.left
        outputHeight = g.outputSize.h
        outputWidth = g.outputSize.w
        if unpadded {
            // Stride 1 (`FastForward.readsUnpadded`): tap (i, j) of output pixel (y, x) reads
            // input pixel (y + i·d_h − top, x + j·d_w − left), offset y·W + x from the channel's start.
            (planeHeight, planeWidth) = (g.inputSize.h, g.inputSize.w)
            wideCount = outputHeight * planeWidth
            widePadded = wideCount
            phaseStride = planeHeight * planeWidth
            channelStride = phaseStride
            let (width, top, left) = (g.inputSize.w, g.padding.top, g.padding.left)
            tapOffsets = (0..<g.kernel.h).flatMap { i in
                (0..<g.kernel.w).map { j in (i * g.dilation.h - top) * width + j * g.dilation.w - left }
            }
            tapPhases = [Int](repeating: 0, count: g.kernel.h * g.kernel.w)
            inPlace = true
            return
        }
        let paddedH = g.inputSize.h + g.padding.top + g.padding.bottom
        let paddedW = g.inputSize.w + g.padding.left + g.padding.right
        planeHeight = (paddedH + g.stride.h - 1) / g.stride.h
        planeWidth = (paddedW + g.stride.w - 1) / g.stride.w
        wideCount = outputHeight * planeWidth
        widePadded = (wideCount + Self.tileWidth - 1) / Self.tileWidth * Self.tileWidth
        var inPlane = [Int](), phases = [Int]()
        for i in 0..<g.kernel.h {
            for j in 0..<g.kernel.w {
                let rowTap = i * g.dilation.h, colTap = j * g.dilation.w
                inPlane.append((rowTap / g.stride.h) * planeWidth + colTap / g.stride.w)
                phases.append((rowTap % g.stride.h) * g.stride.w + colTap % g.stride.w)
            }
        }
        let reach = (inPlane.max() ?? 0) + widePadded
        // Without padding or stride the planes would be a copy of the input: read the input
        // itself, in layouts that read valid pixels only (they need no slack).
        inPlace = g.stride == Size2D(h: 1, w: 1) && g.padding == Padding2D(top: 0, bottom: 0, left: 0, right: 0)
            && g.outChannels / g.groups >= 8
        let phaseStride = inPlace ? planeHeight * planeWidth : (max(planeHeight * planeWidth, reach) + 15) / 16 * 16
        self.phaseStride = phaseStride
        channelStride = phaseStride * g.stride.h * g.stride.w
        tapOffsets = zip(inPlane, phases).map { $0 + $1 * phaseStride }
        tapPhases = phases
    }

    /// Floats of one image in this layout.
    var imageCount: Int { channels * channelStride }
    /// Taps per channel.
    var taps: Int { tapOffsets.count }

    /// Copies channels `channelRange` of one image (`source`: C × H × W floats), input rows
    /// `rowRange` (all by default), into its zero-filled planes at `planes`.
    func scatterImage(_ source: UnsafePointer<Float>, into planes: UnsafeMutablePointer<Float>, channels channelRange: Range<Int>,
                      rows rowRange: Range<Int>? = nil) {
        let (h, w, sh, sw) = (inputHeight, inputWidth, stride.h, stride.w)
        for c in channelRange {
            for r in rowRange ?? 0..<h {
                let src = source + (c * h + r) * w
                let pr = r + padTop
                let rowBase = planes + c * channelStride + (pr % sh) * sw * phaseStride + (pr / sh) * planeWidth
                if sw == 1 {
                    (rowBase + padLeft).update(from: src, count: w)
                } else if sw == 2 {
                    let (even, odd) = (rowBase + columnPhases.even, rowBase + columnPhases.odd)
                    // 32 columns at a time: their even columns to one plane, odd to the other.
                    var j = 0
                    while j &+ 32 <= w {
                        let a = vector(src + j), b = vector(src + (j &+ 16))
                        store(Lanes.evens(a, b), at: even + j / 2)
                        store(Lanes.odds(a, b), at: odd + j / 2)
                        j &+= 32
                    }
                    while j < w { (j % 2 == 0 ? even : odd)[j / 2] = src[j]; j &+= 1 }
                } else {
                    forEachPhase(ofRowWidth: w) { phase, firstColumn, planeColumn in
                        let dst = rowBase + phase * phaseStride + planeColumn
                        var col = firstColumn, i = 0
                        while col < w { dst[i] = src[col]; col &+= sw; i &+= 1 }
                    }
                }
            }
        }
    }

    /// Copies channel `channel` of one image into its block of `planes`, padding included:
    /// the block is cleared while it is in this worker's cache, then the pixels written, so
    /// the batch's planes are written once instead of cleared by one pass and filled by another.
    func fillChannel(_ source: UnsafePointer<Float>, into planes: UnsafeMutablePointer<Float>, channel: Int) {
        (planes + channel * channelStride).initialize(repeating: 0, count: channelStride)
        scatterImage(source, into: planes, channels: channel..<(channel + 1))
    }

    /// At column stride 2, where a plane row's even input columns go (column 2i at `even + i`)
    /// and its odd ones (column 2i + 1 at `odd + i`), in floats from the row's place in phase 0
    /// of the columns: which plane is which depends on the left padding's parity.
    @inline(__always)
    private var columnPhases: (even: Int, odd: Int) {
        ((padLeft % 2) * phaseStride + padLeft / 2, ((padLeft + 1) % 2) * phaseStride + (padLeft + 1) / 2)
    }

    /// For a row of `width` input pixels and a column stride above 1: each phase plane the row's
    /// pixels fall in, the first input column that lands in it, and that column's place in
    /// the plane. Visiting the columns phase by phase (every `stride.w`-th column) replaces a
    /// division and a remainder per pixel with a plain strided loop.
    @inline(__always)
    private func forEachPhase(ofRowWidth width: Int, _ body: (_ phase: Int, _ firstColumn: Int, _ planeColumn: Int) -> Void) {
        let sw = stride.w
        for first in 0..<min(sw, width) {
            let padded = first + padLeft
            body(padded % sw, first, padded / sw)
        }
    }

    /// The inverse of `scatterImage`: reads channels `channelRange` of one image back out of
    /// its planes into `destination` (C × H × W floats), dropping the padding.
    func gatherImage(_ planes: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>, channels channelRange: Range<Int>) {
        let (h, w, sh, sw) = (inputHeight, inputWidth, stride.h, stride.w)
        for c in channelRange {
            for r in 0..<h {
                let dst = destination + (c * h + r) * w
                let pr = r + padTop
                let rowBase = planes + c * channelStride + (pr % sh) * sw * phaseStride + (pr / sh) * planeWidth
                if sw == 1 {
                    dst.update(from: rowBase + padLeft, count: w)
                } else if sw == 2 {
                    let (even, odd) = (rowBase + columnPhases.even, rowBase + columnPhases.odd)
                    // 32 columns at a time, interleaved back from the two planes.
                    var j = 0
                    while j &+ 32 <= w {
                        let a = vector(even + j / 2), b = vector(odd + j / 2)
                        store(Lanes.zipLow(a, b), at: dst + j)
                        store(Lanes.zipHigh(a, b), at: dst + (j &+ 16))
                        j &+= 32
                    }
                    while j < w { dst[j] = (j % 2 == 0 ? even : odd)[j / 2]; j &+= 1 }
                } else {
                    forEachPhase(ofRowWidth: w) { phase, firstColumn, planeColumn in
                        let src = rowBase + phase * phaseStride + planeColumn
                        var col = firstColumn, i = 0
                        while col < w { dst[col] = src[i]; col &+= sw; i &+= 1 }
                    }
                }
            }
        }
    }

    /// Copies rows `channelRange` of one image's output gradient (channels × H_out × W_out)
    /// into wide numbering (`widePadded` floats per channel), leaving the unused columns zero.
    func widenOutput(_ source: UnsafePointer<Float>, into wide: UnsafeMutablePointer<Float>, channels channelRange: Range<Int>) {
        for o in channelRange {
            for y in 0..<outputHeight {
                (wide + o * widePadded + y * planeWidth).update(from: source + (o * outputHeight + y) * outputWidth, count: outputWidth)
            }
        }
    }

    /// Stores wide pixels `first..<first+count` of `rows` channels from `wide` (row stride
    /// `wideStride`, column 0 = wide pixel `first`) into compact output channels starting at
    /// `destination` (H_out × W_out floats each), adding `bias[row]` when given.
    func compact(_ wide: UnsafePointer<Float>, wideStride: Int, first: Int, count: Int, rows: Int,
                 into destination: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>?) {
        let plane = outputHeight * outputWidth
        var y = first / planeWidth
        while y < outputHeight && y * planeWidth < first + count {
            let lo = max(first - y * planeWidth, 0), hi = min(first + count - y * planeWidth, outputWidth)
            if lo < hi {
                for o in 0..<rows {
                    let src = wide + o * wideStride + (y * planeWidth + lo - first)
                    let dst = destination + o * plane + y * outputWidth + lo
                    let add = bias?[o] ?? 0
                    for x in 0..<(hi - lo) { dst[x] = src[x] + add }
                }
            }
            y += 1
        }
    }
}

/// Sixteen floats at `p` (unaligned).
@inline(__always)
private func vector(_ p: UnsafePointer<Float>) -> SIMD16<Float> { UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self) }
/// Stores sixteen floats at `p` (unaligned).
@inline(__always)
private func store(_ v: SIMD16<Float>, at p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Float>.self) }
