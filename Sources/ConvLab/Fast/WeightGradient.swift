/// ∂loss/∂weight as a GEMM reducing over wide pixels: dWᵀ[k, o] = Σ_{n, q} X[n, offset(k) + q] · dY[n, o, q].
///
/// Work is split over (image, chunk of pixels); each worker adds into its own dWᵀ
/// accumulator, and the accumulators are summed at the end, so no two workers write the same
/// memory. Per chunk, the output gradient is transposed (pixel-major, 32 channels per two
/// vectors) — a cost of one copy per element against K multiply-adds per element.
enum WeightGradient {
    /// Wide pixels per chunk: the transposed chunk (chunk × 32 floats per tile column) stays in L1.
    static let chunk = 192

    static func gemm(wideGrad: SharedConstPointer, planes: SharedConstPointer, gradWeight: SharedPointer,
                     _ layout: PlaneLayout, _ g: ConvGeometry) {
        let perGroup = g.outChannels / g.groups, k = g.inChannels / g.groups * layout.taps
        let kPadded = (k + 7) / 8 * 8, mPadded = (perGroup + 31) / 32 * 32
        let chunksPerImage = (layout.widePadded + chunk - 1) / chunk
        let items = g.batch * chunksPerImage
        let workers = workerCount(for: items)
        let groupSize = kPadded * mPadded, workerSize = g.groups * groupSize
        let accumulators = FloatBuffer(zeros: workers * workerSize)
        let sums = accumulators.shared
        // Row offsets padded to whole panels; padding rows repeat row 0 and are never read back.
        let offsets = (0..<g.groups).map { group -> [Int] in
            let rows = FastForward.rowOffsets(group: group, layout, g)
            return rows + [Int](repeating: rows[0], count: kPadded - k)
        }
        parallelRanges(items, workers: workers) { worker, range in
            let transposed = FloatBuffer(zeros: chunk * mPadded)
            for item in range {
                let n = item / chunksPerImage, first = (item % chunksPerImage) * chunk
                let count = min(chunk, layout.widePadded - first)
                for group in 0..<g.groups {
                    for o in 0..<perGroup {
                        let src = wideGrad.base + (n * g.outChannels + group * perGroup + o) * layout.widePadded + first
                        for q in 0..<count { transposed.pointer[q * mPadded + o] = src[q] }
                    }
                    let x = planes.base + n * layout.imageCount + first
                    let acc = sums.base + worker * workerSize + group * groupSize
                    offsets[group].withUnsafeBufferPointer { off in
                        for column in 0..<(mPadded / 32) {
                            for p in 0..<(kPadded / 8) {
                                weightGradTile8x32(count: count, x: x, xOffsets: off.baseAddress! + p * 8,
                                                   d: transposed.pointer + column * 32, ldd: mPadded,
                                                   c: acc + p * 8 * mPadded + column * 32, ldc: mPadded)
                            }
                        }
                    }
                }
            }
        }
        for group in 0..<g.groups {
            for o in 0..<perGroup {
                for row in 0..<k {
                    var sum: Float = 0
                    for worker in 0..<workers { sum += sums.base[worker * workerSize + group * groupSize + row * mPadded + o] }
                    gradWeight.base[(group * perGroup + o) * k + row] = sum
                }
            }
        }
    }
}
