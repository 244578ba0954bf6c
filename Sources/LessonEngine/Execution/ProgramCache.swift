import Foundation
import LessonRuntime

/// The results of chapter programs kept on disk by the program's cache key, so that a chapter
/// edited in one cell compiles and runs again only the programs whose cells changed (issue
/// #17's notebook loop). A learner editing an exercise re-runs that exercise's program but
/// not the main program; an author editing the last cell does not re-run an exercise whose
/// context (the main cells before it) is unchanged, which in chapter 9 is 3 s of timing cells.
///
/// The key is `ChapterExecutor.cacheKey` of the program's cells (code and options, the build
/// of ConvLab and the runtime, the compiler, the flags and the limits), so a kept result is
/// exactly what the same program gave before, as for a whole chapter in the store. Only
/// programs whose every cell ran are kept. Entries live in `folder` (beside the learner's
/// database, so each learner's are their own); a damaged or unreadable one is a miss.
public struct ProgramCache: Sendable, Hashable {
    /// The folder of `<key>.json` files.
    public var folder: String
    /// Entries kept at most; past it the oldest half is removed.
    public var capacity: Int

    /// A cache in `folder`, created on the first entry.
    public init(folder: String, capacity: Int = 512) {
        self.folder = folder
        self.capacity = capacity
    }

    /// The results kept for `key`, one per cell of its program, or nil.
    func results(for key: String) -> [CellResult]? {
        guard let data = FileManager.default.contents(atPath: path(key)) else { return nil }
        return try? WireFormat.decoder().decode([CellResult].self, from: data)
    }

    /// Keeps `results` for `key`: written to a temporary name and renamed, so a reader never
    /// sees half a file. Failures are ignored: it is a cache.
    func keep(_ results: [CellResult], for key: String) {
        guard let data = try? WireFormat.encoder(pretty: false).encode(results) else { return }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = folder + "/.\(key).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else { return }
        if rename(temporary, path(key)) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
        trim()
    }

    private func path(_ key: String) -> String { folder + "/" + key + ".json" }

    /// Removes the oldest half of the entries once there are more than `capacity`.
    private func trim() {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: folder), names.count > capacity else { return }
        let dated = names.filter { $0.hasSuffix(".json") }.map { name -> (String, Date) in
            let attributes = try? fm.attributesOfItem(atPath: folder + "/" + name)
            return (name, attributes?[.modificationDate] as? Date ?? .distantPast)
        }.sorted { $0.1 < $1.1 }
        for (name, _) in dated.prefix(dated.count - capacity / 2) { try? fm.removeItem(atPath: folder + "/" + name) }
    }
}
