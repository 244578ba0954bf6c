/// The lines of source files for error reports, each file read once however many errors
/// point into it (a report of 50 problems must not read the chapter 50 times).
public final class SourceLines {
    private var files: [String: [Substring]?] = [:]
    private let read: (String) -> String?

    /// A cache reading files as chapters are read (regular UTF-8 files within the size limit).
    public init(read: @escaping (String) -> String? = { try? ChapterFile.read($0) }) {
        self.read = read
    }

    /// Line `number` (1-based) of the file at `path`, without its line ending; nil when the
    /// file cannot be read or has no such line.
    public func line(_ number: Int, of path: String) -> Substring? {
        guard let lines = lines(of: path), lines.indices.contains(number - 1) else { return nil }
        return lines[number - 1]
    }

    /// Every line of the file at `path`, or nil when it cannot be read.
    public func lines(of path: String) -> [Substring]? {
        if let known = files[path] { return known }
        let lines = read(path).map(Self.split)
        files[path] = lines
        return lines
    }

    /// `text` cut at `\n`, `\r\n` and `\r`, as the markdown parser counts lines. A String
    /// keeps `\r\n` as one Character, so splitting on "\n" alone would not cut a CRLF file.
    public static func split(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
    }
}
