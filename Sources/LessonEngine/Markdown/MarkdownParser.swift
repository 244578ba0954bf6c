/// Parses markdown into the immutable syntax tree, turning ```swift fences into cells and
/// `{{ name }}` into references. Pure: no I/O. See `docs/markdown.md` for the subset.
public struct MarkdownParser {
    /// What one parse produced.
    public struct Result: Sendable {
        /// The tree.
        public var document: MarkdownDocument
        /// The ```swift fences as cells, in order.
        public var cells: [Cell]
        /// The `{{ name }}` placeholders, in order.
        public var references: [Reference]
        /// Problems with cells and placeholders, in order of position.
        public var diagnostics: [Diagnostic]
    }

    /// The file name used in cell locations and diagnostics.
    public var file: String

    /// A parser whose locations name `file`.
    public init(file: String) { self.file = file }

    /// Parses a whole markdown text (no front matter handling).
    public func parse(_ text: String) -> Result {
        let source = SourceText(text)
        return parse(source.lines[...])
    }

    /// Parses the given lines, numbered as in the file (front matter already removed).
    func parse(_ lines: ArraySlice<SourceText.Line>) -> Result {
        let parser = BlockParser()
        let root = parser.parse(lines)
        var converter = TreeConverter(file: file, references: parser.references)
        let blocks = converter.blocks(root.children)
        var diagnostics = converter.diagnostics + converter.cells.diagnostics
        diagnostics.sort { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
        return Result(document: MarkdownDocument(blocks: blocks), cells: converter.cells.cells,
                      references: converter.placeholders, diagnostics: diagnostics)
    }
}

/// Turns the mutable block tree into `Block` values, parsing inline content on the way.
private struct TreeConverter {
    let file: String
    let references: [String: LinkTarget]
    var cells = CellBuilder()
    var placeholders: [Reference] = []
    var diagnostics: [Diagnostic] = []
    var anchors = AnchorMaker()

    init(file: String, references: [String: LinkTarget]) {
        self.file = file
        self.references = references
    }

    mutating func blocks(_ nodes: [BlockNode]) -> [Block] { nodes.compactMap { block($0) } }

    private mutating func block(_ node: BlockNode) -> Block? {
        let at = SourcePosition(line: node.line, column: node.column)
        switch node.kind {
        case .document: return nil
        case .paragraph: return .paragraph(inlines(node.content, node.spans), at: at)
        case .heading:
            let content = inlines(node.content, node.spans)
            return .heading(level: node.level, anchor: anchors.anchor(for: content), content: content, at: at)
        case .thematicBreak: return .thematicBreak(at: at)
        case .blockQuote: return .blockQuote(blocks(node.children), at: at)
        case .list, .item: return list(node, at)
        case .codeBlock: return code(node, at)
        case .htmlBlock:
            var text = node.content
            while text.last == 0x0A { text.removeLast() }
            return .html(text.string, at: at)
        case .table:
            let rows = node.rows.map { row in row.map { inlines($0.text, [$0.span]) } }
            let table = TableBlock(alignments: node.alignments, header: rows.first ?? [], rows: Array(rows.dropFirst()))
            return .table(table, at: at)
        }
    }

    private mutating func list(_ node: BlockNode, _ at: SourcePosition) -> Block? {
        guard node.kind == .list else { return nil }
        let items = node.children.map { item in
            ListItem(blocks: blocks(item.children), position: SourcePosition(line: item.line, column: item.column))
        }
        let data = node.list
        let delimiter = Character(Unicode.Scalar(data.ordered ? data.delimiter : data.bulletChar))
        let list = ListBlock(start: data.ordered ? data.start : nil, delimiter: delimiter, tight: data.tight, items: items)
        return .list(list, at: at)
    }

    private mutating func code(_ node: BlockNode, _ at: SourcePosition) -> Block {
        guard node.fenced else {
            var lines = node.content.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            if lines.last?.isEmpty == true { lines.removeLast() }
            while let last = lines.last, last.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { lines.removeLast() }
            return .code(info: "", code: lines.map { $0.string + "\n" }.joined(), at: at)
        }
        let firstBreak = node.content.firstIndex(of: 0x0A) ?? node.content.count
        let rawInfo = FrontMatter.trimmed(Array(node.content[..<firstBreak]))
        let code = node.content.count > firstBreak ? Array(node.content[(firstBreak + 1)...]).string : ""
        let info = Entities.unescape(rawInfo[...])
        let fence = FencedCode(info: rawInfo, infoColumn: node.infoColumn, fence: at.location(in: file),
                               code: code, closed: node.closed)
        if let cell = cells.add(fence) { return .cell(cell, info: info) }
        return .code(info: info, code: code, at: at)
    }

    private mutating func inlines(_ content: [UInt8], _ spans: [SourceSpan]) -> [Inline] {
        let parser = InlineParser(content: content, spans: spans, references: references, file: file)
        let result = parser.parse()
        diagnostics += parser.diagnostics
        collectReferences(result)
        return result
    }

    private mutating func collectReferences(_ inlines: [Inline]) {
        for inline in inlines {
            switch inline {
            case .reference(let reference, _): placeholders.append(reference)
            case .emphasis(let children, _), .strong(let children, _), .link(_, _, let children, _),
                 .image(_, _, let children, _):
                collectReferences(children)
            default: break
            }
        }
    }
}

/// GitHub-style heading ids: lower case, punctuation dropped, spaces to `-`, and a `-1`,
/// `-2`… suffix for repeats so that every id in a document is unique.
struct AnchorMaker {
    private var used: [String: Int] = [:]

    mutating func anchor(for content: [Inline]) -> String {
        let text = content.map(\.plainText).joined().lowercased()
        var slug = ""
        for character in text {
            if character.isLetter || character.isNumber || character == "-" || character == "_" {
                slug.append(character)
            } else if character == " " {
                slug.append("-")
            }
        }
        if slug.isEmpty { slug = "section" }
        let count = used[slug, default: 0]
        used[slug] = count + 1
        guard count > 0 else { return slug }
        var candidate = "\(slug)-\(count)"
        var next = count
        while used[candidate] != nil {
            next += 1
            candidate = "\(slug)-\(next)"
        }
        used[candidate] = 1
        return candidate
    }
}
