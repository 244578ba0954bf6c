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
        // Blank lines at either end are dropped; `firstLine` is the first line kept, so that
        // references found in the text are at the lines the parser gave them.
        func prose(upTo end: Int) {
            var first = next, last = min(end, lines.count)
            while first < last, lines[first].allSatisfy(\.isWhitespace) { first += 1 }
            while last > first, lines[last - 1].allSatisfy(\.isWhitespace) { last -= 1 }
            guard first < last else { return }
            pieces.append(.prose(lines[first..<last].joined(separator: "\n"), firstLine: first + 1))
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
