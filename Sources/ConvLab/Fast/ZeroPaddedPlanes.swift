import Foundation

/// Plane buffers kept after use with their padding still zero, so that the next batch of
/// the same layout only copies its pixels in (`FastPlanes.withPlanes`).
///
/// Why. Building a batch's planes cleared every channel's block and then copied the pixels
/// in. The padding is where it was last time whenever the layout and batch are the same —
/// every run of images of a large batch (`FastPlanes.batchChunks`), every step of a training
/// loop, the two 3×3 of a pair — so it need not be cleared again. Measured with conv-bench,
/// one thread, medians of three runs each: case (b), run image by image, 17.1–17.4 ms
/// against 17.4–17.7 clearing each run's planes. In a two-thread profile of the two 3×3 the
/// clearing had been 6.5% of the samples (1.2% on one thread: each core's writes must take
/// lines the other core read in the last GEMM); without it the copy's share grew 2.3 → 4.9%,
/// the planes' in all 11.2 → 7.4%, and the time moved within the host's noise.
///
/// What it relies on: nothing writes into planes but `FastPlanes.scatter`, and that writes
/// the pixel positions only. A buffer is taken by one caller at a time.
final class ZeroPaddedPlanes: @unchecked Sendable {
    /// The buffers kept, shared by every thread.
    static let shared = ZeroPaddedPlanes()
    /// Buffers kept at most, and floats kept at most (32 MiB), the least recently given first out.
    static let capacity = 8, floatLimit = 8 << 20

    /// What fixes where a batch's padding lies.
    /// (Bottom and right padding move no pixel: where they lie follows from the rest.)
    struct Key: Hashable {
        /// The layout's sizes and strides (`PlaneLayout`).
        let channels: Int, channelStride: Int, phaseStride: Int, planeWidth: Int
        /// Its stride and the padding before the first row and column.
        let strideH: Int, strideW: Int, padTop: Int, padLeft: Int
        /// The input's size, and the images in the buffer.
        let inputHeight: Int, inputWidth: Int, batch: Int

        /// The key of `batch` images' planes in `layout`.
        init(_ layout: PlaneLayout, batch: Int) {
            (channels, channelStride, phaseStride, planeWidth) = (layout.channels, layout.channelStride, layout.phaseStride, layout.planeWidth)
            (strideH, strideW, padTop, padLeft) = (layout.stride.h, layout.stride.w, layout.padTop, layout.padLeft)
            (inputHeight, inputWidth, self.batch) = (layout.inputHeight, layout.inputWidth, batch)
        }
    }

    private let lock = NSLock()
    /// Kept buffers, least recently given first.
    private var kept = KeptList<Key, FloatBuffer>(capacity: ZeroPaddedPlanes.capacity, floatLimit: ZeroPaddedPlanes.floatLimit) { $0.count }

    /// Buffers kept now.
    var count: Int { lock.withLock { kept.count } }

    /// A buffer for `key` whose every float outside the pixel positions is zero, if one is kept.
    func take(_ key: Key) -> FloatBuffer? {
        lock.withLock {
            guard let index = kept.entries.lastIndex(where: { $0.key == key }) else { return nil }
            return kept.remove(at: index)
        }
    }

    /// Keeps `buffer`, built for `key` by `FastPlanes.scatter`, for the next batch of that layout.
    func give(_ key: Key, _ buffer: FloatBuffer) {
        guard buffer.count <= Self.floatLimit else { return }
        // Dropped buffers go back to BufferPool in their deinit, outside the lock.
        let dropped = lock.withLock { kept.keep(key, buffer) }
        withExtendedLifetime(dropped) {}
    }
}
