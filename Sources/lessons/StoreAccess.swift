import Foundation
import LessonEngine
import LessonStore

/// The CLI's door to the results database: opened from `--db`, `$LESSONS_DB` or the default
/// beside the book, with every `StoreError` turned into an `InputError` (exit status 2: the
/// message names the file and says what to do).
enum StoreAccess {
    /// The cache for `run` and `verify`. `target` is the chapter or `.md` file named on the
    /// command line: a lone markdown file keeps its results beside its own folder.
    static func open(_ options: BookOptions, target: String? = nil) throws(InputError) -> RunCache {
        do {
            return try RunCache.open(
                explicitPath: options.db, bookDirectory: bookDirectory(options, target: target),
                reuse: !options.noCache)
        } catch {
            throw InputError(message: error.description)
        }
    }

    /// The database alone, for commands that only read it (`history`). A missing file is an
    /// error rather than a new empty database.
    static func database(_ options: BookOptions) throws(InputError) -> LessonDatabase {
        let path = StoreLocation.resolve(
            explicit: options.db, environment: ProcessInfo.processInfo.environment,
            bookDirectory: options.book)
        guard FileManager.default.fileExists(atPath: StoreLocation.file(of: path)) else {
            throw InputError(message: "no results yet at \(path): run `lessons run` first, "
                + "or name the database with --db PATH")
        }
        do {
            return try LessonDatabase.open(at: path)
        } catch {
            throw InputError(message: error.description)
        }
    }

    /// The stored run of `chapter` with the key its cells have now, or nil.
    static func stored(
        _ chapter: Chapter, executor: ChapterExecutor, cache: RunCache?
    ) throws(InputError) -> ChapterRun? {
        guard let cache else { return nil }
        do {
            return try cache.stored(
                chapter: chapter.id, key: executor.cacheKey(file: chapter.file, cells: chapter.cells))
        } catch {
            throw InputError(message: error.description)
        }
    }

    /// Keeps a fresh run.
    static func keep(_ run: ChapterRun, in cache: RunCache?) throws(InputError) {
        do {
            try cache?.keep(run)
        } catch {
            throw InputError(message: error.description)
        }
    }

    private static func bookDirectory(_ options: BookOptions, target: String?) -> String {
        guard let target, target.hasSuffix(".md"), FileManager.default.fileExists(atPath: target)
        else { return options.book }
        return URL(fileURLWithPath: target).deletingLastPathComponent().path
    }
}
