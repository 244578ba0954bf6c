extension BlockParser {
    /// Whether an open block goes on with the current line.
    enum Continuation { case matched, notMatched, lineDone }
    /// What a block start did: nothing, opened a container, or opened a leaf taking the line.
    enum StartResult { case none, container, leaf }

    /// Consumes the current line's prefix that continues `container`, if it does.
    func continues(_ container: BlockNode) -> Continuation {
        switch container.kind {
        case .document, .list: return .matched
        case .blockQuote:
            guard !indented, peek(nextNonspace) == UInt8(ascii: ">") else { return .notMatched }
            advanceNextNonspace()
            advanceOffset(1, columns: false)
            if peek(offset)?.isSpaceOrTab == true { advanceOffset(1, columns: true) }
            return .matched
        case .item:
            // cmark's order: enough indentation first (a blank line keeps what lies beyond
            // the item's content column), then a blank line inside a non-empty item.
            if indent >= container.list.markerOffset + container.list.padding {
                advanceOffset(container.list.markerOffset + container.list.padding, columns: true)
            } else if blank, !container.children.isEmpty {
                advanceNextNonspace()
            } else {
                return .notMatched
            }
            return .matched
        case .heading, .thematicBreak: return .notMatched
        case .codeBlock: return continuesCode(container)
        case .htmlBlock: return blank && (container.htmlType == 6 || container.htmlType == 7) ? .notMatched : .matched
        case .paragraph: return blank ? .notMatched : .matched
        case .table:
            return blank || TableSyntax.cells(line[nextNonspace...]) == nil ? .notMatched : .matched
        }
    }

    private func continuesCode(_ container: BlockNode) -> Continuation {
        if container.fenced {
            let rest = line[min(nextNonspace, line.count)...]
            let run = rest.prefix { $0 == container.fenceChar }.count
            if indent <= 3, run >= 3, run >= container.fenceLength, rest.dropFirst(run).allSatisfy(\.isSpaceOrTab) {
                container.closed = true
                finalize(container)
                return .lineDone
            }
            var remaining = container.fenceOffset
            while remaining > 0, peek(offset)?.isSpaceOrTab == true {
                advanceOffset(1, columns: true)
                remaining -= 1
            }
        } else if indent >= Self.codeIndent {
            advanceOffset(Self.codeIndent, columns: true)
        } else if blank {
            advanceNextNonspace()
        } else {
            return .notMatched
        }
        return .matched
    }

    /// Tries each kind of block start at the current position, in CommonMark's order.
    func tryBlockStarts(_ container: BlockNode) -> StartResult {
        let rest = line[min(nextNonspace, line.count)...]
        let first = rest.first
        let roomForContainers = Self.nesting(of: container) < Self.maxNesting
        if !indented, roomForContainers, first == UInt8(ascii: ">") {
            advanceNextNonspace()
            advanceOffset(1, columns: false)
            if peek(offset)?.isSpaceOrTab == true { advanceOffset(1, columns: true) }
            closeUnmatchedBlocks()
            addChild(.blockQuote, at: nextNonspace)
            return .container
        }
        if !indented, first == UInt8(ascii: "#"), let result = atxHeading(rest) { return result }
        if !indented, let result = fencedCode(rest) { return result }
        if !indented, first == UInt8(ascii: "<"), let type = HTMLSyntax.blockStart(rest),
           type < 7 || container.kind != .paragraph {
            // cmark-gfm 0.29 lets type 7 start even where the line would be a lazy continuation.
            closeUnmatchedBlocks()
            addChild(.htmlBlock, at: offset).htmlType = type
            return .leaf
        }
        if !indented, container.kind == .paragraph, let result = setextHeading(container, rest) { return result }
        if !indented, Self.isThematicBreak(rest) {
            closeUnmatchedBlocks()
            addChild(.thematicBreak, at: nextNonspace)
            advanceOffset(line.count - offset, columns: false)
            return .leaf
        }
        if !indented || container.kind == .list, roomForContainers, let data = listMarker(container) {
            closeUnmatchedBlocks()
            if tip.kind != .list || !tip.list.matches(data) {
                addChild(.list, at: nextNonspace).list = data
            }
            addChild(.item, at: nextNonspace).list = data
            return .container
        }
        if indented, tip.kind != .paragraph, !blank {
            advanceOffset(Self.codeIndent, columns: true)
            closeUnmatchedBlocks()
            addChild(.codeBlock, at: offset)
            return .leaf
        }
        if !indented, container.kind == .paragraph, TableSyntax.startTable(self, from: container) { return .leaf }
        return .none
    }

    /// Containers nested deeper than this are not opened (the marker stays text), so that
    /// walking the tree can never exhaust the stack; cmark has no such limit.
    static let maxNesting = 100

    static func nesting(of container: BlockNode) -> Int {
        var depth = 0
        var node = container.parent
        while let current = node, depth <= maxNesting {
            depth += 1
            node = current.parent
        }
        return depth
    }

    private func atxHeading(_ rest: ArraySlice<UInt8>) -> StartResult? {
        let hashes = rest.prefix { $0 == UInt8(ascii: "#") }.count
        guard hashes <= 6 else { return nil }
        let after = rest.dropFirst(hashes)
        guard after.isEmpty || after.first?.isSpaceOrTab == true else { return nil }
        advanceNextNonspace()
        advanceOffset(hashes, columns: false)
        while peek(offset)?.isSpaceOrTab == true { advanceOffset(1, columns: false) }
        closeUnmatchedBlocks()
        let heading = addChild(.heading, at: nextNonspace)
        heading.level = hashes
        var content = Array(line[min(offset, line.count)...])
        while content.last?.isSpaceOrTab == true { content.removeLast() }
        let closing = content.reversed().prefix { $0 == UInt8(ascii: "#") }.count
        if closing > 0 {
            let before = content.dropLast(closing)
            if before.isEmpty || before.last?.isSpaceOrTab == true {
                content = Array(before)
                while content.last?.isSpaceOrTab == true { content.removeLast() }
            }
        }
        heading.content = content
        heading.spans = [SourceSpan(offset: 0, line: lineNumber, column: offset + 1)]
        advanceOffset(line.count - offset, columns: false)
        return .leaf
    }

    private func fencedCode(_ rest: ArraySlice<UInt8>) -> StartResult? {
        guard let marker = rest.first, marker == UInt8(ascii: "`") || marker == UInt8(ascii: "~") else { return nil }
        let length = rest.prefix { $0 == marker }.count
        guard length >= 3 else { return nil }
        if marker == UInt8(ascii: "`"), rest.dropFirst(length).contains(marker) { return nil }
        closeUnmatchedBlocks()
        let code = addChild(.codeBlock, at: nextNonspace)
        code.fenced = true
        code.fenceChar = marker
        code.fenceLength = length
        code.fenceOffset = indent
        advanceNextNonspace()
        advanceOffset(length, columns: false)
        let infoStart = line[offset...].firstIndex { !$0.isSpaceOrTab } ?? line.count
        code.infoColumn = infoStart + 1
        return .leaf
    }

    private func setextHeading(_ container: BlockNode, _ rest: ArraySlice<UInt8>) -> StartResult? {
        guard let marker = rest.first, marker == UInt8(ascii: "=") || marker == UInt8(ascii: "-") else { return nil }
        let run = rest.prefix { $0 == marker }.count
        guard rest.dropFirst(run).allSatisfy(\.isSpaceOrTab) else { return nil }
        closeUnmatchedBlocks()
        let consumed = LinkSyntax.parseReferenceDefinitions(container.content, into: &references)
        if consumed > 0 {
            container.content.removeFirst(consumed)
            container.spans = Self.shift(container.spans, by: consumed)
        }
        // Only definitions: cmark-gfm then stops looking for block starts, and the line
        // becomes paragraph text.
        guard !container.content.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A }) else { return StartResult.none }
        let heading = BlockNode(.heading, line: container.line, column: container.column)
        heading.level = marker == UInt8(ascii: "=") ? 1 : 2
        heading.content = container.content
        heading.spans = container.spans
        container.insertBefore(heading)
        container.unlink()
        tip = heading
        advanceOffset(line.count - offset, columns: false)
        return .leaf
    }

    static func isThematicBreak(_ rest: ArraySlice<UInt8>) -> Bool {
        guard let marker = rest.first, marker == UInt8(ascii: "*") || marker == UInt8(ascii: "-")
            || marker == UInt8(ascii: "_") else { return false }
        var count = 0
        for byte in rest {
            if byte == marker { count += 1 } else if !byte.isSpaceOrTab { return false }
        }
        return count >= 3
    }

    private func listMarker(_ container: BlockNode) -> ListData? {
        guard indent < 4 else { return nil }
        let rest = line[nextNonspace...]
        var data = ListData()
        data.markerOffset = indent
        var markerLength: Int
        guard let first = rest.first else { return nil }
        if first == UInt8(ascii: "*") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            data.bulletChar = first
            markerLength = 1
        } else {
            let digits = rest.prefix { $0 >= 0x30 && $0 <= 0x39 }
            guard (1...9).contains(digits.count), let delimiter = rest.dropFirst(digits.count).first,
                  delimiter == UInt8(ascii: ".") || delimiter == UInt8(ascii: ")"),
                  let start = Int(digits.string), container.kind != .paragraph || start == 1 else { return nil }
            data.ordered = true
            data.start = start
            data.delimiter = delimiter
            markerLength = digits.count + 1
        }
        let after = peek(nextNonspace + markerLength)
        guard after == nil || after?.isSpaceOrTab == true else { return nil }
        if container.kind == .paragraph, line[(nextNonspace + markerLength)...].allSatisfy(\.isSpaceOrTab) { return nil }
        advanceNextNonspace()
        advanceOffset(markerLength, columns: true)
        let spacesStartColumn = column
        let spacesStartOffset = offset
        repeat {
            advanceOffset(1, columns: true)
        } while column - spacesStartColumn < 5 && peek(offset)?.isSpaceOrTab == true
        let blankItem = peek(offset) == nil
        let spacesAfterMarker = column - spacesStartColumn
        if spacesAfterMarker >= 5 || spacesAfterMarker < 1 || blankItem {
            data.padding = markerLength + 1
            column = spacesStartColumn
            offset = spacesStartOffset
            if peek(offset)?.isSpaceOrTab == true { advanceOffset(1, columns: true) }
        } else {
            data.padding = markerLength + spacesAfterMarker
        }
        return data
    }
}
