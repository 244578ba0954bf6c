import Foundation

/// What the engine's monitor reads of a running program in `/proc`: the processes under its
/// supervisor and the program's open files. Linux only, like the supervisor.
enum ProcessTree {
    /// Every process under `root` (not `root` itself), from `/proc/PID/task/TID/children`,
    /// in breadth-first order; the walk stops after `cap` processes.
    static func descendants(of root: pid_t, cap: Int) -> [pid_t] {
        var found: [pid_t] = []
        var queue = [root]
        var next = 0
        while next < queue.count, found.count < cap {
            let pid = queue[next]
            next += 1
            for child in children(of: pid) {
                found.append(child)
                queue.append(child)
            }
        }
        return found
    }

    /// The children of every thread of `pid`; in order of creation, so the supervisor's
    /// first child is the program while it lives.
    static func children(of pid: pid_t) -> [pid_t] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }.flatMap { task in
            read("/proc/\(pid)/task/\(task)/children").split(separator: " ").compactMap { pid_t($0) }
        }
    }

    /// How many file descriptors `pid` holds open.
    static func openFiles(of pid: pid_t) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []).count
    }

    /// Bytes of the regular files under `folder` (each the larger of its size and its
    /// allocation, so neither a sparse file nor a preallocated one slips by), stopping once
    /// `cap` is passed.
    static func bytes(under folder: String, cap: Int) -> Int {
        guard let walk = FileManager.default.enumerator(atPath: folder) else { return 0 }
        var total = 0
        while let name = walk.nextObject() as? String, total <= cap {
            var info = stat()
            guard lstat(folder + "/" + name, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            total += max(Int(info.st_size), Int(info.st_blocks) * 512)
        }
        return total
    }

    /// A `/proc` file's text (their sizes read as 0, so read to the end).
    private static func read(_ path: String) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, 4096) }
            guard count > 0 else { break }
            bytes += buffer[..<count]
        }
        return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
