import Foundation
import LessonEngine

/// What `lessons run` and `lessons verify` do with the store: reuse the stored run of a
/// chapter whose cache key is unchanged, and keep every fresh run.
public struct RunCache: Sendable {
    /// The open database.
    public let database: LessonDatabase
    /// False with `--no-cache`: every chapter runs, and the fresh runs are still kept.
    public let reuse: Bool
    /// This machine and the book's commit, recorded with every fresh run.
    public let provenance: RunProvenance

    /// A cache over an open database.
    public init(database: LessonDatabase, reuse: Bool, provenance: RunProvenance) {
        self.database = database
        self.reuse = reuse
        self.provenance = provenance
    }

    /// Opens the database named by `--db`, `$LESSONS_DB` or the default beside the book.
    /// - Parameters:
    ///   - explicitPath: the `--db` option.
    ///   - bookDirectory: the book folder, or the folder of the single markdown file run.
    ///   - reuse: false for `--no-cache`.
    public static func open(
        explicitPath: String?, bookDirectory: String, reuse: Bool,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(StoreError) -> RunCache {
        let path = StoreLocation.resolve(
            explicit: explicitPath, environment: environment, bookDirectory: bookDirectory)
        return RunCache(
            database: try LessonDatabase.open(at: path, createFolder: (explicitPath ?? "").isEmpty), reuse: reuse,
            provenance: .current(bookDirectory: bookDirectory))
    }

    /// The stored run to show instead of running the chapter, or nil to run it.
    public func stored(chapter: String, key: String) throws(StoreError) -> ChapterRun? {
        guard reuse, !key.isEmpty else { return nil }
        return try database.cachedRun(chapter: chapter, key: key)
    }

    /// Keeps a fresh run (one transaction). Runs without a key (the engine could not start)
    /// are not kept: they describe no code.
    public func keep(_ run: ChapterRun) throws(StoreError) {
        guard !run.cacheKey.isEmpty else { return }
        try database.save(run, provenance: provenance)
    }
}
