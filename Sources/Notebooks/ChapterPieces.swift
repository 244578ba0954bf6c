import LessonEngine

/// A chapter's text cut where its cells are: the prose before, between and after the
/// ```swift fences, as markdown source lines, and each cell in its place.
enum ChapterPiece: Hashable {
    /// Markdown source: lines `firstLine...` of the file, joined.
    case prose(String, firstLine: Int)
    /// A ```swift cell.
    case cell(Cell)

    /// The pieces of `chapter`, whose file's text is `source`. The front matter is left out
    /// (the body starts at the document's first block); a fence's closing line is found by
    /// counting the cell's code lines, as the parser took them.
    static func split(_ chapter: Chapter, source: String) -> [ChapterPiece] {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var pieces: [ChapterPiece] = []
        var next = (chapter.document.blocks.first?.position.line ?? lines.count + 1) - 1  // 0-based
        func prose(upTo end: Int) {
            guard next < end else { return }
            let text = lines[next..<min(end, lines.count)].joined(separator: "\n")
                .trimmingNewlines()
            if !text.isEmpty { pieces.append(.prose(text, firstLine: next + 1)) }
        }
        for cell in chapter.cells {
            let fence = cell.fence.line - 1
            prose(upTo: fence)
            pieces.append(.cell(cell))
            next = min(lines.count, fence + codeLineCount(cell.code) + 2)
        }
        prose(upTo: lines.count)
        return pieces
    }

    /// The number of source lines the code came from, whether or not it ends in a newline.
    private static func codeLineCount(_ code: String) -> Int {
        guard !code.isEmpty else { return 0 }
        let newlines = code.utf8.filter { $0 == UInt8(ascii: "\n") }.count
        return code.hasSuffix("\n") ? newlines : newlines + 1
    }
}

extension String {
    /// Without blank lines at either end.
    func trimmingNewlines() -> String {
        var lines = split(separator: "\n", omittingEmptySubsequences: false)
        while let first = lines.first, first.allSatisfy(\.isWhitespace) { lines.removeFirst() }
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
