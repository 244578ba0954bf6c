/// The list marker facts of a list or list item while parsing.
struct ListData {
    /// Bullet (`-`, `+`, `*`) or ordered (`1.`, `1)`).
    var ordered = false
    /// `-`, `+` or `*` for bullets.
    var bulletChar: UInt8 = 0
    /// The first number of an ordered list.
    var start = 1
    /// `.` or `)` for ordered lists.
    var delimiter: UInt8 = 0
    /// Columns from the marker's start to the item's content.
    var padding = 0
    /// Columns of indentation before the marker.
    var markerOffset = 0
    /// A tight list renders its paragraphs without `<p>`.
    var tight = true

    /// Whether an item with `other` continues the list of `self` (same kind of marker).
    func matches(_ other: ListData) -> Bool {
        ordered == other.ordered && delimiter == other.delimiter && bulletChar == other.bulletChar
    }
}

/// Where a run of a block's accumulated content came from, to place inline nodes.
struct SourceSpan {
    /// The offset in `BlockNode.content` where the run starts.
    var offset: Int
    /// The 1-based source line of the run.
    var line: Int
    /// The 1-based byte column of the run's first byte.
    var column: Int
}

/// A block while the document is being parsed: mutable, linked to its parent, and
/// accumulating raw content lines. Converted to the immutable `Block` tree at the end.
final class BlockNode {
    /// What the block is.
    enum Kind { case document, blockQuote, list, item, paragraph, heading, thematicBreak, codeBlock, htmlBlock, table }

    var kind: Kind
    var children: [BlockNode] = []
    weak var parent: BlockNode?
    var open = true
    var lastLineBlank = false
    var lastLineChecked = false
    var line: Int
    var column: Int
    /// Raw content lines, each ending in `\n` (paragraphs, headings, code, HTML).
    var content: [UInt8] = []
    /// Where each run of `content` came from.
    var spans: [SourceSpan] = []
    var list = ListData()
    var level = 0
    var fenced = false
    var fenceChar: UInt8 = 0
    var fenceLength = 0
    var fenceOffset = 0
    var closed = false
    var infoColumn = 0
    var htmlType = 0
    var alignments: [TableAlignment] = []
    /// Table rows, header first: each cell's raw text and where it starts.
    var rows: [[(text: [UInt8], span: SourceSpan)]] = []

    init(_ kind: Kind, line: Int, column: Int) {
        self.kind = kind
        self.line = line
        self.column = column
    }

    /// Whether a block of `kind` may be a child of this block.
    func canContain(_ kind: Kind) -> Bool {
        switch self.kind {
        case .document, .blockQuote, .item: kind != .item
        case .list: kind == .item
        default: false
        }
    }

    /// Whether the block takes the rest of a line as content.
    var acceptsLines: Bool { kind == .paragraph || kind == .codeBlock || kind == .htmlBlock }

    /// Appends `child` as the last child.
    func append(_ child: BlockNode) {
        child.parent = self
        children.append(child)
    }

    /// Removes the block from its parent.
    func unlink() {
        parent?.children.removeAll { $0 === self }
        parent = nil
    }

    /// Puts `node` right before this block in its parent.
    func insertBefore(_ node: BlockNode) {
        guard let parent, let index = parent.children.firstIndex(where: { $0 === self }) else { return }
        node.parent = parent
        parent.children.insert(node, at: index)
    }

    /// The last child if it is still open.
    var openLastChild: BlockNode? {
        guard let last = children.last, last.open else { return nil }
        return last
    }

    /// Whether the block, or for lists and items its last descendant, ended in a blank line.
    func endsWithBlankLine() -> Bool {
        var block: BlockNode? = self
        while let current = block {
            if current.lastLineBlank { return true }
            if !current.lastLineChecked, current.kind == .list || current.kind == .item {
                current.lastLineChecked = true
                block = current.children.last
            } else {
                current.lastLineChecked = true
                return false
            }
        }
        return false
    }
}
