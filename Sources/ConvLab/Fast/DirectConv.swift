/// Convolutions with fewer than 8 output channels per group (depthwise, and grouped
/// convolutions with tiny groups): a GEMM tile of 8 rows would mostly multiply zeros, so
/// each output channel is computed on its own, vectorised along the wide pixels of the
/// phase planes (PlaneLayout), with the same tap offsets as the GEMM path.
///
/// These convolutions do little arithmetic per byte (K = taps · channels-per-group is small),
/// so they are bound by memory traffic rather than by the FMA units.
enum DirectConv {
    /// out[n, o] for every (n, o), one worker item per (image, group), which owns those
    /// output channels. Each item copies only its group's input channels into the worker's
    /// own small planes (zero borders kept from the first item: every item writes the same
    /// interior), so the batch's planes are never built: for a depthwise 3×3 that halves the
    /// memory traffic, which is what bounds it.
    static func forward(input: UnsafePointer<Float>, weight: UnsafePointer<Float>, output: SharedPointer,
                        bias: UnsafePointer<Float>, _ layout: PlaneLayout, _ g: ConvGeometry) {
        let perGroup = g.outChannels / g.groups, inPerGroup = g.inChannels / g.groups
        let k = inPerGroup * layout.taps
        let offsets = FastForward.rowOffsets(group: 0, layout, g)  // relative to the group's own planes
        let plane = g.outputSize.h * g.outputSize.w, inputPlane = g.inputSize.h * g.inputSize.w
        let shared = (SharedConstPointer(weight), SharedConstPointer(input), SharedConstPointer(bias))
        offsets.withUnsafeBufferPointer { off in
            let table = OffsetPointers(b: off.baseAddress!, c: off.baseAddress!)
            parallelItems(g.batch * g.groups, shares: imageShares(g.batch)) { worker, queue in
                let planes = FloatBuffer(zeros: inPerGroup * layout.channelStride)
                let row = FloatBuffer(zeros: layout.widePadded)
                for item in queue.taken(by: worker) {
                    let n = item / g.groups, group = item % g.groups
                    layout.scatterImage(shared.1.base + (n * g.inChannels + group * inPerGroup) * inputPlane,
                                        into: planes.pointer, channels: 0..<inPerGroup)
                    for o in (group * perGroup)..<((group + 1) * perGroup) {
                        if k == 9 {
                            directPlane9(count: layout.widePadded, w: shared.0.base + o * k, b: planes.pointer, bOffsets: table.b, c: row.pointer)
                        } else {
                            var q = 0
                            while q < layout.widePadded {
                                directTile1x48(count: k, w: shared.0.base + o * k, b: planes.pointer + q, bOffsets: table.b, c: row.pointer + q)
                                q += PlaneLayout.tileWidth
                            }
                        }
                        layout.compact(row.pointer, wideStride: layout.widePadded, first: 0, count: layout.widePadded, rows: 1,
                                       into: output.base + (n * g.outChannels + o) * plane, bias: shared.2.base + o)
                    }
                }
            }
        }
    }

    /// ∂loss/∂input into the zeroed input-gradient planes: one worker item per (image,
    /// input channel), which owns that channel's block of the planes.
    static func inputGradient(weight: SharedConstPointer, wideGrad: SharedConstPointer, gradPlanes: SharedPointer,
                              _ layout: PlaneLayout, _ g: ConvGeometry) {
        let inPerGroup = g.inChannels / g.groups, perGroup = g.outChannels / g.groups, taps = layout.taps
        parallelItems(g.batch * g.inChannels, shares: imageShares(g.batch)) { worker, queue in
            for item in queue.taken(by: worker) {
                let n = item / g.inChannels, c = item % g.inChannels, group = c / inPerGroup
                let planeBase = gradPlanes.base + n * layout.imageCount + c * layout.channelStride
                for o in (group * perGroup)..<((group + 1) * perGroup) {
                    let source = wideGrad.base + (n * g.outChannels + o) * layout.widePadded
                    for t in 0..<taps {
                        let w = weight.base[(o * inPerGroup + c - group * inPerGroup) * taps + t]
                        axpy(count: layout.widePadded, w, source, planeBase + layout.tapOffsets[t])
                    }
                }
            }
        }
    }

