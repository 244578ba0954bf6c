/// A chapter's text as UTF-8 lines, the unit every parsing step works on.
///
/// Columns everywhere in the engine are 1-based UTF-8 byte offsets within the line, the
/// convention of `swiftc` and `cmark`, so a column printed by the compiler for a cell and one
/// printed by the parser for the same file agree.
struct SourceText: Sendable {
    /// One line without its line ending.
    struct Line: Sendable {
        /// The 1-based line number in the file.
        var number: Int
        /// The bytes of the line, without `\n` or `\r\n`.
        var bytes: [UInt8]
    }

    /// All lines; a final line ending does not start an empty last line.
    var lines: [Line]

    /// Splits `text` at `\n`, `\r\n` and `\r` (CommonMark's line endings), drops a leading
    /// byte order mark and replaces NUL with U+FFFD, as CommonMark requires.
    init(_ text: String) {
        var lines: [Line] = []
        var current: [UInt8] = []
        var bytes = Array(text.utf8)
        // A byte order mark is not content (cmark skips it too).
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                lines.append(Line(number: lines.count + 1, bytes: current))
                current = []
                if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
            } else if byte == 0 {
                current.append(contentsOf: [0xEF, 0xBF, 0xBD])
            } else {
                current.append(byte)
            }
            index += 1
        }
        if !current.isEmpty { lines.append(Line(number: lines.count + 1, bytes: current)) }
        bytes = []
        self.lines = lines
    }
}

extension UInt8 {
    /// Space or tab: CommonMark's whitespace inside a line.
    var isSpaceOrTab: Bool { self == 0x20 || self == 0x09 }
}

extension Array where Element == UInt8 {
    /// The bytes as a string; invalid UTF-8 becomes U+FFFD rather than failing.
    var string: String { String(decoding: self, as: UTF8.self) }
}

extension ArraySlice where Element == UInt8 {
    /// The bytes as a string; invalid UTF-8 becomes U+FFFD rather than failing.
    var string: String { String(decoding: self, as: UTF8.self) }
}

/// Splits a line into whitespace-separated words with their 1-based byte columns.
func words(in bytes: ArraySlice<UInt8>, firstColumn: Int) -> [(word: String, column: Int)] {
    var result: [(String, Int)] = []
    var start: Int?
    for index in bytes.indices {
        if bytes[index].isSpaceOrTab {
            if let begin = start {
                result.append((bytes[begin..<index].string, firstColumn + begin - bytes.startIndex))
                start = nil
            }
        } else if start == nil {
            start = index
        }
    }
    if let begin = start {
        result.append((bytes[begin...].string, firstColumn + begin - bytes.startIndex))
    }
    return result
}
