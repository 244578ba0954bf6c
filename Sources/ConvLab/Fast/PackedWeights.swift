import Foundation

/// Weights packed for a microkernel, kept between calls and used again while the weight is
/// the same to the bit.
///
/// Why. A layer runs over and over with one weight — every batch of an evaluation, every
/// call of a benchmark, the forward and then ∂input of each training step — and packing
/// reads the weight with strides on every call: on one thread 1.9% of the 1×7 + 7×1's
/// forward samples and 2.7% of the 7×7's (conv-bench's f17, f77). Comparing the weight
/// with the one kept beside its packing is one linear read (`memcmp`, or none when it is the
/// same storage: `packed(_:weight:count:pack:)`), and once a
/// training step has moved the weight it stops at the first float that changed; the weight
/// is then packed as before and kept too.
///
/// What it relies on: a packing depends only on the weight's bits, the geometry, how the
/// weight is read (`WeightRows.Reading`) and the packer (`Packer`) — together the key — and
/// nothing writes into a packing once it is kept (callers only read it).
final class PackedWeights: @unchecked Sendable {
    /// The packings kept, shared by every thread.
    static let shared = PackedWeights()
    /// Packings kept at most, and floats kept at most (weights and packings together,
    /// 32 MiB), the least recently used first out.
    static let capacity = 64, floatLimit = 8 << 20

    /// Which packing of the weight.
    enum Packer: Hashable, Sendable {
        /// ChannelForward's blocks of `width` output channels, [kernel row][kernel column][input channel][width].
        case channelBlocks(width: Int)
        /// FastForward's GEMM panels of 8 output channels, [panel][K][8], K in the given order.
        case gemmPanels(FastForward.KOrder)
    }

    /// What a packing depends on besides the weight's bits.
    struct Key: Hashable, Sendable {
        /// The packer, the layer's geometry, and how the weight is read.
        let packer: Packer, geometry: ConvGeometry, reading: WeightRows.Reading
    }

    /// One kept packing and the weight it was packed from.
    private final class Entry: @unchecked Sendable {
        let weight: [Float], packed: FloatBuffer
        init(weight: [Float], packed: FloatBuffer) { (self.weight, self.packed) = (weight, packed) }
        var floats: Int { weight.count + packed.count }
    }

    private let lock = NSLock()
    /// Kept packings, least recently used first.
    private var kept = KeptList<Key, Entry>(capacity: PackedWeights.capacity, floatLimit: PackedWeights.floatLimit) { $0.floats }

    /// Packings kept now.
    var count: Int { lock.withLock { kept.count } }

    /// The packing by `packer` of `weight`, read through `rows`, of a layer of geometry `g`
    /// (any batch: the key holds it at batch 1): `packed(_:weight:count:pack:)` with the key
    /// worked out once, here, for every packer.
    func packed(_ packer: Packer, _ g: ConvGeometry, _ rows: WeightRows, weight: [Float], count: Int,
                pack: (FloatBuffer) -> Void) -> FloatBuffer {
        packed(Key(packer: packer, geometry: g.with(batch: 1), reading: rows.reading), weight: weight, count: count, pack: pack)
    }

    /// The packing of `weight` for `key`: a kept one when `weight` is bit for bit the one it
    /// was packed from, else a new buffer of `count` floats filled by `pack` (and kept). The
    /// caller only reads the result.
    ///
    /// Several packings may share a key: layers of one geometry with their own weights (the
    /// two 3×3 of a pair, the blocks of a residual stage) each find their own instead of
    /// replacing each other's on every call. A weight that a training step changed is packed
    /// again and kept too; its stale packings leave as the least recently used.
    ///
    /// The same storage is the same bits. An entry keeps the caller's array itself (it shares
    /// its storage, nothing is copied), so while it is kept that storage cannot change: an
    /// array whose storage another array shares copies it before any write. A weight whose
    /// storage is an entry's is therefore that entry's weight without reading it; only
    /// another storage is compared float by float (`memcmp`: the 1×7 + 7×1's two weights are
    /// 0.9 MB, 0.6–0.8% of its forward's samples on one thread, done by the caller alone
    /// while a second thread waits).
    func packed(_ key: Key, weight: [Float], count: Int, pack: (FloatBuffer) -> Void) -> FloatBuffer {
        let candidates = lock.withLock { kept.entries.filter { $0.key == key }.map(\.value) }
        // Compared outside the lock: entries never change once kept.
        let found = weight.withUnsafeBytes { bytes in
            let matching = candidates.reversed().filter { $0.weight.count == weight.count && $0.packed.count == max(count, 1) }
            return matching.first { entry in entry.weight.withUnsafeBytes { $0.baseAddress == bytes.baseAddress } && !bytes.isEmpty }
                ?? matching.first { entry in entry.weight.withUnsafeBytes { $0.isEmpty || memcmp($0.baseAddress!, bytes.baseAddress!, $0.count) == 0 } }
        }
        if let entry = found {
            lock.withLock {
                if let index = kept.entries.firstIndex(where: { $0.value === entry }) { kept.touch(index) }
            }
            return entry.packed
        }
        let packed = FloatBuffer(uninitialized: count)
        pack(packed)
        let entry = Entry(weight: weight, packed: packed)
        guard entry.floats <= Self.floatLimit else { return packed }
        // Dropped entries free their buffers in their deinit, outside the lock.
        let dropped = lock.withLock { kept.keep(key, entry) }
        withExtendedLifetime(dropped) {}
        return packed
    }
}
