import Foundation

/// Writes a site file so that a reader — or a build killed at any moment — sees either the
/// old file or the whole new one, never half a page, and no temporary file is left.
///
/// The bytes go to an unnamed file in the target's own folder (Linux `O_TMPFILE`: the kernel
/// discards it if the process dies), which gets a name (`.NAME.lessons-PID.tmp`) only once
/// it is complete, and is renamed over the target at once; only a kill between those two
/// calls leaves it behind, and the next write in that folder removes it (its pid is gone).
/// Where `O_TMPFILE` is not supported, the named temporary is written directly.
enum AtomicFile {
    /// Writes `data` to `path`. `beforeNaming` runs once the bytes are written and before
    /// the file has any name (for tests of what a kill at that moment leaves).
    static func write(_ data: Data, to path: String, beforeNaming: () -> Void = {}) throws(SiteError) {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (folder.isEmpty ? "." : folder) + "/" + temporaryName(of: name, pid: getpid())
        var fd = open(folder.isEmpty ? "." : folder, unnamedFile | O_WRONLY | O_CLOEXEC, 0o644)
        let unnamed = fd >= 0
        if !unnamed {
            fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        guard fd >= 0 else { throw failure(path) }
        defer { close(fd) }
        do throws(SiteError) {
            try writeAll(data, to: fd, path: path)
            // The page a rename publishes must be on disk before the rename is.
            guard fsync(fd) == 0 else { throw failure(path) }
            beforeNaming()
            if unnamed {
                // linkat with AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH; the /proc path does not.
                unlink(temporary)
                guard linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, temporary, AT_SYMLINK_FOLLOW) == 0 else {
                    throw failure(path)
                }
            }
            guard rename(temporary, path) == 0 else { throw failure(path) }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Removes the temporary files of writers that are gone (killed between naming and
    /// renaming) from `folder`; a live writer's files are left to it.
    static func sweep(_ folder: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names {
            guard let pid = owner(of: name), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            unlink(folder + "/" + name)
        }
    }

    /// `.index.html.lessons-4242.tmp`: hidden, naming its owner's pid.
    static func temporaryName(of name: String, pid: pid_t) -> String {
        ".\(name).lessons-\(pid).tmp"
    }

    /// The pid in a temporary file's name, or nil for any other file.
    static func owner(of name: String) -> pid_t? {
        guard name.hasPrefix("."), name.hasSuffix(".tmp"), let marker = name.range(of: ".lessons-", options: .backwards)
        else { return nil }
        return pid_t(name[marker.upperBound..<name.index(name.endIndex, offsetBy: -4)])
    }

    private static func writeAll(_ data: Data, to fd: Int32, path: String) throws(SiteError) {
        var failed = false
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < bytes.count {
                let count = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { failed = true; return }
                offset += count
            }
        }
        if failed { throw failure(path) }
    }

    /// Linux's `O_TMPFILE`, a macro Swift does not import; its parts it does.
    private static let unnamedFile = __O_TMPFILE | O_DIRECTORY

    private static func failure(_ path: String) -> SiteError {
        .cannotWrite(path: path, reason: String(cString: strerror(errno)))
    }
}
