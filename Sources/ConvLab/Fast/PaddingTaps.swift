/// Which taps of a kernel read inside the image, not its zero padding, along one axis: the
/// fast paths skip the others (they would multiply by zero).
extension ConvGeometry {
    /// The kernel rows i whose input row y·s_h + i·d_h (padded numbering) lies inside the
    /// image for output row y: a range, empty when the row reads padding only.
    func kernelRowsInside(outputRow y: Int) -> Range<Int> {
        Self.tapsInside(output: y, padding: padding.top, stride: stride.h, dilation: dilation.h, kernel: kernel.h, input: inputSize.h)
    }

    /// The kernel columns j whose input column lies inside the image for output column x.
    func kernelColumnsInside(outputColumn x: Int) -> Range<Int> {
        Self.tapsInside(output: x, padding: padding.left, stride: stride.w, dilation: dilation.w, kernel: kernel.w, input: inputSize.w)
    }

    /// The output rows (y) for which kernel row i reads inside the image, and likewise the
    /// output columns (x) for kernel column j: ranges, since the input row y·s + i·d grows with y.
    func outputInside(kernelRow i: Int, kernelColumn j: Int) -> (rows: Range<Int>, columns: Range<Int>) {
        let rows = (0..<outputSize.h).filter { kernelRowsInside(outputRow: $0).contains(i) }
        let columns = (0..<outputSize.w).filter { kernelColumnsInside(outputColumn: $0).contains(j) }
        return ((rows.first ?? 0)..<((rows.last ?? -1) + 1), (columns.first ?? 0)..<((columns.last ?? -1) + 1))
    }

    /// Output rows (or columns) that read inside the image with the same kernel rows (or
    /// columns): the bands of rows PackedBlocks cuts its blocks from, the classes PixelTiles
    /// pairs into tiles.
    struct TapClass {
        /// The kernel rows (or columns) its members read inside the image with.
        let taps: Range<Int>
        /// Its output rows (or columns), in order.
        var members: [Int]
    }

    /// The output rows grouped by `kernelRowsInside`, in order of each class's first row.
    func outputRowClasses() -> [TapClass] { Self.classes(outputSize.h) { kernelRowsInside(outputRow: $0) } }

    /// The output columns grouped by `kernelColumnsInside`, in order of each class's first column.
    func outputColumnClasses() -> [TapClass] { Self.classes(outputSize.w) { kernelColumnsInside(outputColumn: $0) } }

    private static func classes(_ count: Int, _ inside: (Int) -> Range<Int>) -> [TapClass] {
        var result: [TapClass] = []
        for member in 0..<count {
            let taps = inside(member)
            if let index = result.firstIndex(where: { $0.taps == taps }) { result[index].members.append(member) } else {
                result.append(TapClass(taps: taps, members: [member]))
            }
        }
        return result
    }

    /// The smallest range holding both (an empty one adds nothing): the taps or pixels a
    /// tile or panel made of several rows or taps must cover.
    static func hull(_ a: Range<Int>, _ b: Range<Int>) -> Range<Int> {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        return min(a.lowerBound, b.lowerBound)..<max(a.upperBound, b.upperBound)
    }

    private static func tapsInside(output: Int, padding: Int, stride: Int, dilation: Int, kernel: Int, input: Int) -> Range<Int> {
        // The image's first and past-last input rows, relative to the output row's first tap.
        let top = padding - output * stride, bottom = top + input
        let first = max(0, (top + dilation - 1) / dilation), last = min(kernel, (bottom + dilation - 1) / dilation)
        return first < last ? first..<last : 0..<0
    }
}
