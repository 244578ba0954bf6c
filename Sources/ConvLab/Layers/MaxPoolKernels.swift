/// Max pooling's forward loops: a plain one that states the rule, and a vectorised one that
/// `MaxPool2D` runs. Both follow PyTorch's CPU kernel exactly: each window is scanned row by
/// row, left to right, and a value replaces the running maximum when it is greater or NaN
/// (`(val > maxval) || isnan(val)`), so ties keep the first position and a NaN propagates
/// unless a later NaN replaces it.

/// The plain loop, one window at a time, written out on its own (not through the fast loop's
/// `maxPoolWindow`, so that the tests compare two implementations): the reference.
func maxPoolReference(_ g: PoolGeometry, _ x: UnsafeBufferPointer<Float>, _ out: UnsafeMutableBufferPointer<Float>,
                      _ idx: UnsafeMutableBufferPointer<Int32>) {
    let s = g.spec, planeIn = g.inH * g.inW, planeOut = g.outH * g.outW
    for plane in 0..<g.planes {
        for oy in 0..<g.outH {
            for ox in 0..<g.outW {
                let y0 = oy * s.stride.h - s.padding.top, x0 = ox * s.stride.w - s.padding.left
                var best = -Float.infinity, bestAt = Swift.max(y0, 0) * g.inW + Swift.max(x0, 0)
                for y in Swift.max(y0, 0)..<Swift.min(y0 + s.kernel.h, g.inH) {
                    for xx in Swift.max(x0, 0)..<Swift.min(x0 + s.kernel.w, g.inW) {
                        let v = x[plane * planeIn + y * g.inW + xx]
                        if v > best || v.isNaN { best = v; bestAt = y * g.inW + xx }
                    }
                }
                out[plane * planeOut + oy * g.outW + ox] = best
                idx[plane * planeOut + oy * g.outW + ox] = Int32(bestAt)
            }
        }
    }
}

/// The maximum of one window (clipped to the input) of one plane, and its offset in the plane.
@inline(__always)
private func maxPoolWindow(_ g: PoolGeometry, _ plane: UnsafePointer<Float>, _ oy: Int, _ ox: Int) -> (Float, Int32) {
    let s = g.spec
    let y0 = oy * s.stride.h - s.padding.top, x0 = ox * s.stride.w - s.padding.left
    let yLo = Swift.max(y0, 0), yHi = Swift.min(y0 + s.kernel.h, g.inH)
    let xLo = Swift.max(x0, 0), xHi = Swift.min(x0 + s.kernel.w, g.inW)
    var best = -Float.infinity, bestAt = yLo * g.inW + xLo
    for y in yLo..<yHi {
        for xx in xLo..<xHi {
            let v = plane[y * g.inW + xx]
            if v > best || v.isNaN { best = v; bestAt = y * g.inW + xx }
        }
    }
    return (best, Int32(bestAt))
}

/// The same results as `maxPoolReference`, sixteen outputs of a row at a time where the
/// windows lie wholly inside the input's width and the stride is 1 or 2 (every pooling of the
/// zoo's networks); the other outputs one window at a time.
///
/// Why by hand: the plain loop's data-dependent branch mispredicts on most comparisons of
/// random data (a 3×3 pooling of 192×28×28 took 5.9 ms, twice the 3×3 convolution beside it in
/// Inception's module 3a); compares and selects on whole vectors have no branch to mispredict.
func maxPoolForward(_ g: PoolGeometry, _ x: UnsafeBufferPointer<Float>, _ out: UnsafeMutableBufferPointer<Float>,
                    _ idx: UnsafeMutableBufferPointer<Int32>) {
    let s = g.spec, planeIn = g.inH * g.inW, planeOut = g.outH * g.outW
    let span = MaxPoolVectorSpan(g)
    for plane in 0..<g.planes {
        let input = x.baseAddress! + plane * planeIn
        for oy in 0..<g.outH {
            let row = plane * planeOut + oy * g.outW
            let y0 = oy * s.stride.h - s.padding.top
            let yLo = Swift.max(y0, 0), yHi = Swift.min(y0 + s.kernel.h, g.inH)
            var ox = 0
            while ox < g.outW {
                if let start = span.run(reaching: ox) {
                    let (best, at) = s.stride.w == 1
                        ? maxPoolSixteen(input, g, yLo, yHi, start, stride: 1)
                        : maxPoolSixteen(input, g, yLo, yHi, start, stride: 2)
                    UnsafeMutableRawPointer(out.baseAddress! + row + start).storeBytes(of: best, as: SIMD16<Float>.self)
                    UnsafeMutableRawPointer(idx.baseAddress! + row + start).storeBytes(of: at, as: SIMD16<Int32>.self)
                    ox = start + 16
                } else {
                    let (best, at) = maxPoolWindow(g, input, oy, ox)
                    out[row + ox] = best
                    idx[row + ox] = at
                    ox += 1
                }
            }
        }
    }
}

/// Which runs of sixteen outputs of a row the vector loop may take: every window of the run
/// starts at or after the input's first column, and every load (sixteen values, or thirty-two
/// at stride 2 of which the even ones are used) ends inside the row.
struct MaxPoolVectorSpan {
    /// The first output column whose window starts inside the input.
    let first: Int
    /// One past the last output column at which a run of sixteen may start.
    let end: Int

    init(_ g: PoolGeometry) {
        let s = g.spec
        guard s.stride.w == 1 || s.stride.w == 2 else { first = 0; end = 0; return }
        first = (s.padding.left + s.stride.w - 1) / s.stride.w
        // A run starting at `ox` loads up to column ox·stride − left + (kernel − 1) + 16·stride − 1.
        let lastStart = (g.inW - s.kernel.w - 16 * s.stride.w + 1 + s.padding.left)
        end = lastStart < 0 ? 0 : lastStart / s.stride.w + 1
    }

    /// Where the run of sixteen that computes output column `ox` starts: at `ox` itself while
    /// runs may start there; past that, the last run that may start, overlapping outputs
    /// already written (computed again, to the same values) so that the row's last columns
    /// are vectorised too; nil where no run reaches `ox`.
    @inline(__always) func run(reaching ox: Int) -> Int? {
        if ox >= first && ox < end { return ox }
        if end > first && ox >= end && ox < end - 1 + 16 { return end - 1 }
        return nil
    }
}

/// The maxima of the sixteen windows of one output row starting at output column `ox`, rows
/// `yLo..<yHi` of the input, and their offsets in the plane: the scalar scan's order, on vectors.
@inline(__always)
private func maxPoolSixteen(_ input: UnsafePointer<Float>, _ g: PoolGeometry, _ yLo: Int, _ yHi: Int, _ ox: Int,
                            stride: Int) -> (SIMD16<Float>, SIMD16<Int32>) {
    let s = g.spec
    let x0 = ox * stride - s.padding.left
    let lanes = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) &* Int32(stride)
    var best = SIMD16<Float>(repeating: -.infinity)
    var at = lanes &+ Int32(yLo * g.inW + x0)
    for y in yLo..<yHi {
        for kx in 0..<s.kernel.w {
            let offset = y * g.inW + x0 + kx
            let raw = UnsafeRawPointer(input + offset)
            let v = stride == 1
                ? raw.loadUnaligned(as: SIMD16<Float>.self)
                : raw.loadUnaligned(as: SIMD32<Float>.self).evenHalf
            let take = (v .> best) .| (v .!= v)
            best.replace(with: v, where: take)
            at.replace(with: lanes &+ Int32(offset), where: take)
        }
    }
    return (best, at)
}
