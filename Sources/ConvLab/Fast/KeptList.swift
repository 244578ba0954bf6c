/// The buffers a cache keeps between calls (`ZeroPaddedPlanes`, `PackedWeights`), least
/// recently used first, at most `capacity` of them and `floatLimit` floats in all. Not
/// thread-safe: its owner holds a lock around every use, and releases what `keep` drops
/// after unlocking (a buffer's deinit returns it to `BufferPool`, which takes a lock of its own).
struct KeptList<Key: Equatable, Value> {
    /// Values kept at most, and floats kept at most.
    let capacity: Int, floatLimit: Int
    /// The floats a value holds.
    let floats: (Value) -> Int
    /// The values, least recently used first.
    private(set) var entries: [(key: Key, value: Value)] = []

    /// An empty list bounded by `capacity` values and `floatLimit` floats.
    init(capacity: Int, floatLimit: Int, floats: @escaping (Value) -> Int) {
        (self.capacity, self.floatLimit, self.floats) = (capacity, floatLimit, floats)
    }

    /// Values kept now.
    var count: Int { entries.count }

    /// Removes and returns the value at `index`.
    mutating func remove(at index: Int) -> Value { entries.remove(at: index).value }

    /// Moves the entry at `index` to the most recently used end.
    mutating func touch(_ index: Int) { entries.append(entries.remove(at: index)) }

    /// Keeps `value` as the most recently used and drops the least recently used past the
    /// bounds; returns the dropped values, to be released outside the owner's lock.
    mutating func keep(_ key: Key, _ value: Value) -> [Value] {
        entries.append((key, value))
        var total = entries.reduce(0) { $0 + floats($1.value) }, dropped: [Value] = []
        while entries.count > capacity || total > floatLimit {
            total -= floats(entries[0].value)
            dropped.append(entries.removeFirst().value)
        }
        return dropped
    }
}
