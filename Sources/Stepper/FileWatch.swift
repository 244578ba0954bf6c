import Foundation

/// Notices that a file was saved: its modification time, size or inode changed since the
/// last look (an editor that saves by writing a new file and renaming it changes the inode).
/// Polled, not inotify: one `stat` per 200 ms costs nothing, sees every editor's way of
/// saving, and needs no descriptor to clean up when the watched file changes.
public struct FileWatch: Sendable {
    /// The watched file.
    public let path: String
    private var stamp: Stamp?

    /// Watches `path` from its present state (a missing file is a state too).
    public init(path: String) {
        self.path = path
        stamp = Stamp(path)
    }

    /// Whether the file changed since the last call (or since `init`); the new state
    /// becomes the one to compare with.
    public mutating func changed() -> Bool {
        let now = Stamp(path)
        defer { stamp = now }
        return now != stamp
    }

    private struct Stamp: Equatable, Sendable {
        var seconds: Int
        var nanoseconds: Int
        var size: Int64
        var inode: UInt64

        init?(_ path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            seconds = info.st_mtim.tv_sec
            nanoseconds = info.st_mtim.tv_nsec
            size = Int64(info.st_size)
            inode = UInt64(info.st_ino)
        }
    }
}
