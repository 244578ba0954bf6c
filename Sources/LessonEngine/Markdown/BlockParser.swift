/// The first phase of parsing: lines into a tree of blocks, the CommonMark way (match the
/// open containers, then look for new block starts, then add the rest of the line to the
/// innermost block that takes text). Inline content stays raw until `InlineParser`.
///
/// Tab stops, lazy continuation and list tightness follow the CommonMark reference
/// implementation's algorithm so that the output agrees with `cmark-gfm`.
final class BlockParser {
    let document: BlockNode
    var tip: BlockNode
    var oldTip: BlockNode
    var lastMatchedContainer: BlockNode
    var line: [UInt8] = []
    var lineNumber = 0
    var offset = 0
    var column = 0
    var nextNonspace = 0
    var nextNonspaceColumn = 0
    var indent = 0
    var indented = false
    var blank = false
    var partiallyConsumedTab = false
    var allClosed = true
    /// Where the matched containers' prefix ended on the current line.
    var matchedPrefixEnd = (0, 0, false)
    /// Set when the current line was a table's delimiter row.
    var tableOpenedOnThisLine = false
    /// Link reference definitions, by normalized label; the first definition wins.
    var references: [String: LinkTarget] = [:]

    static let codeIndent = 4

    init() {
        document = BlockNode(.document, line: 1, column: 1)
        tip = document
        oldTip = document
        lastMatchedContainer = document
    }

    /// Parses `lines` (the body of a chapter, numbered as in the file) into `document`.
    func parse(_ lines: ArraySlice<SourceText.Line>) -> BlockNode {
        for sourceLine in lines {
            lineNumber = sourceLine.number
            incorporate(sourceLine.bytes)
        }
        while tip !== document { finalize(tip) }
        finalize(document)
        return document
    }

    func peek(_ index: Int) -> UInt8? { index < line.count ? line[index] : nil }

    /// Finds the first non-blank byte at or after `offset`. The scan is remembered until
    /// `offset` passes it (as cmark does), so deep indentation costs no repeated rescans.
    func findNextNonspace() {
        if nextNonspace <= offset {
            var index = offset
            var columns = column
            while index < line.count {
                if line[index] == 0x20 {
                    index += 1
                    columns += 1
                } else if line[index] == 0x09 {
                    index += 1
                    columns += 4 - columns % 4
                } else {
                    break
                }
            }
            nextNonspace = index
            nextNonspaceColumn = columns
        }
        blank = nextNonspace >= line.count
        indent = nextNonspaceColumn - column
        indented = indent >= Self.codeIndent
    }

    func advanceNextNonspace() {
        offset = nextNonspace
        column = nextNonspaceColumn
        partiallyConsumedTab = false
    }

    /// Advances `count` bytes, or `count` columns when `columns` is set (a tab may then be
    /// consumed only in part).
    func advanceOffset(_ count: Int, columns: Bool) {
        var count = count
        while count > 0, offset < line.count {
            if line[offset] == 0x09 {
                let toTab = 4 - column % 4
                if columns {
                    partiallyConsumedTab = toTab > count
                    let advance = min(toTab, count)
                    column += advance
                    offset += partiallyConsumedTab ? 0 : 1
                    count -= advance
                } else {
                    partiallyConsumedTab = false
                    column += toTab
                    offset += 1
                    count -= 1
                }
            } else {
                partiallyConsumedTab = false
                offset += 1
                column += 1
                count -= 1
            }
        }
    }

    private func incorporate(_ bytes: [UInt8]) {
        line = bytes
        tableOpenedOnThisLine = false
        nextNonspace = 0
        nextNonspaceColumn = 0
        offset = 0
        column = 0
        blank = false
        partiallyConsumedTab = false
        oldTip = tip
        var container = document
        while let last = container.openLastChild {
            container = last
            findNextNonspace()
            switch continues(container) {
            case .matched: continue
            case .notMatched: container = container.parent ?? document
            case .lineDone: return
            }
            break
        }
        allClosed = container === oldTip
        lastMatchedContainer = container
        container = openNewBlocks(container)
        addRestOfLine(container)
    }

    private func openNewBlocks(_ start: BlockNode) -> BlockNode {
        var container = start
        matchedPrefixEnd = (offset, column, partiallyConsumedTab)
        var matchedLeaf = container.kind != .paragraph && container.acceptsLines
        while !matchedLeaf {
            findNextNonspace()
            if !indented, let byte = peek(nextNonspace), !Self.maybeSpecial(byte) {
                advanceNextNonspace()
                break
            }
            switch tryBlockStarts(container) {
            case .container: container = tip
            case .leaf:
                container = tip
                matchedLeaf = true
            case .none:
                advanceNextNonspace()
                return container
            }
        }
        return container
    }

