import Foundation

/// Tables built from a layer's geometry alone, kept for the most recently used geometries and
/// shared by every thread: a layer runs over and over with one geometry — every step of a
/// training loop, every call of a benchmark — and its tables are built on one thread while
/// the pool's helpers wait. `PixelTiles` (ChannelForward) and `SegmentTiling`
/// (FastForward.segmented) are kept here.
final class GeometryCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    /// Keys kept at most; the least recently used one goes first.
    let capacity: Int
    private let lock = NSLock()
    private var entries: [Key: Value] = [:]
    /// Keys from least to most recently used.
    private var order: [Key] = []

    /// An empty cache keeping at most `capacity` keys.
    init(capacity: Int) { self.capacity = capacity }

    /// Keys held now (at most `capacity`).
    var count: Int { lock.withLock { entries.count } }

    /// The value for `key`, built by `build` on first use (outside the lock: two threads may
    /// build the same value once each, never wait for each other).
    func value(_ key: Key, build: () -> Value) -> Value {
        if let found = lock.withLock({ () -> Value? in
            guard let found = entries[key] else { return nil }
            order.removeAll { $0 == key }
            order.append(key)
            return found
        }) { return found }
        let built = build()
        lock.withLock {
            if entries.updateValue(built, forKey: key) == nil { order.append(key) }
            while order.count > capacity { entries[order.removeFirst()] = nil }
        }
        return built
    }
}
