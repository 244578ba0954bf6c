import Foundation

/// Notices edits to the files under some folders by polling their sizes and modification
/// times. Polling (every 100 ms by default) rather than inotify: a book and ConvLab's
/// sources are a few hundred files, a scan takes well under a millisecond of a core, and it
/// works the same for every editor's way of saving (in place, or a new file renamed over
/// the old) and on every platform.
public struct SourceWatcher: Sendable {
    /// A folder to watch and the file extensions that count in it (`md`, `swift`).
    public struct Root: Sendable, Hashable {
        /// The folder.
        public var path: String
        /// Extensions of the files that count, without the dot.
        public var extensions: Set<String>

        /// Files ending in one of `extensions` anywhere under `path`.
        public init(path: String, extensions: Set<String>) {
            self.path = path
            self.extensions = extensions
        }
    }

    /// What a file looked like at one scan: size and modification time in nanoseconds.
    public struct Stamp: Sendable, Hashable {
        /// The size in bytes.
        public var size: Int64
        /// The modification time, nanoseconds since 1970.
        public var modified: Int64
    }

    /// The files of one scan, by path.
    public typealias Scan = [String: Stamp]

    /// The folders watched.
    public let roots: [Root]

    /// A watcher of `roots`; folders that do not exist are scanned as empty.
    public init(roots: [Root]) { self.roots = roots }

    /// Every file that counts, with its stamp. Hidden files and folders (editors' swap files,
    /// the results database) are skipped, so the watcher's own builds do not wake it.
    public func scan() -> Scan {
        var files: Scan = [:]
        for root in roots {
            guard let names = FileManager.default.enumerator(atPath: root.path) else { continue }
            while let name = names.nextObject() as? String {
                let last = (name as NSString).lastPathComponent
                if last.hasPrefix(".") {
                    names.skipDescendants()
                    continue
                }
                guard root.extensions.contains((last as NSString).pathExtension) else { continue }
                let path = (root.path as NSString).appendingPathComponent(name)
                if let stamp = Self.stamp(path) { files[path] = stamp }
            }
        }
        return files
    }

    /// The paths added, removed or changed between two scans, sorted.
    public static func changes(from old: Scan, to new: Scan) -> [String] {
        let paths = Set(old.keys).union(new.keys)
        return paths.filter { old[$0] != new[$0] }.sorted()
    }

    /// Blocks until a scan differs from `last`, then waits until the files stay the same for
    /// one more `interval` (an editor may save in several writes) and returns what changed
    /// and the new scan.
    public func waitForChange(after last: Scan, interval: Duration = .milliseconds(100)) -> (changed: [String], scan: Scan) {
        var current = last
        while current == last {
            Self.sleep(interval)
            current = scan()
        }
        while true {
            Self.sleep(interval / 2)
            let settled = scan()
            if settled == current { break }
            current = settled
        }
        return (Self.changes(from: last, to: current), current)
    }

    private static func stamp(_ path: String) -> Stamp? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Stamp(size: Int64(info.st_size),
                     modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
    }

    private static func sleep(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        usleep(useconds_t(seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
    }
}
