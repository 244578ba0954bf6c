/// Where a node starts in its chapter file: 1-based line and 1-based UTF-8 byte column.
public struct SourcePosition: Hashable, Sendable, Codable, Comparable {
    /// The 1-based line.
    public var line: Int
    /// The 1-based byte column.
    public var column: Int

    /// A position given in full.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The position as a location in `file`, for diagnostics.
    public func location(in file: String) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }

    /// Earlier lines first, then earlier columns.
    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.line, lhs.column) < (rhs.line, rhs.column) }
}

/// A parsed markdown file: the one syntax tree every renderer walks.
/// See `docs/markdown.md` for the supported CommonMark+GFM subset.
public struct MarkdownDocument: Hashable, Sendable {
    /// The top-level blocks in order.
    public var blocks: [Block]

    /// A document given in full.
    public init(blocks: [Block]) { self.blocks = blocks }
}

/// How a GFM table column is aligned (`:--`, `:-:`, `--:`, or none).
public enum TableAlignment: String, Hashable, Sendable, Codable {
    /// No colon in the delimiter row.
    case none
    /// `:---`
    case left
    /// `:---:`
    case center
    /// `---:`
    case right
}

/// A bullet or ordered list.
public struct ListBlock: Hashable, Sendable {
    /// `nil` for a bullet list; the first item's number for an ordered list.
    public var start: Int?
    /// `-`, `+`, `*` for bullets; `.` or `)` for ordered lists.
    public var delimiter: Character
    /// A tight list renders its items' paragraphs without `<p>`.
    public var tight: Bool
    /// The items, each a sequence of blocks.
    public var items: [ListItem]
}

/// One item of a list.
public struct ListItem: Hashable, Sendable {
    /// The item's blocks.
    public var blocks: [Block]
    /// Where the item's marker is.
    public var position: SourcePosition
}

/// A GFM table.
public struct TableBlock: Hashable, Sendable {
    /// One alignment per column.
    public var alignments: [TableAlignment]
    /// The header row: one inline sequence per column.
    public var header: [[Inline]]
    /// The body rows, each with exactly one cell per column (missing cells are empty).
    public var rows: [[[Inline]]]
}

/// A block-level node of the tree.
public indirect enum Block: Hashable, Sendable {
    /// A paragraph of inline content.
    case paragraph([Inline], at: SourcePosition)
    /// An ATX (`#`) or setext heading; `anchor` is its GitHub-style id, unique in the document.
    case heading(level: Int, anchor: String, content: [Inline], at: SourcePosition)
    /// `***`, `---` or `___`.
    case thematicBreak(at: SourcePosition)
    /// `>` quoted blocks.
    case blockQuote([Block], at: SourcePosition)
    /// A bullet or ordered list.
    case list(ListBlock, at: SourcePosition)
    /// Plain code: a fence whose language is not `swift`, or an indented code block.
    /// `info` is the fence's info string (empty when indented); `code` ends in a newline.
    case code(info: String, code: String, at: SourcePosition)
    /// A ```swift fence: a chapter cell. `info` is the whole info string, options included.
    case cell(Cell, info: String)
    /// Raw HTML written by the author; renderers show it as text, never as markup.
    case html(String, at: SourcePosition)
    /// A GFM table.
    case table(TableBlock, at: SourcePosition)

    /// Where the block starts.
    public var position: SourcePosition {
        switch self {
        case .paragraph(_, let at), .heading(_, _, _, let at), .thematicBreak(let at), .blockQuote(_, let at),
             .list(_, let at), .code(_, _, let at), .html(_, let at), .table(_, let at):
            at
        case .cell(let cell, _):
            SourcePosition(line: cell.fence.line, column: cell.fence.column)
        }
    }
}

/// An inline node of the tree.
public indirect enum Inline: Hashable, Sendable {
    /// Literal text, entities and escapes already decoded.
    case text(String, at: SourcePosition)
    /// A line break that renders as a space or newline.
    case softBreak(at: SourcePosition)
    /// A line break that renders as `<br />` (two spaces or `\` before the newline).
    case hardBreak(at: SourcePosition)
    /// A code span's content.
    case code(String, at: SourcePosition)
    /// `*text*` or `_text_`.
    case emphasis([Inline], at: SourcePosition)
    /// `**text**` or `__text__`.
    case strong([Inline], at: SourcePosition)
    /// A link (inline, reference or autolink); `destination` is decoded, not yet URL-escaped.
    case link(destination: String, title: String, content: [Inline], at: SourcePosition)
    /// An image; `description` is its alt text as inlines.
    case image(source: String, title: String, description: [Inline], at: SourcePosition)
    /// Raw inline HTML (`<b>`, `Array<Int>`'s `<Int>`); renderers show it as text.
    case html(String, at: SourcePosition)
    /// A `{{ name }}` placeholder; `source` is the text as written.
    case reference(Reference, source: String)

    /// Where the inline starts.
    public var position: SourcePosition {
        switch self {
        case .text(_, let at), .softBreak(let at), .hardBreak(let at), .code(_, let at), .emphasis(_, let at),
             .strong(_, let at), .link(_, _, _, let at), .image(_, _, _, let at), .html(_, let at):
            at
        case .reference(let reference, _):
            SourcePosition(line: reference.location.line, column: reference.location.column)
        }
    }

    /// The node's text without markup, as used for alt text and heading anchors.
    public var plainText: String {
        switch self {
        case .text(let text, _), .code(let text, _), .html(let text, _): text
        case .softBreak, .hardBreak: "\n"
        case .emphasis(let children, _), .strong(let children, _), .link(_, _, let children, _),
             .image(_, _, let children, _):
            children.map(\.plainText).joined()
        case .reference(_, let source): source
        }
    }
}
