extension MarkdownDocument {
    /// The document with every `{{ name }}` replaced by `values[reference.key]` (already formatted,
    /// unit included) as text; a name missing from `values` stays as written and gives a
    /// diagnostic at the reference's place.
    public func resolvingReferences(_ values: [String: String]) -> (document: MarkdownDocument, diagnostics: [Diagnostic]) {
        var resolver = ReferenceResolver(values: values)
        let blocks = blocks.map { resolver.block($0) }
        return (MarkdownDocument(blocks: blocks), resolver.diagnostics)
    }
}

extension Chapter {
    /// The chapter's document with recorded values in place of its references, and a
    /// diagnostic for each reference no cell recorded (see `MarkdownDocument.resolvingReferences`).
    public func resolvingReferences(_ values: [String: String]) -> (document: MarkdownDocument, diagnostics: [Diagnostic]) {
        document.resolvingReferences(values)
    }
}

/// Rebuilds the tree with references replaced; the rest is copied as is.
private struct ReferenceResolver {
    let values: [String: String]
    var diagnostics: [Diagnostic] = []

    init(values: [String: String]) { self.values = values }

    mutating func block(_ block: Block) -> Block {
        switch block {
        case .paragraph(let inlines, let at):
            return .paragraph(self.inlines(inlines), at: at)
        case .heading(let level, let anchor, let content, let at):
            return .heading(level: level, anchor: anchor, content: inlines(content), at: at)
        case .blockQuote(let blocks, let at):
            return .blockQuote(blocks.map { self.block($0) }, at: at)
        case .list(var list, let at):
            var items: [ListItem] = []
            for item in list.items {
                items.append(ListItem(blocks: item.blocks.map { self.block($0) }, position: item.position))
            }
            list.items = items
            return .list(list, at: at)
        case .table(var table, let at):
            table.header = table.header.map { self.inlines($0) }
            table.rows = table.rows.map { row in row.map { self.inlines($0) } }
            return .table(table, at: at)
        case .thematicBreak, .code, .cell, .html:
            return block
        }
    }

    mutating func inlines(_ inlines: [Inline]) -> [Inline] {
        inlines.map { inline($0) }
    }

    private mutating func inline(_ inline: Inline) -> Inline {
        switch inline {
        case .reference(let reference, _):
            guard let value = values[reference.key] else {
                diagnostics.append(References.unknown(reference))
                return inline
            }
            return .text(value, at: inline.position)
        case .emphasis(let children, let at): return .emphasis(inlines(children), at: at)
        case .strong(let children, let at): return .strong(inlines(children), at: at)
        case .link(let destination, let title, let content, let at):
            return .link(destination: destination, title: title, content: inlines(content), at: at)
        case .image(let source, let title, let description, let at):
            return .image(source: source, title: title, description: inlines(description), at: at)
        case .text, .softBreak, .hardBreak, .code, .html: return inline
        }
    }
}
