import Foundation

/// Reads one chapter file, refusing what is not a chapter: anything but a regular file (a
/// folder, a FIFO, which would block, a device like /dev/zero, which never ends), a file
/// larger than `maxBytes`, and text that is not UTF-8 (Latin-1, UTF-16), which would
/// otherwise be shown with replacement characters and placed at wrong columns.
public enum ChapterFile {
    /// The largest chapter read, in bytes (4 MiB; the book's chapters are 10–40 KiB).
    public static let maxBytes = 4 << 20

    /// The text of the chapter at `path`.
    public static func read(_ path: String) throws(BookLoadError) -> String {
        // O_NONBLOCK: opening a FIFO must not wait for a writer; the type is checked next.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw .unreadable(path: path, reason: "it is \(kind(info.st_mode)), not a regular file")
        }
        guard Int(info.st_size) <= maxBytes else {
            throw .unreadable(path: path, reason: "it has \(info.st_size) bytes; a chapter may have at most "
                + "\(maxBytes >> 20) MiB")
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        var count = 0
        // The size may change while we read; never more than the limit.
        while count < bytes.count {
            let got = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + count, $0.count - count) }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
            if got == 0 { break }
            count += got
            if count > maxBytes {
                throw .unreadable(path: path, reason: "it has more than \(maxBytes >> 20) MiB; a chapter may have "
                    + "at most \(maxBytes >> 20) MiB")
            }
            if count == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: 4096)) }
        }
        bytes.removeSubrange(count...)
        return try decode(bytes, path: path)
    }

    /// The bytes as UTF-8 text, or an error naming the line of the first bad byte.
    static func decode(_ bytes: [UInt8], path: String) throws(BookLoadError) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        let utf16 = bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
            || bytes.prefix(64).contains(0)
        if utf16 {
            throw .unreadable(path: path, reason: "it looks like UTF-16 text; save it as UTF-8")
        }
        let bad = firstInvalidOffset(bytes)
        let line = 1 + bytes[..<bad].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        throw .unreadable(path: path, reason: "line \(line) is not UTF-8 (Latin-1 or another encoding?); "
            + "save the file as UTF-8")
    }

    /// The offset where the first line holding invalid UTF-8 starts (lines are checked whole:
    /// a newline byte never occurs inside a valid multi-byte sequence).
    private static func firstInvalidOffset(_ bytes: [UInt8]) -> Int {
        var lineStart = 0
        for (index, byte) in bytes.enumerated() where byte == 0x0A || index == bytes.count - 1 {
            if String(validating: bytes[lineStart...index], as: UTF8.self) == nil { return lineStart }
            lineStart = index + 1
        }
        return bytes.count
    }

    private static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a folder"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "not a file"
        }
    }
}