    private func addRestOfLine(_ container: BlockNode) {
        if !allClosed, !blank, tip.kind == .paragraph {
            // A lazy continuation line keeps its leading blanks, as in cmark (they matter in
            // code spans and after a backslash line break).
            (offset, column, partiallyConsumedTab) = matchedPrefixEnd
            addLine()
            return
        }
        closeUnmatchedBlocks()
        if blank, let last = container.children.last { last.lastLineBlank = true }
        let kind = container.kind
        let lastLineBlank = blank && !(kind == .blockQuote || (kind == .codeBlock && container.fenced)
            || (kind == .item && container.children.isEmpty && container.line == lineNumber))
        // As cmark: the container records the blank line, its ancestors are reset.
        container.lastLineBlank = lastLineBlank
        var ancestor = container.parent
        while let current = ancestor {
            current.lastLineBlank = false
            ancestor = current.parent
        }
        // cmark-gfm reads the consumed delimiter row as a blank line for the new table, so a
        // table without body rows counts as ending in a blank line (a list around it is loose).
        if tableOpenedOnThisLine { container.lastLineBlank = true }
        if container.acceptsLines {
            addLine()
            if kind == .htmlBlock, (1...5).contains(container.htmlType),
               HTMLSyntax.endsBlock(type: container.htmlType, Array(line[offset...])) {
                finalize(container)
            }
        } else if kind == .table, !blank {
            TableSyntax.addRow(self, to: container)
        } else if offset < line.count, !blank {
            addChild(.paragraph, at: nextNonspace)
            advanceNextNonspace()
            addLine()
        }
    }

    /// Adds the rest of the current line to the tip's content.
    func addLine() {
        if partiallyConsumedTab {
            offset += 1
            let toTab = 4 - column % 4
            tip.content += Array(repeating: 0x20, count: toTab)
        }
        tip.spans.append(SourceSpan(offset: tip.content.count, line: lineNumber, column: min(offset, line.count) + 1))
        if offset < line.count { tip.content += line[offset...] }
        tip.content.append(0x0A)
    }

    /// Adds a block of `kind` starting at byte `at`, closing blocks that cannot contain it.
    @discardableResult
    func addChild(_ kind: BlockNode.Kind, at index: Int) -> BlockNode {
        while !tip.canContain(kind) { finalize(tip) }
        let node = BlockNode(kind, line: lineNumber, column: index + 1)
        tip.append(node)
        tip = node
        return node
    }

    func closeUnmatchedBlocks() {
        guard !allClosed else { return }
        while oldTip !== lastMatchedContainer {
            let parent = oldTip.parent
            finalize(oldTip)
            guard let parent else { break }
            oldTip = parent
        }
        allClosed = true
    }

    /// Closes `block`; paragraphs give up their link reference definitions, lists decide
    /// whether they are tight.
    func finalize(_ block: BlockNode) {
        let above = block.parent
        block.open = false
        switch block.kind {
        case .paragraph:
            let consumed = LinkSyntax.parseReferenceDefinitions(block.content, into: &references)
            if consumed > 0 {
                block.content.removeFirst(consumed)
                block.spans = Self.shift(block.spans, by: consumed)
            }
            if block.content.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A }) { block.unlink() }
        case .list:
            block.list.tight = Self.isTight(block)
        default:
            break
        }
        tip = above ?? document
    }

    /// Definitions always end at a line end, so the spans left start at line starts.
    static func shift(_ spans: [SourceSpan], by count: Int) -> [SourceSpan] {
        spans.filter { $0.offset >= count }.map { SourceSpan(offset: $0.offset - count, line: $0.line, column: $0.column) }
    }

    private static func isTight(_ list: BlockNode) -> Bool {
        for (index, item) in list.children.enumerated() {
            let hasNext = index + 1 < list.children.count
            if item.endsWithBlankLine(), hasNext { return false }
            for (subIndex, sub) in item.children.enumerated()
            where sub.endsWithBlankLine() && (hasNext || subIndex + 1 < item.children.count) {
                return false
            }
        }
        return true
    }

    /// Bytes that may start a block other than a paragraph.
    static func maybeSpecial(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "#"), UInt8(ascii: "`"), UInt8(ascii: "~"), UInt8(ascii: "*"), UInt8(ascii: "+"),
             UInt8(ascii: "_"), UInt8(ascii: "="), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "-"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "|"), UInt8(ascii: ":"):
            true
        default:
            false
        }
    }
}