    /// ∂loss/∂weight as dot products over all images and wide pixels: one worker item per
    /// group, which owns that group's weights. Like `forward`, each item copies its own
    /// input channels (into planes) and output-gradient channels (into wide numbering) image
    /// by image into the worker's small buffers, instead of reading the batch's copies:
    /// half the memory traffic. Each weight's sum still adds the images' dot products in
    /// image order, starting from zero.
    static func weightGradient(input: UnsafePointer<Float>, gradOutput: UnsafePointer<Float>, gradWeight: SharedPointer,
                               _ layout: PlaneLayout, _ g: ConvGeometry) {
        let inPerGroup = g.inChannels / g.groups, perGroup = g.outChannels / g.groups, taps = layout.taps
        let plane = g.outputSize.h * g.outputSize.w, inputPlane = g.inputSize.h * g.inputSize.w
        let shared = (SharedConstPointer(input), SharedConstPointer(gradOutput))
        let weights = perGroup * inPerGroup * taps, eights = taps / 8 * 8
        layout.tapOffsets.withUnsafeBufferPointer { tapOffsets in
            let offsets = OffsetPointers(b: tapOffsets.baseAddress!, c: tapOffsets.baseAddress!)
            parallelItems(g.groups) { _, queue in
                // Zero borders and unused wide columns stay zero: every image writes the same places.
                let planes = FloatBuffer(zeros: inPerGroup * layout.channelStride)
                let wide = FloatBuffer(zeros: perGroup * layout.widePadded)
                for group in queue {
                    // The group's weights, which this item owns, are its sums.
                    let sums = gradWeight.base + group * weights
                    sums.update(repeating: 0, count: weights)
                    for n in 0..<g.batch {
                        layout.scatterImage(shared.0.base + (n * g.inChannels + group * inPerGroup) * inputPlane,
                                            into: planes.pointer, channels: 0..<inPerGroup)
                        layout.widenOutput(shared.1.base + (n * g.outChannels + group * perGroup) * plane,
                                           into: wide.pointer, channels: 0..<perGroup)
                        for o in 0..<perGroup {
                            for c in 0..<inPerGroup {
                                let d = wide.pointer + o * layout.widePadded, x = planes.pointer + c * layout.channelStride
                                let first = sums + (o * inPerGroup + c) * taps
                                // Eight taps per pass over d, the rest one at a time.
                                for t in stride(from: 0, to: eights, by: 8) {
                                    addDots8(count: layout.widePadded, d, x, offsets: offsets.b + t, into: first + t)
                                }
                                for t in eights..<taps { first[t] += dot(count: layout.widePadded, d, x + offsets.b[t]) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// c[0..<48] = Σ_k w[k] · b[bOffsets[k] + 0..<48]: one output channel, one tile.
@inline(never)
func directTile1x48(count: Int, w: UnsafePointer<Float>, b: UnsafePointer<Float>, bOffsets: UnsafePointer<Int>,
                    c: UnsafeMutablePointer<Float>) {
    var c0 = SIMD16<Float>(), c1 = SIMD16<Float>(), c2 = SIMD16<Float>()
    for k in 0..<count {
        let bp = UnsafeRawPointer(b + bOffsets[k])
        let a = SIMD16<Float>(repeating: w[k])
        c0 = c0.addingProduct(a, bp.loadUnaligned(fromByteOffset: 0, as: SIMD16<Float>.self))
        c1 = c1.addingProduct(a, bp.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self))
        c2 = c2.addingProduct(a, bp.loadUnaligned(fromByteOffset: 128, as: SIMD16<Float>.self))
    }
    let raw = UnsafeMutableRawPointer(c)
    raw.storeBytes(of: c0, toByteOffset: 0, as: SIMD16<Float>.self)
    raw.storeBytes(of: c1, toByteOffset: 64, as: SIMD16<Float>.self)
    raw.storeBytes(of: c2, toByteOffset: 128, as: SIMD16<Float>.self)
}

/// c[q] = Σ_k w[k] · b[bOffsets[k] + q] for q in 0..<count (a multiple of 48): one output
/// channel of nine taps (a depthwise 3 × 3) over a whole wide plane.
///
/// Why not `directTile1x48` tile by tile: each of its multiply-adds came with a load of its
/// tap's offset and a broadcast of its weight from memory, and its three vectors' loads — 45
/// loads for 27 multiply-adds, so the loads bounded it (about half the FMA peak). Here the
/// nine weights and the nine taps' row pointers are held in registers for the whole plane,
/// and every multiply-add reads its operand straight from memory (one load each).
@inline(never)
func directPlane9(count: Int, w: UnsafePointer<Float>, b: UnsafePointer<Float>, bOffsets: UnsafePointer<Int>,
                  c: UnsafeMutablePointer<Float>) {
    let w0 = SIMD16<Float>(repeating: w[0]), w1 = SIMD16<Float>(repeating: w[1]), w2 = SIMD16<Float>(repeating: w[2])
    let w3 = SIMD16<Float>(repeating: w[3]), w4 = SIMD16<Float>(repeating: w[4]), w5 = SIMD16<Float>(repeating: w[5])
    let w6 = SIMD16<Float>(repeating: w[6]), w7 = SIMD16<Float>(repeating: w[7]), w8 = SIMD16<Float>(repeating: w[8])
    let b0 = UnsafeRawPointer(b + bOffsets[0]), b1 = UnsafeRawPointer(b + bOffsets[1]), b2 = UnsafeRawPointer(b + bOffsets[2])
    let b3 = UnsafeRawPointer(b + bOffsets[3]), b4 = UnsafeRawPointer(b + bOffsets[4]), b5 = UnsafeRawPointer(b + bOffsets[5])
    let b6 = UnsafeRawPointer(b + bOffsets[6]), b7 = UnsafeRawPointer(b + bOffsets[7]), b8 = UnsafeRawPointer(b + bOffsets[8])
    let out = UnsafeMutableRawPointer(c)
    @inline(__always) func vector(at byte: Int) -> SIMD16<Float> {
        var s = w0 * b0.loadUnaligned(fromByteOffset: byte, as: SIMD16<Float>.self)
        s = s.addingProduct(w1, b1.loadUnaligned(fromByteOffset: byte, as: SIMD16<Float>.self))
        s = s.addingProduct(w2, b2.loadUnaligned(fromByteOffset: byte, as: SIMD16<Float>.self))
        s = s.addingProduct(w3, b3.loadUnaligned(fromByteOffset: byte, as: SIMD16<Float>.self))
        s = s.addingProduct(w4, b4.loadUnaligned(fromByteOffset: byte, as: SIMD16<Float>.self))
        s = s.addingProduct(w5, b5.loadUnaligned(fromByteOffset: byte, as: SIMD16<Float>.self))
        s = s.addingProduct(w6, b6.loadUnaligned(fromByteOffset: byte, as: SIMD16<Float>.self))
        s = s.addingProduct(w7, b7.loadUnaligned(fromByteOffset: byte, as: SIMD16<Float>.self))
        return s.addingProduct(w8, b8.loadUnaligned(fromByteOffset: byte, as: SIMD16<Float>.self))
    }
    var byte = 0
    while byte < count &* 4 {
        let s0 = vector(at: byte), s1 = vector(at: byte &+ 64), s2 = vector(at: byte &+ 128)
        out.storeBytes(of: s0, toByteOffset: byte, as: SIMD16<Float>.self)
        out.storeBytes(of: s1, toByteOffset: byte &+ 64, as: SIMD16<Float>.self)
        out.storeBytes(of: s2, toByteOffset: byte &+ 128, as: SIMD16<Float>.self)
        byte &+= 192
    }
}

/// y[0..<count] += a · x[0..<count], for `count` a multiple of 16.
@inline(never)
func axpy(count: Int, _ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
    let scale = SIMD16<Float>(repeating: a)
    let xr = UnsafeRawPointer(x), yr = UnsafeMutableRawPointer(y)
    var byte = 0
    while byte < count &* 4 {
        let sum = yr.loadUnaligned(fromByteOffset: byte, as: SIMD16<Float>.self)
            .addingProduct(scale, xr.loadUnaligned(fromByteOffset: byte, as: SIMD16<Float>.self))
        yr.storeBytes(of: sum, toByteOffset: byte, as: SIMD16<Float>.self)
        byte &+= 64
    }
}

/// sums[t] += Σ_q d[q] · x[offsets[t] + q] for t in 0..<8, over `count` floats (a multiple
/// of 16): eight dot products in one pass over d, each vector of d loaded once for eight
/// taps — nine loads per eight multiply-adds, where eight `dot`s load two per multiply-add.
/// A depthwise 3×3's ∂weight (DirectConv.weightGradient) was bound by those loads, its data
/// (a plane and a row of dY, 26 KiB for 56×56) being in L1 or L2: conv-bench's case g,
/// medians of three interleaved runs, one thread 1.64 → 1.38 ms, two 0.727 → 0.540; it is
/// now bound by reading the batch from memory (the copies into the small buffers: half of
/// its samples).
@inline(never)
func addDots8(count: Int, _ d: UnsafePointer<Float>, _ x: UnsafePointer<Float>, offsets: UnsafePointer<Int>,
              into sums: UnsafeMutablePointer<Float>) {
    var s0 = SIMD16<Float>(), s1 = SIMD16<Float>(), s2 = SIMD16<Float>(), s3 = SIMD16<Float>()
    var s4 = SIMD16<Float>(), s5 = SIMD16<Float>(), s6 = SIMD16<Float>(), s7 = SIMD16<Float>()
    let dr = UnsafeRawPointer(d)
    let x0 = UnsafeRawPointer(x + offsets[0]), x1 = UnsafeRawPointer(x + offsets[1]), x2 = UnsafeRawPointer(x + offsets[2])
    let x3 = UnsafeRawPointer(x + offsets[3]), x4 = UnsafeRawPointer(x + offsets[4]), x5 = UnsafeRawPointer(x + offsets[5])
    let x6 = UnsafeRawPointer(x + offsets[6]), x7 = UnsafeRawPointer(x + offsets[7])
    var byte = 0
    while byte < count &* 4 {
        let v = dr.loadUnaligned(fromByteOffset: byte, as: SIMD16<Float>.self)
        s0 = s0.addingProduct(v, x0.loadUnaligned(fromByteOffset: byte, as: SIMD16<Float>.self))
        s1 = s1.addingProduct(v, x1.loadUnaligned(fromByteOffset: byte, as: SIMD16<Float>.self))
        s2 = s2.addingProduct(v, x2.loadUnaligned(fromByteOffset: byte, as: SIMD16<Float>.self))
        s3 = s3.addingProduct(v, x3.loadUnaligned(fromByteOffset: byte, as: SIMD16<Float>.self))
        s4 = s4.addingProduct(v, x4.loadUnaligned(fromByteOffset: byte, as: SIMD16<Float>.self))
        s5 = s5.addingProduct(v, x5.loadUnaligned(fromByteOffset: byte, as: SIMD16<Float>.self))
        s6 = s6.addingProduct(v, x6.loadUnaligned(fromByteOffset: byte, as: SIMD16<Float>.self))
        s7 = s7.addingProduct(v, x7.loadUnaligned(fromByteOffset: byte, as: SIMD16<Float>.self))
        byte &+= 64
    }
    sums[0] += s0.sum(); sums[1] += s1.sum(); sums[2] += s2.sum(); sums[3] += s3.sum()
    sums[4] += s4.sum(); sums[5] += s5.sum(); sums[6] += s6.sum(); sums[7] += s7.sum()
}

/// Σ x[i] · y[i] over `count` floats, a multiple of 48 (three independent accumulators).
@inline(never)
func dot(count: Int, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>) -> Float {
    var s0 = SIMD16<Float>(), s1 = SIMD16<Float>(), s2 = SIMD16<Float>()
    let xr = UnsafeRawPointer(x), yr = UnsafeRawPointer(y)
    var byte = 0
    while byte < count &* 4 {
        s0 = s0.addingProduct(xr.loadUnaligned(fromByteOffset: byte, as: SIMD16<Float>.self),
                              yr.loadUnaligned(fromByteOffset: byte, as: SIMD16<Float>.self))
        s1 = s1.addingProduct(xr.loadUnaligned(fromByteOffset: byte &+ 64, as: SIMD16<Float>.self),
                              yr.loadUnaligned(fromByteOffset: byte &+ 64, as: SIMD16<Float>.self))
        s2 = s2.addingProduct(xr.loadUnaligned(fromByteOffset: byte &+ 128, as: SIMD16<Float>.self),
                              yr.loadUnaligned(fromByteOffset: byte &+ 128, as: SIMD16<Float>.self))
        byte &+= 192
    }
    return (s0 + s1 + s2).sum()
}
