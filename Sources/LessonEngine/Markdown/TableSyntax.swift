/// GFM tables, as `cmark-gfm`'s table extension reads them: a paragraph's last line is the
/// header row when the next line is a delimiter row with as many cells; rows follow until a
/// blank line or another block starts.
enum TableSyntax {
    /// The cells of a row (`rest` from its first non-space): trimmed text with `\|` made
    /// `|`, and the byte index where each cell starts. Nil when there is no cell.
    static func cells(_ rest: ArraySlice<UInt8>) -> [(text: [UInt8], start: Int)]? {
        let bytes = Array(rest)
        var offset = pipeAndSpaces(bytes, 0)
        var cells: [(text: [UInt8], start: Int)] = []
        var expectMore = true
        while offset < bytes.count, expectMore {
            let cellLength = cell(bytes, offset)
            let pipeLength = pipeAndSpaces(bytes, offset + cellLength) - (offset + cellLength)
            if cellLength > 0 || pipeLength > 0 {
                cells.append((trimmed(unescapePipes(bytes[offset..<(offset + cellLength)])), rest.startIndex + offset))
            }
            offset += cellLength + pipeLength
            if pipeLength == 0 {
                expectMore = false
                while offset < bytes.count, isSpace(bytes[offset]) { offset += 1 }
            }
        }
        return offset == bytes.count && !cells.isEmpty ? cells : nil
    }

    /// The alignments of a delimiter row (`|:--|--:|`), or nil if `rest` is not one.
    static func delimiterRow(_ rest: ArraySlice<UInt8>) -> [TableAlignment]? {
        guard let cells = cells(rest) else { return nil }
        var alignments: [TableAlignment] = []
        for (text, _) in cells {
            let left = text.first == UInt8(ascii: ":")
            let right = text.count > 1 && text.last == UInt8(ascii: ":")
            let dashes = text.dropFirst(left ? 1 : 0).dropLast(right ? 1 : 0)
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == UInt8(ascii: "-") }) else { return nil }
            alignments.append(left && right ? .center : left ? .left : right ? .right : .none)
        }
        return alignments
    }

    /// Turns the last line of `paragraph` into a table header if the current line is a
    /// matching delimiter row; earlier lines stay a paragraph.
    static func startTable(_ parser: BlockParser, from paragraph: BlockNode) -> Bool {
        guard let alignments = delimiterRow(parser.line[parser.nextNonspace...]) else { return false }
        var content = paragraph.content
        if content.last == 0x0A { content.removeLast() }
        let lastLineStart = (content.lastIndex(of: 0x0A)).map { $0 + 1 } ?? 0
        guard let header = cells(content[lastLineStart...]), header.count == alignments.count,
              let span = paragraph.spans.last(where: { $0.offset <= lastLineStart }) else { return false }
        parser.closeUnmatchedBlocks()
        // Like cmark-gfm, the lines before the header become a new, closed paragraph with
        // `\|` unescaped and no link reference definitions taken out of it.
        let before = trimmed(unescapePipes(paragraph.content[..<lastLineStart]))
        if !before.isEmpty {
            let previous = BlockNode(.paragraph, line: paragraph.line, column: paragraph.column)
            previous.content = before
            previous.spans = paragraph.spans.filter { $0.offset < lastLineStart }
            previous.open = false
            paragraph.insertBefore(previous)
        }
        let parent = paragraph.parent ?? parser.document
        paragraph.unlink()
        parser.tip = parent
        parser.tableOpenedOnThisLine = true
        let table = parser.addChild(.table, at: parser.nextNonspace)
        table.line = span.line
        table.column = span.column + lastLineStart - span.offset
        table.alignments = alignments
        table.rows = [header.map { ($0.text, SourceSpan(offset: 0, line: span.line, column: table.column + $0.start - lastLineStart)) }]
        parser.advanceOffset(parser.line.count - parser.offset, columns: false)
        return true
    }

    /// Adds the current line as a body row, with exactly as many cells as the header.
    static func addRow(_ parser: BlockParser, to table: BlockNode) {
        guard parser.offset < parser.line.count, let cells = cells(parser.line[parser.offset...]) else { return }
        let width = table.alignments.count
        var row = cells.prefix(width).map { ($0.text, SourceSpan(offset: 0, line: parser.lineNumber, column: $0.start + 1)) }
        while row.count < width {
            row.append(([], SourceSpan(offset: 0, line: parser.lineNumber, column: parser.line.count + 1)))
        }
        table.rows.append(row)
    }

    /// Bytes of one cell: anything up to an unescaped `|`.
    private static func cell(_ bytes: [UInt8], _ start: Int) -> Int {
        var index = start
        while index < bytes.count, bytes[index] != UInt8(ascii: "|") {
            if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "|") {
                index += 2
            } else {
                index += 1
            }
        }
        return index - start
    }

    private static func pipeAndSpaces(_ bytes: [UInt8], _ start: Int) -> Int {
        guard start < bytes.count, bytes[start] == UInt8(ascii: "|") else { return start }
        var index = start + 1
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        return index
    }

    private static func unescapePipes(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.endIndex, bytes[index + 1] == UInt8(ascii: "|") {
                index += 1
            }
            result.append(bytes[index])
            index += 1
        }
        return result
    }

    private static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else {
            return []
        }
        return Array(bytes[first...last])
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0B || byte == 0x0C }
}
