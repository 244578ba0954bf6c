/// Finds fenced code blocks line by line, leaving the rest as prose lines.
enum FenceScanner {
    /// A run of the chapter body: one prose line or one whole fenced block.
    enum Block {
        /// A line outside any fence.
        case prose(SourceText.Line)
        /// A fenced code block.
        case fence(FencedCode)
    }

    /// The body's blocks, starting at line index `start`. A fence may be indented (as
    /// inside a list item); its content loses as much indentation as the fence had.
    static func blocks(_ source: SourceText, from start: Int, file: String) -> [Block] {
        var blocks: [Block] = []
        var index = start
        let lines = source.lines
        while index < lines.count {
            let line = lines[index]
            guard let open = opening(line.bytes) else {
                blocks.append(.prose(line))
                index += 1
                continue
            }
            var code = ""
            var closed = false
            index += 1
            while index < lines.count {
                if isClosing(lines[index].bytes, open) {
                    closed = true
                    index += 1
                    break
                }
                code += dropIndent(lines[index].bytes, open.indent).string + "\n"
                index += 1
            }
            let info = FrontMatter.trimmed(Array(line.bytes[(open.indent + open.length)...]))
            let infoStart = line.bytes[(open.indent + open.length)...].firstIndex { !$0.isSpaceOrTab } ?? line.bytes.count
            blocks.append(.fence(FencedCode(
                info: info, infoColumn: infoStart + 1,
                fence: SourceLocation(file: file, line: line.number, column: open.indent + 1),
                code: code, closed: closed)))
        }
        return blocks
    }

    private struct Opening { var indent: Int; var marker: UInt8; var length: Int }

    private static func opening(_ bytes: [UInt8]) -> Opening? {
        let indent = bytes.prefix { $0 == 0x20 }.count
        guard indent < bytes.count else { return nil }
        let marker = bytes[indent]
        guard marker == UInt8(ascii: "`") || marker == UInt8(ascii: "~") else { return nil }
        let length = bytes[indent...].prefix { $0 == marker }.count
        guard length >= 3 else { return nil }
        if marker == UInt8(ascii: "`"), bytes[(indent + length)...].contains(marker) { return nil }
        return Opening(indent: indent, marker: marker, length: length)
    }

    private static func isClosing(_ bytes: [UInt8], _ open: Opening) -> Bool {
        let indent = bytes.prefix { $0 == 0x20 }.count
        let length = bytes[indent...].prefix { $0 == open.marker }.count
        return length >= open.length && bytes[(indent + length)...].allSatisfy(\.isSpaceOrTab)
    }

    private static func dropIndent(_ bytes: [UInt8], _ count: Int) -> ArraySlice<UInt8> {
        bytes.dropFirst(min(count, bytes.prefix { $0 == 0x20 }.count))
    }
}
