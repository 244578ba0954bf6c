/// Parses one chapter's text into a `Chapter`. Pure: no file is read; `file` is only used
/// to name the chapter and to place diagnostics.
public enum ChapterParser {
    /// The chapter in `text`, read from `file` (a path; its last component names the chapter).
    public static func parse(_ text: String, file: String) -> Chapter {
        let source = SourceText(text)
        let front = FrontMatter(source, file: file)
        let name = ChapterName(path: file)
        var diagnostics = front.diagnostics
        var builder = CellBuilder()
        var references: [Reference] = []
        var firstHeading: String?
        for block in FenceScanner.blocks(source, from: front.bodyStart, file: file) {
            switch block {
            case .fence(let fence):
                _ = builder.add(fence)
            case .prose(let line):
                if firstHeading == nil { firstHeading = heading(line.bytes) }
                for (text, column) in proseOutsideCodeSpans(line.bytes) {
                    let scanned = References.scan(text, file: file, line: line.number, column: column)
                    diagnostics += scanned.diagnostics
                    for case .reference(let reference, _) in scanned.segments { references.append(reference) }
                }
            }
        }
        diagnostics += builder.diagnostics
        let fields = front.dictionary
        diagnostics.sort { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
        let title = fields["title"].flatMap { $0.isEmpty ? nil : $0 } ?? firstHeading ?? name.slug
        return Chapter(id: name.slug, number: name.number, file: file, title: title, summary: fields["summary"],
                       frontMatter: fields, cells: builder.cells, references: references, diagnostics: diagnostics)
    }

    /// The text of an ATX level-1 heading line (`# Title`), else nil.
    private static func heading(_ bytes: [UInt8]) -> String? {
        let trimmed = FrontMatter.trimmed(bytes)
        guard trimmed.count > 2, trimmed[0] == UInt8(ascii: "#"), trimmed[1] == 0x20 else { return nil }
        return FrontMatter.trimmed(Array(trimmed.dropFirst(2))).string
    }

    /// The parts of a prose line outside backtick code spans, with their 1-based columns:
    /// `{{ x }}` inside a code span is code, not a placeholder.
    private static func proseOutsideCodeSpans(_ bytes: [UInt8]) -> [(String, Int)] {
        var parts: [(String, Int)] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "`") else { index += 1; continue }
            var run = index
            while run < bytes.count, bytes[run] == UInt8(ascii: "`") { run += 1 }
            let length = run - index
            if let close = closingRun(bytes, from: run, length: length) {
                if start < index { parts.append((bytes[start..<index].string, start + 1)) }
                index = close + length
                start = index
            } else {
                index = run
            }
        }
        if start < bytes.count { parts.append((bytes[start...].string, start + 1)) }
        return parts
    }

    private static func closingRun(_ bytes: [UInt8], from start: Int, length: Int) -> Int? {
        var index = start
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "`") else { index += 1; continue }
            var run = index
            while run < bytes.count, bytes[run] == UInt8(ascii: "`") { run += 1 }
            if run - index == length { return index }
            index = run
        }
        return nil
    }
}

/// The parts of a chapter file's name: `02-two-3x3.md` is chapter 2, id `two-3x3`.
struct ChapterName: Hashable, Sendable {
    /// The `NN` prefix, if the name has one.
    var number: Int?
    /// The id: the name without `NN-` and `.md`.
    var slug: String

    /// Reads the last path component of `path`.
    init(path: String) {
        var base = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
        if base.hasSuffix(".md") { base.removeLast(3) }
        let digits = base.prefix { $0.isASCII && $0.isNumber }
        let rest = base.dropFirst(digits.count)
        if !digits.isEmpty, rest.hasPrefix("-"), rest.count > 1, let number = Int(digits) {
            self.number = number
            slug = String(rest.dropFirst())
        } else {
            number = nil
            slug = base
        }
    }
}
